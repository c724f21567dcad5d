"""Small helpers shared by the tests."""

from django.conf import settings
from django.utils import translation

LANGUAGES = [code for code, _name in settings.LANGUAGES]

# The keys of the `portal` fixture (tests/conftest.py) that hold pages, one per page type.
PAGE_KEYS = [
    "home",
    "standard",
    "news",
    "article",
    "offices_index",
    "office_page",
    "programme_index",
    "programme",
    "compact_index",
    "objective_page",
]


def url_in(page, lang):
    """The page's URL in the given language."""
    with translation.override(lang):
        return page.get_url()
