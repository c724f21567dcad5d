"""`{% seo_meta as seo %}` for templates/components/head_meta.html, `{% page_feeds page %}`."""

from django import template
from wagtail.models import Page

from portal.site import seo

register = template.Library()


@register.simple_tag(takes_context=True)
def seo_meta(context):
    """Canonical and alternate URLs, Open Graph, Twitter card, JSON-LD and feeds of the page."""
    return seo.head_meta(context.get("request"), context.get("page"), context.get("lang_links"))


@register.simple_tag(takes_context=True)
def page_feeds(context, page):
    """`{% page_feeds page as feeds %}`: the news feeds the page offers (site's or office's)."""
    return seo.page_feeds(page, context.get("request")) if page else []


@register.filter
def page_key(page):
    """The page's id when it is a page (its head is kept in the memo), else None."""
    return page.pk if isinstance(page, Page) else None
