"""The dashboard's "Coverage over time": one small chart per language, drawn as SVG on the server
(templates/translations/coverage_history.html), with the same figures as a table.

Every chart has the same scale, so the languages compare at a glance: a line for the share of
fields translated, a second for the share translated and up to date, and the band between them
shaded (the outdated share). Marks (history.marks) are ticks along the bottom.
"""

import math
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.core.i18n import language_name

# The chart's own coordinates (the SVG scales to its box): the plot sits between these.
WIDTH, HEIGHT = 300, 110
LEFT, RIGHT, TOP, BOTTOM = 34, 292, 8, 88
MARK_HEIGHT = 8


@dataclass
class Chart:
    language: str
    name: str
    points: list
    translated: str = ""  # path of the translated share
    current: str = ""  # path of the translated and up-to-date share
    band: str = ""  # the outdated share between them
    dots: list = field(default_factory=list)  # (x, y) of a single day's figure
    marks: list = field(default_factory=list)  # (x, label)
    change: int = 0  # percentage points gained over the period shown
    summary: str = ""

    @property
    def first(self):
        return self.points[0]

    @property
    def last(self):
        return self.points[-1]

    @property
    def trend(self):
        return "up" if self.change > 0 else "down" if self.change < 0 else "flat"


@dataclass
class Scale:
    start: object
    days: int
    low: int
    high: int

    def x(self, day):
        return round(LEFT + (RIGHT - LEFT) * (day - self.start).days / self.days, 1)

    def ticks(self):
        """The percentages with a grid line: every 10 points, or 20 over a wide range."""
        step = 10 if self.high - self.low <= 40 else 20  # noqa: PLR2004
        return range(self.low, self.high + 1, step)

    def y(self, percent):
        share = (percent - self.low) / (self.high - self.low)
        return round(BOTTOM - (BOTTOM - TOP) * share, 1)


def scale_for(series, start, days):
    """One scale for every chart: from the lowest up-to-date share to the highest translated
    share, widened to tens (at least ten points high), so a change of a few points shows."""
    values = [v for points in series for p in points for v in (p.percent, p.current_percent)]
    low = max(0, math.floor(min(values, default=0) / 10) * 10)
    high = min(100, math.ceil(max(values, default=100) / 10) * 10)
    if high - low < 10:  # noqa: PLR2004 (ten points: the smallest range drawn)
        low, high = (high - 10, high) if high >= 10 else (0, 10)  # noqa: PLR2004
    return Scale(start, days, low, high)


def _path(points):
    return "M" + " L".join(f"{x},{y}" for x, y in points)


def build(history, languages, start, days, marks=()):
    """{"charts": [Chart per language with figures], "scale", "y_labels", "x_labels",
    "table": rows for the table of figures} for the template."""
    series = [history[code] for code in languages if history.get(code)]
    scale = scale_for(series, start, days)
    charts = [_chart(code, history[code], scale, marks) for code in languages if history.get(code)]
    end = start + timedelta(days=days)
    return {
        "charts": charts,
        "scale": scale,
        "y_labels": [(scale.y(v), f"{v}%") for v in scale.ticks()],
        "x_labels": [
            (LEFT, date_format(start, "j M Y"), "start"),
            (RIGHT, date_format(end, "j M Y"), "end"),
        ],
        "table": _table(charts, marks),
        "frame": {
            "width": WIDTH,
            "height": HEIGHT,
            "left": LEFT,
            "right": RIGHT,
            "bottom": BOTTOM,
            "mark_top": BOTTOM - MARK_HEIGHT,
            "axis_label_x": LEFT - 4,
            "axis_label_y": HEIGHT - 6,
        },
    }


def _chart(code, points, scale, marks):
    chart = Chart(code, language_name(code), points)
    translated = [(scale.x(p.date), scale.y(p.percent)) for p in points]
    current = [(scale.x(p.date), scale.y(p.current_percent)) for p in points]
    if len(points) == 1:
        chart.dots = translated
    else:
        chart.translated, chart.current = _path(translated), _path(current)
        chart.band = _path(translated + current[::-1]) + " Z"
    chart.marks = [(scale.x(m.date), m.label) for m in marks if m.language in (None, code)]
    chart.change = round(chart.last.percent - chart.first.percent)
    chart.summary = summary(chart)
    return chart


def summary(chart):
    """ "+4 points in 30 days: 62% → 66% translated, 3 outdated." in the admin's language."""
    days = (chart.last.date - chart.first.date).days
    figures = _("%(first)s%% → %(last)s%% translated, %(outdated)s outdated.") % {
        "first": round(chart.first.percent),
        "last": round(chart.last.percent),
        "outdated": chart.last.outdated,
    }
    if not days:
        return figures
    if chart.change:
        points = ngettext(
            "%(sign)s%(points)s point", "%(sign)s%(points)s points", abs(chart.change)
        )
        change = points % {"sign": "+" if chart.change > 0 else "−", "points": abs(chart.change)}
    else:
        change = _("No change")
    period = ngettext("%(change)s in %(days)s day", "%(change)s in %(days)s days", days) % {
        "change": change,
        "days": days,
    }
    return f"{period}: {figures}"


def _table(charts, marks):
    """Rows of the table behind the charts: (date, [(percent, outdated) or None per chart],
    [mark labels]), newest first."""
    by_date = {}
    for index, chart in enumerate(charts):
        for point in chart.points:
            by_date.setdefault(point.date, [None] * len(charts))[index] = point
    notes = {}
    for mark in marks:
        label = f"{language_name(mark.language)}: {mark.label}" if mark.language else mark.label
        notes.setdefault(mark.date, []).append(label)
    days = sorted(set(by_date) | set(notes), reverse=True)
    return [(day, by_date.get(day, [None] * len(charts)), notes.get(day, [])) for day in days]
