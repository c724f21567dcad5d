"""Admin views of "Pre-fill from memory": one object from the editor, a selection from the
drill-down. POST only; the same permission checks as the translator's editor."""

from django.apps import apps
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.localization import editor_views
from portal.localization.permissions import can_translate, require_translator
from portal.localization.prefill import prefill
from portal.localization.units import content_models, target_languages

MAX_SELECTION = 500


def _message(request, result):
    if not result.filled:
        messages.warning(
            request,
            _("The translation memory has no exact match for the untranslated texts."),
        )
        return
    messages.success(
        request,
        _(
            "%(filled)d of %(empty)d untranslated texts were pre-filled from the translation "
            "memory. They are published only after a translator has reviewed them."
        )
        % {"filled": result.filled, "empty": result.empty},
    )


@require_POST
def prefill_object(request, content_type_id, pk, lang):
    require_translator(request)
    try:
        _model, obj = editor_views._load(request, content_type_id, pk, lang)  # noqa: SLF001
    except editor_views.Forbidden as denied:
        return editor_views.forbidden(request, str(denied))
    _message(request, prefill([obj], lang, user=request.user))
    return redirect("translations:edit", content_type_id, pk, lang)


def _selected(request, kind):
    ids = [value for value in request.POST.getlist("objects") if value.isdigit()]
    if len(ids) > MAX_SELECTION:
        ids = ids[:MAX_SELECTION]
    return list(kind.objects.filter(pk__in=ids).order_by("pk"))


@require_POST
def prefill_selection(request, model, language):
    require_translator(request)
    if model not in {m._meta.label for m in content_models()} or language not in target_languages():
        raise Http404
    if not can_translate(request.user, language):
        return editor_views.forbidden(request, _("You may not translate into this language."))
    objects = _selected(request, apps.get_model(model))
    if objects:
        _message(request, prefill(objects, language, user=request.user))
    else:
        messages.error(request, _("Choose at least one item."))
    url = reverse("translations:drilldown", args=[model, language])
    office = request.POST.get("office", "")
    return redirect(f"{url}?{urlencode({'office': office})}" if office.isdigit() else url)
