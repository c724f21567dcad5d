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
"""

import re
from dataclasses import dataclass
from functools import cache, lru_cache
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


# Written from pages, whose changes the page cache watches; no page shows a row itself.
not_shown("portal.PageSearchText")


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


def write_texts(pages):
    """Write the rows of the (specific) pages in every language."""
    pages = [page for page in pages if page.pk is not None]
    if not pages:
        return
    ids = [page.pk for page in pages]
    rows = [text_row(page, lang) for page in pages for lang in languages()]
    PageSearchText.objects.filter(page_id__in=ids).delete()
    PageSearchText.objects.bulk_create(rows)
    if is_postgres():
        for lang in languages():
            PageSearchText.objects.filter(page_id__in=ids, lang=lang).update(vector=vector(lang))


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


def matching(terms, lang, page_ids):
    """The rows in `lang` of the pages among `page_ids` (a queryset of ids) whose text has every
    word of `terms` (by its stem; stopwords left out), best first."""
    rows = PageSearchText.objects.filter(lang=lang, page_id__in=page_ids)
    if is_postgres():
        query = SearchQuery(" ".join(terms), config=config(lang), search_type="plain")
        return (
            rows.filter(vector=query)
            .annotate(rank=SearchRank(models.F("vector"), query))
            .order_by("-rank", "page_id")
        )
    wanted = text_stems(" ".join(terms), lang)
    if not wanted:
        return rows.none()
    for word in dict.fromkeys(wanted):
        rows = rows.filter(stems__contains=f" {word} ")
    return rows.order_by("page_id")
