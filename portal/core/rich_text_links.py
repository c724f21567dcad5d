"""Rich text's page links say their language, as other links do (portal/core/availability.py)."""

import re

from django.utils.html import format_html
from wagtail.rich_text.pages import PageLinkHandler

from portal.core.availability import link_attributes, marker, page_reading_language
from portal.core.i18n import active_language


class MarkedPageLinkHandler(PageLinkHandler):
    """Wagtail's page link, naming its page (`data-page`) for `mark_page_links`, which knows the
    request and the language (a link handler knows neither)."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        return [
            format_html('<a href="{}" data-page="{}">', page.localized.url, page.pk)
            if page
            else "<a>"
            for page in cls.get_many(attrs_list)
        ]


PAGE_LINK = re.compile(r'<a href="([^"]*)" data-page="(\d+)">(.*?)</a>', re.DOTALL)


def mark_page_links(html, request=None, lang=None):
    """Rich text's HTML with each page link marked as `link_attributes` and `marker` say."""
    lang = lang or active_language()

    def marked(match):
        href, pk, text = match.groups()
        code = page_reading_language(int(pk), lang, request)
        return f'<a href="{href}"{link_attributes(code)}>{text}{marker(code)}</a>'

    return PAGE_LINK.sub(marked, str(html))
