"""Translations of records follow the pages' rules (issue 15, point 4).

Only a record's live text counts in the coverage and outdated figures; the translator's editor,
the PO and XLIFF imports and an approved job write a revision of the record, never its live row
directly; "Save and publish" publishes that language only and needs the user's permission to
publish that record, otherwise the record goes to its workflow (an office's: its page's, with the
office's moderators)."""

from datetime import date

import polib
import pytest
from django.contrib.auth.models import Permission
from django.db import IntegrityError
from django.urls import reverse
from translate.storage.xliff import ID_SEPARATOR, xlifffile
from translate.storage.xliff2 import Xliff2File
from wagtail.models import ModelLogEntry, Revision, WorkflowState
from wagtail.signals import published

from compact.models import Objective
from offices.groups import sync_office_groups
from offices.models import Office, Partner
from portal.localization import history, job_scope, jobs, status
from portal.localization.coverage import compute
from portal.localization.models import TranslationState
from portal.localization.po import WRAPWIDTH, export_po, import_po
from portal.localization.publishing import ACTION, DRAFT_ACTION
from portal.localization.xliff import export_xliff, import_xliff, unit_id
from tests.portal.test_translator_editor import editor_url, translator
from tests.support.helpers import url_in

pytestmark = pytest.mark.django_db


def fresh(record):
    return type(record).objects.get(pk=record.pk)


def may_publish(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return type(user).objects.get(pk=user.pk)  # the permission cache, forgotten


def office_draft(office, **changes):
    """An English draft of the office waiting for review: the live row is untouched."""
    pending = fresh(office)
    for name, value in changes.items():
        setattr(pending, name, value)
    pending.save_revision()
    return fresh(office)


# --- Only live text counts -----------------------------------------------------------------------


def partner_cell(lang="nb"):
    return compute(models=[Partner], languages=[lang]).cell(Partner, lang)


def test_a_record_that_is_not_live_counts_nowhere(portal):
    before = partner_cell()
    drafty = Partner(name_en="Drafty council", kind="ngo", live=False)
    drafty.save()
    drafty.save_revision()
    assert partner_cell() == before  # created as a draft
    live = Partner.objects.create(name_en="Live council", kind="ngo")
    assert partner_cell().total == before.total + 1
    fresh(live).unpublish()
    assert partner_cell() == before  # unpublished

    items = compute(models=[Partner], languages=["nb"], items=True).items
    assert {item.pk for item in items} == {portal["partner"].pk}
    planned = job_scope.plan("missing", ["nb"]).items
    assert not {p.obj.pk for p in planned if isinstance(p.obj, Partner)} & {drafty.pk, live.pk}
    rows = history.snapshot_rows(compute(office_kinds=True), day=None)
    assert [r.total for r in rows if r.kind == "offices.Partner" and r.language == "nb"] == [
        before.total
    ]
    # Nor are its translation states recorded while it is not live.
    drafty.name_nb = "Kladd"
    drafty.save()
    assert not TranslationState.objects.filter(object_id=drafty.pk, field="name").exists()


def test_a_pending_drafts_text_counts_neither_as_translated_nor_as_outdated(portal):
    objective = portal["objective"]  # title_nb "Lovlige veier": translated, current
    cell = compute(models=[Objective], languages=["nb", "fi"]).cell
    before = (cell(Objective, "nb"), cell(Objective, "fi"))
    states = list(TranslationState.objects.values_list("field", "language", "source_hash"))

    draft = fresh(objective)
    draft.title_en = "Enhance availability and flexibility of pathways"  # the source changes...
    draft.title_fi = "Laillisten reittien parantaminen"  # ...and a Finnish draft
    draft.save_revision()
    cell = compute(models=[Objective], languages=["nb", "fi"]).cell
    assert (cell(Objective, "nb"), cell(Objective, "fi")) == before
    assert status.outdated_fields(fresh(objective), "nb") == {}
    assert list(TranslationState.objects.values_list("field", "language", "source_hash")) == states

    fresh(objective).latest_revision.publish()  # now it is live: and it counts
    cell = compute(models=[Objective], languages=["nb", "fi"]).cell
    assert cell(Objective, "nb").outdated == before[0].outdated + 1
    assert cell(Objective, "fi").done == before[1].done + 1


# --- The translator's editor -------------------------------------------------------------------


def test_save_draft_makes_a_revision_and_leaves_the_live_record_and_page_alone(
    client, django_user_model, portal
):
    office, page = portal["office"], portal["office_page"]
    user = translator(django_user_model, "nb")
    client.force_login(user)
    revisions = Revision.objects.count()
    response = client.post(
        editor_url(office, "nb"), {"t:name": "Norge", "t:city": "Oslo by", "action": "save"}
    )
    assert response.status_code == 302
    live = fresh(office)
    assert (live.name_nb, live.city_nb) == ("Norge", None) and live.has_unpublished_changes
    assert Revision.objects.count() == revisions + 1
    assert live.get_latest_revision_as_object().city_nb == "Oslo by"
    assert "Oslo by" not in client.get(url_in(page, "nb")).content.decode()

    entry = ModelLogEntry.objects.get(object_id=str(office.pk), action=DRAFT_ACTION)
    assert entry.data == {"language": "nb"} and entry.user == user
    client.force_login(django_user_model.objects.create_superuser("boss", password="pw"))
    history_url = reverse("wagtailsnippets_offices_office:history", args=[office.pk])
    assert "Saved a draft of the norsk (bokmål) translation" in client.get(history_url).text


def test_save_and_publish_publishes_one_language_and_keeps_the_other_drafts(
    client, django_user_model, portal
):
    objective = portal["objective"]
    pending = fresh(objective)
    pending.summary_en = "New English, not yet approved."
    pending.title_fi = "Suomeksi, luonnos"
    pending.save_revision()
    user = may_publish(translator(django_user_model, "nb"), "change_objective", "publish_objective")
    client.force_login(user)
    html = client.get(editor_url(objective, "nb")).text
    assert "Save and publish" in html
    assert "This item has unpublished changes" in html

    response = client.post(
        editor_url(objective, "nb"), {"t:title": "Lovlige veier, nye", "action": "publish"}
    )
    assert response.status_code == 302
    live = fresh(objective)
    assert live.title_nb == "Lovlige veier, nye"
    assert live.summary_en == "What the objective asks of states." and not live.title_fi
    assert live.has_unpublished_changes
    draft = live.get_latest_revision_as_object()
    assert (draft.summary_en, draft.title_fi, draft.title_nb) == (
        "New English, not yet approved.",
        "Suomeksi, luonnos",
        "Lovlige veier, nye",
    )
    entry = ModelLogEntry.objects.get(object_id=str(objective.pk), action=ACTION)
    assert entry.data == {"language": "nb"}
    assert "Lovlige veier, nye" in client.get(url_in(portal["compact_index"], "nb")).text


def test_a_translator_who_may_not_publish_the_office_submits_it_to_its_workflow(
    client, django_user_model, portal
):
    office = portal["office"]
    setup = sync_office_groups(office)  # the office page's workflow, its moderators' task
    user = translator(django_user_model, "nb")
    client.force_login(user)
    html = client.get(editor_url(office, "nb")).text
    assert "Save and submit for moderation" in html and "Save and publish" not in html

    before = Revision.objects.count()
    refused = client.post(editor_url(office, "nb"), {"t:city": "Oslo by", "action": "publish"})
    assert refused.status_code == 403
    assert Revision.objects.count() == before and not fresh(office).has_unpublished_changes

    response = client.post(editor_url(office, "nb"), {"t:city": "Oslo by", "action": "submit"})
    assert response.status_code == 302
    live = fresh(office)
    assert live.city_nb is None and live.has_unpublished_changes  # nothing live
    state = live.current_workflow_state
    assert state.workflow == setup.workflow and state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.specific == setup.task
    assert "Oslo by" not in client.get(url_in(portal["office_page"], "nb")).text

    moderator = django_user_model.objects.create_user("norway-moderator", password="pw")
    moderator.groups.add(setup.moderators)
    state.current_task_state.task.specific.on_action(state.current_task_state, moderator, "approve")
    assert fresh(office).city_nb == "Oslo by" and not fresh(office).has_unpublished_changes
    assert "Oslo by" in client.get(url_in(portal["office_page"], "nb")).text


def test_a_locked_record_cannot_be_translated(client, django_user_model, portal):
    objective = fresh(portal["objective"])
    objective.locked, objective.locked_by = True, django_user_model.objects.create_user("lock")
    objective.save(update_fields=["locked", "locked_by"])
    client.force_login(translator(django_user_model, "nb"))
    assert "This item is locked" in client.get(editor_url(objective, "nb")).text
    before = Revision.objects.count()
    response = client.post(editor_url(objective, "nb"), {"t:title": "Nei", "action": "save"})
    assert response.status_code == 403 and Revision.objects.count() == before


def test_bad_input_in_the_editor_changes_nothing(client, django_user_model, portal):
    office = portal["office"]
    client.force_login(translator(django_user_model, "nb"))
    before = (Revision.objects.count(), ModelLogEntry.objects.count())
    response = client.post(
        editor_url(office, "nb"),
        {"t:name": "Norge", "t:city": "<script>alert(1)</script>", "action": "save"},
    )
    assert response.status_code == 200  # the form again, with the error
    assert (Revision.objects.count(), ModelLogEntry.objects.count()) == before
    assert not fresh(office).has_unpublished_changes


# --- PO and XLIFF imports ----------------------------------------------------------------------


def context(record, field_name):
    return f"{record._meta.label_lower}:{record.pk}:{field_name}"


def po_with(records, texts):
    """A PO file of `records` with the given {context: text}."""
    po = polib.pofile(str(export_po("nb", objects=records)), wrapwidth=WRAPWIDTH)
    for entry in po:
        if entry.msgctxt in texts:
            entry.msgstr = texts[entry.msgctxt]
    return str(po).encode()


def xliff_with(version, records, texts):
    data = export_xliff("nb", version=version, objects=records)
    store = (xlifffile if version == "1.2" else Xliff2File).parsestring(data)
    wanted = {unit_id(key, version): text for key, text in texts.items()}
    for unit in store.units:
        found = unit.getid().split(ID_SEPARATOR)[-1].split("::")[0]
        if found in wanted:
            unit.settarget(wanted[found])
            unit.markfuzzy(False)
    return bytes(store)


FORMATS = {
    "po": (po_with, import_po),
    "xliff-1.2": (lambda records, texts: xliff_with("1.2", records, texts), import_xliff),
    "xliff-2.0": (lambda records, texts: xliff_with("2.0", records, texts), import_xliff),
}


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_import_without_publishing_makes_a_draft_revision(django_user_model, portal, fmt):
    make, import_file = FORMATS[fmt]
    office = office_draft(portal["office"], email="new@example.org")
    user = translator(django_user_model, "nb")
    report = import_file(make([office], {context(office, "city"): "Oslo by"}), "nb", user=user)
    assert report.ok and report.records_saved == 1, report.lines()
    live = fresh(office)
    assert live.city_nb is None and live.email != "new@example.org"
    draft = live.get_latest_revision_as_object()
    assert (draft.city_nb, draft.email) == ("Oslo by", "new@example.org")  # the draft kept
    entry = ModelLogEntry.objects.filter(object_id=str(office.pk), action=DRAFT_ACTION).get()
    assert entry.data == {"language": "nb"} and entry.user == user


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_import_that_publishes_publishes_that_language_only(django_user_model, portal, fmt):
    make, import_file = FORMATS[fmt]
    office = office_draft(portal["office"], email="new@example.org")
    boss = django_user_model.objects.create_superuser("boss", password="pw")
    report = import_file(
        make([office], {context(office, "city"): "Oslo by"}), "nb", user=boss, publish=True
    )
    assert report.ok and report.records_published == 1, report.lines()
    assert "Records: 1 published, 0 submitted for moderation." in report.written_summary()
    live = fresh(office)
    assert live.city_nb == "Oslo by" and live.email != "new@example.org"
    draft = live.get_latest_revision_as_object()
    assert (draft.city_nb, draft.email) == ("Oslo by", "new@example.org")
    assert ModelLogEntry.objects.filter(object_id=str(office.pk), action=ACTION).count() == 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_import_by_someone_who_may_not_publish_submits_the_record(
    django_user_model, portal, fmt
):
    make, import_file = FORMATS[fmt]
    objective = portal["objective"]  # the "Global Compact data" workflow
    user = translator(django_user_model, "nb")
    report = import_file(
        make([objective], {context(objective, "title"): "Nye veier"}), "nb", user=user, publish=True
    )
    assert report.ok and report.records_submitted == 1, report.lines()
    live = fresh(objective)
    assert live.title_nb == "Lovlige veier"  # nothing live
    assert live.get_latest_revision_as_object().title_nb == "Nye veier"
    assert live.current_workflow_state.workflow.name == "Global Compact data"


def test_a_record_without_a_workflow_is_not_imported_by_someone_who_may_not_publish_it(
    django_user_model, portal
):
    objective = portal["objective"]
    objective.get_workflow().deactivate()
    before = Revision.objects.count()
    user = translator(django_user_model, "nb")
    report = import_po(
        po_with([objective], {context(objective, "title"): "Nye veier"}),
        "nb",
        user=user,
        publish=True,
    )
    assert not report.ok
    assert "You may not publish this record: import without publishing." in str(report.lines())
    assert Revision.objects.count() == before


def test_a_failed_import_leaves_every_record_as_it_was(django_user_model, portal):
    """The import publishes two records; the second publish fails: neither is published, no
    revision and no log entry is left."""
    objective, office = portal["objective"], portal["office"]
    texts = {context(objective, "title"): "Nye veier", context(office, "city"): "Oslo by"}
    data = po_with([objective, office], texts)
    before = (Revision.objects.count(), ModelLogEntry.objects.count())

    def fail(sender, instance, **kwargs):
        if isinstance(instance, Office):
            raise IntegrityError("the database went away")

    published.connect(fail)
    try:
        report = import_po(data, "nb", publish=True)
    finally:
        published.disconnect(fail)
    assert not report.ok and "every change was rolled back" in str(report.lines())
    assert (Revision.objects.count(), ModelLogEntry.objects.count()) == before
    assert fresh(objective).title_nb == "Lovlige veier" and fresh(office).city_nb is None


# --- An approved translation job ---------------------------------------------------------------


def job_item(record, user, texts):
    planned = job_scope.plan("selected", ["nb"], objects=[(type(record), record.pk)])
    job = job_scope.create(
        planned, user, announce=False, title="Norwegian records", due_date=date(2030, 1, 1)
    )
    item = job.items.get()
    item.texts = texts
    item.save(update_fields=["texts"])
    return item


def test_an_approved_job_publishes_its_language_of_a_live_record_and_keeps_the_draft(
    django_user_model, portal
):
    office = office_draft(portal["office"], email="new@example.org")
    reviewer = django_user_model.objects.create_user("nb-reviewer", password="pw")
    jobs.publish_item(job_item(office, reviewer, {"city": "Oslo by"}), reviewer)
    live = fresh(office)
    assert live.city_nb == "Oslo by" and live.email != "new@example.org"
    assert live.get_latest_revision_as_object().email == "new@example.org"
    assert ModelLogEntry.objects.filter(object_id=str(office.pk), action=ACTION).exists()


def test_an_approved_job_makes_a_draft_of_a_record_that_is_not_live(django_user_model, portal):
    partner = Partner(name_en="Drafty council", kind="ngo", live=False)
    partner.save()
    partner.save_revision()
    reviewer = django_user_model.objects.create_user("nb-reviewer", password="pw")
    jobs.publish_item(job_item(partner, reviewer, {"name": "Kladderådet"}), reviewer)
    partner = fresh(partner)
    assert not partner.live and partner.get_latest_revision_as_object().name_nb == "Kladderådet"
    assert not Partner.objects.live().filter(pk=partner.pk).exists()
