"""An office's moderators preview a submitted change on the office page, in their own language;
another office's moderators and editors cannot (tests/offices/test_permission_matrix.py tries
every view on the Netherlands' office)."""

import re

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry, Revision, TaskState
from wagtail.users.models import UserProfile

from offices.models import Office

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]

OFFICE_VIEWS = "wagtailsnippets_offices_office"


def submit_new_address(office, editor):
    office.email = "old@example.org"
    office.save_revision().publish()
    office.email = "new@example.org"
    office.save_revision(user=editor)
    office.get_workflow().start(office, editor)
    office.refresh_from_db()
    return office


def state():
    return (
        list(Office.objects.order_by("pk").values()),
        Revision.objects.count(),
        ModelLogEntry.objects.count(),
        list(TaskState.objects.order_by("pk").values_list("pk", "status")),
    )


def task_preview(office, task):
    return reverse(f"{OFFICE_VIEWS}:workflow_preview", args=[office.pk, task.pk])


def test_the_moderator_previews_the_submitted_address_in_their_language(
    client, two_offices, norway_editor, norway_moderator
):
    office = submit_new_address(two_offices["office"], norway_editor)
    profile = UserProfile.get_for_user(norway_moderator)
    profile.preferred_language = "nb"
    profile.save()
    client.force_login(norway_moderator)
    before = state()
    response = client.get(task_preview(office, two_offices["setups"]["norway"].task))
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<html lang="nb">', html)
    assert "mailto:new@example.org" in html and "old@example.org" not in html
    assert state() == before


def test_the_editor_previews_their_own_office_in_the_panel(client, two_offices, norway_editor):
    office = two_offices["office"]
    client.force_login(norway_editor)
    url = reverse(f"{OFFICE_VIEWS}:preview_on_edit", args=[office.pk])
    form = {"name_en": "Norway", "country": "NO", "city_en": "Bergen", "languages": ["nb", "en"]}
    assert client.post(url, form).json()["is_valid"]
    html = client.get(url, {"mode": "nb", "in_preview_panel": "true"}).content.decode()
    assert "Bergen" in html


def test_another_offices_moderator_cannot_preview_it(
    client, two_offices, norway_moderator, django_user_model
):
    nl_editor = django_user_model.objects.create_user("nils", "nils@example.org", "pw")
    netherlands = submit_new_address(two_offices["netherlands"], nl_editor)
    client.force_login(norway_moderator)
    before = state()
    # A 404 (the locale middleware first tries the URL under /en/, which is not found either).
    url = task_preview(netherlands, two_offices["setups"]["netherlands"].task)
    assert client.get(url, follow=True).status_code == 404
    revision = reverse(
        f"{OFFICE_VIEWS}:revisions_view", args=[netherlands.pk, netherlands.latest_revision_id]
    )
    assert client.get(revision, follow=True).status_code == 404
    assert state() == before


def test_the_moderator_switches_the_previews_language(
    client, two_offices, norway_editor, norway_moderator
):
    """The task's preview has no mode selector: its language links switch its language."""
    office = submit_new_address(two_offices["office"], norway_editor)
    client.force_login(norway_moderator)
    url = task_preview(office, two_offices["setups"]["norway"].task)
    english = client.get(url).content.decode()
    assert '<html lang="en">' in english
    assert 'href="?mode=nb" hreflang="nb"' in english  # not the live page in Norwegian
    norwegian = client.get(url, {"mode": "nb"}).content.decode()
    assert '<html lang="nb">' in norwegian and "mailto:new@example.org" in norwegian
