"""The admin's "Translation memory" page: its size per language pair, TMX download and upload."""

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from portal.core.i18n import language_name
from portal.localization.models import MemoryEntry
from portal.localization.permissions import can_translate, require_translator
from portal.localization.safexml import MAX_XML_BYTES
from portal.localization.tmx import export_tmx, import_tmx
from portal.localization.units import SOURCE_LANGUAGE, target_languages

ALL = ""


def _choices(user):
    mine = [(code, language_name(code)) for code in target_languages() if can_translate(user, code)]
    if len(mine) == len(target_languages()):
        mine.insert(0, (ALL, gettext_lazy("All languages")))
    return mine


class TMXForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = _choices(user)


class TMXUploadForm(TMXForm):
    file = forms.FileField(
        label=gettext_lazy("TMX file"),
        help_text=gettext_lazy("English into one or more of the portal's languages."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_XML_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        return upload


def _counts():
    rows = (
        MemoryEntry.objects.values("target_language", "origin")
        .annotate(entries=Count("pk"))
        .order_by("target_language")
    )
    table = {code: {"name": language_name(code), "published": 0, "imported": 0}
             for code in target_languages()}  # fmt: skip
    for row in rows:
        if row["target_language"] in table:
            table[row["target_language"]][row["origin"]] = row["entries"]
    return list(table.values())


def _render(request, status=200, **parts):
    context = {
        "page_title": _("Translation memory"),
        "header_icon": "doc-full",
        "source_name": language_name(SOURCE_LANGUAGE),
        "counts": _counts(),
        "export_form": TMXForm(user=request.user),
        "import_form": TMXUploadForm(user=request.user),
        "report": None,
    }
    context.update(parts)
    return TemplateResponse(request, "translations/memory.html", context, status=status)


@require_GET
def memory_index(request):
    require_translator(request)
    return _render(request)


@require_GET
def memory_export(request):
    require_translator(request)
    form = TMXForm(request.GET, user=request.user)
    if not form.is_valid():
        return _render(request, export_form=form, status=400)
    lang = form.cleaned_data["language"] or None
    response = HttpResponse(export_tmx(lang, user=request.user), content_type="application/x-tmx")
    name = f"portal-memory-{SOURCE_LANGUAGE}-{lang or 'all'}.tmx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
def memory_import(request):
    require_translator(request)
    form = TMXUploadForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        return _render(request, import_form=form, status=400)
    report = import_tmx(form.cleaned_data["file"].read(), form.cleaned_data["language"] or None)
    if report.ok:
        messages.success(request, report.summary())
        return _render(request, report=report)
    return _render(request, import_form=form, report=report, status=400)
