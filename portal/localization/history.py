"""Coverage over time: a daily snapshot of the dashboard's figures, kept for two years.

`snapshot()` counts what the dashboard counts (coverage.compute) and stores one row per kind of
content, language and scope (the whole site, and each office) for the day; run again the same
day, it replaces that day's rows. It also deletes the rows older than `KEEP_DAYS`. The
`snapshot_coverage` command runs it once a day, from the cron that runs `publish_scheduled`.

`history()` reads a period back for the dashboard's chart in one query, and `marks()` collects
the events drawn on it (what finished translation jobs did, say): a higher layer registers a
source of marks with `add_marks()`, as it registers a scope provider in scopes.py.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from portal.localization.coverage import compute
from portal.localization.models import CoverageSnapshot

KEEP_DAYS = 2 * 366 + 31  # at least two years, and a month's margin
PERIODS = (30, 90, 365)  # the dashboard's choice of period, in days
DEFAULT_PERIOD = 90


def snapshot(day=None):
    """Record today's (or `day`'s) figures, replacing any recorded that day, and prune.
    Returns (rows written, old rows deleted)."""
    day = day or timezone.localdate()
    rows = snapshot_rows(compute(office_kinds=True), day)
    with transaction.atomic():
        CoverageSnapshot.objects.filter(date=day).delete()
        CoverageSnapshot.objects.bulk_create(rows, batch_size=1000)
        pruned = prune(day)
    return len(rows), pruned


def snapshot_rows(coverage, day):
    """Unsaved rows for a Coverage computed with office_kinds=True: the site's figure for each
    kind and language, and each office's. Kinds with nothing to translate are left out."""
    site = [((None, label, lang), cell) for (label, lang), cell in coverage.cells.items()]
    offices = list(coverage.by_office_kind.items())
    return [
        CoverageSnapshot(
            date=day,
            scope=scope,
            kind=label,
            language=lang,
            total=cell.total,
            done=cell.done,
            outdated=cell.outdated,
        )
        for (scope, label, lang), cell in site + offices
        if cell.total
    ]


def prune(today=None):
    """Delete the rows older than the history keeps; returns how many."""
    cutoff = (today or timezone.localdate()) - timedelta(days=KEEP_DAYS)
    deleted, _by_model = CoverageSnapshot.objects.filter(date__lt=cutoff).delete()
    return deleted


@dataclass(frozen=True)
class Point:
    """All kinds of content together, in one language on one day."""

    date: object
    total: int
    done: int
    outdated: int

    @property
    def percent(self):
        """Translated fields, in percent (outdated ones included)."""
        return 100.0 if not self.total else 100 * self.done / self.total

    @property
    def current_percent(self):
        """Translated fields whose translation is not outdated, in percent."""
        return 100.0 if not self.total else 100 * (self.done - self.outdated) / self.total


def period(days, today=None):
    """(first day, last day) of the last `days` days up to today."""
    today = today or timezone.localdate()
    return today - timedelta(days=days), today


def history(scope=None, days=DEFAULT_PERIOD, today=None):
    """{language: [Point, ...] in date order} over the period, for the whole site (scope None)
    or one scope's pk: one query, however many days."""
    start, end = period(days, today)
    rows = CoverageSnapshot.objects.filter(date__gte=start, date__lte=end)
    rows = rows.filter(scope__isnull=True) if scope is None else rows.filter(scope=scope)
    figures = (
        rows.values("date", "language")
        .annotate(total=Sum("total"), done=Sum("done"), outdated=Sum("outdated"))
        .order_by("date", "language")
    )
    points = defaultdict(list)
    for row in figures:
        points[row["language"]].append(
            Point(row["date"], row["total"], row["done"], row["outdated"])
        )
    return dict(points)


@dataclass(frozen=True)
class Mark:
    """An event drawn on the chart: a tick on `date` with `label` as its tooltip, on one
    language's chart or (language None) on every one."""

    date: object
    label: str
    language: str | None = None


_mark_sources = []


def add_marks(source):
    """Register a source of marks: source(start, end, scope) -> iterable of Mark, where start
    and end are dates and scope a scope's pk or None (the whole site). Called from a higher
    layer's AppConfig.ready(); each source costs the dashboard its queries, so keep it to one."""
    if source not in _mark_sources:
        _mark_sources.append(source)


def remove_marks(source):
    if source in _mark_sources:
        _mark_sources.remove(source)


def marks(start, end, scope=None):
    """Every registered source's marks in the period, by date."""
    found = [mark for source in _mark_sources for mark in source(start, end, scope)]
    return sorted((m for m in found if start <= m.date <= end), key=lambda m: m.date)
