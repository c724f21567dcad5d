"""What a new translation job covers: its items, chosen by scope, with their word counts.

A scope is chosen pages and records, an office, everything outdated or everything missing in the
job's languages. Each item is one object in one language with the fields still to translate
(missing, or outdated since the English changed). Word counts come from the translation memory
(wordcount.py): new, fuzzy and exact words, as a CAT tool's analysis counts them.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from portal.localization import jobs
from portal.localization.coverage import compute
from portal.localization.job_models import JobItem, TranslationJob
from portal.localization.units import content_models
from portal.localization.wordcount import analyse, to_translate

JOB_OBJECT_LIMIT = 300  # items per job: more is several jobs

SCOPES = [
    ("selected", gettext_lazy("The chosen pages and records")),
    ("office", gettext_lazy("Everything missing or outdated in an office")),
    ("outdated", gettext_lazy("Everything outdated")),
    ("missing", gettext_lazy("Everything missing")),
]


@dataclass
class Planned:
    obj: object
    language: str
    fields: list
    label: str
    counts: object = None


@dataclass
class Plan:
    items: list = field(default_factory=list)


def parse_objects(values):
    """["<content type id>:<pk>", ...] into [(model, pk)]; unknown ones are left out."""
    allowed = set(content_models())
    found = []
    for value in values:
        ct_id, _sep, pk = value.partition(":")
        if not (ct_id.isdigit() and pk.isdigit()):
            continue
        model = ContentType.objects.get_for_id(int(ct_id)).model_class()
        if model in allowed:
            found.append((model, int(pk)))
    return found


def _label(obj):
    return obj.get_admin_display_title() if isinstance(obj, Page) else str(obj)


def _selected(objects, languages):
    planned = []
    for model, pk in objects:
        obj = model.objects.filter(pk=pk).first()
        if obj is None:
            continue
        for lang in languages:
            fields = sorted({u.field for u in to_translate(obj, lang)})
            if fields:
                planned.append(Planned(obj, lang, fields, _label(obj)))
    return planned


def _from_coverage(kind, languages, office):
    coverage = compute(office=office, languages=languages, items=True)
    wanted = defaultdict(set)
    for item in coverage.items:
        if kind in {"outdated", "missing"} and item.status != kind:
            continue
        wanted[(item.model, item.pk, item.language)].add(item.field)
    by_model = defaultdict(set)
    for model, pk, _lang in wanted:
        by_model[model].add(pk)
    found = {model: model.objects.in_bulk(pks) for model, pks in by_model.items()}
    planned = []
    for (model, pk, lang), fields in wanted.items():
        obj = found[model].get(pk)
        if obj is not None:
            planned.append(Planned(obj, lang, sorted(fields), _label(obj)))
    planned.sort(key=lambda p: (p.language, p.label))
    return planned


def plan(kind, languages, office=None, objects=(), user=None):
    """The items a job of this scope would hold, with word counts; ValidationError if none."""
    if kind == "selected":
        planned = _selected(objects, languages)
    else:
        planned = _from_coverage(kind, languages, office if kind == "office" else None)
    if not planned:
        raise ValidationError(_("There is nothing to translate in this scope and these languages."))
    if len(planned) > JOB_OBJECT_LIMIT:
        raise ValidationError(
            _(
                "This scope has %(count)s items to translate, more than the %(limit)s a job can "
                "hold. Choose an office or fewer languages, and make several jobs."
            )
            % {"count": len(planned), "limit": JOB_OBJECT_LIMIT}
        )
    for lang in sorted({p.language for p in planned}):
        mine = [p for p in planned if p.language == lang]
        analysis = analyse([p.obj for p in mine], lang, user=user, object_limit=len(mine))
        for p, (_obj, counts) in zip(mine, analysis.rows, strict=True):
            p.counts = counts
    return Plan(planned)


def create(plan_, user, announce=True, **fields):
    """Save a job with the planned items, in one transaction; `announce` tells its people
    (the demo's jobs are made without e-mails)."""
    with transaction.atomic():
        job = TranslationJob.objects.create(created_by=user, **fields)
        JobItem.objects.bulk_create(
            JobItem(
                job=job,
                content_type=ContentType.objects.get_for_model(p.obj, for_concrete_model=False),
                object_id=p.obj.pk,
                language=p.language,
                fields=p.fields,
                label=p.label[:255],
                words_new=p.counts.new + p.counts.not_analysed,
                words_fuzzy=p.counts.fuzzy,
                words_exact=p.counts.exact,
                words_repeated=p.counts.repeated,
                position=position,
            )
            for position, p in enumerate(plan_.items)
        )
        jobs.created(job, user, announce=announce)
    return job
