"""Admin page "Files for translators": download a language's texts as PO or XLIFF (1.2, 2.0),
upload their translations in any of these formats (told apart by their content)."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page

from portal.core.i18n import language_name
from portal.localization import scopes
from portal.localization.permissions import (
    can_translate,
    require_translator,
    translatable_languages,
)
from portal.localization.po import export_po, import_po
from portal.localization.units import SOURCE_LANGUAGE
from portal.localization.xliff import export_xliff, import_xliff, looks_like_xml

MAX_UPLOAD = 10 * 1024 * 1024
# format: (label, file extension, content type, XLIFF version or None)
FORMATS = {
    "po": (gettext_lazy("PO (gettext)"), "po", "text/x-gettext-translation; charset=utf-8", None),
    "xliff12": (gettext_lazy("XLIFF 1.2 (most CAT tools)"), "xlf", "application/xliff+xml", "1.2"),
    "xliff20": (gettext_lazy("XLIFF 2.0"), "xlf", "application/xliff+xml", "2.0"),
}


def _languages(user):
    return [
        (code, language_name(code))
        for code in translatable_languages(user)
        if code != SOURCE_LANGUAGE
    ]


class ExportForm(forms.Form):
    SCOPES = [
        ("site", gettext_lazy("Whole site")),
        ("office", gettext_lazy("One office")),
        ("page", gettext_lazy("One page")),
    ]
    language = forms.ChoiceField(label=gettext_lazy("Language"))
    scope = forms.ChoiceField(
        label=gettext_lazy("What to export"),
        choices=SCOPES,
        widget=forms.RadioSelect,
        initial="site",
    )
    office = forms.ModelChoiceField(
        label=gettext_lazy("Office"),
        queryset=None,  # the offices with a page: see __init__
        required=False,
    )
    page = forms.IntegerField(
        label=gettext_lazy("Page id"),
        required=False,
        min_value=1,
        help_text=gettext_lazy("The number in the page's admin address: /admin/pages/42/edit/"),
    )
    only = forms.ChoiceField(
        label=gettext_lazy("Which texts"),
        choices=[
            ("", gettext_lazy("All texts")),
            ("missing", gettext_lazy("Missing only (not translated yet)")),
            ("outdated", gettext_lazy("Outdated only (the English text has changed)")),
        ],
        required=False,
    )
    format = forms.ChoiceField(
        label=gettext_lazy("File format"),
        choices=[(key, label) for key, (label, *_rest) in FORMATS.items()],
        initial="po",
        required=False,
    )
    prefill = forms.BooleanField(
        label=gettext_lazy("Pre-fill from the translation memory"),
        required=False,
        initial=True,
        help_text=gettext_lazy(
            "Untranslated texts get the memory's best match, marked for review: it is not "
            "imported until a translator confirms it."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = _languages(user)
        # Offices are the scopes of portal/localization/scopes.py; a site without them exports
        # the whole site or one page.
        if scopes.provider().model is None:
            del self.fields["office"]
            self.fields["scope"].choices = [c for c in self.SCOPES if c[0] != "office"]
        else:
            self.fields["office"].queryset = scopes.provider().with_pages()

    def clean(self):
        data = super().clean()
        scope = data.get("scope")
        if scope == "office" and not data.get("office"):
            self.add_error("office", _("Choose an office."))
        if scope == "page":
            page = Page.objects.filter(pk=data.get("page") or 0, depth__gt=1).first()
            if page is None:
                self.add_error("page", _("There is no page with this id."))
            data["page_object"] = page
        return data


class ImportForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language"))
    file = forms.FileField(
        label=gettext_lazy("PO or XLIFF file"),
        help_text=gettext_lazy("A file exported here, with its translations filled in."),
    )
    publish = forms.BooleanField(
        label=gettext_lazy("Publish the pages it changes"),
        required=False,
        help_text=gettext_lazy("Otherwise the translations are saved as drafts of the pages."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = _languages(user)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is too large."))
        return upload


def _render(request, status=200, **parts):
    """The PO page. `parts` replaces what it shows by default: export_form, import_form (empty
    forms), report (none) and denied (no refusal)."""
    user = request.user
    context = {
        "page_title": _("Files for translators"),
        "header_icon": "doc-full",
        "export_form": ExportForm(user=user),
        "import_form": ImportForm(user=user),
        "report": None,
        "denied": "",
    }
    context.update(parts)
    return TemplateResponse(request, "translations/po.html", context, status=status)


def _forbidden(request, language):
    """403, not Wagtail's redirect: the translator sees why, and nothing was changed."""
    denied = _("You may not translate into %(language)s.") % {
        "language": language_name(language) if language else "?"
    }
    return _render(request, status=403, denied=denied)


@require_GET
def po_index(request):
    require_translator(request)
    return _render(request)


@require_GET
def po_export(request):
    require_translator(request)
    language = request.GET.get("language", "")
    if not can_translate(request.user, language):
        return _forbidden(request, language)
    form = ExportForm(request.GET, user=request.user)
    if not form.is_valid():
        return _render(request, export_form=form, status=400)
    data = form.cleaned_data
    kind = FORMATS[data.get("format") or "po"]
    options = {"only": data.get("only") or None, "prefill": data.get("prefill", False)}
    if data["scope"] == "office":
        options["scope"] = data["office"]
        name = f"office-{scopes.provider().code(data['office'])}"
    elif data["scope"] == "page":
        options["objects"] = [data["page_object"].specific]
        name = f"page-{data['page_object'].pk}"
    else:
        name = "site"
    if kind[3] is None:
        content = str(export_po(language, **options))
    else:
        content = export_xliff(language, version=kind[3], **options)
    if options["only"]:
        name += f"-{options['only']}"
    response = HttpResponse(content, content_type=kind[2])
    response["Content-Disposition"] = f'attachment; filename="portal-{name}-{language}.{kind[1]}"'
    return response


@require_POST
def po_import(request):
    require_translator(request)
    language = request.POST.get("language", "")
    if not can_translate(request.user, language):
        return _forbidden(request, language)
    form = ImportForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        return _render(request, import_form=form, status=400)
    upload = form.cleaned_data["file"]
    data = upload.read()
    report = (import_xliff if looks_like_xml(data, upload.name) else import_po)(
        data,
        language,
        user=request.user,
        publish=form.cleaned_data["publish"],
    )
    if report.ok:
        messages.success(request, report.summary())
        return _render(request, report=report)
    return _render(request, import_form=form, report=report)
