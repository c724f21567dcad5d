"""The start-up patches of Wagtail (portal/core/wagtail_patches.py) are applied, and the upstream
code they replace still has the shape they were written for."""

from django.db import models
from wagtail.actions.publish_revision import PublishRevisionAction
from wagtail.fields import StreamField
from wagtail.models import Page

from portal.core import wagtail_patches
from portal.core.routing import route_by_url_path
from portal.models import HomePage, StandardPage


def test_upstream_signatures_are_the_ones_the_patches_were_written_for():
    assert wagtail_patches.upstream_signatures() == wagtail_patches.EXPECTED_SIGNATURES


def test_upstream_json_field_is_a_property_that_builds_a_json_field():
    original = wagtail_patches.ORIGINAL_JSON_FIELD
    assert isinstance(original, property)
    field = StreamField([])
    assert isinstance(original.fget(field), models.JSONField)


def test_the_root_page_routes_by_url_path_and_other_pages_do_not():
    assert HomePage.route is route_by_url_path
    assert StandardPage.route is not route_by_url_path


def test_publishing_is_atomic_and_patched_once():
    assert PublishRevisionAction.execute.portal_atomic
    before = PublishRevisionAction.execute
    wagtail_patches.apply(root_page_model=HomePage)
    assert PublishRevisionAction.execute is before


def test_each_stream_field_builds_its_json_field_once():
    field = Page._meta.get_field("title")  # not a stream field: untouched
    assert not hasattr(field, "json_field")
    body = HomePage._meta.get_field("body")
    assert body.json_field is body.json_field
