"""Quality checks of one translated unit: one implementation for the translator's editor, PO
(and XLIFF) import, the dashboard and `manage.py check_translations`.

    findings = check_unit(source, target, "fr", "richtext", max_length=255)
    errors = [f for f in findings if f.is_error]      # refuse the save or the import
    warnings = [f for f in findings if not f.is_error]  # show them; the text is saved anyway

Errors: markup that could run in a browser, rich text whose tags or links differ from the
source's, a text longer than its field allows. Warnings: an approved term of the source whose
translation is missing, a forbidden term, numbers, URLs or e-mail addresses that differ, spaces
at either end or final punctuation that differ, a long text left as its source, and (with a
`Checker` that knows the site's translations) the same source translated another way elsewhere.

Many units in one language: make one `Checker(lang)`, `prefetch()` their sources, then `check()`
each; it reads the termbase and the translation memory once.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from portal.localization import termbase
from portal.localization.markup import tag_problem, unsafe_markup
from portal.localization.memory import plain
from portal.localization.models import MemoryEntry
from portal.localization.units import SOURCE_LANGUAGE, fingerprint

ERROR, WARNING = "error", "warning"
IDENTICAL_MIN_CHARS, IDENTICAL_MIN_WORDS = 40, 5

NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d+)*")
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'«»]+", re.IGNORECASE)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
CLOSERS = "\"'»”’)]›"
FINAL = {".": ".", "!": "!", "?": "?", ":": ":", ";": ";", "…": "…"}


@dataclass(frozen=True)
class Finding:
    level: str  # "error" or "warning"
    code: str  # e.g. "tags", "term-missing"
    message: str

    @property
    def is_error(self):
        return self.level == ERROR

    def __str__(self):
        return self.message


def errors(findings):
    return [f for f in findings if f.is_error]


def warnings(findings):
    return [f for f in findings if not f.is_error]


# --- Errors ------------------------------------------------------------------------------------


def _errors(source, target, kind, max_length):
    unsafe = unsafe_markup(target)
    if unsafe:
        return [Finding(ERROR, "unsafe-markup", unsafe)]
    found = []
    if kind == "richtext":
        problem = tag_problem(source, target)
        if problem:
            found.append(Finding(ERROR, "tags", problem))
    if max_length and len(target) > max_length:
        found.append(
            Finding(
                ERROR,
                "too-long",
                _("At most %(max)d characters, this has %(count)d.")
                % {"max": max_length, "count": len(target)},
            )
        )
    return found


# --- Warnings on the text itself ---------------------------------------------------------------


def _numbers(text):
    return sorted(re.sub(r"\D", "", n) for n in NUMBER.findall(text))


def _links(text):
    found = {u.rstrip(".,;:!?)»”’") for u in URL.findall(text)}
    return found | {e.lower() for e in EMAIL.findall(text)}


def _final(text):
    stripped = text.rstrip().rstrip(CLOSERS).rstrip()
    if stripped.endswith("..."):
        return "…"
    return FINAL.get(stripped[-1:], "")


def _listed(items):
    return ", ".join(sorted(items)) or "-"


def _number_findings(source, target):
    expected, found = _numbers(source), _numbers(target)
    if expected == found:
        return []
    return [
        Finding(
            WARNING,
            "numbers",
            _("The numbers differ from the English text: %(expected)s there, %(found)s here.")
            % {"expected": _listed(set(expected)), "found": _listed(set(found))},
        )
    ]


def _link_findings(source, target):
    expected, found = _links(source), _links(target)
    if expected == found:
        return []
    return [
        Finding(
            WARNING,
            "links",
            _(
                "The web and e-mail addresses differ from the English text: %(expected)s there, "
                "%(found)s here."
            )
            % {"expected": _listed(expected), "found": _listed(found)},
        )
    ]


def _edge_findings(raw_source, raw_target, source, target):
    found = []
    if (raw_source[:1].isspace(), raw_source[-1:].isspace()) != (
        raw_target[:1].isspace(),
        raw_target[-1:].isspace(),
    ):
        found.append(
            Finding(
                WARNING,
                "spaces",
                _("Spaces at the start or end differ from the English text."),
            )
        )
    expected, ending = _final(source), _final(target)
    if expected != ending:
        found.append(
            Finding(
                WARNING,
                "punctuation",
                _("The English text ends with “%(expected)s”, this translation with “%(found)s”.")
                % {"expected": expected or _("no punctuation"), "found": ending or _("none")},
            )
        )
    return found


def _identical(source, target):
    if (
        source.strip() == target.strip()
        and len(source) >= IDENTICAL_MIN_CHARS
        and len(source.split()) >= IDENTICAL_MIN_WORDS
    ):
        return [
            Finding(WARNING, "untranslated", _("The translation is the same as the English text."))
        ]
    return []


# --- Warnings from the termbase ----------------------------------------------------------------


def _term_findings(index, source, target, kind):
    found = []
    for hit in index.terms_in(source, kind):
        if hit.approved and not index.uses(target, hit.approved, kind):
            found.append(
                Finding(
                    WARNING,
                    "term-missing",
                    _("“%(term)s” should be translated as “%(approved)s”.")
                    % {"term": hit.source_term, "approved": " / ".join(hit.approved)},
                )
            )
    for term, approved in index.forbidden_in(target, kind):
        message = _("“%(term)s” is a forbidden term.") % {"term": term}
        if approved:
            message += " " + _("Use “%(approved)s”.") % {"approved": " / ".join(approved)}
        found.append(Finding(WARNING, "term-forbidden", message))
    return found


# --- The checker -------------------------------------------------------------------------------


class Checker:
    """Checks units translated into one language. With `consistency`, a unit also gets a warning
    when the site's published translations (the translation memory) translate its source text
    differently elsewhere."""

    def __init__(self, lang, consistency=True):
        self.lang = lang
        self.terms = termbase.index(lang)
        self.consistency = consistency
        self._others = {}  # source hash: [(place, translation)]

    def prefetch(self, sources):
        """Read the memory's translations of these source texts, in one query per 500."""
        if not self.consistency:
            return
        hashes = list({fingerprint(s) for s in sources} - set(self._others))
        for start in range(0, len(hashes), 500):
            chunk = hashes[start : start + 500]
            for digest in chunk:
                self._others[digest] = []
            self.add_translations(
                MemoryEntry.objects.filter(
                    source_language=SOURCE_LANGUAGE,
                    target_language=self.lang,
                    kind=MemoryEntry.Kind.UNIT,
                    source_hash__in=chunk,
                ).values_list(
                    "source_hash", "content_type_id", "object_id", "field", "path", "target_text"
                )  # fmt: skip
            )

    def add_translations(self, rows):
        """Know these (source hash, content type id, object id, field, path, translation)."""
        for digest, *place, text in rows:
            self._others.setdefault(digest, []).append((tuple(place), text.strip()))

    def check(self, source, target, kind="text", max_length=None, context=None):
        """The findings of one unit, errors first. `context` is (content type id, object id,
        field, path) of the unit, so that its own published translation is not "elsewhere"."""
        if not target:
            return []
        found = _errors(source, target, kind, max_length)
        if found and found[0].code == "unsafe-markup":
            return found
        plain_source, plain_target = plain(source, kind), plain(target, kind)
        found += _term_findings(self.terms, source, target, kind)
        found += _number_findings(plain_source, plain_target)
        found += _link_findings(plain_source, plain_target)
        found += _edge_findings(source, target, plain_source, plain_target)
        found += _identical(plain_source, plain_target)
        found += self._consistency(source, target, context)
        return found

    def _consistency(self, source, target, context):
        if not self.consistency:
            return []
        digest = fingerprint(source)
        if digest not in self._others:
            self.prefetch([source])
        others = {
            text
            for place, text in self._others.get(digest, [])
            if place != context and text and text != target.strip()
        }
        if not others:
            return []
        return [
            Finding(
                WARNING,
                "inconsistent",
                _("The same English text is translated differently elsewhere: “%(other)s”.")
                % {"other": sorted(others)[0][:200]},
            )
        ]


def errors_of(source, target, kind="text", max_length=None):
    """Only the errors of one unit (no termbase or memory look-up): what refuses a save."""
    return _errors(source, target, kind, max_length) if target else []


def check_unit(source, target, lang, kind="text", max_length=None, context=None):  # noqa: PLR0913
    """The findings of one translated unit (see the module's docstring)."""
    return Checker(lang).check(source, target, kind, max_length, context)
