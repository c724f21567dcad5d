"""The PO page's word count ("Analyse"): the export form's scope analysed, shown on the page."""

from django.views.decorators.http import require_GET

from portal.localization import po_views
from portal.localization.permissions import can_translate, require_translator
from portal.localization.po import _scope_objects
from portal.localization.wordcount import analyse


@require_GET
def po_word_counts(request):
    require_translator(request)
    language = request.GET.get("language", "")
    if not can_translate(request.user, language):
        return po_views._forbidden(request, language)  # noqa: SLF001
    form = po_views.ExportForm(request.GET, user=request.user)
    if not form.is_valid():
        return po_views._render(request, export_form=form, status=400)  # noqa: SLF001
    data = form.cleaned_data
    if data["scope"] == "office":
        objects = _scope_objects(scope=data["office"])
    elif data["scope"] == "page":
        objects = _scope_objects(objects=[data["page_object"]])
    else:
        objects = _scope_objects()
    analysis = analyse(objects, language, user=request.user)
    return po_views._render(request, export_form=form, analysis=analysis)  # noqa: SLF001
