"""Publishing one language publishes nothing else (portal/localization/publishing.py): issue 14's
test. With an English draft pending, a Finnish translation is published: public English is
unchanged, Finnish is new, and the English draft is still there with the Finnish merged in. Then
the English draft is published, and both are live."""

import pytest
from django.urls import reverse
from wagtail.models import Page, PageLogEntry

from portal.localization.publishing import ACTION, DRAFT_ACTION
from tests.portal.test_translator_editor import editor_url, translator
from tests.support import factories as f

pytestmark = pytest.mark.django_db


def live(page):
    return Page.objects.get(pk=page.pk).specific


def test_a_finnish_translation_is_published_without_the_pending_english_draft(
    client, django_user_model, home
):
    page = f.StandardPageFactory(parent=home, title="Our work", slug="our-work", summary_en="Old.")
    page.save_revision().publish()
    draft = live(page)
    draft.summary_en = "New English, not yet approved."
    draft.save_revision()  # an English draft waits for review
    assert live(page).has_unpublished_changes

    client.force_login(translator(django_user_model, "fi", publish_on=home))
    response = client.post(
        editor_url(page, "fi"),
        {"t:title": "Työmme", "t:summary": "Uusi suomeksi.", "action": "publish"},
    )
    assert response.status_code == 302  # saved: back to the editor
    published = live(page)
    assert (published.summary_en, published.title_fi) == ("Old.", "Työmme")
    assert published.summary_fi == "Uusi suomeksi."
    assert published.has_unpublished_changes  # the English draft is still a draft...
    pending = published.get_latest_revision_as_object()
    assert pending.summary_en == "New English, not yet approved."
    assert (pending.title_fi, pending.summary_fi) == ("Työmme", "Uusi suomeksi.")  # ...merged
    entry = PageLogEntry.objects.filter(page=page, action=ACTION).get()
    assert entry.data == {"language": "fi"}
    assert "suomi" in entry.message

    # Then the English draft is published, and both are live.
    published.get_latest_revision().publish()
    both = live(page)
    assert (both.summary_en, both.summary_fi) == (
        "New English, not yet approved.",
        "Uusi suomeksi.",
    )
    assert not both.has_unpublished_changes


def test_without_a_pending_draft_publishing_is_as_before(client, django_user_model, home):
    page = f.StandardPageFactory(parent=home, title="Our work", slug="our-work", summary_en="Old.")
    page.save_revision().publish()
    client.force_login(translator(django_user_model, "fi", publish_on=home))
    client.post(editor_url(page, "fi"), {"t:title": "Työmme", "action": "publish"})
    published = live(page)
    assert published.title_fi == "Työmme" and not published.has_unpublished_changes
    assert PageLogEntry.objects.filter(page=page, action=ACTION).count() == 1


def test_a_translators_own_draft_of_the_language_is_published_whole(
    client, django_user_model, home
):
    page = f.StandardPageFactory(parent=home, title="Our work", slug="our-work", summary_en="Old.")
    page.save_revision().publish()
    client.force_login(translator(django_user_model, "fi", publish_on=home))
    client.post(editor_url(page, "fi"), {"t:title": "Työ", "action": "save"})
    assert live(page).has_unpublished_changes  # a Finnish draft only
    client.post(editor_url(page, "fi"), {"t:title": "Työmme", "action": "publish"})
    published = live(page)
    assert published.title_fi == "Työmme" and not published.has_unpublished_changes


def test_the_page_history_says_which_language_a_draft_changed(client, django_user_model, home):
    page = f.StandardPageFactory(parent=home, title="Our work", slug="our-work")
    page.save_revision().publish()
    client.force_login(translator(django_user_model, "fi", publish_on=home))
    client.post(editor_url(page, "fi"), {"t:title": "Työmme", "action": "save"})
    entry = PageLogEntry.objects.filter(page=page, action=DRAFT_ACTION).get()
    assert entry.data == {"language": "fi"} and entry.revision_id == live(page).latest_revision_id
    assert "Saved a draft of the suomi translation" in entry.message
    client.force_login(django_user_model.objects.create_superuser("boss", password="pw"))
    history = client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).content.decode()
    assert "Saved a draft of the suomi translation" in history
