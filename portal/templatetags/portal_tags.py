"""Template helpers: translated text with visible fallbacks, and the language switcher."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.html import format_html

from portal.i18n import active_language, field_text, language_name

register = template.Library()


@register.simple_tag
def text_of(obj, field):
    """`{% text_of page "body" as body %}`: the field's FieldText (value, lang, is_fallback)."""
    return field_text(obj, field)


@register.filter
def tr(obj, field):
    """`{{ page|tr:"title" }}`: the text, wrapped in a span with its own lang if it is a fallback."""
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
    for code, _name in settings.LANGUAGES:
        if page is not None:
            with translation.override(code):
                url = page.get_url(request=request)
        else:
            url = translate_url(request.get_full_path(), code) if request else f"/{code}/"
        links.append(
            {"code": code, "name": language_name(code), "url": url, "current": code == current}
        )
    return links


@register.simple_tag
def language_label(code):
    return language_name(code)
