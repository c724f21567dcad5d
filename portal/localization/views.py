"""The translation dashboard: coverage per content kind, language and office, and drill-downs."""

import csv

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from portal.core.i18n import language_name
from portal.core.memo import remember
from portal.localization import backlog, history_views, scopes, site_checks
from portal.localization.coverage import compute, fallback_chains
from portal.localization.editor_views import wagtail_editor_url
from portal.localization.jobs import can_manage
from portal.localization.permissions import require_translator, translatable_languages
from portal.localization.units import content_models, target_languages
from portal.localization.wordcount import analyse

DRILLDOWN_WORD_COUNT_LIMIT = 200  # objects whose words the drill-down counts


def _office(request):
    pk = request.GET.get("office")
    if not pk:
        return None
    if not pk.isdigit():
        raise Http404
    office = scopes.provider().get(pk)
    if office is None:
        raise Http404
    return office


def _coverage(request, office):
    """The coverage figures, computed once per change: they read the pages' live columns, the
    records and the translation states, which change only when the page cache's generation does
    (portal/core/memo.py). At scale (25,000 pages) computing them takes seconds."""
    return remember(
        request,
        ("translation-coverage", getattr(office, "pk", None)),
        lambda: compute(office=office),
        per_language=False,
    )


def dashboard(request):
    require_translator(request)
    office = _office(request)
    coverage = _coverage(request, office)
    warnings = {} if office else site_checks.dashboard_counts(request)
    offices = scopes.provider().all()
    languages = [(code, language_name(code)) for code in coverage.languages]
    rows = [
        {
            "kind": kind._meta.label,
            "label": kind._meta.verbose_name_plural,
            "cells": [(code, coverage.cell(kind, code)) for code, _name in languages],
        }
        for kind in coverage.kinds
        if any(coverage.cell(kind, code).total for code, _name in languages)
    ]
    office_rows = [
        {
            "office": o,
            "cells": [(code, coverage.by_office.get((o.pk, code))) for code, _name in languages],
        }
        for o in offices
    ]
    chains = [
        (language_name(code), [language_name(c) for c in chain])
        for code, chain in fallback_chains().items()
        if len(chain) > 1
    ]
    return TemplateResponse(
        request,
        "translations/dashboard.html",
        {
            "page_title": _("Translations"),
            "header_icon": "globe",
            "coverage": coverage,
            "languages": languages,
            "mine": translatable_languages(request.user),
            "rows": rows,
            "office_rows": office_rows,
            "offices": offices,
            "office": office,
            "totals": [(code, coverage.totals[code]) for code, _name in languages],
            "warnings": [(code, warnings.get(code, 0)) for code, _name in languages],
            "chains": chains,
            "can_manage_jobs": can_manage(request.user),
            "backlog": [] if office else backlog.ranked(),  # what visitors miss, site-wide
            "backlog_days": backlog.WINDOW_DAYS,
            **history_views.dashboard_context(request, office),
        },
    )


def drilldown(request, model, language):
    require_translator(request)
    if model not in {m._meta.label for m in content_models()} or language not in target_languages():
        raise Http404
    kind = apps.get_model(model)
    office = _office(request)
    # Not kept in the memo: a kind's missing fields in one language can be thousands of items
    # at scale, and counting one kind in one language takes about a second.
    coverage = compute(office=office, models=[kind], languages=[language], items=True)
    content_type = ContentType.objects.get_for_model(kind, for_concrete_model=False)
    items = [
        {
            "item": item,
            "field": kind._meta.get_field(item.field).verbose_name,
            "translate_url": reverse(
                "translations:edit", args=[content_type.pk, item.pk, language]
            ),
            "edit_url": wagtail_editor_url(kind, item.pk),
        }
        for item in coverage.items
        if item.model is kind and item.language == language
    ]
    items.sort(key=lambda row: (row["item"].status != "outdated", row["item"].label))
    ids = list(dict.fromkeys(row["item"].pk for row in items))
    found = kind.objects.in_bulk(ids[:DRILLDOWN_WORD_COUNT_LIMIT])
    objects = [found[pk] for pk in ids[:DRILLDOWN_WORD_COUNT_LIMIT] if pk in found]
    analysis = analyse(objects, language, user=request.user, object_limit=len(objects))
    analysis.objects_left_out = max(0, len(ids) - len(objects))
    return TemplateResponse(
        request,
        "translations/drilldown.html",
        {
            "page_title": _("%(kind)s in %(language)s")
            % {
                "kind": capfirst(kind._meta.verbose_name_plural),
                "language": language_name(language),
            },
            "header_icon": "globe",
            "kind": kind,
            "kind_label": model,
            "language": language,
            "cell": coverage.cell(kind, language),
            "items": items,
            "office": office,
            "can_translate": language in translatable_languages(request.user),
            "can_manage_jobs": can_manage(request.user),
            "analysis": analysis,
            "prefill_url": reverse("translations:prefill_selection", args=[model, language]),
        },
    )


def coverage_csv(request):
    require_translator(request)
    coverage = _coverage(request, None)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="translation-coverage.csv"'
    writer = csv.writer(response)
    writer.writerow(["scope", "kind", "language", "fields", "translated", "missing", "outdated"])
    for kind in coverage.kinds:
        for lang in coverage.languages:
            cell = coverage.cell(kind, lang)
            if cell.total:
                writer.writerow(_csv_row("site", kind._meta.label, lang, cell))
    for lang in coverage.languages:
        writer.writerow(_csv_row("site", "all", lang, coverage.totals[lang]))
    provider = scopes.provider()
    for office in provider.all():
        for lang in coverage.languages:
            cell = coverage.by_office.get((office.pk, lang))
            if cell is not None:
                writer.writerow(_csv_row(f"office:{provider.code(office)}", "all", lang, cell))
    return response


def _csv_row(scope, kind, lang, cell):
    return [scope, kind, lang, cell.total, cell.done, cell.missing, cell.outdated]


def coverage_history_csv(request):
    require_translator(request)
    return history_views.csv_response(request, _office(request))
