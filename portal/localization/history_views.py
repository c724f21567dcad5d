"""Coverage over time on the dashboard (its context) and as a CSV download."""

import csv

from django.http import StreamingHttpResponse
from django.utils import timezone

from portal.localization import history, history_chart, scopes
from portal.localization.models import CoverageSnapshot
from portal.localization.units import target_languages

CSV_HEADER = ["date", "scope", "kind", "language", "fields", "translated", "missing", "outdated"]


def chosen_period(request):
    """The period the admin chose (?days=30, 90 or 365); anything else is the default."""
    days = request.GET.get("days", "")
    return int(days) if days.isdigit() and int(days) in history.PERIODS else history.DEFAULT_PERIOD


def dashboard_context(request, office):
    """What templates/translations/coverage_history.html needs: one query for the figures,
    plus what the registered sources of marks ask."""
    days = chosen_period(request)
    scope = getattr(office, "pk", None)
    start, end = history.period(days)
    figures = history.history(scope, days, today=end)
    marks = history.marks(start, end, scope)
    return {
        "history": history_chart.build(figures, target_languages(), start, days, marks),
        "history_days": days,
        "history_periods": history.PERIODS,
    }


class _Echo:
    def write(self, value):
        return value


def csv_response(request, office):
    """Every recorded figure (per day, scope, kind and language), streamed: the whole site's and
    every office's, or one office's; ?days= narrows it to the last 30, 90 or 365 days."""
    rows = CoverageSnapshot.objects.all()
    if office is not None:
        rows = rows.filter(scope=office.pk)
    if request.GET.get("days"):
        start, end = history.period(chosen_period(request), timezone.localdate())
        rows = rows.filter(date__gte=start, date__lte=end)
    rows = rows.order_by("date", "scope", "kind", "language").values_list(
        "date", "scope", "kind", "language", "total", "done", "outdated"
    )
    provider = scopes.provider()
    codes = {o.pk: f"office:{provider.code(o)}" for o in provider.all()}
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(CSV_HEADER)
        for day, scope, kind, lang, total, done, outdated in rows.iterator(chunk_size=2000):
            where = "site" if scope is None else codes.get(scope, f"office:{scope}")
            yield writer.writerow(
                [day.isoformat(), where, kind, lang, total, done, total - done, outdated]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    name = "translation-coverage-history.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
