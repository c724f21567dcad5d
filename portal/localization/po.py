"""PO files for translators: export one language's units, import the translations back.

`export_po` writes one entry per unit (see units.py): the unit's context as msgctxt, its source
text as msgid, the translation so far as msgstr, "fuzzy" when the field's translation is
outdated. Any PO editor or GNU gettext tool can work on the file.

`import_po` checks every entry before it writes anything: the file must parse and be in the
right language; each context must name a unit that still exists with the same source text; rich
text must keep the source's tags and links; no msgstr may carry scripts or event handlers, or be
longer than its field allows. Only when every entry passes are the translations written, all in
one transaction: pages and records get a new revision (published on request; a record its user
may not publish is submitted to its workflow).
"""

import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

import polib
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail import blocks
from wagtail.models import Page

from portal.localization import checks, memory, publishing, scopes
from portal.localization.markup import tag_problem, unsafe_markup
from portal.localization.reports import FileReport, Problem
from portal.localization.status import outdated_of_many
from portal.localization.units import (
    SOURCE_LANGUAGE,
    content_fields,
    content_models,
    is_stream,
    localized,
    specific_objects,
    stream_segments,
    stream_with,
    units,
)

WRAPWIDTH = 79  # as GNU gettext writes
PLURAL_FORMS = {"fr": "nplurals=2; plural=(n > 1);"}
DEFAULT_PLURAL_FORMS = "nplurals=2; plural=(n != 1);"
GENERATOR = "Migration portal PO export"


# --- Export ------------------------------------------------------------------------------------


def _normalize(text):
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def _match_newlines(msgid, msgstr):
    """gettext wants msgid and msgstr to agree on starting and ending with a newline."""
    if not msgstr:
        return msgstr
    body = msgstr.strip("\n")
    if not body:
        return msgstr
    head = "\n" if msgid.startswith("\n") else ""
    tail = "\n" if msgid.endswith("\n") else ""
    return head + body + tail


def _scope_objects(scope=None, objects=None):
    """The objects to export: those given, else one scope's (the pages of its subtree and, when
    the scope is a translated record, that record), else every object of every content model."""
    if objects is not None:
        return [obj.specific if isinstance(obj, Page) else obj for obj in objects]
    if scope is not None:
        root = scopes.provider().root_page(scope).specific
        found = [root]
        found += [p.specific for p in root.get_descendants().filter(alias_of__isnull=True)]
        if type(scope) in content_models():
            found.append(scope)
        return found
    found = []
    for model in content_models():
        queryset = specific_objects(model)
        if issubclass(model, Page):
            queryset = queryset.filter(alias_of__isnull=True)
            # Only the pages of exactly this type (a subclass has its own entry in the list).
            queryset = [p for p in queryset if type(p) is model]
        found += list(queryset)
    return found


def _export_order():
    """The sort key of exported objects: their model's place in content_models(), then id."""
    position = {model: index for index, model in enumerate(content_models())}
    return lambda obj: (position.get(type(obj), len(position)), obj.pk)


def _describe(obj, unit):
    """The comment translators read: what the object is, its title, which field, what kind."""
    text = (
        f"{_object_label(obj)}: {_field_label(type(obj), unit.field, translation.get_language())}"
    )
    if unit.path:
        text += f", {unit.path}"
    if unit.kind == "richtext":
        text += ". Rich text: keep the HTML tags and links."
    return text


@functools.lru_cache(maxsize=64)  # an export describes the units of one object one after another
def _object_label(obj):
    return f"{str(obj._meta.verbose_name).capitalize()} “{obj}”"


@functools.lru_cache(maxsize=1024)
def _field_label(model, field_name, _language):
    return f"{model._meta.get_field(field_name).verbose_name} ({field_name})"


def header(lang):
    now = timezone.now().strftime("%Y-%m-%d %H:%M%z")
    return {
        "Project-Id-Version": "Migration portal content",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": now,
        "PO-Revision-Date": now,
        "Last-Translator": "Migration portal",
        "Language-Team": f"{dict(settings.LANGUAGES).get(lang, lang)} translators",
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURAL_FORMS.get(lang, DEFAULT_PLURAL_FORMS),
        "X-Generator": GENERATOR,
    }


ONLY = ("missing", "outdated")  # the filters of an export: texts not translated yet, outdated


@dataclass(frozen=True)
class ExportItem:
    """One unit to export, with what the file says about it: outdated, or pre-filled from the
    translation memory (`match`, a memory.Match, when the unit has no translation yet)."""

    obj: object
    unit: object
    outdated: bool
    match: object = None


def export_items(lang, scope=None, objects=None, only=None, prefill=False):
    """The units an export carries, in order: every unit with source text (see export_po), or
    only those `only` names ("missing": no translation yet; "outdated": translated, but the
    source has changed since). With `prefill`, untranslated units get the memory's best match."""
    found = []
    _object_label.cache_clear()  # names may have changed since the last export
    with translation.override(SOURCE_LANGUAGE):
        objs = sorted(_scope_objects(scope, objects), key=_export_order())
        outdated_map = outdated_of_many(objs, lang)
        for obj in objs:
            outdated = outdated_map.get((type(obj), obj.pk), {})
            for unit in units(obj, lang):
                stale = bool(unit.field in outdated and unit.target)
                if only == "missing" and unit.target.strip():
                    continue
                if only == "outdated" and not stale:
                    continue
                found.append(ExportItem(obj, unit, stale))
    if prefill:
        found = prefilled(found, lang)
    return found


def prefilled(items, lang):
    """The items, those without a translation given the memory's best match."""
    empty = [index for index, item in enumerate(items) if not item.unit.target.strip()]
    queries = []
    for index in empty:
        unit = items[index].unit
        content_type = ContentType.objects.get_for_model(type(unit.obj))
        queries.append((unit.source, (content_type.pk, unit.obj.pk, unit.field, unit.path)))
    matches = memory.best_matches(queries, lang)
    result = list(items)
    for position, index in enumerate(empty):
        match = matches.get(position)
        if match is not None and _fits(items[index].unit, match):
            result[index] = replace(items[index], match=match)
    return result


def _fits(unit, match):
    """A match pre-fills rich text only when it has the source's tags: a sentence of a
    paragraph, or a text linking elsewhere, would only come back refused."""
    return unit.kind != "richtext" or not tag_problem(unit.source, match.entry.target_text)


def match_origin(match):
    """Where a memory match was translated, as a translator reads it in a file."""
    entry = match.entry
    if entry.content_type_id and entry.object_id:
        label = ContentType.objects.get_for_id(entry.content_type_id).model_class()
        name = label._meta.label_lower if label else "?"
        where = f"{name}:{entry.object_id}:{entry.field}" + (f":{entry.path}" if entry.path else "")
    else:
        where = entry.get_origin_display()
    return f"{where}, {entry.updated_at:%Y-%m-%d}"


def match_comment(match):
    return _(
        "Pre-filled from the translation memory: %(kind)s match, %(score)s%%, from %(origin)s. "
        "Review it, then remove the fuzzy flag."
    ) % {"kind": match.kind, "score": min(match.score, 100), "origin": match_origin(match)}


def export_po(lang, scope=None, objects=None, only=None, prefill=False):
    """A PO file of every unit with source text: the site's, one scope's (an office's: see
    scopes.py) or the given objects'; `only` and `prefill` as in export_items."""
    return po_file(lang, export_items(lang, scope, objects, only, prefill))


def po_file(lang, items, title=""):
    """The PO file of the given export items (see export_items); `title` heads the file."""
    po = polib.POFile(wrapwidth=WRAPWIDTH)
    po.header = title or f"Content of the migration portal, {SOURCE_LANGUAGE} -> {lang}."
    po.metadata = header(lang)
    with translation.override(SOURCE_LANGUAGE):
        for item in items:
            obj, unit = item.obj, item.unit
            msgid = _normalize(unit.source)
            entry = polib.POEntry(
                msgctxt=unit.context,
                msgid=msgid,
                msgstr=_match_newlines(msgid, _normalize(unit.target)),
                comment=_describe(obj, unit),
                flags=["fuzzy"] if item.outdated else [],
            )
            if item.match is not None:
                entry.msgstr = _match_newlines(msgid, _normalize(item.match.entry.target_text))
                entry.flags = ["fuzzy"]
                entry.tcomment = match_comment(item.match)
                if item.match.score < memory.EXACT:
                    entry.previous_msgid = _normalize(item.match.entry.source_text)
            po.append(entry)
    return po


# --- Checks on one msgstr ----------------------------------------------------------------------


def _block_at(model, field_name, path):
    """The block that holds the text at a stream path (for its max_length)."""
    block = model._meta.get_field(localized(field_name, SOURCE_LANGUAGE)).stream_block
    for key in path.split("/"):
        if isinstance(block, blocks.StreamBlock):
            block = block.child_blocks[key.partition(":")[2]]
        elif isinstance(block, blocks.StructBlock):
            block = block.child_blocks[key]
        elif isinstance(block, blocks.ListBlock):
            block = block.child_block
    return block


def max_length(model, field_name, path):
    if path:
        try:
            block = _block_at(model, field_name, path)
        except (KeyError, AttributeError):
            return None
        form_field = getattr(block, "field", None)
        return getattr(form_field, "max_length", None)
    return model._meta.get_field(localized(field_name, lang=SOURCE_LANGUAGE)).max_length


# --- Import ------------------------------------------------------------------------------------


@dataclass
class ImportReport(FileReport):
    language: str = ""
    notes: list = field(default_factory=list)
    warnings: list = field(default_factory=list)  # quality checks: imported anyway
    entries: int = 0
    written: int = 0
    unchanged: int = 0
    skipped_fuzzy: int = 0
    skipped_empty: int = 0
    pages_saved: int = 0
    pages_published: int = 0
    records_saved: int = 0
    records_published: int = 0
    records_submitted: int = 0  # the user may not publish them: sent to their workflow
    publish: bool = False

    def written_summary(self):
        summary = _(
            "%(written)s translation(s) imported, %(unchanged)s unchanged, %(fuzzy)s fuzzy and "
            "%(empty)s empty entries skipped; %(pages)s page(s) saved (%(published)s published), "
            "%(records)s record(s) saved."
        ) % {
            "written": self.written,
            "unchanged": self.unchanged,
            "fuzzy": self.skipped_fuzzy,
            "empty": self.skipped_empty,
            "pages": self.pages_saved,
            "published": self.pages_published,
            "records": self.records_saved,
        }
        return summary + self._records_summary()

    def _records_summary(self):
        if not (self.records_published or self.records_submitted):
            return ""
        return " " + _(
            "Records: %(published)s published, %(submitted)s submitted for moderation."
        ) % {"published": self.records_published, "submitted": self.records_submitted}

    def lines(self):
        return [
            *super().lines(),
            *[str(p) for p in self.notes],
            *[_("Warning: %(problem)s") % {"problem": p} for p in self.warnings],
        ]


def _parse_context(context):
    """(model, pk, field, path) named by a msgctxt, or None when it cannot name a unit."""
    parts = (context or "").split(":", 3)
    if len(parts) < 3 or not parts[1].isdigit():
        return None
    label, pk, field_name = parts[0], int(parts[1]), parts[2]
    path = parts[3] if len(parts) == 4 else ""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    if model not in content_models():
        return None
    return model, pk, field_name, path


def _language_matches(declared, lang):
    code = (declared or "").strip().replace("-", "_").lower()
    return code == lang.lower() or code.startswith(lang.lower() + "_")


PO_STRING = r'"(?:[^"\\]|\\["\\abfnrtv]|\\[0-7]{1,3}|\\x[0-9a-fA-F]+)*"'
PO_LINE = re.compile(
    rf"^(?:#~\s*)?(?:(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s+)?{PO_STRING}\s*$"
)
PREVIOUS_LINE = re.compile(rf"^#~?\|\s*(?:(?:msgctxt|msgid|msgid_plural)\s+)?{PO_STRING}\s*$")


def syntax_error_line(text):
    """The number of the first line that is neither a comment nor a keyword and string, or 0."""
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#|") or stripped.startswith("#~|"):
            if not PREVIOUS_LINE.match(stripped):
                return number
            continue
        if stripped.startswith("#~"):
            if stripped == "#~" or PO_LINE.match(stripped):
                continue
            return number
        if stripped.startswith("#"):
            continue
        if not PO_LINE.match(stripped):
            return number
    return 0


def _read(data, report):
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            report.error(_("The file is not UTF-8 text."))
            return None
    text = data.lstrip("\ufeff")
    if not text.endswith("\n"):
        text += "\n"  # also keeps polib from taking the text for a file name
    bad_line = syntax_error_line(text)
    if bad_line:
        report.error(
            _(
                "The file is not a valid PO file: line %(line)s cannot be read. "
                "Nothing was imported."
            )
            % {"line": bad_line},
            line=bad_line,
        )
        return None
    try:
        return polib.pofile(text, wrapwidth=WRAPWIDTH)
    except (OSError, ValueError, UnicodeError) as exc:
        found = re.search(r"line (\d+)", str(exc))
        report.error(
            _("The file is not a valid PO file (%(reason)s). Nothing was imported.")
            % {"reason": re.sub(r"\s+", " ", str(exc)).strip()},
            line=int(found.group(1)) if found else None,
        )
        return None


class _Target:
    """One object being translated: its live text (what was exported) and what is written."""

    def __init__(self, obj, lang, checker):
        self.live = obj
        self.is_page = isinstance(obj, Page)
        self.has_drafts = publishing.has_drafts(type(obj))
        self.draft_changed = False
        if self.has_drafts and obj.has_unpublished_changes and obj.latest_revision_id:
            self.edit = obj.get_latest_revision_as_object()
            self.draft_changed = True
        else:
            self.edit = obj
        self.live_units = {(u.field, u.path): u for u in units(obj, lang)}
        self.edit_units = (
            {(u.field, u.path): u for u in units(self.edit, lang)}
            if self.draft_changed
            else self.live_units
        )
        self.plain = {}  # field: text
        self.checker = checker
        self.content_type_id = ContentType.objects.get_for_model(type(obj)).pk
        self.warnings = []  # (entry, message) of the quality checks (checks.py)
        self.stream = defaultdict(dict)  # field: {path: text}
        self.changed = 0

    @property
    def context_line(self):
        return self.live._meta.label_lower + f":{self.live.pk}"


def _entry_problems(entry, address, target, to_write):
    """Problems of one entry whose context resolved to an object; `address` is the (model,
    field name, stream path) of its text."""
    problem = _address_problem(address, target)
    if problem:
        return [problem]
    if not to_write:
        return []
    return _text_problems(entry, address, target)


def _address_problem(address, target):
    """Why the entry's address names no source text of the object, or ""."""
    model, field_name, path = address
    if field_name not in content_fields(model):
        return _("The field “%(field)s” is not translated.") % {"field": field_name}
    if is_stream(model, field_name):
        if not path:
            return _("A stream field needs a path to one of its texts.")
        source = getattr(target.live, localized(field_name, SOURCE_LANGUAGE))
        if path not in stream_segments(model, field_name, source):
            return _("The source text has no text at “%(path)s”.") % {"path": path}
    elif path:
        return _("The field “%(field)s” has no stream paths.") % {"field": field_name}
    if (field_name, path) not in target.live_units:
        return _("The source text at this context is empty.")
    return ""


def _text_problems(entry, address, target):
    """Problems of a translation that would be written: stale source, markup, length."""
    model, field_name, path = address
    unit = target.live_units[(field_name, path)]
    if _normalize(entry.msgid) != _normalize(unit.source):
        return [
            _(
                "The source text has changed since the file was exported (msgid differs): "
                "export again and translate the new text."
            )
        ]
    draft_unit = target.edit_units.get((field_name, path))
    if draft_unit is None or _normalize(draft_unit.source) != _normalize(unit.source):
        return [
            _(
                "The page has unpublished changes to this source text: publish or discard them, "
                "then export again."
            )
        ]
    # Unsafe markup is reported for every entry by _Entries.check; warnings go to the report.
    context = (target.content_type_id, target.live.pk, field_name, path)
    limit = max_length(model, field_name, path)
    findings = target.checker.check(unit.source, entry.msgstr, unit.kind, limit, context)
    target.warnings += [(entry, f.message) for f in findings if not f.is_error]
    return [f.message for f in findings if f.is_error and f.code != "unsafe-markup"]


def _unique_slug(page, lang, title, taken_here=()):
    """A slug from the title, unique among the page's siblings, counting those given to its
    siblings earlier in the same import (`taken_here`)."""
    allow_unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
    base = slugify(title, allow_unicode=allow_unicode)[:240]
    if not base:
        return ""
    taken = set(taken_here)
    for sibling in page.get_siblings(inclusive=False).specific(defer=True):
        for code in (lang, SOURCE_LANGUAGE):
            value = getattr(sibling, localized("slug", code), None)
            if value:
                taken.add(value)
                break
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _apply(target, lang, new_slugs):
    """Set the translations on the object to write; return how many texts change.
    `new_slugs` ({parent path: slugs}) gathers the slugs this import gives pages."""
    obj, model = target.edit, type(target.edit)
    for field_name, text in target.plain.items():
        column = localized(field_name, lang)
        if (getattr(obj, column) or "") != text:
            setattr(obj, column, text)
            target.changed += 1
    for field_name, texts in target.stream.items():
        column = localized(field_name, lang)
        current = stream_segments(model, field_name, getattr(obj, column))
        changing = {p: t for p, t in texts.items() if current.get(p, ("", ""))[1] != t}
        if changing:
            source = getattr(obj, localized(field_name, SOURCE_LANGUAGE))
            setattr(
                obj, column, stream_with(model, field_name, source, getattr(obj, column), texts)
            )
            target.changed += len(changing)
    if target.is_page and target.changed and "title" in target.plain:
        slug_column = localized("slug", lang)
        if not getattr(obj, slug_column, None):
            siblings = new_slugs[target.live.path[: -target.live.steplen]]
            slug = _unique_slug(target.live, lang, target.plain["title"], siblings)
            if slug:
                setattr(obj, slug_column, slug)
                siblings.add(slug)
    return target.changed


@dataclass
class Entry:
    """One entry to import, whatever the file's format: what a polib.POEntry carries that the
    checks read. `problem` is what the format's reader already found wrong with it (such as
    XLIFF inline elements that are not the source's), or ""."""

    msgctxt: str | None
    msgid: str
    msgstr: str
    flags: list = field(default_factory=list)
    linenum: int | None = None
    obsolete: bool = False
    msgid_plural: str = ""
    problem: str = ""


def import_po(data, lang, user=None, publish=False):
    """Check every entry of a PO file, then write all its translations or none.

    Four steps: parse the file, check every entry (and, when publishing, every page), plan the
    objects to save (letting the models validate them), then write them in one transaction.
    Every problem found on the way is in the report; any problem stops before the write.
    """
    report = ImportReport(language=lang, publish=publish)
    po = _parse(data, lang, report)
    if po is None:
        return report
    return import_entries(po, report, user, publish)


def import_entries(entries, report, user=None, publish=False):
    """Steps 2 to 4 of an import, for the entries of any format (PO entries or Entry)."""
    lang = report.language
    targets = _Entries(lang, report).check_all(entries)
    if publish:
        _check_publishing(targets, user, report)
    to_save = _plan(targets, lang, report) if report.ok else []
    if not report.ok:
        report.written = report.unchanged = 0
        return report
    _write(to_save, user, publish, report)
    return report


def language_problem(lang):
    """Why `lang` cannot be imported into, or ""."""
    if lang not in dict(settings.LANGUAGES) or lang == SOURCE_LANGUAGE:
        return _("“%(language)s” is not a language to translate into.") % {"language": lang}
    return ""


def _parse(data, lang, report):
    """Step 1: the PO file, or None when it cannot be imported at all. A file declaring another
    language is reported, and its entries are still checked."""
    if language_problem(lang):
        report.error(language_problem(lang))
        return None
    po = _read(data, report)
    if po is None:
        return None
    declared = po.metadata.get("Language", "")
    if not _language_matches(declared, lang):
        report.error(
            _("The file is for language “%(declared)s”, not “%(language)s”.")
            % {"declared": declared or "?", "language": lang}
        )
    return po


class _Entries:
    """Step 2: checks every entry and gathers the texts to write, per object ({(model, pk):
    _Target}). A problem with an entry to write is an error; with a fuzzy or empty entry, which
    would not be written anyway, a note."""

    def __init__(self, lang, report):
        self.lang = lang
        self.report = report
        self.targets = {}
        self.missing = set()  # (model, pk) of objects that do not exist
        self.seen = {}  # context: line
        self.checker = checks.Checker(lang)

    def check_all(self, po):
        self.checker.prefetch(e.msgid for e in po if e.msgstr and not e.obsolete)
        for entry in po:
            if not entry.obsolete:
                self.report.entries += 1
                self.check(entry)
        return self.targets

    def check(self, entry):
        report, context, line = self.report, entry.msgctxt, entry.linenum
        problem = unsafe_markup(entry.msgstr) if entry.msgstr else ""
        if problem:
            report.error(problem, context, line)
        if entry.msgid_plural:
            report.error(_("Plural entries are not used by the portal."), context, line)
            return
        if context in self.seen:
            report.error(
                _("This context appears twice (first on line %(line)s).")
                % {"line": self.seen[context]},
                context,
                line,
            )
            return
        self.seen[context] = line
        parsed = _parse_context(context)
        if parsed is None:
            message = _("Unknown context: it does not name a translatable text of the portal.")
            self._problem(entry, message)
            return
        model, pk, field_name, path = parsed
        target = self._target(model, pk)
        if target is None:
            message = _("Unknown context: there is no %(model)s with id %(pk)s.") % {
                "model": model._meta.verbose_name,
                "pk": pk,
            }
            self._problem(entry, message)
            return
        to_write = self._to_write(entry)
        problems = _entry_problems(entry, (model, field_name, path), target, to_write)
        if not problems and getattr(entry, "problem", ""):
            problems = [entry.problem]
        for message in problems:
            self._problem(entry, message)
        if not problems:
            self._keep(entry, target, model, field_name, path)
        for warned, message in target.warnings:
            self.report.warnings.append(Problem(message, warned.msgctxt, warned.linenum))
        target.warnings = []

    @staticmethod
    def _to_write(entry):
        return "fuzzy" not in entry.flags and bool(entry.msgstr)

    def _problem(self, entry, message):
        problem = Problem(message, entry.msgctxt, entry.linenum)
        (self.report.errors if self._to_write(entry) else self.report.notes).append(problem)

    def _target(self, model, pk):
        """The object a context names, read once per import; None when there is none."""
        key = (model, pk)
        if key not in self.targets and key not in self.missing:
            obj = model._default_manager.filter(pk=pk).first()
            if obj is None or (isinstance(obj, Page) and type(obj) is not model):
                self.missing.add(key)
            else:
                self.targets[key] = _Target(obj, self.lang, self.checker)
        return self.targets.get(key)

    def _keep(self, entry, target, model, field_name, path):
        if "fuzzy" in entry.flags:
            self.report.skipped_fuzzy += 1
        elif not entry.msgstr:
            self.report.skipped_empty += 1
        else:
            if is_stream(model, field_name):
                target.stream[field_name][path] = entry.msgstr
            else:
                target.plain[field_name] = entry.msgstr
            self.report.written += 1


def _check_publishing(targets, user, report):
    """Step 2 too, when the import publishes: every page it changes can be published. A record
    the user may not publish is submitted to its workflow instead, so it needs one."""
    for target in targets.values():
        if not (target.has_drafts and (target.plain or target.stream)):
            continue
        if user is None or publishing.may_publish(target.live, user):
            continue
        if target.is_page:
            report.error(
                _("You may not publish this page: import without publishing."),
                target.context_line,
            )
        elif not target.live.has_workflow:
            report.error(
                _("You may not publish this record: import without publishing."),
                target.context_line,
            )


def _plan(targets, lang, report):
    """Step 3: set the translations on the objects and let the models check them, still before
    writing anything; the objects that change. Counts the texts that were already there."""
    to_save, new_slugs = [], defaultdict(set)
    for target in targets.values():
        try:
            changed = _apply(target, lang, new_slugs)
        except KeyError as exc:
            report.error(
                _("The stream no longer has a text at %(path)s.") % {"path": exc},
                target.context_line,
            )
            continue
        if not changed:
            continue
        try:
            target.edit.full_clean()
        except ValidationError as exc:
            for message in exc.messages:
                report.error(message, target.context_line)
            continue
        to_save.append(target)
    report.unchanged = report.written - sum(t.changed for t in to_save)
    report.written -= report.unchanged
    return to_save


def _write(to_save, user, publish, report):
    """Step 4: save every object in one transaction: pages and records with drafts as a new
    revision (published on request, or submitted to a record's workflow when the user may not
    publish it), other records directly. Any failure rolls everything back and is reported."""
    try:
        with transaction.atomic():
            for target in to_save:
                if target.has_drafts:
                    _write_revision(target, user, publish, report)
                else:
                    target.edit.save()
                    report.records_saved += 1
    except Exception as exc:  # noqa: BLE001 (any failure rolls everything back and is reported)
        report.error(
            _("Writing failed and every change was rolled back: %(reason)s") % {"reason": exc}
        )
        report.written = report.unchanged = 0
        report.pages_saved = report.pages_published = report.records_saved = 0
        report.records_published = report.records_submitted = 0


def _write_revision(target, user, publish, report):
    lang, obj, draft = report.language, target.live, target.edit
    published = publish and (user is None or publishing.may_publish(obj, user))
    if published:
        # This language only: a pending draft stays a draft (publishing.py).
        publishing.publish_language(obj, draft, lang, user, clean=False)
    else:
        publishing.save_language_draft(draft, lang, user, clean=False)
    if target.is_page:
        report.pages_saved += 1
        report.pages_published += published
        return
    report.records_saved += 1
    report.records_published += published
    if publish and not published:  # checked in step 2: the record has a workflow
        report.records_submitted += publishing.submit(obj, draft, user)
