"""Search, scoped to the visitor's language.

wagtail-modeltranslation indexes every language's text of a page (title_en, title_nb, ...), so
the search backend finds a page by a word from any translation. The backend's best candidates are
kept only when every word of the query is in the text the page shows in the active language: its
own translation of each field, or the English fallback where a field has none. A word only in the
French title does not find the page on /nb/.
"""

import re
import unicodedata

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from modelsearch import index
from wagtail.models import Page

from portal.i18n import active_language, field_text, translated_fields

MAX_QUERY_LENGTH = 200
# The backend's best candidates checked against the text shown in the active language.
MAX_CANDIDATES = 200
RESULTS_PER_PAGE = 10

WORD = re.compile(r"\w+")


# Endings PostgreSQL's English stemmer drops (return, returns, returned, returning): a rough
# stand-in, so the check below keeps what the database matched by the word's stem.
ENDINGS = ("ing", "ies", "ers", "es", "ed", "er", "s", "y")


def forms(word):
    """The word, without accents (as SQLite's index sees it), and without an English ending."""
    word = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    found = {word}
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            found.add(word[: -len(ending)])
    return found


def words(text):
    """Every form of every word of the text."""
    return set().union(*(forms(word.casefold()) for word in WORD.findall(text)))


def flatten(value):
    """Text of a search field's value, as the search index sees it (lists, dicts, StreamFields)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return " ".join(flatten(item) for item in value)
    if isinstance(value, dict):
        return " ".join(flatten(item) for item in value.values())
    return str(value)


def shown_text(page, lang):
    """Every searchable field of the page as it is shown in `lang` (fallback included)."""
    model = type(page)
    translated = translated_fields(model)
    names = []
    for field in model.get_search_fields():
        if not isinstance(field, index.SearchField):
            continue
        name = field.field_name
        base = name.rpartition("_")[0]
        if base in translated:  # title_nb and friends: the base field stands for them
            name = base
        if name not in names:
            names.append(name)
    texts = []
    for name in names:
        if name in translated:
            column = f"{name}_{field_text(page, name, lang).lang}"
            texts.append(flatten(index.SearchField(column).get_value(page)))
        else:
            texts.append(flatten(index.SearchField(name).get_value(page)))
    return " ".join(texts)


def shown_in_language(page, terms, lang):
    shown = words(shown_text(page, lang))
    return all(forms(term) & shown for term in terms)


def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = []
    if query:
        lang = active_language()
        terms = [word.casefold() for word in WORD.findall(query)]
        candidates = Page.objects.live().public().specific().search(query)[:MAX_CANDIDATES]
        results = [page for page in candidates if shown_in_language(page, terms, lang)]
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(request, "pages/search.html", {"query": query, "results": page})
