"""Publishing a record (office, partner, objective, country action) and the page cache.

- Publishing is atomic (portal/core/wagtail_patches.py): a failure midway, in a receiver of
  Wagtail's `published` signal or in writing the log, leaves the live row, its revisions, the
  log and the page cache as they were.
- The page cache (portal/core/cache.py): saving a draft purges nothing; publishing,
  unpublishing, scheduled publishing (`go_live_at`) and expiry (`expire_at`), both done by
  `manage.py publish_scheduled`, purge what shows the record.

Changes run inside `django_capture_on_commit_callbacks(execute=True)`: the on-commit purges run
as a real commit would run them, and those of a rolled-back savepoint are dropped, as a real
rollback drops them.
"""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models.signals import pre_save
from django.utils import timezone
from wagtail.models import ModelLogEntry, Revision
from wagtail.signals import published

from portal.core.cache import purge
from tests.support.helpers import url_in, x_cache

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]

# Each kind of record: the field its text is in, and the page of the small portal that shows it
# (tests/support/portal.py).
KINDS = {
    "office": ("name", "office_page"),
    "partner": ("name", "programme"),
    "objective": ("title", "compact_index"),
    "action": ("description", "objective_page"),
}


class Broken(Exception):
    pass


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return x_cache(response), response.content.decode()


def record_and_url(portal, kind, lang="nb"):
    field, page = KINDS[kind]
    record = portal[kind]
    return type(record).objects.get(pk=record.pk), field, url_in(portal[page], lang)


def draft(record, field, text):
    """A draft of the record with `text` in every language."""
    for lang in ("en", "fr", "es", "nb", "nl", "fi", "sv"):
        setattr(record, f"{field}_{lang}", text)
    return record.save_revision()


def snapshot(record):
    """The live row, its revisions and its log."""
    model = type(record)
    return {
        "row": model.objects.filter(pk=record.pk).values().get(),
        "revisions": list(
            Revision.objects.for_instance(record).values_list(
                "pk", "approved_go_live_at", "content"
            )
        ),
        "log": list(
            ModelLogEntry.objects.for_instance(record).values_list("action", "revision_id")
        ),
    }


def break_on_published(model):
    def receiver(sender, **kwargs):
        raise Broken("a receiver of `published` broke")

    published.connect(receiver, sender=model, dispatch_uid="test-broken-published", weak=False)
    return lambda: published.disconnect(sender=model, dispatch_uid="test-broken-published")


def break_the_log(model):
    def receiver(sender, instance, **kwargs):
        if instance.action == "wagtail.publish":
            raise Broken("the log could not be written")

    pre_save.connect(receiver, sender=ModelLogEntry, dispatch_uid="test-broken-log", weak=False)
    return lambda: pre_save.disconnect(sender=ModelLogEntry, dispatch_uid="test-broken-log")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("breaking", [break_on_published, break_the_log])
def test_a_failed_publish_leaves_the_record_its_log_and_the_cache_as_they_were(
    client, portal, caching, django_capture_on_commit_callbacks, kind, breaking
):
    record, field, url = record_and_url(portal, kind)
    assert read(client, url)[0] == "miss"
    revision = draft(record, field, "Zqfailed")
    before = snapshot(record)
    mend = breaking(type(record))
    try:
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(Broken):
            revision.publish()
    finally:
        mend()

    assert snapshot(record) == before
    state, html = read(client, url)
    assert state == "hit" and "Zqfailed" not in html  # nothing was purged
    purge()
    assert "Zqfailed" not in read(client, url)[1]

    # Mended, the same revision publishes.
    with django_capture_on_commit_callbacks(execute=True):
        Revision.objects.get(pk=revision.pk).publish()
    state, html = read(client, url)
    assert state == "miss" and "Zqfailed" in html
    publishes = [action for action, _revision in before["log"] if action == "wagtail.publish"]
    logged = ModelLogEntry.objects.for_instance(record).filter(action="wagtail.publish")
    assert logged.count() == len(publishes) + 1


@pytest.mark.parametrize("kind", KINDS)
def test_a_draft_purges_nothing_publishing_and_unpublishing_purge(
    client, portal, caching, django_capture_on_commit_callbacks, kind
):
    record, field, url = record_and_url(portal, kind)
    read(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        revision = draft(record, field, "Zqpublished")
    state, html = read(client, url)
    assert state == "hit" and "Zqpublished" not in html

    with django_capture_on_commit_callbacks(execute=True):
        revision.publish()
    state, html = read(client, url)
    assert state == "miss" and "Zqpublished" in html
    assert read(client, url)[0] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        type(record).objects.get(pk=record.pk).unpublish()
    state, html = read(client, url)
    assert state == "miss" and "Zqpublished" not in html


def publish_scheduled(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled", stdout=StringIO())


def the_hour_passes(record):
    """The scheduled revision's go-live time is now a minute ago."""
    past = timezone.now() - datetime.timedelta(minutes=1)
    for revision in Revision.objects.for_instance(record).exclude(approved_go_live_at=None):
        revision.content["go_live_at"] = past.isoformat()
        revision.approved_go_live_at = past
        revision.save(update_fields=["content", "approved_go_live_at"])


@pytest.mark.parametrize("kind", KINDS)
def test_scheduled_publishing_purges_when_the_record_goes_live(
    client, portal, caching, django_capture_on_commit_callbacks, kind
):
    record, field, url = record_and_url(portal, kind)
    with django_capture_on_commit_callbacks(execute=True):
        record.save_revision().publish()  # live on a revision, as every record is
    record = type(record).objects.get(pk=record.pk)
    read(client, url)
    record.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        draft(record, field, "Zqscheduled").publish()  # approved, to go live in an hour
    state, html = read(client, url)
    assert state == "hit" and "Zqscheduled" not in html

    publish_scheduled(django_capture_on_commit_callbacks)  # not yet
    assert read(client, url)[0] == "hit"

    the_hour_passes(record)
    publish_scheduled(django_capture_on_commit_callbacks)
    state, html = read(client, url)
    assert state == "miss" and "Zqscheduled" in html
    assert type(record).objects.get(pk=record.pk).live


@pytest.mark.parametrize("kind", KINDS)
def test_expiry_purges_and_the_record_shows_no_more(
    client, portal, caching, django_capture_on_commit_callbacks, kind
):
    record, field, url = record_and_url(portal, kind)
    with django_capture_on_commit_callbacks(execute=True):
        draft(record, field, "Zqexpiring").publish()
    record = type(record).objects.get(pk=record.pk)
    with django_capture_on_commit_callbacks(execute=True):
        record.expire_at = timezone.now() + datetime.timedelta(hours=1)
        record.save_revision().publish()
    assert read(client, url)[0] == "miss"
    publish_scheduled(django_capture_on_commit_callbacks)  # not yet
    state, html = read(client, url)
    assert state == "hit" and "Zqexpiring" in html

    type(record).objects.filter(pk=record.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    publish_scheduled(django_capture_on_commit_callbacks)
    state, html = read(client, url)
    assert state == "miss" and "Zqexpiring" not in html
    expired = type(record).objects.get(pk=record.pk)
    assert expired.expired and not expired.live
