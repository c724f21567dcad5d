"""Per-language search text of pages: what a page shows in each language, stemmed for search.

Each page has one row per language (PageSearchText): its title, summary and the rest of its
searchable text as the page shows them in that language (its own translation of each field, or
the English fallback where a field is empty). On PostgreSQL the row's `vector` holds them as a
tsvector in that language's text-search configuration (english, french, ... swedish), weighted
title (A) > summary (B) > body (C), with a GIN index: a search in a language is answered from
the index without reading pages. On other databases `stems` holds the text's Snowball stems
(snowballstemmer, the same algorithms as PostgreSQL's), stopwords left out, for a LIKE match.

The rows are written by the search backend (portal.core.search_backend) whenever Wagtail
indexes a page: on save, publish and unpublish, by `update_index` and by the scale generator.
Only rows whose text changed are rewritten, in a fixed number of statements per call.

Compound words (nb, sv, nl, fi): the stems of the index's text in those languages are kept in
SearchWord (PostgreSQL's lexemes there, Snowball stems elsewhere). A query word made of known
stems ("returprogrammet": retur + programm) finds a page by the whole word or by all its parts.
"""

import re
from dataclasses import dataclass
from functools import cache, lru_cache, reduce
from operator import and_
from pathlib import Path

import snowballstemmer
from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import connection, models
from modelsearch import index

from portal.core.cache import not_shown
from portal.core.i18n import field_text, translated_fields

# PostgreSQL's text-search configuration (and the Snowball stemmer) of each language.
CONFIGS = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "nb": "norwegian",
    "nl": "dutch",
    "fi": "finnish",
    "sv": "swedish",
}
WORD = re.compile(r"[^\W_]+")
STOPWORDS = Path(__file__).resolve().parent / "stopwords"  # PostgreSQL's lists (Snowball's)
MAX_TEXT = 200_000  # characters of body text kept per page and language


def config(lang):
    return CONFIGS.get(lang, "english")


# --- Stems -----------------------------------------------------------------------------------


@cache
def stopwords(lang):
    path = STOPWORDS / f"{config(lang)}.stop"
    return frozenset(line.strip() for line in path.read_text().splitlines() if line.strip())


@cache
def _stemmer(lang):
    return snowballstemmer.stemmer(config(lang))


@lru_cache(maxsize=20_000)
def stem(word, lang):
    """The word's Snowball stem in the language (lower case)."""
    return _stemmer(lang).stemWord(word.casefold())


def text_stems(text, lang):
    """The stems of the text's words, its stopwords left out, in the order they come."""
    stops = stopwords(lang)
    return [stem(w, lang) for w in WORD.findall(text.casefold()) if w not in stops]


# --- What a page shows -----------------------------------------------------------------------


def segments(value):
    """The pieces of text of a search field's value (strings, lists, dicts, StreamFields)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in segments(item)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in segments(item)]
    return segments(str(value))


def flatten(value):
    """Text of a search field's value, as the search index sees it (lists, dicts, StreamFields)."""
    return " ".join(segments(value))


@cache
def search_field_names(model):
    """The model's searchable fields, a translated field once (title_nb stands for title)."""
    translated = translated_fields(model)
    names = []
    for search_field in model.get_search_fields():
        if not isinstance(search_field, index.SearchField):
            continue
        name = search_field.field_name
        base = name.rpartition("_")[0]
        if base in translated:
            name = base
        if name not in names:
            names.append(name)
    return names


@dataclass
class Shown:
    """One piece of text as shown in the visitor's language, and the language it is written in."""

    name: str
    text: str
    lang: str


def shown_fields(page, lang):
    """Every searchable field of the page as it is shown in `lang` (fallback included)."""
    translated = translated_fields(type(page))
    shown = []
    for name in search_field_names(type(page)):
        if name in translated:
            written_in = field_text(page, name, lang).lang
            value = index.SearchField(f"{name}_{written_in}").get_value(page)
        else:
            written_in = lang
            value = index.SearchField(name).get_value(page)
        shown.extend(Shown(name, text, written_in) for text in segments(value))
    return shown


def shown_text(page, lang):
    """Every searchable field of the page as it is shown in `lang` (fallback included)."""
    return " ".join(piece.text for piece in shown_fields(page, lang))


# --- The rows --------------------------------------------------------------------------------


class PageSearchText(models.Model):
    """A page's searchable text as shown in one language, and its search vector or stems."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    lang = models.CharField(max_length=8)
    title = models.TextField(blank=True)
    title_lang = models.CharField(max_length=8)
    summary = models.TextField(blank=True)
    summary_lang = models.CharField(max_length=8)
    body = models.TextField(blank=True)
    body_lang = models.CharField(max_length=8)
    stems = models.TextField(blank=True)  # " stem stem ... " (databases other than PostgreSQL)
    vector = SearchVectorField(null=True)  # PostgreSQL only; its GIN index is in the migration

    class Meta:
        app_label = "portal"
        constraints = [
            models.UniqueConstraint(fields=["page", "lang"], name="portal_search_text_page_lang")
        ]

    def __str__(self):
        return f"{self.page_id} ({self.lang})"


class SearchWord(models.Model):
    """A stem seen in the index in a language that joins words into compounds (COMPOUNDING):
    the vocabulary a query word is split against ("returprogrammet": retur + programm)."""

    lang = models.CharField(max_length=8)
    stem = models.CharField(max_length=64)

    class Meta:
        app_label = "portal"
        constraints = [
            models.UniqueConstraint(fields=["lang", "stem"], name="portal_search_word_lang_stem")
        ]

    def __str__(self):
        return f"{self.stem} ({self.lang})"


# Written from pages, whose changes the page cache watches; no page shows a row itself.
not_shown("portal.PageSearchText")
not_shown("portal.SearchWord")


def is_postgres():
    return connection.vendor == "postgresql"


def _part(shown, name):
    """The pieces of the title, the summary, or the body (every other field)."""
    if name == "body":
        return [piece for piece in shown if piece.name not in ("title", "summary")]
    return [piece for piece in shown if piece.name == name]


def text_row(page, lang):
    """The page's row for `lang` (unsaved)."""
    shown = shown_fields(page, lang)
    parts = {}
    for name in ("title", "summary", "body"):
        pieces = _part(shown, name)
        text = " ".join(p.text for p in pieces)[:MAX_TEXT]
        parts[name] = text
        parts[f"{name}_lang"] = pieces[0].lang if pieces else lang
    row = PageSearchText(page_id=page.pk, lang=lang, **parts)
    if not is_postgres():
        words = text_stems(" ".join((row.title, row.summary, row.body)), lang)
        row.stems = f" {' '.join(dict.fromkeys(words))} "
    return row


def languages():
    return [code for code, _name in settings.LANGUAGES]


def _same(old, new):
    return old is not None and all(getattr(old, name) == getattr(new, name) for name in ROW_FIELDS)


ROW_FIELDS = ("title", "title_lang", "summary", "summary_lang", "body", "body_lang")


def write_texts(pages):
    """Write the rows of the (specific) pages in every language: only the rows whose text
    changed, in a fixed number of statements (one read, then a delete, an insert, the new
    words and, on PostgreSQL, one UPDATE of their vectors) whatever the number of rows."""
    pages = [page for page in pages if page.pk is not None]
    if not pages:
        return
    ids = [page.pk for page in pages]
    kept = {
        (row.page_id, row.lang): row
        for row in PageSearchText.objects.filter(page_id__in=ids).only(
            "page_id", "lang", *ROW_FIELDS
        )
    }
    rows = [text_row(page, lang) for page in pages for lang in languages()]
    changed = [row for row in rows if not _same(kept.get((row.page_id, row.lang)), row)]
    if not changed:
        return
    stale = [kept[key].pk for key in ((r.page_id, r.lang) for r in changed) if key in kept]
    if stale:
        PageSearchText.objects.filter(pk__in=stale).delete()
    created = PageSearchText.objects.bulk_create(changed)
    if is_postgres():
        vectors = [models.When(lang=lang, then=vector(lang)) for lang in languages()]
        PageSearchText.objects.filter(pk__in=[row.pk for row in created]).update(
            vector=models.Case(*vectors, output_field=SearchVectorField())
        )
    add_words(created)


def vector(lang):
    cfg = config(lang)
    return (
        SearchVector("title", config=cfg, weight="A")
        + SearchVector("summary", config=cfg, weight="B")
        + SearchVector("body", config=cfg, weight="C")
    )


def delete_texts(page_ids):
    PageSearchText.objects.filter(page_id__in=page_ids).delete()


# --- Searching -------------------------------------------------------------------------------


def matching(terms, lang, page_ids, compounds=None):
    """The rows in `lang` of the pages among `page_ids` (a queryset of ids) whose text has every
    word of `terms` (by its stem; stopwords left out), best first. A word of `compounds`
    (decompound's answer) is also found by all of its parts."""
    compounds = compounds or {}
    rows = PageSearchText.objects.filter(lang=lang, page_id__in=page_ids)
    if is_postgres():
        query = _tsquery(terms, lang, compounds)
        if query is None:
            return rows.none()
        return (
            rows.filter(vector=query)
            .annotate(rank=SearchRank(models.F("vector"), query))
            .order_by("-rank", "page_id")
        )
    found = None
    for term in terms:
        wanted = text_stems(term, lang)
        if not wanted:
            continue  # a stopword
        q = reduce(and_, (models.Q(stems__contains=f" {word} ") for word in wanted))
        if compounds.get(term):
            q |= reduce(and_, (models.Q(stems__contains=f" {p} ") for p in compounds[term]))
        found = q if found is None else found & q
    return rows.none() if found is None else rows.filter(found).order_by("page_id")


def _tsquery(terms, lang, compounds):
    """Every term (stemmed in the language's configuration), or all of its parts (stems already,
    taken as they are)."""
    cfg = config(lang)
    per_term = []
    for term in terms:
        if not text_stems(term, lang):
            continue  # a stopword
        query = SearchQuery(term, config=cfg, search_type="plain")
        if compounds.get(term):
            query |= reduce(
                and_,
                (SearchQuery(p, config="simple", search_type="plain") for p in compounds[term]),
            )
        per_term.append(query)
    return reduce(and_, per_term) if per_term else None


# --- Compound words --------------------------------------------------------------------------

# Languages that write compounds as one word; their stems are kept in SearchWord.
COMPOUNDING = ("nb", "sv", "nl", "fi", "da", "de")
MIN_PART = 3  # letters of the shortest part of a compound
MAX_PARTS = 3
MIN_COMPOUND = 2 * MIN_PART
MAX_STEM = 64  # SearchWord.stem's length
LINKS = {"nb": "se", "sv": "s", "nl": "s", "da": "se", "de": "s"}  # letters joining the parts


def add_words(rows):
    """Add the stems of the rows' text in compounding languages to the vocabulary: on
    PostgreSQL the lexemes of their vectors (its stemmers differ from snowballstemmer's in places),
    elsewhere their Snowball stems. One statement."""
    rows = [row for row in rows if row.lang in COMPOUNDING]
    if not rows:
        return
    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(ADD_LEXEMES, [[row.pk for row in rows], MIN_PART, MAX_STEM])
        return
    new = {
        (row.lang, word)
        for row in rows
        for word in text_stems(" ".join((row.title, row.summary, row.body)), row.lang)
        if MIN_PART <= len(word) <= MAX_STEM
    }
    SearchWord.objects.bulk_create(
        [SearchWord(lang=lang, stem=word) for lang, word in sorted(new)],
        ignore_conflicts=True,
        batch_size=2_000,
    )


ADD_LEXEMES = """
    INSERT INTO portal_searchword (lang, stem)
    SELECT DISTINCT lang, lexeme FROM (
        SELECT lang, (unnest(vector)).lexeme AS lexeme
        FROM portal_pagesearchtext WHERE id = ANY(%s)
    ) AS words
    WHERE length(lexeme) BETWEEN %s AND %s
    ON CONFLICT DO NOTHING
"""

KNOWN_PIECES = """
    SELECT piece, stem FROM (
        SELECT piece, (ts_lexize(%s, piece))[1] AS stem FROM unnest(%s::text[]) AS piece
    ) AS pieces
    WHERE stem IN (SELECT stem FROM portal_searchword WHERE lang = %s)
"""


def known_pieces(pieces, lang):
    """{piece: its stem} for the pieces whose stem is in the vocabulary, in one query."""
    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(KNOWN_PIECES, [f"{config(lang)}_stem", sorted(pieces), lang])
            return dict(cursor.fetchall())
    stems_of = {piece: stem(piece, lang) for piece in pieces}
    known = set(
        SearchWord.objects.filter(lang=lang, stem__in=set(stems_of.values())).values_list(
            "stem", flat=True
        )
    )
    return {piece: s for piece, s in stems_of.items() if s in known}


def _pieces(word):
    """Every piece of the word that may be a part of it."""
    n = len(word)
    return {word[i:j] for i in range(n) for j in range(i + MIN_PART, n + 1)}


def _split(word, known, lang, parts=MAX_PARTS):
    """The stems of the known pieces (`known`: piece -> stem) `word` is made of (2 to `parts` of
    them, the first as long as can be), or None."""
    links = LINKS.get(lang, "")
    for i in range(len(word) - MIN_PART, MIN_PART - 1, -1):
        head, rest = known.get(word[:i]), word[i:]
        if head is None:
            continue
        tails = [rest, rest[1:]] if rest[0] in links and len(rest) > MIN_PART else [rest]
        for tail in tails:
            if tail in known:
                return [head, known[tail]]
            more = _split(tail, known, lang, parts - 1) if parts > 2 else None
            if more:
                return [head, *more]
    return None


def decompound(terms, lang):
    """{term: the stems of its parts} for the terms that are compounds of words in the index's
    vocabulary, in one query; {} in a language that does not join words."""
    long_terms = [t for t in terms if len(t) >= MIN_COMPOUND and text_stems(t, lang)]
    if lang not in COMPOUNDING or not long_terms:
        return {}
    known = known_pieces({p for term in long_terms for p in _pieces(term)}, lang)
    found = {term: _split(term, known, lang) for term in long_terms}
    return {term: parts for term, parts in found.items() if parts}
