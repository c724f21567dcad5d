"""Wagtail's database search backend, which also keeps the pages' per-language search text.

Set as the default backend (WAGTAILSEARCH_BACKENDS): wherever Wagtail indexes or removes an
object (the save, publish, unpublish and delete signals, `manage.py update_index`, the scale
generator's `add_bulk`), a page's rows in portal.core.search_text are written or deleted too.
"""

from modelsearch.backends import database
from wagtail.models import Page

from portal.core.search_text import PageSearchText, SearchWord, delete_texts, write_texts


class LanguageTextIndex:
    """Mixed into the database backend's index class."""

    def add_items(self, model, items):
        super().add_items(model, items)
        if issubclass(model, Page):
            write_texts(list(items))

    def delete_item(self, item):
        super().delete_item(item)
        if isinstance(item, Page):
            delete_texts([item.pk])

    def reset(self):
        super().reset()
        PageSearchText.objects.all().delete()
        SearchWord.objects.all().delete()


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks up in a backend's module)
    backend = database.SearchBackend(params)
    base = type(backend).index_class
    backend.index_class = type(f"Language{base.__name__}", (LanguageTextIndex, base), {})
    return backend
