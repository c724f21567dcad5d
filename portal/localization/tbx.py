"""The termbase as TBX (TermBase eXchange, ISO 30042), the format terminology tools exchange.

Export writes TBX-Basic's core structure: martif > text > body > termEntry (id "c<pk>", with
descrip type="subjectField" and "definition") > langSet xml:lang > tig > term, termNote
type="administrativeStatus" (preferredTerm-admn-sts, admittedTerm-admn-sts,
deprecatedTerm-admn-sts for a forbidden term) and note.

Import reads that structure (and TBX v3's conceptEntry > langSec > termSec), parsed only by
safexml.parse: no document type, no entities, nothing fetched. Every entry is checked first;
any problem (an unknown language, an empty term, markup, a duplicate) is reported with the
entry's id and line, and nothing is written. Then all entries are written in one transaction: an
entry whose id names an existing concept ("c42") replaces that concept's subject, definition and
terms; any other entry becomes a new concept.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from lxml import etree

from portal.localization import safexml, termbase
from portal.localization.markup import unsafe_markup
from portal.localization.models import Concept, Term
from portal.localization.reports import FileReport
from portal.localization.units import SOURCE_LANGUAGE

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STATUS_OUT = {
    Term.Status.PREFERRED: "preferredTerm-admn-sts",
    Term.Status.ADMITTED: "admittedTerm-admn-sts",
    Term.Status.FORBIDDEN: "deprecatedTerm-admn-sts",
}
STATUS_IN = {
    "preferredterm-admn-sts": Term.Status.PREFERRED,
    "preferred": Term.Status.PREFERRED,
    "admittedterm-admn-sts": Term.Status.ADMITTED,
    "admitted": Term.Status.ADMITTED,
    "deprecatedterm-admn-sts": Term.Status.FORBIDDEN,
    "supersededterm-admn-sts": Term.Status.FORBIDDEN,
    "deprecated": Term.Status.FORBIDDEN,
    "forbidden": Term.Status.FORBIDDEN,
}
LANGUAGE_ALIASES = {"no": "nb", "nob": "nb"}
DESCRIPS = {"subjectField", "definition"}
ENTRY_TAGS = {"termEntry", "conceptEntry"}
LANGSET_TAGS = {"langSet", "langSec"}
TERM_GROUP_TAGS = {"tig", "ntig", "termSec"}
MAX_TERM = Term._meta.get_field("text").max_length
MAX_SUBJECT = Concept._meta.get_field("subject").max_length
MAX_NOTE = Term._meta.get_field("note").max_length
ID = re.compile(r"^c(\d{1,18})$")


# --- Export ------------------------------------------------------------------------------------


def _sub(parent, tag, text=None, **attrs):
    element = etree.SubElement(parent, tag, {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        element.text = text
    return element


def _entry(body, concept):
    entry = _sub(body, "termEntry", id=f"c{concept.pk}")
    if concept.subject:
        _sub(entry, "descrip", concept.subject, type="subjectField")
    if concept.definition:
        _sub(entry, "descrip", concept.definition, type="definition")
    by_language = {}
    for term in concept.terms.all():
        by_language.setdefault(term.language, []).append(term)
    order = [code for code, _name in settings.LANGUAGES]
    for lang in sorted(by_language, key=lambda c: order.index(c) if c in order else len(order)):
        lang_set = _sub(entry, "langSet", **{XML_LANG: lang})
        for term in by_language[lang]:
            tig = _sub(lang_set, "tig")
            _sub(tig, "term", term.text)
            _sub(tig, "termNote", STATUS_OUT[term.status], type="administrativeStatus")
            if term.note:
                _sub(tig, "note", term.note)


def export_tbx():
    """The whole termbase as a TBX document (bytes, UTF-8)."""
    root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: SOURCE_LANGUAGE})
    header = _sub(root, "martifHeader")
    file_desc = _sub(header, "fileDesc")
    source_desc = _sub(file_desc, "sourceDesc")
    _sub(source_desc, "p", "Migration portal termbase")
    body = _sub(_sub(root, "text"), "body")
    for concept in Concept.objects.prefetch_related("terms").order_by("pk"):
        _entry(body, concept)
    return safexml.to_bytes(root)


# --- Import ------------------------------------------------------------------------------------


@dataclass
class TbxReport(FileReport):
    entries: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def error(self, message, entry="", line=None):
        """`entry`: the termEntry's id, or its position."""
        super().error(message, _("entry %(entry)s") % {"entry": entry} if entry else None, line)

    def written_summary(self):
        return _(
            "%(entries)s termbase entries read: %(created)s created, %(updated)s updated, "
            "%(unchanged)s unchanged."
        ) % {
            "entries": self.entries,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


@dataclass
class _Parsed:
    """One termEntry as read: where it is and what it says."""

    name: str  # its id, or "#<position>"
    line: int | None
    concept: Concept | None  # the existing concept its id names
    subject: str = ""
    definition: str = ""
    terms: list = field(default_factory=list)  # (language, text, status, note)


def _local(element):
    tag = element.tag
    if not isinstance(tag, str):
        return ""  # a comment or processing instruction
    return etree.QName(tag).localname


def _children(element, names):
    return [child for child in element if _local(child) in names]


def _language(code):
    code = (code or "").strip().lower().replace("_", "-")
    code = LANGUAGE_ALIASES.get(code, code)
    known = dict(settings.LANGUAGES)
    if code in known:
        return code
    base = LANGUAGE_ALIASES.get(code.split("-")[0], code.split("-")[0])
    return base if base in known else None


class _Reader:
    """Step 1 and 2: read every entry and check it; problems go to the report."""

    def __init__(self, report):
        self.report = report
        self.seen_ids = {}

    def text(self, element, what, parsed, limit=None):
        """The text of an element with no child elements and no markup; None if refused."""
        if len(element):
            self.problem(parsed, _("The %(what)s contains markup.") % {"what": what}, element)
            return None
        value = " ".join((element.text or "").split())
        if unsafe_markup(value) or "<" in value:
            self.problem(parsed, _("The %(what)s contains markup.") % {"what": what}, element)
            return None
        if limit and len(value) > limit:
            self.problem(
                parsed,
                _("The %(what)s is longer than %(limit)s characters.")
                % {"what": what, "limit": limit},
                element,
            )
            return None
        return value

    def problem(self, parsed, message, element=None):
        line = getattr(element, "sourceline", None) or parsed.line
        self.report.error(message, parsed.name, line)

    def entry(self, element, position):
        problems = len(self.report.errors)
        raw_id = (element.get("id") or "").strip()
        parsed = _Parsed(raw_id or f"#{position}", element.sourceline, None)
        self._identify(parsed, raw_id)
        for descrip in element.iter():
            if _local(descrip) == "descrip" and descrip.get("type") in {
                "subjectField",
                "definition",
            }:
                self._descrip(parsed, descrip)
        for lang_set in _children(element, LANGSET_TAGS):
            self._lang_set(parsed, lang_set)
        if not parsed.terms and len(self.report.errors) == problems:
            self.problem(parsed, _("The entry has no terms."))
        return parsed

    def _identify(self, parsed, raw_id):
        if not raw_id:
            return
        if raw_id in self.seen_ids:
            self.problem(
                parsed,
                _("This id appears twice (first on line %(line)s).")
                % {"line": self.seen_ids[raw_id]},
            )
        self.seen_ids.setdefault(raw_id, parsed.line)
        found = ID.match(raw_id)
        if found:
            parsed.concept = Concept.objects.filter(pk=int(found.group(1))).first()

    def _descrip(self, parsed, descrip):
        kind = descrip.get("type")
        limit = MAX_SUBJECT if kind == "subjectField" else 10_000
        value = self.text(descrip, _("subject") if kind == "subjectField" else _("definition"),
                          parsed, limit)  # fmt: skip
        if value is not None:
            setattr(parsed, "subject" if kind == "subjectField" else "definition", value)

    def _lang_set(self, parsed, lang_set):
        declared = lang_set.get(XML_LANG) or lang_set.get("lang") or ""
        lang = _language(declared)
        if lang is None:
            message = _("Unknown language “%(language)s”.") % {"language": declared or "?"}
            self.problem(parsed, message, lang_set)
            return
        for group in _children(lang_set, TERM_GROUP_TAGS):
            self._term(parsed, lang, group)

    def _term(self, parsed, lang, group):
        terms = [e for e in group.iter() if _local(e) == "term"]
        if len(terms) != 1:
            self.problem(parsed, _("Each term group needs exactly one term."), group)
            return
        text = self.text(terms[0], _("term"), parsed, MAX_TERM)
        if text is None:
            return
        if not text:
            self.problem(parsed, _("A term is empty."), terms[0])
            return
        status, note = Term.Status.PREFERRED, ""
        for element in group.iter():
            if _local(element) == "termNote" and element.get("type") == "administrativeStatus":
                value = (element.text or "").strip()
                if value.lower() not in STATUS_IN:
                    message = _("Unknown status “%(status)s”.") % {"status": value[:80]}
                    self.problem(parsed, message, element)
                    return
                status = STATUS_IN[value.lower()]
            elif _local(element) == "note":
                note = self.text(element, _("note"), parsed, MAX_NOTE) or ""
        if any(t[0] == lang and t[1].lower() == text.lower() for t in parsed.terms):
            message = _("The term “%(term)s” appears twice in this language.") % {"term": text}
            self.problem(parsed, message, terms[0])
            return
        parsed.terms.append((lang, text, status, note))


def _entries(root, report):
    if _local(root) not in {"martif", "tbx"}:
        report.error(_("This is not a TBX file (its root element is <%(tag)s>).")
                     % {"tag": _local(root)[:40]})  # fmt: skip
        return []
    reader = _Reader(report)
    found = [e for e in root.iter() if _local(e) in ENTRY_TAGS]
    if not found:
        report.error(_("The file has no termbase entries (termEntry)."))
    return [reader.entry(element, position) for position, element in enumerate(found, 1)]


def _current(concept):
    terms = {(t.language, t.text, t.status, t.note) for t in concept.terms.all()}
    return (concept.subject, concept.definition, terms)


def _write(parsed_entries, report):
    with transaction.atomic():
        for parsed in parsed_entries:
            concept = parsed.concept
            wanted = (parsed.subject, parsed.definition, set(parsed.terms))
            if concept is not None and _current(concept) == wanted:
                report.unchanged += 1
                continue
            if concept is None:
                concept = Concept(subject=parsed.subject, definition=parsed.definition)
                report.created += 1
            else:
                concept.subject, concept.definition = parsed.subject, parsed.definition
                report.updated += 1
            concept.save()
            Term.objects.filter(concept=concept).delete()
            Term.objects.bulk_create(
                Term(concept=concept, language=lang, text=text, status=status, note=note)
                for lang, text, status, note in parsed.terms
            )
    termbase.forget()


def import_tbx(data):
    """Check every entry of a TBX file, then write them all or none; a TbxReport."""
    report = TbxReport()
    try:
        root = safexml.parse(data)
    except safexml.UnsafeXML as exc:
        report.error(str(exc))
        return report
    parsed_entries = _entries(root, report)
    report.entries = len(parsed_entries)
    if report.ok:
        try:
            _write(parsed_entries, report)
        except Exception as exc:  # noqa: BLE001 (rolled back and reported)
            report.created = report.updated = report.unchanged = 0
            report.error(
                _("Writing failed and every change was rolled back: %(reason)s") % {"reason": exc}
            )
    return report
