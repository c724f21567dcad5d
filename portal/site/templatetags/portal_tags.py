"""Template helpers: translated text with visible fallbacks, and the language switcher."""

from django import template
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch
from django.http import QueryDict
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from portal.core import availability, demand, rich_text_links
from portal.core.i18n import (
    FieldText,
    active_language,
    field_text,
    language_name,
    translated_fields,
)
from portal.core.memo import find_site, remember
from portal.core.preview import preview_language_url
from portal.core.query import without_bodies
from portal.core.security import nonce_of
from portal.localization.demand import request_token
from portal.localization.status import outdated_fields
from portal.localization.units import SOURCE_LANGUAGE

register = template.Library()


@register.simple_tag
def text_of(obj, field):
    """`{% text_of page "body" as body %}`: the field's FieldText (value, lang, is_fallback)."""
    if not obj or not hasattr(obj, field):
        lang = active_language()
        return FieldText(None, lang, lang)
    return field_text(obj, field)


@register.filter
def tr(obj, field):
    """`{{ page|tr:"title" }}`: the text; in a span with its own lang when it is a fallback."""
    text = field_text(obj, field)
    if text.is_fallback and text:
        return format_html('<span lang="{}">{}</span>', text.lang, text.value)
    return "" if text.value is None else text.value


@register.simple_tag
def fallbacks_of(obj, *fields):
    """The fields of `obj` that are shown in a fallback language, for the page's notice."""
    texts = [field_text(obj, f) for f in fields]
    return [t for t in texts if t and t.is_fallback]


@register.simple_tag(takes_context=True)
def language_links(context, page=None):
    """One link per language to the same page (or the same view) in that language."""
    request = context.get("request")
    current = active_language()
    links = []
    for code, url in _switcher_urls(request, page):
        links.append(
            {
                "code": code,
                "name": language_name(code),
                "url": url,
                "absolute_url": request.build_absolute_uri(url) if request and url else url,
                "current": code == current,
            }
        )
    return links


def _switcher_urls(request, page):
    """[(code, url)] of `page` (or the request's view) in every language. A live page's seven
    URLs are kept in the memo, per page and host, until the next change (portal/core/memo.py):
    they cost a URL look-up each, in every request. Not in previews (a draft's URLs)."""

    def build():
        return [
            (code, preview_language_url(request, code) or _url_in(request, page, code))
            for code, _name in settings.LANGUAGES
        ]

    if page is None or request is None or getattr(request, "is_preview", False):
        return build()
    return remember(request, ("language-links", page.pk), build, per_language=False)


def _url_in(request, page, code):
    if page is not None:
        with translation.override(code):
            return page.get_url(request=request)
    return translate_url(request.get_full_path(), code) if request else f"/{code}/"


@register.simple_tag
def language_label(code):
    return language_name(code)


# --- Links that say their language (portal/core/availability.py) -----------------------------


@register.simple_tag(takes_context=True)
def link_lang(context, target):
    """`<a href="..."{% link_lang page %}>`: ` hreflang="en" lang="en"` when the page or record
    is not available in the visitor's language (read in English then), else nothing."""
    code = availability.reading_language(target, request=context.get("request"))
    return availability.link_attributes(code)


@register.simple_tag(takes_context=True)
def lang_marker(context, target, hidden=False):
    """`...{{ page|tr:"title" }}{% lang_marker page %}</a>`: the visible " (English)", inside
    the link, when `link_lang` marks it, else nothing. `hidden=True` where the link's text is
    for screen readers only (the matrix's objective numbers)."""
    code = availability.reading_language(target, request=context.get("request"))
    return availability.marker(code, hidden=hidden)


@register.simple_tag
def language_marker(code):
    """`...{{ file.language_name }}{% language_marker file.language %}</a>`: the visible
    " (French)" for a document in `code`, unless that is the visitor's language."""
    return "" if code == active_language() else availability.marker(code)


@register.simple_tag(takes_context=True)
def marked_rich_text(context, value):
    """`{% marked_rich_text value %}`: rich text whose page links say their language."""
    return mark_safe(  # noqa: S308 (rich text's own HTML, links rebuilt with escaped values)
        rich_text_links.mark_page_links(value, request=context.get("request"))
    )


# --- Site chrome: navigation, breadcrumbs, fallback notice, pagination links -------------------

SKIPPED_FALLBACK_FIELDS = {"slug", "url_path", "seo_title", "search_description"}


def _site_root(request):
    """The site's home page, looked up once per request."""
    if request is None:
        return None
    if not hasattr(request, "_portal_site_root"):
        site = find_site(request)
        request._portal_site_root = site.root_page if site else None
    return request._portal_site_root


@register.simple_tag(takes_context=True)
def site_root(context):
    """`{% site_root as home %}`: the home page of the current site (None outside a site)."""
    return _site_root(context.get("request"))


def _chrome_pages(request, page):
    """The home page's menu children and the current page's ancestors.

    Returns (menu, ancestors): [(page, url)] of the live pages shown in menus under the home page
    (from the memo, portal/core/memo.py), and the live ancestors of `page` from the home page down
    (not the page itself): one query for pages deeper than the menu's, none otherwise.
    """
    home = _site_root(request)
    if home is None:
        return [], []
    cache = getattr(request, "_portal_chrome", None)
    key = getattr(page, "pk", None)
    if cache is not None and cache[0] == key:
        return cache[1], cache[2]
    from wagtail.models import Page

    def build_menu():
        children = Page.objects.live().filter(
            depth=home.depth + 1, path__startswith=home.path, show_in_menus=True
        )
        return [(child, child.get_url(request=request)) for child in children.order_by("path")]

    menu = remember(request, "main-menu", build_menu)
    ancestors = []
    if page is not None and getattr(page, "path", None) and page.depth > home.depth:
        if home.live:
            ancestors.append(home)
        ancestors += _ancestors_below_menu(request, home, page)
    if request is not None:
        request._portal_chrome = (key, menu, ancestors)
    return menu, ancestors


def _ancestors_below_menu(request, home, page):
    """The live ancestors of `page` between the home page and it: kept in the memo per tree
    path (except in previews, where the page may have moved in its draft)."""
    from wagtail.models import Page

    steplen = Page.steplen
    between = [page.path[: steplen * d] for d in range(home.depth + 1, page.depth)]
    if not between:
        return []

    def build():
        return list(Page.objects.live().filter(path__in=between).order_by("path"))

    if request is None or getattr(request, "is_preview", False):
        return build()
    return remember(request, ("ancestors", page.path), build, per_language=False)


@register.simple_tag(takes_context=True)
def main_menu(context):
    """`{% main_menu as items %}`: the home page's live children shown in menus.

    Each item is a dict: page, url (in the active language), current ("page", "true" or "").
    The menu comes from the memo of what every page shows (portal/core/memo.py).
    """
    request = context.get("request")
    current = context.get("page") or None
    menu, _ancestors = _chrome_pages(request, current)
    current_path = getattr(current, "url_path", None) or ""
    items = MenuItems()
    for child, url in menu:
        state = ""
        if current is not None and getattr(current, "pk", None) == child.pk:
            state = "page"
        elif current_path.startswith(child.url_path):
            state = "true"
        items.append({"page": child, "url": url, "current": state})
    items.state = tuple(item["current"] for item in items)
    return items


class MenuItems(list):
    """The main menu's items; `state`, which of them are current, keys the menu's HTML in the
    memo (`{% memo "main-nav" menu_items.state %}`)."""

    state = ()


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page):
    """`{% breadcrumbs page as crumbs %}`: the live ancestors from the home page down."""
    request = context.get("request")
    if not page:
        return []
    _menu, ancestors = _chrome_pages(request, page)
    return [{"page": a, "url": a.get_url(request=request)} for a in ancestors]


@register.simple_tag(takes_context=True)
def page_fallbacks(context, *objects):
    """`{% page_fallbacks page page.office as fb %}`: which texts on the page fall back.

    Looks at every translated field of each object (but not slugs and SEO fields) and returns
    {"wanted": code, "langs": [fallback language codes], "token": the "Request this page in
    <language>" form's} or None when nothing falls back. Each object that falls back is marked
    for the translation demand count (portal/core/demand.py).
    """
    request = context.get("request")
    wanted = active_language()
    langs, missing = [], []
    for obj in objects:
        if not obj:
            continue
        for field in sorted(translated_fields(type(obj)) - SKIPPED_FALLBACK_FIELDS):
            text = field_text(obj, field, wanted)
            if text and text.is_fallback:
                if text.lang not in langs:
                    langs.append(text.lang)
                if obj not in missing:
                    missing.append(obj)
    if not langs:
        return None
    if not _just_requested(request):
        for obj in missing:
            demand.mark(request, demand.FALLBACK, obj, wanted)
    # The visitor's language by its own name ("español"); each fallback language by its own
    # name too ("English"), marked with its language so screen readers pronounce it right.
    return {
        "wanted": wanted,
        "wanted_name": language_name(wanted),
        "langs": langs,
        "names": [
            format_html('<span lang="{}">{}</span>', code, language_name(code)) for code in langs
        ],
        # No "Request this page" in an editor's preview: it is not a visitor asking.
        "token": (
            request_token(missing[0], wanted, request.path)
            if request and not getattr(request, "is_preview", False)
            else None
        ),
        "requested": request.GET.get("requested") if request else None,
    }


def _just_requested(request):
    """Back from "Request this page in <language>": that visit was counted already."""
    return request is not None and "requested" in request.GET


@register.simple_tag(takes_context=True)
def page_query(context, number):
    """`<a href="{% page_query 3 %}">`: the current query string with page=3."""
    request = context.get("request")
    params = request.GET.copy() if request else QueryDict(mutable=True)
    params["page"] = number
    return "?" + params.urlencode()


@register.filter
def linkable(items):
    """Load the pages of listed offices/objectives (and of a country action's objectives) in bulk,
    so a data listing can link them without a query per item."""
    model = getattr(items, "model", None)
    if model is None:
        return items
    name = model._meta.label_lower
    if name in ("offices.office", "compact.objective"):
        return without_bodies(items.select_related("page"), "page")
    if name == "compact.countryaction":
        from compact.models import Objective

        return items.prefetch_related(None).prefetch_related(
            Prefetch(
                "objectives",
                queryset=without_bodies(
                    Objective.objects.live().select_related("page"), "page"
                ).order_by("number"),
            )
        )
    return items


@register.filter
def live_page(obj):
    """The object's page (office.page, objective.page) if it exists and is live, else None."""
    try:
        page = obj.page
    except ObjectDoesNotExist:
        return None
    return page if page is not None and page.live else None


@register.simple_tag
def page_numbers(page_obj):
    """`{% page_numbers page_obj as numbers %}`: page numbers with None where some are left out."""
    numbers = page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
    ellipsis = page_obj.paginator.ELLIPSIS
    return [None if n == ellipsis else n for n in numbers]


@register.filter
def kind_label(obj):
    """The translated name of the object's type ("article", "programme page"), capitalised."""
    meta = getattr(obj, "_meta", None)
    return str(meta.verbose_name).capitalize() if meta else ""


@register.simple_tag(takes_context=True)
def outdated_translation(context, page):
    """`{% outdated_translation page as outdated %}`: when the visitor's translation of the page
    was written against an older source text, where to read the source. No query in English."""
    lang = active_language()
    if lang == SOURCE_LANGUAGE or not outdated_fields(page, lang):
        return None
    request = context.get("request")
    if not _just_requested(request):
        demand.mark(request, demand.OUTDATED, page, lang)
    with translation.override(SOURCE_LANGUAGE):
        source_url = page.get_url(request=context.get("request"))
    return {
        "source_lang": SOURCE_LANGUAGE,
        "source_name": language_name(SOURCE_LANGUAGE),
        "source_url": source_url,
    }


# --- Fragments kept in the memo ---------------------------------------------------------------


class MemoNode(template.Node):
    def __init__(self, name, key_vars, nodelist, nonce=False):
        self.name, self.key_vars, self.nodelist = name, key_vars, nodelist
        self.nonce = nonce

    def render(self, context):
        request = context.get("request")
        if request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        keys = tuple(var.resolve(context) for var in self.key_vars)
        if self.nonce:
            return self.render_with_nonce(context, request, keys)
        return remember(
            request, ("fragment", self.name, *keys), lambda: self.nodelist.render(context)
        )

    def render_with_nonce(self, context, request, keys):
        """The HTML kept with the nonce of the request that built it replaced by a mark, and
        each request's own nonce put back."""
        nonce = nonce_of(request)
        if not nonce or None in keys:
            return self.nodelist.render(context)

        def build():
            return self.nodelist.render(context).replace(nonce, NONCE_MARK)

        kept = remember(request, ("fragment", self.name, *keys), build)
        return mark_safe(kept.replace(NONCE_MARK, nonce))  # noqa: S308 (HTML rendered above)


# Stands for the CSP nonce in kept HTML: no nonce (base64) or HTML text holds a NUL.
NONCE_MARK = "\x00nonce\x00"


@register.tag
def memo(parser, token):
    """`{% memo "name" key1 key2 %}...{% endmemo %}`: the HTML inside, rendered once per
    language, host and generation (portal/core/memo.py) for each value of the keys, then reused
    by every request. For chrome that all pages share: what it shows must depend on nothing
    but the language, the data (the generation) and the keys; never a CSP nonce, a CSRF token
    or the current page unless it is a key."""
    bits = token.split_contents()
    if len(bits) < 2:  # noqa: PLR2004 (the tag and its name)
        raise template.TemplateSyntaxError("{% memo %} needs a name")
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    return MemoNode(bits[1].strip("\"'"), [parser.compile_filter(b) for b in bits[2:]], nodelist)


@register.tag
def memo_with_nonce(parser, token):
    """`{% memo_with_nonce "name" key1 %}...{% endmemo_with_nonce %}`: as `{% memo %}`, for
    HTML that holds the response's CSP nonce (kept without it, each response's put back). Not
    kept when a key is None (rendered for each request then)."""
    bits = token.split_contents()
    if len(bits) < 2:  # noqa: PLR2004 (the tag and its name)
        raise template.TemplateSyntaxError("{% memo_with_nonce %} needs a name")
    nodelist = parser.parse(("endmemo_with_nonce",))
    parser.delete_first_token()
    keys = [parser.compile_filter(b) for b in bits[2:]]
    return MemoNode(bits[1].strip("\"'"), keys, nodelist, nonce=True)
