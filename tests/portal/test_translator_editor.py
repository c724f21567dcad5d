"""The translator's side-by-side editor: who may use it, what it saves and how."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    ModelLogEntry,
    Revision,
    Workflow,
    WorkflowState,
    WorkflowTask,
)

from portal.localization import status
from portal.localization.editor_views import inline_diff
from portal.localization.units import localized
from portal.models import StandardPage
from tests.support import factories as f
from tests.support.helpers import url_in

pytestmark = pytest.mark.django_db

BODY = [
    {"type": "heading", "value": {"text": "Who we are", "level": "h2"}},
    {
        "type": "paragraph",
        "value": (
            '<p>We give <b>free</b> advice in <a href="https://example.org/">many tongues</a>.</p>'
        ),
    },
    {
        "type": "numbered_list",
        "value": {
            "items": [
                {"title": "Awareness", "points": ["Train staff", "Inform migrants of their rights"]}
            ]
        },
    },
]
HEADING = "t:body::0:heading/text"
PARAGRAPH = "t:body::1:paragraph"
ITEM = "t:body::2:numbered_list/items/0/title"
POINT_0 = "t:body::2:numbered_list/items/0/points/0"
POINT_1 = "t:body::2:numbered_list/items/0/points/1"


def translator(django_user_model, lang, publish_on=None):
    """A user in a translator group for `lang`: admin access and the language's permission."""
    group = Group.objects.create(name=f"Translators ({lang})")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="portal", codename=f"translate_{lang}"),
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
    )
    if publish_on is not None:
        for codename in ("change_page", "publish_page"):
            GroupPagePermission.objects.create(
                group=group, page=publish_on, permission=Permission.objects.get(codename=codename)
            )
    user = django_user_model.objects.create_user(f"translator-{lang}", password="pw")
    user.groups.add(group)
    return user


def editor_url(obj, lang):
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return reverse("translations:edit", args=[content_type.pk, obj.pk, lang])


@pytest.fixture
def about(home):
    return f.StandardPageFactory(
        parent=home, title="About us", slug="about", summary_en="Who we are.", body_en=BODY
    )


def nb_texts(**overrides):
    texts = {
        "t:title": "Om oss",
        "t:summary": "Hvem vi er.",
        HEADING: "Hvem vi er",
        PARAGRAPH: "{1}Vi gir {2}gratis{/2} råd på {3}mange språk{/3}.{/1}",  # rich text: tokens
        ITEM: "Bevissthet",
        POINT_0: "Lære opp ansatte",
        POINT_1: "Informere migranter om rettighetene deres",
    }
    texts.update(overrides)
    return texts


def test_editor_opens_for_a_translator_with_source_texts(client, django_user_model, about):
    client.force_login(translator(django_user_model, "nb"))
    response = client.get(editor_url(about, "nb"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "About us" in html  # a plain field's source
    assert "Inform migrants of their rights" in html  # a stream sub-point's source
    assert f'name="{POINT_1}"' in html
    assert 'lang="en"' in html and 'lang="nb"' in html
    assert reverse("wagtailadmin_pages:edit", args=[about.pk]) in html
    assert url_in(about, "nb") in html


def test_the_editor_needs_the_language_permission(client, django_user_model, about):
    client.force_login(translator(django_user_model, "nl"))
    assert client.get(editor_url(about, "nb")).status_code == 403
    assert client.get(editor_url(about, "nl")).status_code == 200


def test_saving_makes_a_revision_and_publishing_puts_it_live(client, django_user_model, about):
    client.force_login(translator(django_user_model, "nb", publish_on=about.get_parent()))
    revisions = Revision.page_revisions.filter(object_id=str(about.pk)).count()

    response = client.post(editor_url(about, "nb"), {**nb_texts(), "action": "publish"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Revision.page_revisions.filter(object_id=str(about.pk)).count() == revisions + 1

    page = StandardPage.objects.get(pk=about.pk)
    assert page.title_nb == "Om oss"
    assert page.slug_nb == "om-oss"
    assert page.title_en == "About us"  # the source is left alone
    assert page.body_fr in (None, "") or not page.body_fr

    live = client.get(url_in(page, "nb"))
    assert live.status_code == 200
    html = live.content.decode()
    assert "Om oss" in html
    assert "<b>gratis</b>" in html
    assert "Informere migranter om rettighetene deres" in html


def test_a_translator_without_publish_rights_saves_a_draft(client, django_user_model, about):
    client.force_login(translator(django_user_model, "nb"))
    response = client.get(editor_url(about, "nb"))
    assert "Save and publish" not in response.content.decode()
    assert (
        client.post(editor_url(about, "nb"), {**nb_texts(), "action": "publish"}).status_code == 403
    )

    response = client.post(editor_url(about, "nb"), {**nb_texts(), "action": "save"})
    assert response.status_code == 302
    page = StandardPage.objects.get(pk=about.pk)
    assert not page.title_nb  # live page untouched: the translation is in a draft revision
    assert page.has_unpublished_changes
    draft = page.get_latest_revision_as_object()
    assert draft.title_nb == "Om oss"
    assert draft.body_nb[2].value["items"][0]["points"][1] == (
        "Informere migranter om rettighetene deres"
    )


def test_a_translator_for_another_language_cannot_save(client, django_user_model, about):
    client.force_login(translator(django_user_model, "nl"))
    columns = [localized(name, "fi") for name in ("title", "summary", "body", "slug")]

    def snapshot():
        return list(StandardPage.objects.filter(pk=about.pk).values(*columns))

    before = snapshot()
    revisions = Revision.objects.count()
    texts = {key: f"{value} (fi)" for key, value in nb_texts().items()}
    response = client.post(editor_url(about, "fi"), {**texts, "action": "save"})
    assert response.status_code == 403
    assert snapshot() == before
    assert Revision.objects.count() == revisions


def test_a_script_is_refused_and_nothing_is_saved(client, django_user_model, about):
    client.force_login(translator(django_user_model, "nb", publish_on=about.get_parent()))
    revisions = Revision.objects.count()
    paragraph = "{1}Vi gir {2}gratis{/2} råd på {3}språk{/3}.<script>alert(1)</script>{/1}"
    texts = nb_texts(**{PARAGRAPH: paragraph})
    response = client.post(editor_url(about, "nb"), {**texts, "action": "publish"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "are not allowed" in html
    assert "could not be saved" in html
    assert Revision.objects.count() == revisions
    assert not StandardPage.objects.get(pk=about.pk).title_nb


def test_rich_text_must_keep_the_source_tags(client, django_user_model, about):
    client.force_login(translator(django_user_model, "nb"))
    texts = nb_texts(**{PARAGRAPH: "{1}Vi gir gratis råd på mange språk.{/1}"})
    response = client.post(editor_url(about, "nb"), {**texts, "action": "save"})
    assert response.status_code == 200
    assert "Missing tags: {2} {/2} {3} {/3}." in response.content.decode()
    assert Revision.objects.filter(object_id=str(about.pk)).count() == 0


def test_empty_units_stay_untranslated(client, django_user_model, about):
    client.force_login(translator(django_user_model, "nb"))
    empty = dict.fromkeys(nb_texts(), "")
    response = client.post(editor_url(about, "nb"), {**empty, "t:title": "Om oss"})
    assert response.status_code == 302
    draft = StandardPage.objects.get(pk=about.pk).get_latest_revision_as_object()
    assert draft.title_nb == "Om oss"
    assert not draft.summary_nb
    assert len(draft.body_nb) == 0  # every unit of the stream empty: no Norwegian body


def test_structured_data_is_translated_as_a_draft_and_logged(client, django_user_model):
    """A record with drafts gets a revision, as a page does (test_record_translations.py has
    the rest: publishing, workflows, imports)."""
    objective = f.ObjectiveFactory(number=7, title_en="Address vulnerabilities")
    user = translator(django_user_model, "nl")
    client.force_login(user)
    url = editor_url(objective, "nl")
    assert "Address vulnerabilities" in client.get(url).content.decode()

    response = client.post(
        url,
        {"t:title": "Kwetsbaarheden aanpakken", "t:summary": "Wat staten doen.", "action": "save"},
    )
    assert response.status_code == 302
    objective.refresh_from_db()
    assert not objective.title_nl and objective.has_unpublished_changes
    draft = objective.get_latest_revision_as_object()
    assert draft.title_nl == "Kwetsbaarheden aanpakken"
    assert draft.summary_nl == "Wat staten doen."
    assert draft.title_en == "Address vulnerabilities"
    assert ModelLogEntry.objects.filter(
        object_id=str(objective.pk), action="portal.translate_draft", user=user
    ).exists()
    assert status.outdated_fields(objective, "nl") == {}


def test_outdated_field_shows_a_diff_and_can_be_confirmed(client, django_user_model):
    objective = f.ObjectiveFactory(
        number=8, title_en="Save lives at sea", title_nl="Levens redden op zee"
    )
    objective.title_en = "Save lives and coordinate search at sea"
    objective.save()  # the source changes; the Dutch translation is now outdated
    assert set(status.outdated_fields(objective, "nl")) == {"title"}

    client.force_login(translator(django_user_model, "nl"))
    url = editor_url(objective, "nl")
    html = client.get(url).content.decode()
    assert "Outdated translation" in html
    assert "<ins>and coordinate search </ins>" in html or "<ins>and" in html
    assert "Still correct" in html

    response = client.post(url, {"confirm": "title"})
    assert response.status_code == 302
    assert status.outdated_fields(objective, "nl") == {}
    objective.refresh_from_db()
    assert objective.title_nl == "Levens redden op zee"


def test_inline_diff_escapes_html():
    diff = inline_diff("<p>Old words</p>", "<p>New words</p>")
    assert "<del>&lt;p&gt;Old</del>" in diff
    assert "<ins>&lt;p&gt;New</ins>" in diff
    assert "<p>" not in diff


def test_save_and_submit_for_moderation_starts_the_workflow(client, django_user_model, about):
    workflow = Workflow.objects.create(name="Translations review")
    task = GroupApprovalTask.objects.create(name="Editors approve")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    workflow.workflow_pages.create(page=about.get_parent())
    client.force_login(django_user_model.objects.create_superuser("boss", "b@example.org", "pw"))
    assert "Save and submit for moderation" in client.get(editor_url(about, "nb")).content.decode()

    response = client.post(editor_url(about, "nb"), {**nb_texts(), "action": "submit"})
    assert response.status_code == 302
    state = WorkflowState.objects.get(object_id=str(about.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow == workflow
    assert not StandardPage.objects.get(pk=about.pk).title_nb  # not live until approved


def test_memory_matches_appear_beside_the_unit_with_an_insert_button(
    client, django_user_model, about
):
    # Another page, published with its Finnish summary: the memory has it.
    other = f.StandardPageFactory(
        parent=about.get_parent(),
        title="Contact",
        slug="contact",
        summary_en="Who we are.",
        summary_fi="Keitä olemme.",
    )
    other.save_revision().publish()
    client.force_login(translator(django_user_model, "fi"))
    html = client.get(editor_url(about, "fi")).content.decode()
    assert "From the translation memory" in html
    assert 'data-tr-text="Keitä olemme."' in html
    assert ">Exact<" in html
    assert 'data-tr-insert="tr-summary-1"' in html
    assert 'id="tr-summary-1"' in html  # the box the button fills
    assert "Contact" in html  # where it was translated
    assert "admin/js/translations.js" in html
    # No match for a language the memory has nothing in.
    client.force_login(translator(django_user_model, "sv"))
    assert "From the translation memory" not in client.get(editor_url(about, "sv")).content.decode()
