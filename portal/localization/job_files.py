"""A translation job as one file: download it as PO or XLIFF, upload the translations back into it.

The export carries the job's items only (its objects × languages) and only their fields, in the
formats of the "Files for translators" page (po.py, xliff.py): the same contexts, notes, states
and inline codes. A unit shows the translator's text kept in the job, else the translation it
has now; a unit with neither is pre-filled from the translation memory, marked for review. PO
and XLIFF 2.0 hold one target language per file; XLIFF 1.2 may hold every language of the job,
one <file> each.

The import reads the file as the normal import does (po._read, safexml and xliff's units), runs
the same checks on every entry (po._Entries, then po._plan, which lets the models validate the
texts without saving them) and writes all or nothing, but into the job: each item's `texts`
and status, as the job's editor saves them (jobs.keep_texts). Nothing is published; that is
the reviewer's approval. The file's languages must be the job's. An entry with a translation
for an object or field that is not in the job refuses the whole file (the translator has the
wrong file); one with no translation to write (empty or fuzzy) is skipped with a note, as the
normal import treats entries it would not write.
"""

from collections import defaultdict
from dataclasses import dataclass, replace

from django.db import transaction
from django.utils.translation import gettext as _

from portal.core.i18n import language_name
from portal.localization import jobs, po, safexml, xliff
from portal.localization.job_models import TranslationJob as Job
from portal.localization.reports import Problem

EDITABLE = {Job.State.OPEN, Job.State.IN_PROGRESS}


# --- Export ------------------------------------------------------------------------------------


def _key(unit):
    return f"{unit.field}::{unit.path}" if unit.path else unit.field


def export_items(job, lang):
    """The export items (po.ExportItem) of the job's items in `lang`, the job's texts as their
    targets, the units with no text pre-filled from the memory."""
    items = {}
    for item in job.items.filter(language=lang).select_related("content_type"):
        model, obj = jobs.item_object(item)
        if obj is not None:
            items[(model, obj.pk)] = (item, obj)
    found = []
    objects = [obj for _item, obj in items.values()]
    for exported in po.export_items(lang, objects=objects) if objects else []:
        item, _obj = items[(type(exported.obj), exported.obj.pk)]
        if exported.unit.field not in item.fields:
            continue
        found.append(_with_job_text(exported, item))
    return po.prefilled(found, lang)


def _with_job_text(exported, item):
    """The export item showing the translator's text kept in the job (not outdated: it is
    the new translation), or as it is when the job has none."""
    text = item.texts.get(_key(exported.unit))
    if not text:
        return exported
    return replace(exported, unit=replace(exported.unit, target=text), outdated=False)


def file_name(job, lang, extension):
    return f"job-{job.pk}-{lang}.{extension}" if lang else f"job-{job.pk}.{extension}"


def export_job(job, lang, version=None):
    """The job's file (bytes): PO when `version` is None, else XLIFF "1.2" or "2.0". `lang` is
    one of the job's languages, or "" for all of them (XLIFF 1.2 only)."""
    languages = [lang] if lang else job.languages
    if version is None:
        title = _("Translation job %(pk)s: %(title)s") % {"pk": job.pk, "title": job.title}
        return str(po.po_file(lang, export_items(job, lang), title=title)).encode()
    parts = [(code, export_items(job, code)) for code in languages]
    return xliff.xliff_document(version, parts, f"job-{job.pk}")


# --- Import ------------------------------------------------------------------------------------


@dataclass
class JobImportReport(po.ImportReport):
    def written_summary(self):
        return _(
            "%(written)s translation(s) kept in the job, %(unchanged)s unchanged, %(fuzzy)s "
            "fuzzy and %(empty)s empty entries skipped. Nothing is published before review."
        ) % {
            "written": self.written,
            "unchanged": self.unchanged,
            "fuzzy": self.skipped_fuzzy,
            "empty": self.skipped_empty,
        }

    def add(self, other):
        """Gather the report of one language's entries into this one."""
        self.errors += other.errors
        self.notes += other.notes
        self.warnings += other.warnings
        for name in ("entries", "skipped_fuzzy", "skipped_empty", "written", "unchanged"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def refusal(job):
    """Why the job takes no file now, or ""."""
    if job.state in EDITABLE:
        return ""
    return _(
        "This job is %(state)s: files can be uploaded only while it is open or in progress."
    ) % {"state": job.get_state_display().lower()}


def import_job_file(job, data, user, name=""):
    """Check every entry of a PO or XLIFF file, then keep all its translations in the job's
    items, or none. Returns a JobImportReport."""
    report = JobImportReport()
    if refusal(job):
        report.error(refusal(job))
        return report
    parts = _read(job, data, name, report)
    report.language = ", ".join(parts)
    planned = []
    for lang, entries in parts.items():
        planned += _check(job, lang, entries, report)
    if report.ok:
        _write(job, planned, user, report)
    if not report.ok:
        report.written = report.unchanged = 0
    return report


# Step 1: the file, as {language: [entries]}.


def _read(job, data, name, report):
    if xliff.looks_like_xml(data, name):
        return _read_xliff(job, data, report)
    pofile = po._read(data, report)
    if pofile is None:
        return {}
    lang = _language(job, pofile.metadata.get("Language", ""), None, report)
    return {lang: list(pofile)} if lang else {}


def _read_xliff(job, data, report):
    try:
        root = safexml.parse(data)
    except safexml.UnsafeXML as exc:
        report.error(_("%(reason)s Nothing was imported.") % {"reason": exc})
        return {}
    version = xliff.version_of(root)
    if version is None:
        report.error(_("The file is not an XLIFF 1.2 or 2.0 document. Nothing was imported."))
        return {}
    if version == "2.0":
        holders = [(root, root.get("trgLang", ""))]
    else:
        files = root.iter(f"{{{xliff.NS['1.2']}}}file")
        holders = [(file, file.get("target-language", "")) for file in files]
    parts = defaultdict(list)
    for holder, declared in holders:
        lang = _language(job, declared, holder.sourceline, report)
        if lang:
            parts[lang] += xliff._entries(holder, version, lang, report)
    return dict(parts)


def _language(job, declared, line, report):
    """The job's language a file (or an XLIFF 1.2 <file>) declares, else "" and an error."""
    for code in job.languages:
        if po._language_matches(declared, code):
            return code
    report.error(
        _("The file is for language “%(declared)s”, which is not a language of this job.")
        % {"declared": declared or "?"},
        line=line,
    )
    return ""


# Step 2 and 3: the normal import's checks, and the texts each item gets.


def _check(job, lang, entries, report):
    """Check one language's entries; [(item, groups, changed)] for the items they change."""
    items = {}
    for item in job.items.filter(language=lang).select_related("content_type"):
        items[(item.content_type.model_class(), item.object_id)] = item
    part = JobImportReport(language=lang)
    kept = [entry for entry in entries if not _foreign(entry, items, part)]
    targets = po._Entries(lang, part).check_all(kept)
    planned = _planned(items, targets, part) if part.ok else []
    if part.ok:
        # The models validate the texts (set on the objects in memory, never saved); the
        # counts are the job's, not the objects'.
        counts = part.written, part.unchanged
        po._plan(targets, lang, part)
        part.written, part.unchanged = counts
    report.add(part)
    return planned if part.ok else []


def _foreign(entry, items, report):
    """Whether the entry names a text that is not in the job (reported), not to be checked."""
    parsed = None if entry.obsolete else po._parse_context(entry.msgctxt)
    if parsed is None:
        return False  # obsolete, or the normal checks say why its context names nothing
    model, pk, field_name, _path = parsed
    item = items.get((model, pk))
    if item is None:
        message = _("This text is not part of this job: export the job's file again.")
    elif field_name not in item.fields:
        message = _("The field “%(field)s” is not part of this job.") % {"field": field_name}
    else:
        return False
    report.entries += 1
    problem = Problem(message, entry.msgctxt, entry.linenum)
    to_write = "fuzzy" not in entry.flags and bool(entry.msgstr)
    (report.errors if to_write else report.notes).append(problem)
    return True


def _planned(items, targets, report):
    """[(item, groups)]: the items whose texts change, their editor groups holding the new
    texts; counts the texts written and unchanged."""
    planned, report.written, report.unchanged = [], 0, 0
    for (model, pk), target in targets.items():
        texts = dict(target.plain)
        for field_name, paths in target.stream.items():
            texts.update({f"{field_name}::{path}": text for path, text in paths.items()})
        if not texts:
            continue
        item = items[(model, pk)]
        groups = jobs.item_groups(item, model, target.live)
        changed = 0
        for row in (row for group in groups for row in group.rows):
            if row.key in texts:
                report.unchanged += row.target == texts[row.key]
                changed += row.target != texts[row.key]
                row.target = texts[row.key]
        report.written += changed
        if changed:
            planned.append((item, groups))
    return planned


# Step 4: into the job, in one transaction, while the job still takes files.


def _write(job, planned, user, report):
    with transaction.atomic():
        locked = Job.objects.select_for_update().get(pk=job.pk)
        if refusal(locked):
            report.error(refusal(locked))
            return
        for item, groups in planned:
            item.job = job
            jobs.keep_texts(item, groups, user)


def languages_of(job):
    return [(code, language_name(code)) for code in job.languages]
