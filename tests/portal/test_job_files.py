"""A translation job as one file (issue 14, point 3 "Files"): the job's items go out as PO or
XLIFF and come back into the job, checked as the normal import checks, never published."""

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import etree

from portal.localization import job_files, jobs
from portal.localization.job_models import JobComment, JobItem
from portal.localization.job_models import TranslationJob as Job
from portal.localization.po import export_po
from portal.localization.xliff import unit_id
from tests.portal import test_translation_jobs as job_tests
from tests.portal.test_translation_jobs import form_data, live, make_job, submit, translate
from tests.portal.test_xliff import q, schema, translated_target
from tests.support import factories as f

pytestmark = pytest.mark.django_db

# The jobs' fixtures: an admin, a Norwegian translator and reviewer, a Finnish translator; a page.
team, page = job_tests.team, job_tests.page

VERSIONS = ["1.2", "2.0"]
FORMAT = {"1.2": "xliff12", "2.0": "xliff20"}


def ctx(obj, rest):
    return f"{obj._meta.label_lower}:{obj.pk}:{rest}"


def download(client, job, kind, language="nb"):
    return client.get(
        reverse("translations:job_export", args=[job.pk]), {"format": kind, "language": language}
    )


def upload(client, job, data, name="job.po"):
    return client.post(
        reverse("translations:job_import", args=[job.pk]),
        {"file": SimpleUploadedFile(name, data)},
    )


def po_with(data, texts):
    """The downloaded PO file with the given msgstr by context, the entries confirmed."""
    pofile = polib.pofile(data.decode())
    for entry in pofile:
        if entry.msgctxt in texts:
            entry.msgstr = texts[entry.msgctxt]
            entry.flags = []
    return str(pofile).encode()


def xliff_with(data, version, texts):
    root = etree.fromstring(data)
    tag = "trans-unit" if version == "1.2" else "unit"
    for unit in root.iter(q(version, tag)):
        for context, text in texts.items():
            if unit.get("id") == unit_id(context, version):
                translated_target(unit, version, [text])
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def state_of(job, obj):
    item = job.items.get()
    job.refresh_from_db()
    return job.state, item.texts, item.status, obj.revisions.count(), live(obj).title_nb


# --- Export ------------------------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_the_job_file_holds_its_items_and_fields_only_and_passes_the_schema(
    client, team, page, home, version
):
    other = f.StandardPageFactory(parent=home, title="Contact", slug="contact")
    other.save_revision().publish()
    job = make_job(client, team, page)
    translate(client, team, job, {"title": "Vårt arbeid"})
    response = download(client, job, FORMAT[version])
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="job-{job.pk}-nb.xlf"'
    document = etree.fromstring(response.content)
    assert schema(version).validate(document), schema(version).error_log
    tag = "trans-unit" if version == "1.2" else "unit"
    ids = [u.get("id") for u in document.iter(q(version, tag))]
    fields = job.items.get().fields
    assert ids and all(i.startswith(f"portal.standardpage:{page.pk}:") for i in ids)
    assert {i.split(":")[2] for i in ids} <= set(fields)
    title = next(document.iter(q(version, "target")))  # the job's text, not the live one
    assert title.text == "Vårt arbeid"


def test_a_job_of_two_languages_is_one_xliff_1_2_file_with_a_file_per_language(client, team, page):
    client.force_login(team["admin"])
    data = form_data(
        scope_kind="selected",
        objects=[f"{page.content_type_id}:{page.pk}"],
        languages=["nb", "fi"],
        translator=team["admin"].pk,
    )
    response = client.post(reverse("translations:job_create"), data)
    assert response.status_code == 302, response.context["form"].errors
    job = Job.objects.latest("pk")
    response = download(client, job, "xliff12", language="")
    assert response["Content-Disposition"] == f'attachment; filename="job-{job.pk}.xlf"'
    document = etree.fromstring(response.content)
    assert schema("1.2").validate(document), schema("1.2").error_log
    files = document.findall(q("1.2", "file"))
    assert [file.get("target-language") for file in files] == ["fi", "nb"]
    # Translated in both languages, the one file goes back into both items.
    texts = {ctx(page, "title"): "Työmme"}
    data = etree.fromstring(xliff_with(response.content, "1.2", texts))
    nb_title = next(u for u in files[1].iter(q("1.2", "trans-unit")))
    assert nb_title.get("id") == ctx(page, "title")
    translated = list(data.findall(q("1.2", "file"))[1].iter(q("1.2", "trans-unit")))[0]
    translated.find(q("1.2", "target")).text = "Vårt arbeid"
    response = upload(client, job, etree.tostring(data), name="job.xlf")
    assert response.status_code == 200, response.context["report"].lines()
    assert dict(job.items.values_list("language", "texts__title")) == {
        "fi": "Työmme",
        "nb": "Vårt arbeid",
    }
    # PO and XLIFF 2.0 hold one language: the form's "all languages" is refused for them.
    refused = download(client, job, "po", language="")
    assert refused.status_code == 400
    assert "hold one language" in refused.content.decode()


# --- Import ------------------------------------------------------------------------------------


def test_a_po_file_round_trip_keeps_the_texts_in_the_job_and_publishes_nothing(client, team, page):
    job = make_job(client, team, page)
    revisions = page.revisions.count()
    client.force_login(team["translator"])
    exported = download(client, job, "po")
    assert exported["Content-Disposition"] == f'attachment; filename="job-{job.pk}-nb.po"'
    texts = {ctx(page, "title"): "Vårt arbeid", ctx(page, "summary"): "Vi hjelper folk."}
    response = upload(client, job, po_with(exported.content, texts))
    assert response.status_code == 200
    assert "2 translation(s) kept in the job" in response.content.decode()
    state, item_texts, _status, count, title_nb = state_of(job, page)
    assert state == Job.State.IN_PROGRESS
    assert item_texts["title"] == "Vårt arbeid" and item_texts["summary"] == "Vi hjelper folk."
    assert count == revisions and title_nb in (None, "")
    # The editor shows the file's text, and a second download carries it as the target.
    again = polib.pofile(download(client, job, "po").content.decode())
    assert again.find(ctx(page, "title"), by="msgctxt").msgstr == "Vårt arbeid"


@pytest.mark.parametrize("version", VERSIONS)
def test_an_xliff_round_trip_into_the_job(client, team, page, version):
    job = make_job(client, team, page)
    client.force_login(team["translator"])
    exported = download(client, job, FORMAT[version]).content
    data = xliff_with(exported, version, {ctx(page, "summary"): "Vi hjelper folk."})
    response = upload(client, job, data, name="job.xlf")
    assert response.status_code == 200, response.context["report"].lines()
    state, item_texts, status, _count, _title = state_of(job, page)
    assert (state, item_texts["summary"]) == (Job.State.IN_PROGRESS, "Vi hjelper folk.")
    assert status == JobItem.Status.TODO  # the title is still to translate


def test_entries_of_another_page_or_field_refuse_the_file_and_change_nothing(
    client, team, page, home
):
    other = f.StandardPageFactory(parent=home, title="Contact", slug="contact")
    other.save_revision().publish()
    job = make_job(client, team, page)
    item = job.items.get()
    item.fields = ["title"]
    item.save()
    client.force_login(team["translator"])
    before = state_of(job, page)
    exported = download(client, job, "po").content
    foreign = export_po("nb", objects=[other]).find(ctx(other, "title"), by="msgctxt")
    foreign.msgstr = "Kontakt"
    pofile = polib.pofile(
        po_with(exported, {ctx(page, "title"): "Vårt arbeid"}).decode(), wrapwidth=79
    )
    pofile.append(foreign)
    summary = polib.POEntry(
        msgctxt=ctx(page, "summary"), msgid="We help people move safely.", msgstr="Vi hjelper."
    )
    pofile.append(summary)
    response = upload(client, job, str(pofile).encode())
    assert response.status_code == 400
    report = response.context["report"]
    problems = {p.context: p.message for p in report.errors}
    assert "not part of this job" in problems[ctx(other, "title")]
    assert "“summary” is not part of this job" in problems[ctx(page, "summary")]
    assert "Nothing was imported" in response.content.decode()
    assert state_of(job, page) == before
    # Without a translation, a foreign entry is only noted: the rest is imported.
    foreign.msgstr, summary.msgstr = "", ""
    response = upload(client, job, str(pofile).encode())
    assert response.status_code == 200, response.context["report"].lines()
    assert len(response.context["report"].notes) == 2
    assert job.items.get().texts == {"title": "Vårt arbeid"}


def test_a_bad_entry_is_named_and_nothing_is_kept(client, team, page):
    job = make_job(client, team, page)
    client.force_login(team["translator"])
    before = state_of(job, page)
    exported = download(client, job, "po").content
    texts = {ctx(page, "title"): "Vårt arbeid", ctx(page, "summary"): "Hei<script>x</script>"}
    response = upload(client, job, po_with(exported, texts))
    assert response.status_code == 400
    (problem,) = response.context["report"].errors
    assert problem.context == ctx(page, "summary") and problem.line
    assert state_of(job, page) == before
    finnish = export_po("fi", objects=[page])
    response = upload(client, job, str(finnish).encode())
    assert response.status_code == 400
    assert "“fi”, which is not a language of this job" in response.content.decode()
    assert upload(client, job, b"\x00\xff not a file").status_code == 400
    assert state_of(job, page) == before


def test_a_translator_of_another_language_gets_403_and_nothing_changes(client, team, page):
    job = make_job(client, team, page)
    client.force_login(team["translator"])
    data = po_with(download(client, job, "po").content, {ctx(page, "title"): "Vårt arbeid"})
    before = state_of(job, page)
    client.force_login(team["fi"])
    assert download(client, job, "po").status_code == 403
    assert upload(client, job, data).status_code == 403
    assert state_of(job, page) == before


def test_a_returned_job_takes_a_file_again_then_approval_publishes_it(client, team, page):
    job = make_job(client, team, page)
    client.force_login(team["translator"])
    exported = download(client, job, "po").content
    upload(client, job, po_with(exported, {ctx(page, "title"): "Arbeid"}))
    submit(client, team, job)
    client.force_login(team["reviewer"])
    item = job.items.get()
    client.post(
        reverse("translations:job_review", args=[job.pk]),
        {"action": "return", f"comment:{item.pk}:title": "Say “our”."},
    )
    job.refresh_from_db()
    assert job.state == Job.State.IN_PROGRESS
    client.force_login(team["translator"])
    exported = download(client, job, "po").content
    response = upload(client, job, po_with(exported, {ctx(page, "title"): "Vårt arbeid"}))
    assert response.status_code == 200, response.context["report"].lines()
    item.refresh_from_db()
    assert item.texts["title"] == "Vårt arbeid" and item.status != JobItem.Status.RETURNED
    assert JobComment.objects.get().resolved
    submit(client, team, job)
    jobs.approve(job, team["reviewer"])
    assert live(page).title_nb == "Vårt arbeid"


@pytest.mark.parametrize("state", ["done", "cancelled", "in_review"])
def test_a_job_that_is_not_open_or_in_progress_refuses_uploads(client, team, page, state):
    job = make_job(client, team, page)
    client.force_login(team["translator"])
    data = po_with(download(client, job, "po").content, {ctx(page, "title"): "Vårt arbeid"})
    Job.objects.filter(pk=job.pk).update(state=state)
    before = state_of(job, page)
    response = upload(client, job, data)
    assert response.status_code == 403
    assert "files can be uploaded only while it is open or in progress" in response.content.decode()
    assert state_of(job, page) == before
    report = job_files.import_job_file(Job.objects.get(pk=job.pk), data, team["translator"])
    assert not report.ok and state_of(job, page) == before
    detail = client.get(reverse("translations:job", args=[job.pk])).content.decode()
    assert "Download file" in detail and 'name="file"' not in detail


def test_the_job_page_offers_the_files_to_its_translator(client, team, page):
    job = make_job(client, team, page)
    client.force_login(team["translator"])
    detail = client.get(reverse("translations:job", args=[job.pk])).content.decode()
    assert reverse("translations:job_export", args=[job.pk]) in detail
    assert reverse("translations:job_import", args=[job.pk]) in detail
    assert 'for="job-file-upload"' in detail
    assert download(client, job, "docx").status_code == 400
    assert upload(client, job, b"").status_code == 400
