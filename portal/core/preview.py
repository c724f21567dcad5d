"""Previews of records (offices, partners, objectives, country actions) as visitors will see them.

A record's preview is the public page that shows it, rendered with this version of the record
(the draft being edited, a revision, the revision a moderator is asked to approve) in place of
the live one, in the language the previewer picks: one preview mode per language.

The models say which page shows them and where they sit in its context:

- `preview_page()`: the live page that shows the record, with this version already in place where
  the page holds it (`page.office = self`); None when no page shows it yet;
- `adjust_preview_context(context)`: puts this version in the page's context where a list holds
  the live one (the country actions of an objective page, the partners of a programme).

A record no page shows yet gets a small page of its own fields, saying so. The preview's language
links switch the preview's language (`preview_language_url`), not go to the live page.

Nothing is written: the page's context is read from the live rows, the record is substituted in
memory only. The request is Wagtail's made-up preview request (`is_dummy`, `is_preview`): the page
cache never stores it (portal/core/cache.py) and it is not counted as a visitor's view
(portal/core/demand.py).
"""

from django.conf import settings
from django.template.response import TemplateResponse
from django.utils import translation
from wagtail.models import PreviewableMixin

from portal.core.fields import LanguagesField
from portal.core.i18n import LANGUAGE_CODES, active_language, field_text, language_name

RECORD_TEMPLATE = "previews/record.html"


class RecordPreviewMixin(PreviewableMixin):
    """Put first in a record's bases (before WorkflowMixin)."""

    @property
    def preview_modes(self):
        return [(code, language_name(code)) for code in LANGUAGE_CODES]

    @property
    def default_preview_mode(self):
        """The language the admin is shown in (a moderator's preview opens in it)."""
        language = active_language()
        return language if language in LANGUAGE_CODES else settings.LANGUAGE_CODE

    def preview_page(self):
        """The live page that shows this record, with this version in place; None if none."""
        return None

    def adjust_preview_context(self, context):
        """Put this version in the page's context where a list there holds the live one."""

    def make_preview_request(
        self, original_request=None, preview_mode=None, extra_request_attrs=None
    ):
        """The language in the address (`?mode=nb`) wins: a moderator's preview of a task has no
        mode selector and is always asked for in the default mode."""
        asked = original_request.GET.get("mode") if original_request is not None else None
        if asked in LANGUAGE_CODES:
            preview_mode = asked
        return super().make_preview_request(original_request, preview_mode, extra_request_attrs)

    def serve_preview(self, request, mode_name):
        language = mode_name if mode_name in LANGUAGE_CODES else self.default_preview_mode
        with translation.override(language):
            request.LANGUAGE_CODE = language
            page = self.preview_page()
            if page is None:
                response = TemplateResponse(request, RECORD_TEMPLATE, self.record_context(request))
            else:
                context = page.get_context(request)
                self.adjust_preview_context(context)
                response = TemplateResponse(request, page.get_template(request), context)
            # Rendered inside the language: a TemplateResponse renders lazily.
            return response.render()

    def record_context(self, request):
        return {
            "request": request,
            "record": self,
            "kind": self._meta.verbose_name,
            "language_name": language_name(request.LANGUAGE_CODE),
            "fields": preview_fields(self),
        }


def panel_fields(model, panels):
    """The fields the record's editor shows, in its order: a translated field once (the editor
    shows it once per language)."""
    fields = []
    for panel in panels:
        if getattr(panel, "field_name", None):
            field = model._meta.get_field(panel.field_name)
            fields.append(getattr(field, "translated_field", field))
        fields.extend(panel_fields(model, getattr(panel, "children", ())))
    return list(dict.fromkeys(fields))


def preview_fields(record):
    """(label, text) for every field of the record's editor that has a value, in the active
    language (with its fallback: text.lang names the language a text is really in)."""
    rows = []
    for field in panel_fields(type(record), getattr(record, "panels", ())):
        text = field_text(record, field.name)
        value = display(record, field, text.value)
        if value not in (None, ""):
            rows.append((field.verbose_name, value, text.lang if text.is_fallback else ""))
    return rows


def display(record, field, value):
    if field.many_to_many:
        return ", ".join(str(item) for item in getattr(record, field.name).all())
    if isinstance(field, LanguagesField):
        return ", ".join(language_name(code) for code in value or ())
    if getattr(field, "multiple", False):  # countries
        return ", ".join(str(country.name) for country in value)
    if field.choices:
        return getattr(record, f"get_{field.name}_display")()
    return value


def preview_language_url(request, code):
    """In a record's preview, the same preview in another language; None anywhere else."""
    if not getattr(request, "is_preview", False):
        return None
    if getattr(request, "preview_mode", None) not in LANGUAGE_CODES:
        return None  # a page's preview: one mode
    if getattr(request, "in_preview_panel", False):
        return f"?mode={code}&in_preview_panel=true"
    return f"?mode={code}"
