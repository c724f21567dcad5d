"""A failure during publish leaves the page as it was: same live revision, nothing half-written."""

import pytest
from wagtail.models import PageLogEntry, Revision
from wagtail.signals import page_published

from portal.models import StandardPage
from tests.support.helpers import url_in

pytestmark = pytest.mark.django_db


class ReceiverFailed(Exception):
    pass


def receiver(sender, **kwargs):
    raise ReceiverFailed("a page_published receiver broke")


@pytest.fixture
def break_publishing():
    """Call it to make every later publish of a standard page fail in a receiver."""
    yield lambda: page_published.connect(receiver, sender=StandardPage, dispatch_uid="test-failing")
    page_published.disconnect(sender=StandardPage, dispatch_uid="test-failing")


def snapshot(page):
    page = StandardPage.objects.get(pk=page.pk)
    return {
        "title": page.title_en,
        "live_revision": page.live_revision_id,
        "latest_revision": page.latest_revision_id,
        "has_unpublished_changes": page.has_unpublished_changes,
        "last_published_at": page.last_published_at,
        "publish_logs": PageLogEntry.objects.filter(page=page, action="wagtail.publish").count(),
        "approved": list(
            Revision.page_revisions.filter(object_id=str(page.pk)).values_list(
                "pk", "approved_go_live_at"
            )
        ),
    }


def test_failing_receiver_rolls_the_whole_publish_back(client, portal, break_publishing):
    page = portal["standard"]
    page.save_revision().publish()
    break_publishing()
    page.title_en = "A title that must not go live"
    revision = page.save_revision()
    before_publish_of_draft = snapshot(page)

    with pytest.raises(ReceiverFailed):
        revision.publish()

    assert snapshot(page) == before_publish_of_draft
    html = client.get(url_in(StandardPage.objects.get(pk=page.pk), "en")).content.decode()
    assert "A title that must not go live" not in html


def test_publishing_still_works_without_failures(portal):
    page = portal["standard"]
    page.title_en = "About the portal"
    revision = page.save_revision()
    revision.publish()
    page = StandardPage.objects.get(pk=page.pk)
    assert page.live_revision_id == revision.pk
    assert page.title_en == "About the portal"
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()
