"""Six weeks of coverage history for the demo, so the dashboard's "Coverage over time" has
something to draw on a fresh install.

Derived from today's real figures (today's row is the real snapshot), walking back: the English
content grew by a tenth over the period, and each language translated its share of it at its
own pace, in weekly steps; Finnish translated nothing new, so it falls behind. Deterministic: only
days without figures are written, so loading the demo again writes nothing.
"""

import math
from datetime import timedelta

from django.utils import timezone

from portal.localization.coverage import compute
from portal.localization.history import snapshot_rows
from portal.localization.models import CoverageSnapshot

DAYS = 42
GROWTH = 0.10  # the share of today's English fields written during the period
GAIN = {"fr": 0.30, "es": 0.22, "nb": 0.35, "nl": 0.12, "fi": 0.0, "sv": 0.18}  # of today's done
DEFAULT_GAIN = 0.2
STEP = 7  # days: translations arrive in weekly batches


def seed(note=None, days=DAYS, today=None):
    """Write the figures of the last `days` days that are not recorded yet; returns how many."""
    today = today or timezone.localdate()
    start = today - timedelta(days=days)
    recorded = set(
        CoverageSnapshot.objects.filter(date__gte=start, date__lte=today)
        .values_list("date", flat=True)
        .distinct()
    )
    missing = [today - timedelta(days=back) for back in range(days + 1)]
    missing = [day for day in missing if day not in recorded]
    if not missing:
        return 0
    base = snapshot_rows(compute(office_kinds=True), today)
    rows = [earlier(row, day, (today - day).days / days) for day in missing for row in base]
    CoverageSnapshot.objects.bulk_create(rows, batch_size=1000)
    if note:
        for _row in rows:
            note("created", "coverage snapshots")
    return len(rows)


def earlier(row, day, back):
    """The row as it might have been `back` of the period earlier (0: today, 1: the start)."""
    stepped = min(1.0, math.ceil(back * DAYS / STEP) * STEP / DAYS)
    total = row.total - round(row.total * GROWTH * back)
    gain = GAIN.get(row.language, DEFAULT_GAIN)
    done = max(0, min(total, row.done - round(row.done * gain * stepped)))
    # Outdated translations pile up mid-period, when the English was rewritten, then get fixed.
    outdated = min(done, row.outdated + round(done * 0.1 * math.sin(math.pi * back)))
    return CoverageSnapshot(
        date=day,
        language=row.language,
        kind=row.kind,
        scope=row.scope,
        total=total,
        done=done,
        outdated=outdated,
    )
