"""Translation jobs: who may do what with a job, and how it moves between its states.

    open ──start──▶ in progress ──submit──▶ in review ──approve──▶ done
      │                  ▲                     │
      │                  └──────return─────────┘
      └──────── cancel (from any state but done) ──────────▶ cancelled

Every change of state is one transaction that locks the job's row first, so two reviewers
approving at once publish once: the second finds the job done and is refused. Each change is
recorded as a JobEvent and announced through `job_changed` once the transaction has committed
(the e-mails listen to it).

The translator's text stays in the job's items until approval, which publishes each item's
language only (publishing.py, through the editor's save); a returned or cancelled job never
writes to a page or record.
"""

from dataclasses import dataclass
from decimal import Decimal

import django.dispatch
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.localization import history
from portal.localization.editor_views import (
    TranslationEdit,
    draft_of,
    save_translation,
    unit_groups,
)
from portal.localization.job_models import JobComment, JobEvent, JobItem, LanguageRate
from portal.localization.job_models import TranslationJob as Job
from portal.localization.permissions import can_translate
from portal.localization.units import units

State = Job.State
job_changed = django.dispatch.Signal()  # sender=Job, job, event (a JobEvent)

# Share of the full rate a CAT tool's analysis bills for each kind of word.
RATE_WEIGHTS = {"new": Decimal("1"), "fuzzy": Decimal("0.6"), "exact": Decimal("0.3")}


def review_permission(lang):
    return f"portal.review_{lang}"


def reviewer_group_name(lang):
    with translation.override("en"):
        return f"Reviewers: {dict(settings.LANGUAGES)[lang]}"


def can_review(user, lang):
    return user.is_active and (user.is_superuser or user.has_perm(review_permission(lang)))


def can_manage(user):
    """Who creates, assigns and cancels jobs: the admins (or whoever they give the permission)."""
    return user.is_active and user.has_perm("portal.add_translationjob")


def is_translator(user, job):
    if not user.is_active or not all(can_translate(user, lang) for lang in job.languages):
        return False
    if job.translator_id:
        return job.translator_id == user.pk
    return (
        job.translator_group_id is not None
        and user.groups.filter(pk=job.translator_group_id).exists()
    )


def is_reviewer(user, job):
    """The job's reviewer, or, when it names none, anyone who reviews all of its languages."""
    if not all(can_review(user, lang) for lang in job.languages):
        return False
    return job.reviewer_id is None or job.reviewer_id == user.pk or user.is_superuser


def may_see(user, job):
    """Who may open a job: its people, and, when it names no reviewer, the reviewers of any of
    its languages (they find it in their list before all its languages are theirs)."""
    if can_manage(user) or is_translator(user, job) or is_reviewer(user, job):
        return True
    return job.reviewer_id is None and any(can_review(user, lang) for lang in job.languages)


# --- Changes of state ----------------------------------------------------------------------


def _change(job, to_state, user, note="", allowed=()):
    """Move the job to `to_state` if it is in one of `allowed`; locked, logged and announced."""
    locked = Job.objects.select_for_update().get(pk=job.pk)
    if locked.state not in allowed:
        raise ValidationError(
            _("This job is %(state)s: it cannot be changed that way.")
            % {"state": locked.get_state_display().lower()}
        )
    event = JobEvent.objects.create(
        job=locked, from_state=locked.state, to_state=to_state, user=user, note=note
    )
    locked.state = to_state
    locked.save(update_fields=["state", "updated_at"])
    job.state = to_state
    transaction.on_commit(lambda: job_changed.send(sender=Job, job=locked, event=event))
    return locked


def created(job, user, announce=True):
    event = JobEvent.objects.create(job=job, to_state=job.state, user=user)
    if announce:
        transaction.on_commit(lambda: job_changed.send(sender=Job, job=job, event=event))


def start(job, user):
    """The translator's first save moves an open job into progress."""
    if job.state == State.OPEN:
        with transaction.atomic():
            _change(job, State.IN_PROGRESS, user, allowed={State.OPEN})


def submit(job, user):
    if not is_translator(user, job):
        raise PermissionDenied
    with transaction.atomic():
        _change(job, State.IN_REVIEW, user, allowed={State.OPEN, State.IN_PROGRESS})
        job.items.exclude(status=JobItem.Status.PUBLISHED).update(status=JobItem.Status.TRANSLATED)


def return_to_translator(job, user, comments, note=""):
    """Send the job back with the reviewer's comments, {(item pk, unit key): text}."""
    if not is_reviewer(user, job):
        raise PermissionDenied
    if not comments and not note.strip():
        raise ValidationError(_("Say what needs changing: comment on a unit or add a note."))
    with transaction.atomic():
        _change(job, State.IN_PROGRESS, user, note=note, allowed={State.IN_REVIEW})
        items = {item.pk: item for item in job.items.all()}
        for (item_pk, unit), text in comments.items():
            item = items.get(item_pk)
            if item is None:
                raise ValidationError(_("A comment names a unit that is not in this job."))
            JobComment.objects.create(item=item, unit=unit, text=text, author=user)
            if item.status != JobItem.Status.RETURNED:
                item.status = JobItem.Status.RETURNED
                item.save(update_fields=["status"])


def approve(job, user, note=""):
    """Publish every item's language (and nothing else), then close the job."""
    if not is_reviewer(user, job):
        raise PermissionDenied
    with transaction.atomic():
        _change(job, State.DONE, user, note=note, allowed={State.IN_REVIEW})
        for item in job.items.select_related("content_type"):
            publish_item(item, user)


def cancel(job, user, note=""):
    if not can_manage(user):
        raise PermissionDenied
    with transaction.atomic():
        _change(
            job,
            State.CANCELLED,
            user,
            note=note,
            allowed={State.OPEN, State.IN_PROGRESS, State.IN_REVIEW},
        )


# --- The items' texts ----------------------------------------------------------------------


def item_object(item):
    model = item.content_type.model_class()
    return model, model.objects.filter(pk=item.object_id).first()


def with_texts(item, groups):
    """The groups with the job's texts in their boxes (the others keep what they have)."""
    for group in groups:
        for row in group.rows:
            if row.key in item.texts:
                row.target = item.texts[row.key]
    return groups


def item_groups(item, model, obj):
    """The editor's field groups of the item's fields, with the job's texts in the boxes."""
    groups = unit_groups(model, draft_of(model, obj), item.language)
    return with_texts(item, [g for g in groups if g.name in item.fields])


def live_texts(item, obj):
    """The item's units as they are live now, by unit key."""
    return {
        (f"{u.field}::{u.path}" if u.path else u.field): u.target
        for u in units(obj, item.language)
        if u.field in item.fields
    }


def keep_texts(item, groups, user):
    """Keep what the translator entered in the job (not in the object)."""
    item.texts = {row.key: row.target for g in groups for row in g.rows if row.target}
    done = all(row.target for g in groups for row in g.rows)
    item.status = JobItem.Status.TRANSLATED if done else JobItem.Status.TODO
    item.save(update_fields=["texts", "status"])
    JobComment.objects.filter(item=item).update(resolved=True)
    start(item.job, user)


def publish_item(item, user):
    model, obj = item_object(item)
    if obj is None:
        return  # deleted since the job was made: nothing to publish
    draft = draft_of(model, obj)
    groups = with_texts(item, unit_groups(model, draft, item.language))
    # A page or record that is not live gets a draft revision: approving a translation
    # publishes nothing that was not live.
    action = "publish" if getattr(obj, "live", True) else "save"
    edit = TranslationEdit(model, obj, draft, item.language, groups, {}, approved=True)
    save_translation(user, edit, action)
    item.status = JobItem.Status.PUBLISHED
    item.save(update_fields=["status"])


# --- What jobs did to the coverage --------------------------------------------------------


def finished_marks(start, end, scope=None):
    """A mark on the coverage charts (history.py) for each job done in the period, on the
    charts of its languages: what a job did shows as a step after its mark."""
    events = JobEvent.objects.filter(
        to_state=State.DONE, at__date__gte=start, at__date__lte=end
    ).select_related("job")
    languages = {}
    for job_id, lang in JobItem.objects.filter(job__in=[e.job_id for e in events]).values_list(
        "job_id", "language"
    ):
        languages.setdefault(job_id, set()).add(lang)
    return [
        history.Mark(timezone.localtime(event.at).date(), str(event.job), lang)
        for event in events
        for lang in sorted(languages.get(event.job_id, ()))
    ]


# --- Progress and cost ---------------------------------------------------------------------


@dataclass
class Progress:
    done: int
    total: int

    @property
    def percent(self):
        return 100 if not self.total else round(100 * self.done / self.total)


def progress(job, items=None):
    """How many of the job's items (read again unless given) are translated."""
    items = job.items.all() if items is None else items
    finished = {JobItem.Status.TRANSLATED, JobItem.Status.PUBLISHED}
    done = sum(item.status in finished for item in items)
    return Progress(done, len(items))


def cost(job):
    """The estimated cost per currency, from the per-language rates (None when none are set)."""
    rates = {r.language: r for r in LanguageRate.objects.all() if r.rate}
    totals = {}
    for item in job.items.all():
        rate = rates.get(item.language)
        if rate is None:
            continue
        words = (
            item.words_new * RATE_WEIGHTS["new"]
            + item.words_fuzzy * RATE_WEIGHTS["fuzzy"]
            + (item.words_exact + item.words_repeated) * RATE_WEIGHTS["exact"]
        )
        totals[rate.currency] = totals.get(rate.currency, Decimal(0)) + words * rate.rate
    return {currency: total.quantize(Decimal("0.01")) for currency, total in totals.items()}
