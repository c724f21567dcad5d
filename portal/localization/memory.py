"""The translation memory: every published translation, found again for the next text like it.

Filled from published translations (`remember`, called with the translation states on every
publish and record save, and `rebuild` for a whole site), one entry per translation unit and, for
a unit whose source and translation have as many sentences, one per sentence: an edited paragraph
still finds its unchanged sentences. Only translations that are not outdated are remembered: an
outdated one translates a source text that is no longer there.

Looking up (`suggestions`) gives the best matches for a source text in one target language:

- in-context (101): the same object, field and path, with the same source text;
- exact (100): the same source text anywhere;
- fuzzy (the threshold, TRANSLATION_MEMORY_FUZZY_THRESHOLD, to 99): a similar source text,
  scored by rapidfuzz's ratio. On PostgreSQL, pg_trgm finds the candidates with its index-backed
  similarity (ids and texts only, scored with rapidfuzz, the best read whole); on SQLite every
  entry of the language pair within the length window is a candidate.
"""

import bisect
import copy
import html
import logging
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length
from django.utils.html import strip_tags
from rapidfuzz import fuzz, process
from sentence_splitter import SentenceSplitter

from portal.localization.models import MemoryEntry
from portal.localization.readable import Readable
from portal.localization.status import outdated_in_every_language
from portal.localization.units import (
    SOURCE_LANGUAGE,
    content_models,
    fingerprint,
    specific_objects,
    target_languages,
    units,
)

logger = logging.getLogger(__name__)

IN_CONTEXT = 101  # ranks above an exact match from elsewhere
EXACT = 100
# The Moses splitter's name of a language, where it differs from the portal's code.
SPLITTER_LANGUAGES = {"nb": "no", "nn": "no"}
# pg_trgm's similarity (0 to 1) below which a PostgreSQL candidate is not worth scoring: for
# texts of SHORT_TEXT characters or more, and for shorter ones. Chosen with bench/memory.py, which
# checks that the best three matches are those of rapidfuzz over every entry.
TRIGRAM_FLOOR = 0.65
TRIGRAM_FLOOR_SHORT = 0.5
SHORT_TEXT = 40
MAX_SIMILAR = 5000  # texts pg_trgm finds similar that are scored, at most
MAX_CANDIDATES = 50  # entries read whole, the best scored

_splitters = {}
BLOCK_END = re.compile(r"(</(?:p|li|h[1-6]|div|blockquote|ul|ol)>|<br\s*/?>)", re.IGNORECASE)
ONE_BLOCK = re.compile(r"^\s*(<(p|h[1-6]|li)(?:\s[^<>]*)?>)([^<>]*)(</\2>)\s*$", re.S)


def threshold():
    return settings.TRANSLATION_MEMORY_FUZZY_THRESHOLD


# --- Sentences -------------------------------------------------------------------------------


def plain(text, kind="text"):
    """The text a reader sees: rich text without its tags and entities, its blocks and line
    breaks apart (a paragraph's last sentence does not run into the next one's first)."""
    if kind != "richtext":
        return text
    return " ".join(html.unescape(strip_tags(BLOCK_END.sub(r"\1 ", text))).split())


def one_block(source):
    """(text, opening tag, closing tag) of rich text that is one block of plain text, such as
    "<p>A sentence.</p>", or None. Its text alone may be in the memory, as a sentence of another
    paragraph or as a plain field: a match for it is a match for the block."""
    found = ONE_BLOCK.match(source or "")
    if found is None:
        return None
    return html.unescape(found.group(3)).strip(), found.group(1), found.group(4)


def wrapped(match, opening, closing):
    """A match for a block's text as a match for the block: its texts inside the block's tags
    (an unsaved copy of the entry, so the memory itself is unchanged)."""
    entry = copy.copy(match.entry)
    entry.source_text = opening + html.escape(entry.source_text, quote=False) + closing
    entry.target_text = opening + html.escape(entry.target_text, quote=False) + closing
    entry.kind = MemoryEntry.Kind.UNIT  # now the whole text of a unit, markup included
    return Match(match.score, entry, match.sentences)


def with_block_texts(wanted):
    """`wanted` ({key: (source, context)}) and, for each one-block rich text, its text under the
    key ("block", key); with {that key: (key, opening, closing)} to fold matches back."""
    expanded, blocks = dict(wanted), {}
    for key, (source, context) in wanted.items():
        block = one_block(source)
        if block is not None and block[0]:
            expanded["block", key] = (block[0], context)
            blocks["block", key] = (key, block[1], block[2])
    return expanded, blocks


def fold(found, blocks):
    """{key: Match} of the keys asked for, a block's text's match counting for the block when it
    is better."""
    result = {key: match for key, match in found.items() if key not in blocks}
    for key, (original, opening, closing) in blocks.items():
        if key in found:
            match = wrapped(found[key], opening, closing)
            if original not in result or match.score > result[original].score:
                result[original] = match
    return result


def sentences(text, lang):
    code = SPLITTER_LANGUAGES.get(lang, lang)
    splitter = _splitters.get(code)
    if splitter is None:
        splitter = _splitters[code] = SentenceSplitter(language=code)
    return [s for s in splitter.split(text) if s.strip()]


def sentence_pairs(source, target, kind, lang):
    """Sentence by sentence, when source and translation have as many sentences (two or more)."""
    source_sentences = sentences(plain(source, kind), SOURCE_LANGUAGE)
    if len(source_sentences) < 2:  # noqa: PLR2004 - one sentence is the unit itself
        return []
    target_sentences = sentences(plain(target, kind), lang)
    if len(target_sentences) != len(source_sentences):
        return []
    return list(zip(source_sentences, target_sentences, strict=True))


# --- Filling ---------------------------------------------------------------------------------


def entries_for(obj, lang, content_type, outdated):
    """The memory entries of `obj`'s translations into `lang`, but its `outdated` fields."""
    where = {"content_type": content_type, "object_id": obj.pk}
    pair = {"source_language": SOURCE_LANGUAGE, "target_language": lang}
    for unit in units(obj, lang):
        if unit.field in outdated or not unit.target.strip():
            continue
        place = {**where, "field": unit.field, "path": unit.path}
        yield MemoryEntry(
            **pair, **place, source_text=unit.source, target_text=unit.target,
            source_hash=fingerprint(unit.source), kind=MemoryEntry.Kind.UNIT,
        )  # fmt: skip
        for source, target in sentence_pairs(unit.source, unit.target, unit.kind, lang):
            yield MemoryEntry(
                **pair, **place, source_text=source, target_text=target,
                source_hash=fingerprint(source), kind=MemoryEntry.Kind.SENTENCE,
            )  # fmt: skip


@transaction.atomic
def remember(obj):
    """Replace what the memory holds of `obj`'s published translations with its current ones."""
    content_type = ContentType.objects.get_for_model(type(obj))
    outdated = outdated_in_every_language(obj)
    MemoryEntry.objects.filter(
        content_type=content_type, object_id=obj.pk, origin=MemoryEntry.Origin.PUBLISHED
    ).delete()
    MemoryEntry.objects.bulk_create(
        entry
        for lang in target_languages()
        for entry in entries_for(obj, lang, content_type, outdated[lang])
    )


def remember_safely(obj):
    """For signal receivers: the memory must never break a publish or a save."""
    try:
        remember(obj)
    except Exception:  # noqa: BLE001
        logger.exception("Could not add the translations of %r to the translation memory", obj)


def rebuild():
    """Fill the memory from every published translation of the site; returns the entry count."""
    for model in content_models():
        for obj in specific_objects(model).iterator():
            if getattr(obj, "live", True):
                remember(obj)
    return MemoryEntry.objects.count()


# --- Looking up ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    score: int  # IN_CONTEXT, EXACT or the fuzzy score
    entry: MemoryEntry
    sentences: tuple = ()  # put together from sentences: (how many found, how many in all)

    @property
    def kind(self):
        if self.score == IN_CONTEXT:
            return "in-context"
        return "exact" if self.score == EXACT else "fuzzy"


def language_pair(lang):
    return MemoryEntry.objects.filter(source_language=SOURCE_LANGUAGE, target_language=lang)


def length_window(source, ratio):
    """The lengths a text may have to reach rapidfuzz's ratio `ratio` (0 to 1) with `source`."""
    return int(len(source) * ratio / (2 - ratio)), int(len(source) * (2 - ratio) / ratio) + 1


def trigram_floor(source):
    """pg_trgm's similarity below which a candidate is not worth scoring: a short text loses a
    larger share of its few trigrams to one changed word, so it gets a lower floor."""
    return TRIGRAM_FLOOR_SHORT if len(source) < SHORT_TEXT else TRIGRAM_FLOOR


def _similar_on_postgresql(source, entries):
    """The best MAX_CANDIDATES of `entries` by rapidfuzz, among those pg_trgm finds similar.

    The % operator (similarity above pg_trgm.similarity_threshold) is what the trigram GIN index
    answers. Only ids and source texts are read, and scored here (rapidfuzz is faster than
    ordering by SIMILARITY() in the query); then the best entries are read whole."""
    with connection.cursor() as cursor:
        cursor.execute("SET pg_trgm.similarity_threshold = %s", [trigram_floor(source)])
    similar = RawSQL('"portal_memoryentry"."source_text" %% %s', [source], BooleanField())
    texts = dict(entries.filter(similar).values_list("pk", "source_text")[:MAX_SIMILAR])
    best = process.extract(
        source, texts, scorer=fuzz.ratio, score_cutoff=threshold(), limit=MAX_CANDIDATES
    )
    return MemoryEntry.objects.filter(pk__in=[pk for _text, _points, pk in best])


def candidates(source, lang):
    """Entries with the same source text (by its indexed hash), then entries of the language
    pair that may be like it: on PostgreSQL the best MAX_CANDIDATES of those pg_trgm finds."""
    yield from language_pair(lang).filter(source_hash=fingerprint(source))
    low, high = length_window(source, threshold() / 100)
    entries = language_pair(lang).annotate(length=Length("source_text"))
    entries = entries.filter(length__range=(low, high))
    if connection.vendor == "postgresql":
        yield from _similar_on_postgresql(source, entries)
    else:
        yield from entries.iterator()


def score(source, entry, context):
    if entry.source_text.strip() == source.strip():
        place = (entry.content_type_id, entry.object_id, entry.field, entry.path)
        return IN_CONTEXT if context is not None and place == context else EXACT
    # A fuzzy match is never 100%, however long the text and small the change.
    return min(int(round(fuzz.ratio(source, entry.source_text))), EXACT - 1)


def suggestions(source, lang, context=None, limit=3, user=None):
    """The best `limit` matches for `source` in `lang`, best first, one per translation.
    `context` is (content type id, object id, field, path) of the unit being translated; with a
    `user`, only entries they may read (readable.py: no other office's private pages)."""
    best = {}
    for text, block in [(source, None), *_block_text(source)]:
        found = candidates(text, lang)
        if user is not None:
            found = Readable.of(user).keep(found)
        for entry in found:
            points = score(text, entry, context)
            if points < threshold():
                continue
            match = Match(points, entry) if block is None else wrapped(Match(points, entry), *block)
            key = (match.entry.source_text, match.entry.target_text)
            if key not in best or points > best[key].score:
                best[key] = match
    together = assembled(source, lang, user)
    if together is not None:
        best.setdefault((together.entry.source_text, together.entry.target_text), together)
    ranked = sorted(best.values(), key=lambda m: (-m.score, -m.entry.updated_at.timestamp()))
    return ranked[:limit]


def _sentence_entries(parts, lang, user):
    """{sentence: the newest entry translating exactly it} for the sentences given."""
    entries = language_pair(lang).filter(source_hash__in={fingerprint(p) for p in parts})
    entries = sorted(entries, key=lambda e: e.updated_at)
    if user is not None:
        entries = Readable.of(user).keep(entries)
    return {e.source_text.strip(): e for e in entries if e.source_text.strip() in parts}


def assembled(source, lang, user=None):
    """A match for a paragraph of several sentences (one plain block) put together from the
    memory's translations of its sentences, in order: an edited paragraph reuses its unchanged
    sentences. The sentences without one stay in English, for the translator to translate; the
    score is the share of the text covered (never 100). None below the threshold."""
    block = one_block(source)
    parts = sentences(block[0], SOURCE_LANGUAGE) if block is not None else []
    if len(parts) < 2:  # noqa: PLR2004 - one sentence is the block's own match
        return None
    found = _sentence_entries(set(parts), lang, user)
    covered = sum(len(part) for part in parts if part in found)
    points = min(int(100 * covered / sum(len(part) for part in parts)), EXACT - 1)
    if not found or points < threshold():
        return None
    entry = MemoryEntry(
        source_language=SOURCE_LANGUAGE, target_language=lang, source_text=" ".join(parts),
        target_text=" ".join(found[p].target_text if p in found else p for p in parts),
        kind=MemoryEntry.Kind.UNIT, updated_at=max(e.updated_at for e in found.values()),
    )  # fmt: skip
    return wrapped(Match(points, entry, (len(found), len(parts))), *block[1:])


def _block_text(source):
    """[(the text of a one-block rich text, (its opening tag, its closing tag))], or []."""
    block = one_block(source)
    return [(block[0], block[1:])] if block is not None and block[0] else []


# --- Many at once (exports) --------------------------------------------------------------------

EXACT_BATCH = 500  # source hashes per query
FUZZY_BUDGET = 8.0  # seconds of fuzzy matching per export at most; then exact matches only


def _better(points, entry, current):
    if current is None or points > current.score:
        return True
    return points == current.score and entry.updated_at > current.entry.updated_at


def exact_matches(items, lang, user=None):
    """{key: Match} of the items ({key: (source, context)}) that have an exact or in-context
    match (`user` may read: readable.py), found by source hash, EXACT_BATCH hashes per query."""
    by_hash = {}
    for index, (source, _context) in items.items():
        by_hash.setdefault(fingerprint(source), []).append(index)
    hashes, found = list(by_hash), {}
    for start in range(0, len(hashes), EXACT_BATCH):
        chunk = language_pair(lang).filter(source_hash__in=hashes[start : start + EXACT_BATCH])
        for entry in Readable.of(user).keep(chunk):
            for index in by_hash[entry.source_hash]:
                source, context = items[index]
                points = score(source, entry, context)
                if points >= EXACT and _better(points, entry, found.get(index)):
                    found[index] = Match(points, entry)
    return found


def _fuzzy_matches(sources, lang, budget):
    """{index: Match} for the {index: source} given: the language pair's source texts are read
    once, sorted by length, and each source is compared (rapidfuzz) with those of a length that
    can reach the threshold. Stops when `budget` seconds have passed."""
    if not sources:
        return {}
    pool = sorted(language_pair(lang).values_list("source_text", "pk"), key=lambda r: len(r[0]))
    lengths = [len(text) for text, _pk in pool]
    texts = [text for text, _pk in pool]
    ratio, deadline = threshold() / 100, time.monotonic() + budget
    best, seen = {}, {}
    for index, source in sources.items():
        if time.monotonic() > deadline:
            break
        if source not in seen:
            low = bisect.bisect_left(lengths, int(len(source) * ratio / (2 - ratio)))
            high = bisect.bisect_right(lengths, int(len(source) * (2 - ratio) / ratio) + 1)
            seen[source] = process.extractOne(
                source, texts[low:high], scorer=fuzz.ratio, score_cutoff=threshold()
            )
            if seen[source] is not None:
                seen[source] = (seen[source][1], pool[low + seen[source][2]][1])
        if seen[source] is not None:
            best[index] = seen[source]
    entries = MemoryEntry.objects.in_bulk({pk for _points, pk in best.values()})
    return {
        index: Match(min(int(round(points)), EXACT - 1), entries[pk])
        for index, (points, pk) in best.items()
        if pk in entries
    }


def best_matches(items, lang, budget=FUZZY_BUDGET):
    """The best match of each of `items` ([(source, context)], context as in suggestions), as
    {index: Match}: exact and in-context matches by source hash in a few queries, then a fuzzy
    match for the texts left (within `budget` seconds in all)."""
    expanded, blocks = with_block_texts(dict(enumerate(items)))
    found = exact_matches(expanded, lang)
    left = {key: source for key, (source, _c) in expanded.items() if key not in found}
    found.update(_fuzzy_matches(left, lang, budget))
    return fold(found, blocks)
