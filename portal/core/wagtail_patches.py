"""Every change the portal makes to Wagtail's own classes at start-up, in one place.

Each patch is applied once, from PortalConfig.ready(), and names the upstream signature it relies
on in EXPECTED_SIGNATURES; tests/portal/test_wagtail_patches.py fails when an upgrade changes one,
so the patch is looked at again instead of silently misbehaving.
"""

import inspect
from functools import cached_property

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from wagtail.actions.publish_revision import PublishRevisionAction
from wagtail.fields import StreamField
from wagtail.models import Page

from portal.core.routing import route_by_url_path

# The original callables, kept before patching, and the signatures the patches were written for.
ORIGINALS = {
    "Page.route": Page.route,
    "PublishRevisionAction.execute": PublishRevisionAction.execute,
}
# A property upstream, which builds a new JSONField on every read (cached below).
ORIGINAL_JSON_FIELD = StreamField.__dict__.get("json_field")
EXPECTED_SIGNATURES = {
    "Page.route": "(self, request, path_components)",
    "PublishRevisionAction.execute": "(self, skip_permission_checks=False)",
}


def upstream_signatures():
    return {name: str(inspect.signature(func)) for name, func in ORIGINALS.items()}


def route_from_the_root(root_page_model):
    """wagtail-modeltranslation replaces every page model's `route` with one that walks the tree
    a level at a time, loading every child of each level. The site's root page routes the whole
    path in one query by the stored url_path of the active language instead (portal/core/
    routing.py). Must run after wagtail-modeltranslation's ready(), which sets its own route."""
    root_page_model.route = route_by_url_path


def make_publishing_atomic():
    """Wagtail's publish writes the page, its revision and the log entry, then sends
    `page_published`, with no transaction around them: a receiver that raises leaves the page
    live on the new revision with no log entry. In one transaction, a failure anywhere rolls the
    whole publish back and the page stays as it was."""
    execute = PublishRevisionAction.execute
    if getattr(execute, "portal_atomic", False):
        return
    atomic_execute = transaction.atomic(execute)
    atomic_execute.portal_atomic = True
    PublishRevisionAction.execute = atomic_execute


def reuse_stream_json_field():
    """Wagtail 8's `StreamField.json_field` is a property that builds a new JSONField each time
    it is read: once per StreamField column of every row loaded (seven languages a page). The
    field holds no state, so each StreamField keeps the first one it built."""
    if isinstance(StreamField.__dict__.get("json_field"), cached_property):
        return

    def json_field(self):
        return models.JSONField(encoder=DjangoJSONEncoder)

    prop = cached_property(json_field)
    prop.__set_name__(StreamField, "json_field")
    StreamField.json_field = prop


def apply(root_page_model):
    route_from_the_root(root_page_model)
    make_publishing_atomic()
    reuse_stream_json_field()
