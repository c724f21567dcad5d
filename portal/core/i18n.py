"""Which language a translated field's text is really in, so fallbacks can be shown as such."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname, resolution_order
from wagtail.fields import StreamValue

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def active_language():
    lang = translation.get_language() or settings.LANGUAGE_CODE
    return lang if lang in LANGUAGE_CODES else lang.split("-")[0]


def has_text(value):
    if value is None:
        return False
    if isinstance(value, StreamValue):
        return len(value) > 0
    if isinstance(value, str):
        return bool(value.strip())
    return True


@dataclass(frozen=True)
class FieldText:
    value: Any
    lang: str  # the language the text is written in
    wanted: str  # the language the visitor asked for

    @property
    def is_fallback(self):
        return self.lang != self.wanted

    def __bool__(self):
        return has_text(self.value)

    def __str__(self):
        return "" if self.value is None else str(self.value)


def translated_fields(model):
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def field_text(obj, field, lang=None):
    """The field's text in `lang` (default: the active one), else in the first fallback."""
    wanted = lang or active_language()
    if field not in translated_fields(type(obj)):
        return FieldText(getattr(obj, field), wanted, wanted)
    for candidate in resolution_order(wanted):
        value = getattr(obj, build_localized_fieldname(field, candidate), None)
        if has_text(value):
            return FieldText(value, candidate, wanted)
    return FieldText(getattr(obj, build_localized_fieldname(field, wanted), None), wanted, wanted)


def language_name(code):
    """The language's name in the language itself (Norsk bokmål, suomi...)."""
    return translation.get_language_info(code)["name_local"]
