"""The translation backlog ranked by what visitors miss: views × words to translate × age.

- **Views**: in the last WINDOW_DAYS days, the times a page was served with this object's text in
  a fallback language or with its outdated translation, plus REQUEST_WEIGHT for each "Request
  this page in <language>" (a visitor who asks misses it more than one who reads on).
- **Words**: the English words still to translate in that language (missing units and the units
  of outdated fields; portal/localization/wordcount.py, memory matches counted like the rest).
  None left (translated since) and the object leaves the list.
- **Age** of the gap, in days (at least 1, at most MAX_AGE_DAYS), from the earliest sign of it:
  the first day in the window visitors were counted missing it (it was open then, so at least
  that old); for an outdated translation, the day its translation state was last written (the
  source changed after that: the gap is at most that old); for a missing translation on a page,
  the day the page was first published (it has lacked the language since it went live, unless a
  translation was removed later). Records keep no dates: only the first of these applies.

The candidates are the CANDIDATES objects with the most views; their words and ages are read
for them only (a few queries each), so the list costs the same whatever the size of the site.
"""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Min, Sum
from django.utils import timezone
from django.utils.text import capfirst
from wagtail.models import Page

from portal.core.i18n import language_name
from portal.localization.models import TranslationDemand, TranslationState
from portal.localization.status import outdated_fields
from portal.localization.units import units
from portal.localization.wordcount import analyse

WINDOW_DAYS = 30
REQUEST_WEIGHT = 5
MAX_AGE_DAYS = 365
CANDIDATES = 40
TOP = 20


@dataclass
class Gap:
    obj: object
    content_type_id: int
    language: str
    views: int  # served in a fallback language or outdated, in the window
    requests: int
    words: int = 0
    age_days: int = 1
    first_counted: datetime.date | None = None

    @property
    def weight(self):
        return self.views + REQUEST_WEIGHT * self.requests

    @property
    def score(self):
        return self.weight * self.words * self.age_days

    @property
    def is_page(self):
        return isinstance(self.obj, Page)

    @property
    def language_name(self):
        return language_name(self.language)

    @property
    def kind(self):
        return capfirst(self.obj._meta.verbose_name)


def demand_since(since):
    """[(content type id, object id, language, views, requests, first day)] counted since `since`,
    the most missed first."""
    rows = (
        TranslationDemand.objects.filter(day__gte=since)
        .values("content_type_id", "object_id", "language")
        .annotate(
            views=Sum(F("fallback_views") + F("outdated_views")),
            requested=Sum("requests"),
            first_day=Min("day"),
        )
        .order_by()
    )
    found = [
        (
            r["content_type_id"],
            r["object_id"],
            r["language"],
            r["views"],
            r["requested"],
            r["first_day"],
        )
        for r in rows
    ]
    found.sort(key=lambda r: (-(r[3] + REQUEST_WEIGHT * r[4]), r[0], r[1], r[2]))
    return found


def _objects(rows):
    """{(content type id, object id): object}, one query per model, pages as their own type."""
    wanted = {}
    for content_type_id, object_id, *_rest in rows:
        wanted.setdefault(content_type_id, set()).add(object_id)
    found = {}
    for content_type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:  # a model since removed
            continue
        for pk, obj in model.objects.in_bulk(ids).items():
            found[(content_type_id, pk)] = obj
    return found


def _age_start(gap, outdated, missing):
    """When the gap opened, at the latest (see the module's docstring)."""
    starts = []
    if outdated:
        written = TranslationState.objects.filter(
            content_type_id=gap.content_type_id,
            object_id=gap.obj.pk,
            language=gap.language,
            field__in=list(outdated),
        ).aggregate(oldest=Min("updated_at"))["oldest"]
        if written is not None:
            starts.append(timezone.localdate(written))
    first_published = getattr(gap.obj, "first_published_at", None)
    if missing and first_published is not None:
        starts.append(timezone.localdate(first_published))
    if gap.first_counted is not None:  # visitors missed it then: open at least since
        starts.append(gap.first_counted)
    return min(starts) if starts else None


def ranked(limit=TOP, today=None):
    """The gaps visitors miss most, highest score first (at most `limit`)."""
    today = today or timezone.localdate()
    rows = demand_since(today - datetime.timedelta(days=WINDOW_DAYS - 1))[:CANDIDATES]
    objects = _objects(rows)
    gaps = []
    for content_type_id, object_id, language, views, requests, first_day in rows:
        obj = objects.get((content_type_id, object_id))
        if obj is None:  # deleted since
            continue
        gap = Gap(obj, content_type_id, language, views, requests, first_counted=first_day)
        gap.words = analyse([obj], language, fuzzy_limit=0).total.total
        if not gap.words:
            continue
        missing = any(not unit.target.strip() for unit in units(obj, language))
        start = _age_start(gap, outdated_fields(obj, language), missing)
        days = (today - start).days if start else 1
        gap.age_days = max(1, min(MAX_AGE_DAYS, days))
        gaps.append(gap)
    gaps.sort(key=lambda g: (-g.score, -g.weight, str(g.obj)))
    return gaps[:limit]
