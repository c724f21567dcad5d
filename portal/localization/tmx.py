"""TMX export and import of the translation memory, so an organisation brings the memory it has.

`export_tmx(lang=None)` writes one translation unit per distinct pair of texts (English and one
target language; every target language when `lang` is None) with translate-toolkit's TMX writer,
without the document type declaration it adds (tmx14.dtd), so the file reads back through
safexml.

`import_tmx(data, lang=None)` reads a file in four steps, as the PO import does: parse (safexml:
no document type, no entities, a size limit), check every translation unit (its languages must be
the portal's, each with text, the English text present, no script or event handler anywhere),
plan (a pair already in the memory or earlier in the file is skipped and counted), write all
entries in one transaction with origin "imported". One refused unit refuses the file, with a
message naming the unit by its position and line, and nothing is changed.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from lxml import etree
from translate.storage.tmx import tmxfile

from portal.localization import safexml
from portal.localization.markup import unsafe_markup
from portal.localization.memory import language_pair
from portal.localization.models import MemoryEntry
from portal.localization.readable import Readable
from portal.localization.units import SOURCE_LANGUAGE, fingerprint, target_languages

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ALIASES = {"no": "nb", "nob": "nb"}  # older or three-letter names of Norwegian Bokmål
MAX_PROBLEMS = 20
CHUNK = 500


# --- Export ------------------------------------------------------------------------------------


def _pairs(lang, user):
    """(source, target language, target) of the memory, distinct, those `user` may read."""
    entries = MemoryEntry.objects.filter(source_language=SOURCE_LANGUAGE)
    if lang is not None:
        entries = entries.filter(target_language=lang)
    readable = Readable.of(user)
    if readable.everything:
        fields = ("source_text", "target_language", "target_text")
        ordered = entries.order_by("target_language", "source_text", "target_text")
        yield from ordered.values_list(*fields).distinct().iterator()
        return
    entries = entries.order_by("target_language", "source_text", "target_text", "pk")
    seen = set()
    entries = entries.only(
        "source_text", "target_language", "target_text", "content_type", "object_id"
    )
    batch = []
    for entry in entries.iterator(chunk_size=CHUNK):
        batch.append(entry)
        if len(batch) == CHUNK:
            yield from _new_pairs(readable.keep(batch), seen)
            batch = []
    yield from _new_pairs(readable.keep(batch), seen)


def _new_pairs(entries, seen):
    for entry in entries:
        pair = (entry.source_text, entry.target_language, entry.target_text)
        if pair not in seen:
            seen.add(pair)
            yield pair


def export_tmx(lang=None, user=None):
    """The memory's pairs as TMX bytes: English into `lang`, or into every target language;
    with a `user`, only the entries they may read (readable.py)."""
    store = tmxfile(sourcelanguage=SOURCE_LANGUAGE)
    for source, target_language, target in _pairs(lang, user):
        store.addtranslation(source, SOURCE_LANGUAGE, target, target_language)
    return safexml.to_bytes(store.document.getroot())


# --- Import ------------------------------------------------------------------------------------


@dataclass
class TMXReport:
    ok: bool = False
    created: dict = field(default_factory=dict)  # language: entries created
    duplicates: int = 0
    problems: list = field(default_factory=list)

    @property
    def total(self):
        return sum(self.created.values())

    def summary(self):
        return _(
            "%(created)d translation memory entries imported, %(duplicates)d duplicates skipped."
        ) % {"created": self.total, "duplicates": self.duplicates}


class Refused(ValueError):
    """One translation unit cannot be imported; the message names it."""


def language_code(value):
    """The portal's code for a TMX language ("nb-NO" → "nb", "EN-us" → "en"), or None."""
    primary = (value or "").strip().replace("_", "-").split("-")[0].lower()
    primary = ALIASES.get(primary, primary)
    return primary if primary in dict(settings.LANGUAGES) else None


def segment_text(tuv):
    """The text of a tuv's seg, inline codes (bpt, ept, ph, it) as the markup they stand for."""
    seg = tuv.find("seg")
    return "" if seg is None else "".join(seg.itertext())


def _where(position, tu):
    return _("translation unit %(number)d (line %(line)s)") % {
        "number": position,
        "line": tu.sourceline or "?",
    }


def _texts(position, tu):
    """{language: text} of one tu, or Refused."""
    texts = {}
    for tuv in tu.iter("tuv"):
        raw = tuv.get(XML_LANG) or tuv.get("lang")
        lang = language_code(raw)
        if lang is None:
            raise Refused(
                _("%(where)s: the language “%(lang)s” is not one of the portal's.")
                % {"where": _where(position, tu), "lang": raw or "?"}
            )
        text = segment_text(tuv).strip()
        if not text:
            raise Refused(
                _("%(where)s: the %(lang)s text is empty.")
                % {"where": _where(position, tu), "lang": lang}
            )
        unsafe = unsafe_markup(text)
        if unsafe:
            raise Refused(f"{_where(position, tu)} ({lang}): {unsafe}")
        texts[lang] = text
    if SOURCE_LANGUAGE not in texts:
        raise Refused(
            _("%(where)s: it has no %(lang)s text.")
            % {"where": _where(position, tu), "lang": SOURCE_LANGUAGE}
        )
    return texts


def _read(root, lang, report):
    """[(source, target language, target)] of every tu, or problems in the report."""
    if etree.QName(root).localname != "tmx" or root.find("body") is None:
        report.problems.append(_("This is not a TMX file (no <tmx> with a <body>)."))
        return []
    wanted = [lang] if lang else target_languages()
    pairs = []
    for position, tu in enumerate(root.find("body").iter("tu"), start=1):
        try:
            texts = _texts(position, tu)
        except Refused as refused:
            report.problems.append(str(refused))
            if len(report.problems) >= MAX_PROBLEMS:
                break
            continue
        source = texts[SOURCE_LANGUAGE]
        pairs += [(source, code, texts[code]) for code in wanted if code in texts]
    return pairs


def _existing(pairs):
    """{(language, source, target)} of the file's pairs that the memory holds already."""
    hashes = {}
    for source, lang, _target in pairs:
        hashes.setdefault(lang, set()).add(fingerprint(source))
    found = set()
    for lang, unsorted in hashes.items():
        wanted = sorted(unsorted)
        for start in range(0, len(wanted), CHUNK):
            rows = language_pair(lang).filter(source_hash__in=wanted[start : start + CHUNK])
            found.update(
                (lang, source, target)
                for source, target in rows.values_list("source_text", "target_text")
            )
    return found


def _plan(pairs, report):
    """The entries to create: pairs neither in the memory already nor earlier in the file."""
    entries, seen = [], _existing(pairs)
    for source, lang, target in pairs:
        key = (lang, source, target)
        if key in seen:
            report.duplicates += 1
            continue
        seen.add(key)
        entries.append(
            MemoryEntry(
                source_language=SOURCE_LANGUAGE,
                target_language=lang,
                source_text=source,
                target_text=target,
                source_hash=fingerprint(source),
                kind=MemoryEntry.Kind.UNIT,
                origin=MemoryEntry.Origin.IMPORTED,
            )
        )
    return entries


def import_tmx(data, lang=None):
    """Import a TMX file's pairs (into `lang` only, or every target language); all or nothing."""
    report = TMXReport()
    try:
        root = safexml.parse(data)
    except safexml.UnsafeXML as refused:
        report.problems.append(str(refused))
        return report
    pairs = _read(root, lang, report)
    if report.problems:
        return report
    with transaction.atomic():
        entries = _plan(pairs, report)
        MemoryEntry.objects.bulk_create(entries, batch_size=500)
    for entry in entries:
        report.created[entry.target_language] = report.created.get(entry.target_language, 0) + 1
    report.ok = True
    return report
