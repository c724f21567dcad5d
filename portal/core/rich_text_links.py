"""Rich text's page links say their language, as other links do (portal/core/availability.py)."""

import contextvars
import re

from django.utils.html import format_html
from wagtail.rich_text.pages import PageLinkHandler

from portal.core.availability import link_attributes, marker, page_reading_language
from portal.core.i18n import active_language

_marking = contextvars.ContextVar("portal_marking_page_links", default=False)


class MarkedPageLinkHandler(PageLinkHandler):
    """Wagtail's page link; while `mark_page_links` expands rich text, it names its page
    (`data-page`) for the marking, which knows the request and the language (a link handler
    knows neither). Elsewhere (the admin, the API) Wagtail's link, unchanged."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        if not _marking.get():
            return super().expand_db_attributes_many(attrs_list)
        return [
            format_html('<a href="{}" data-page="{}">', page.localized.url, page.pk)
            if page
            else "<a>"
            for page in cls.get_many(attrs_list)
        ]


PAGE_LINK = re.compile(r'<a href="([^"]*)" data-page="(\d+)">(.*?)</a>', re.DOTALL)


def mark_page_links(value, request=None, lang=None):
    """Rich text `value` as HTML, each page link marked as `link_attributes` and `marker` say
    (`hreflang`, `lang` and " (English)" inside the link when its page is read in English)."""
    lang = lang or active_language()
    token = _marking.set(True)
    try:
        html = str(value.__html__() if hasattr(value, "__html__") else value)
    finally:
        _marking.reset(token)

    def marked(match):
        href, pk, text = match.groups()
        code = page_reading_language(int(pk), lang, request)
        return f'<a href="{href}"{link_attributes(code)}>{text}{marker(code)}</a>'

    return PAGE_LINK.sub(marked, html)
