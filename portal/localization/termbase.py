"""The termbase, looked up: which concepts a source text mentions, and what a translation must
(or must not) say for them.

A concept (models.Concept) has terms per language: preferred and admitted ones are approved,
forbidden ones are to be avoided ("illegal migrant" where the concept's preferred term is
"irregular migrant"). `terms_in(source, lang)` finds the concepts whose approved English terms
occur in a source text (case-insensitive, on word boundaries, in the plain text of rich text,
with an English plural "s"/"es"); `Index.forbidden_in(text)` finds forbidden terms of a language
in a translation; `Index.uses(text, terms)` tells whether a translation uses one of the terms.

Translations are matched loosely, since most languages inflect: each word of a term longer than
five letters may end differently in its last two letters ("sopimus" finds "sopimuksen",
"illégal" finds "illégaux").

Every language has one `Index`, built from the whole termbase (a few hundred concepts at most)
with one compiled expression, and kept in this process until the termbase changes (its
signature: how many terms, the last change of a concept); a whole-site check builds each once.
"""

import re
import threading
from dataclasses import dataclass, field

from django.db.models import Count, Max

from portal.localization.memory import plain
from portal.localization.models import Concept, Term
from portal.localization.units import SOURCE_LANGUAGE

APPROVED = (Term.Status.PREFERRED, Term.Status.ADMITTED)
PLURAL = r"(?:s|es|'s|’s)?"
LOOSE_FROM = 6  # words this long may inflect (their last two letters may differ)

_cache = threading.local()


@dataclass(frozen=True)
class Hit:
    """A concept found in a source text, with its terms in the target language."""

    concept_id: int
    source_term: str  # the English term as the termbase spells it
    approved: tuple  # preferred terms first, then admitted
    forbidden: tuple
    definition: str = ""


@dataclass
class _Concept:
    pk: int
    definition: str
    terms: dict = field(default_factory=dict)  # language: [(status, text)]

    def texts(self, lang, statuses):
        found = [(s, t) for s, t in self.terms.get(lang, []) if s in statuses]
        found.sort(key=lambda pair: (list(statuses).index(pair[0]), pair[1].lower()))
        return tuple(text for _status, text in found)


def _words(text):
    return " ".join(re.findall(r"\w+", text))


def _tokens(term):
    return re.findall(r"\w+", term)


def _exact(term):
    """A source-language term: its words as written, separated by anything but letters, maybe
    plural."""
    return r"\W+".join(re.escape(word) for word in _tokens(term)) + PLURAL


def _loose(term):
    """A term of a translation: long words may inflect."""
    parts = []
    for word in _tokens(term):
        if len(word) >= LOOSE_FROM:
            parts.append(re.escape(word[:-2]) + r"\w{0,6}")
        else:
            parts.append(re.escape(word) + (r"\w{0,3}" if word.isalpha() else ""))
    return r"\W+".join(parts)


def _bounded(alternatives):
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


class Index:
    """The termbase for one target language."""

    def __init__(self, lang, concepts):
        self.lang = lang
        self.concepts = concepts
        self._by_source = {}  # lower-cased English term: [concept]
        for concept in concepts:
            for text in concept.texts(SOURCE_LANGUAGE, APPROVED):
                self._by_source.setdefault(_words(text).lower(), []).append((concept, text))
        terms = sorted(self._by_source, key=len, reverse=True)
        self._source = _bounded(_exact(t) for t in terms) if terms else None
        self._forbidden = [
            (concept, text, _bounded([_loose(text)]))
            for concept in concepts
            for text in concept.texts(lang, (Term.Status.FORBIDDEN,))
        ]
        alternatives = [_loose(text) for _c, text, _p in self._forbidden]
        self._any_forbidden = _bounded(alternatives) if alternatives else None
        self._patterns = {}

    def terms_in(self, source, kind="text"):
        """The concepts whose approved English terms occur in `source`, in order of appearance."""
        if self._source is None or not source:
            return []
        hits, seen = [], set()
        for match in self._source.finditer(plain(source, kind)):
            for concept, text in self._find(_words(match.group(0)).lower()):
                if concept.pk in seen:
                    continue
                seen.add(concept.pk)
                hits.append(
                    Hit(
                        concept.pk,
                        text,
                        concept.texts(self.lang, APPROVED),
                        concept.texts(self.lang, (Term.Status.FORBIDDEN,)),
                        concept.definition,
                    )
                )
        return hits

    def _find(self, found):
        for candidate in (found, found[:-1], found[:-2], found[:-2].rstrip("'’")):
            if candidate in self._by_source:
                return self._by_source[candidate]
        return []

    def forbidden_in(self, text, kind="text"):
        """[(forbidden term, the concept's approved terms in this language)] found in `text`."""
        if self._any_forbidden is None or not text:
            return []
        text = plain(text, kind)
        if not self._any_forbidden.search(text):
            return []
        return [
            (term, concept.texts(self.lang, APPROVED))
            for concept, term, pattern in self._forbidden
            if pattern.search(text)
        ]

    def uses(self, text, terms, kind="text"):
        """Whether `text` uses one of `terms` (loosely: inflected forms count)."""
        text = plain(text, kind)
        for term in terms:
            pattern = self._patterns.get(term)
            if pattern is None:
                pattern = self._patterns[term] = _bounded([_loose(term)])
            if pattern.search(text):
                return True
        return False


def signature():
    """What changes whenever the termbase does: one query."""
    concepts = Concept.objects.aggregate(count=Count("pk"), changed=Max("updated_at"))
    terms = Term.objects.aggregate(count=Count("pk"), last=Max("pk"))
    return (concepts["count"], concepts["changed"], terms["count"], terms["last"])


def _load():
    concepts = {}
    for concept in Concept.objects.only("pk", "definition"):
        concepts[concept.pk] = _Concept(concept.pk, concept.definition)
    for concept_id, lang, text, status in Term.objects.values_list(
        "concept_id", "language", "text", "status"
    ):
        if concept_id in concepts and text.strip():
            concepts[concept_id].terms.setdefault(lang, []).append((status, text.strip()))
    return list(concepts.values())


def index(lang):
    """The termbase index of `lang`, rebuilt when the termbase has changed."""
    current = signature()
    if getattr(_cache, "signature", None) != current:
        _cache.signature, _cache.concepts, _cache.indexes = current, _load(), {}
    found = _cache.indexes.get(lang)
    if found is None:
        found = _cache.indexes[lang] = Index(lang, _cache.concepts)
    return found


def forget():
    """Drop the indexes kept in this thread (after the termbase was written)."""
    _cache.signature = None


def terms_in(source_text, lang, kind="text"):
    """The concepts whose English (preferred or admitted) terms occur in `source_text`, each with
    its approved and forbidden terms in `lang`."""
    return index(lang).terms_in(source_text, kind)


def _forget(**kwargs):
    forget()


def connect():
    """Drop the indexes of this thread as soon as it writes the termbase (other processes see
    the change through the signature)."""
    from django.db.models.signals import post_delete, post_save

    for model in (Concept, Term):
        post_save.connect(_forget, sender=model, dispatch_uid=f"termbase-{model.__name__}")
        post_delete.connect(_forget, sender=model, dispatch_uid=f"termbase-del-{model.__name__}")
