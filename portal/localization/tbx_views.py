"""The TBX page of the termbase: download the whole termbase, upload a TBX file (all or nothing)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from portal.localization.permissions import require_translator
from portal.localization.tbx import export_tbx, import_tbx

MAX_UPLOAD = 5 * 1024 * 1024
CHANGE = ("portal.add_concept", "portal.change_concept")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("TBX file"),
        help_text=gettext_lazy(
            "Entries whose id names an entry of this termbase (such as c42) replace it; "
            "the others are added."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD // (1024 * 1024)}
            )
        return upload


def can_change(user):
    return user.has_perms(CHANGE)


def _render(request, status=200, **parts):
    context = {
        "page_title": _("Termbase: TBX files"),
        "header_icon": "tag",
        "form": ImportForm(),
        "report": None,
        "can_change": can_change(request.user),
        "listing_url": reverse("wagtailsnippets_portal_concept:list"),
    }
    context.update(parts)
    return TemplateResponse(request, "translations/tbx.html", context, status=status)


@require_GET
def tbx_index(request):
    require_translator(request)
    return _render(request)


@require_GET
def tbx_export(request):
    require_translator(request)
    response = HttpResponse(export_tbx(), content_type="application/x-tbx+xml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="portal-termbase.tbx"'
    return response


@require_POST
def tbx_import(request):
    require_translator(request)
    if not can_change(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, form=form, status=400)
    report = import_tbx(form.cleaned_data["file"].read())
    if report.ok:
        messages.success(request, report.summary())
        return _render(request, report=report)
    return _render(request, form=form, report=report, status=400)


urlpatterns = [  # included by urls.py, before the drill-down's catch-all
    path("tbx/", tbx_index, name="tbx"),
    path("tbx/export/", tbx_export, name="tbx_export"),
    path("tbx/import/", tbx_import, name="tbx_import"),
]
