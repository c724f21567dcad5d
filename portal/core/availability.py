"""Whether a page or record is available in a language, and in which language a visitor who
asks for that language reads it instead: what a link to it says (hreflang, lang and a marker
such as "(English)").

The rule:
- a page is available in L when its title has its own text in L and, for a page type with a
  body (a translated `body` field) whose body has text in the source language (English), its
  body has its own text in L too: a page with a Norwegian title and an English body is read in
  English (a page with no body in any language needs only its title);
- a record (office, partner, objective, country action) is available in L when its name (or
  title, or description) has its own text in L: those columns are loaded with the record.

Listings load pages without their bodies (portal/core/query.py), so a page's body is never read
here: the pages NOT available in L are found in one query for the titles and one per page type
with a body, kept in the memo (portal/core/memo.py) until the next change. Those queries do
not tag the response (portal/core/tags.py): every link computes its target's URL, which tags
the response with the target page, so a change that makes it available purges the response.
"""

from django.conf import settings
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.html import format_html
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname, resolution_order

from portal.core import tags
from portal.core.i18n import LANGUAGE_CODES, active_language, field_text, translated_fields
from portal.core.memo import remember

RECORD_FIELDS = ("name", "title", "description")
SOURCE = settings.LANGUAGE_CODE
EMPTY_BODIES = ("", "[]", "null")


def _is_page(obj):
    from wagtail.models import Page

    return isinstance(obj, Page)


def _without_own_text(column):
    return Q(**{f"{column}__isnull": True}) | Q(**{column: ""})


def _unavailable_page_ids(lang):
    """The ids of the pages not available in `lang`: one query for the titles, one per page
    type with a body."""
    from wagtail.models import Page, get_page_models

    title = build_localized_fieldname("title", lang)
    missing = set(Page.objects.filter(_without_own_text(title)).values_list("pk", flat=True))
    for model in get_page_models():
        if model._meta.abstract or "body" not in translated_fields(model):
            continue
        if "body" not in {f.name for f in model._meta.local_concrete_fields}:
            continue  # the body lives in a parent's table: counted with the parent
        body = build_localized_fieldname("body", lang)
        source = build_localized_fieldname("body", SOURCE)
        rows = model.objects.annotate(
            _own_body=Cast(body, TextField()), _source_body=Cast(source, TextField())
        ).filter(
            Q(**{f"{body}__isnull": True}) | Q(_own_body__in=EMPTY_BODIES),
            **{f"{source}__isnull": False},
        )
        rows = rows.exclude(_source_body__in=EMPTY_BODIES)
        missing.update(rows.values_list("pk", flat=True))
    return frozenset(missing)


def unavailable_page_ids(lang, request=None):
    """`_unavailable_page_ids(lang)`, kept in the memo per language until the next change (and
    on the request when there is no memo)."""

    def build():
        with tags.collecting_part():  # not the response's tags: see the module's docstring
            return _unavailable_page_ids(lang)

    if request is None:
        return build()
    kept = request.__dict__.setdefault("_portal_unavailable_pages", {})
    if lang not in kept:
        kept[lang] = remember(request, ("unavailable-pages", lang), build, per_language=False)
    return kept[lang]


def page_reading_language(pk, lang, request=None):
    """None when the page `pk` is available in `lang`, else the language it is read in."""
    if pk is None or pk not in unavailable_page_ids(lang, request):
        return None
    candidates = [*resolution_order(lang), *LANGUAGE_CODES]
    return next(
        (c for c in candidates if c != lang and pk not in unavailable_page_ids(c, request)),
        None,
    )


def _record_field(obj):
    fields = translated_fields(type(obj))
    return next((f for f in RECORD_FIELDS if f in fields), None)


def reading_language(target, lang=None, request=None):
    """None when `target` (a page or a record) is available in `lang` (default: the active
    language), else the language its visitor reads it in: the first of `lang`'s fallbacks,
    then of the other languages, in which it is available (None if none is known)."""
    lang = lang or active_language()
    if target is None:
        return None
    if _is_page(target):
        return page_reading_language(target.pk, lang, request)
    field = _record_field(target)
    if field is None:
        return None
    text = field_text(target, field, lang)
    return text.lang if text and text.is_fallback else None


# Languages that write a language's name in lower case mid-sentence ("en anglais", "på
# engelsk"); Django's names start with a capital, as in a list of languages.
LOWER_CASE_NAMES = {"fr", "es", "nb", "fi", "sv"}


def language_name_here(code):
    """The language's name in the active language ("engelsk" on a Norwegian page)."""
    name = str(get_language_info(code)["name_translated"])
    if active_language() in LOWER_CASE_NAMES:
        return name[:1].lower() + name[1:]
    return name


def link_attributes(code):
    """The attributes of a link to something read in `code` (already a fallback)."""
    if not code:
        return ""
    return format_html(' hreflang="{}" lang="{}"', code, code)


def marker_text(code):
    # Translators: after a link to a page not written in the visitor's language: the language
    # it will be read in, e.g. "(English)".
    return _("(%(language)s)") % {"language": language_name_here(code)}


def marker(code, hidden=False):
    """The visible marker after a link's text, inside the link, in the visitor's language."""
    if not code:
        return ""
    text = marker_text(code)
    css = "lang-marker visually-hidden" if hidden else "lang-marker"
    return format_html('<span class="{}" lang="{}"> {}</span>', css, active_language(), text)


# --- "Only in my language": listings narrowed to what is available ----------------------------

ONLY_MINE = "mine"  # the query parameter: ?mine=1 (a page cache parameter, portal/apps.py)


def wants_only_available(request):
    return request is not None and request.GET.get(ONLY_MINE) == "1"


def only_available(queryset, lang=None, through=None):
    """`queryset` of pages (or of records whose page is `through`) narrowed to the pages
    available in `lang` (default: the active language), by the rule above, in its own SQL."""
    lang = lang or active_language()
    model, prefix = queryset.model, ""
    if through:
        model, prefix = model._meta.get_field(through).related_model, f"{through}__"
    aliases, wanted = available_condition(model, lang, prefix)
    return queryset.alias(**aliases).filter(wanted)


def available_condition(model, lang, prefix=""):
    """(aliases, Q): the rule above for pages of `model` in `lang`, as a condition on a
    queryset given the aliases (for a filter, or a count per language in one query)."""
    title = prefix + build_localized_fieldname("title", lang)
    wanted = Q(**{f"{title}__isnull": False}) & ~Q(**{title: ""})
    if "body" not in translated_fields(model):
        return {}, wanted
    body = prefix + build_localized_fieldname("body", lang)
    source = prefix + build_localized_fieldname("body", SOURCE)
    own_alias, source_alias = f"_own_body_{lang}", "_source_body"
    aliases = {own_alias: Cast(body, TextField()), source_alias: Cast(source, TextField())}
    own = Q(**{f"{body}__isnull": False}) & ~Q(**{f"{own_alias}__in": EMPTY_BODIES})
    no_source = Q(**{f"{source}__isnull": True}) | Q(**{f"{source_alias}__in": EMPTY_BODIES})
    return aliases, wanted & (own | no_source)
