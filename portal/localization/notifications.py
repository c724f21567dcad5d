"""E-mails about translation jobs: who is told what, in their own admin language.

    created            → the translator, or every active member of the translator group
    submitted          → the reviewer, or everyone who reviews all the job's languages
    returned           → the translator(s), with the reviewer's note and how many comments
    approved           → the translator(s) and whoever created the job
    the day before due → whoever must act now (send_reminders, once per job)
    every morning      → a digest of their active jobs, to whoever asked for one (send_digests)

`on_job_changed` listens to `jobs.job_changed`, which is sent once the change has committed: a
mail server that fails is logged and never undoes (or breaks) the change. Nobody is mailed about
what they did themselves, and users without an e-mail address are skipped.
"""

import datetime
import logging
import re

from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.users.models import UserProfile

from portal.localization import jobs
from portal.localization.job_models import JobComment, JobNotificationSettings
from portal.localization.job_models import TranslationJob as Job
from portal.localization.job_views import mine

logger = logging.getLogger(__name__)
State = Job.State

SUBJECTS = {
    "assigned": _("New translation job: %(title)s"),
    "submitted": _("Translation job to review: %(title)s"),
    "returned": _("Translation job returned to you: %(title)s"),
    "approved": _("Translation job approved and published: %(title)s"),
    "reminder": _("Translation job due tomorrow: %(title)s"),
    "digest": _("Your translation jobs"),
}


# --- Who ------------------------------------------------------------------------------------


def _people(users, leave_out=None):
    """Active users with an e-mail address, each once, in order; without `leave_out`."""
    seen, found = set(), []
    for user in users:
        if user is None or user.pk in seen or not user.is_active or not user.email:
            continue
        if leave_out is not None and user.pk == leave_out.pk:
            continue
        seen.add(user.pk)
        found.append(user)
    return found


def translators(job):
    if job.translator_id:
        return [job.translator]
    if job.translator_group_id:
        return list(job.translator_group.user_set.filter(is_active=True).order_by("pk"))
    return []


def reviewers(job):
    """The job's reviewer, or the members of its languages' reviewer groups who may approve it."""
    if job.reviewer_id:
        return [job.reviewer]
    names = [jobs.reviewer_group_name(lang) for lang in job.languages]
    groups = Group.objects.filter(name__in=names)
    members = {user for group in groups for user in group.user_set.filter(is_active=True)}
    return sorted((u for u in members if jobs.is_reviewer(u, job)), key=lambda u: u.pk)


def acting_now(job):
    """Who the job waits for: the translator(s) until it is submitted, then the reviewer(s)."""
    return reviewers(job) if job.state == State.IN_REVIEW else translators(job)


# --- What -----------------------------------------------------------------------------------


def admin_language(user):
    """The language the user chose for the admin, or the site's default."""
    chosen = UserProfile.objects.filter(user=user).values_list("preferred_language", flat=True)
    return chosen.first() or settings.LANGUAGE_CODE


def display_name(user):
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def job_url(job):
    return absolute(reverse("translations:job", args=[job.pk]))


def compose(user, kind, context):
    """One message to one user, written in the user's admin language."""
    language = admin_language(user)
    with translation.override(language):
        context = {"user": user, "name": user.get_short_name() or user.get_username(), **context}
        job = context.get("job")
        if job is not None:
            names = dict(settings.LANGUAGES)  # in the recipient's language
            context["language_names"] = ", ".join(str(names[code]) for code in job.languages)
        subject = SUBJECTS[kind] % {"title": job.title if job else ""}
        body = render_to_string(f"translations/jobs/mail/{kind}.txt", context)
    body = re.sub(r"\n{3,}", "\n\n", body.strip()) + "\n"
    return mail.EmailMessage(
        subject=subject.replace("\n", " "),
        body=body,
        to=[user.email],
        headers={"Content-Language": language},
    )


def job_context(job):
    items = list(job.items.all())
    return {
        "job": job,
        "url": job_url(job),
        "items": len(items),
        "words": sum(item.words for item in items),
    }


def deliver(messages):
    """Send the messages on one connection. A failure is logged, never raised: a job change has
    already been committed when its e-mails go out. Returns how many were sent."""
    sent = 0
    try:
        with mail.get_connection() as connection:
            for message in messages:
                try:
                    sent += connection.send_messages([message]) or 0
                except Exception:
                    logger.exception("Could not send “%s” to %s", message.subject, message.to)
    except Exception:
        logger.exception("Could not connect to the mail server: %d e-mails not sent", len(messages))
    return sent


# --- When a job changes -----------------------------------------------------------------------


def _event_kind(event):
    if not event.from_state and event.to_state == State.OPEN:
        return "assigned"
    if event.to_state == State.IN_REVIEW:
        return "submitted"
    if event.from_state == State.IN_REVIEW and event.to_state == State.IN_PROGRESS:
        return "returned"
    if event.to_state == State.DONE:
        return "approved"
    return None  # started, cancelled: nobody needs an e-mail


def _recipients(kind, job):
    if kind == "submitted":
        return reviewers(job)
    if kind == "approved":
        return [*translators(job), job.created_by]
    return translators(job)


def notices(job, event):
    """The e-mails a change of the job's state sends."""
    kind = _event_kind(event)
    if kind is None:
        return []
    context = {**job_context(job), "note": event.note, "actor": display_name(event.user)}
    if kind == "returned":
        comments = JobComment.objects.filter(item__job=job, resolved=False)
        context["comments"] = comments.count()
    people = _people(_recipients(kind, job), leave_out=event.user)
    return [compose(user, kind, context) for user in people]


def on_job_changed(sender, job, event, **kwargs):
    try:
        messages = notices(job, event)
    except Exception:
        logger.exception("Could not write the e-mails about job %s", job.pk)
        return
    deliver(messages)


# --- Every day ----------------------------------------------------------------------------


def send_reminders(today=None):
    """Remind whoever must act of each active job due tomorrow, once per job. A job made today
    gets none: its assignment e-mail has just said when it is due. Returns e-mails sent."""
    today = today or timezone.localdate()
    due = Job.objects.filter(
        state__in=[State.OPEN, State.IN_PROGRESS, State.IN_REVIEW],
        due_date=today + datetime.timedelta(days=1),
        reminded_on__isnull=True,
        created_at__date__lt=today,
    ).select_related("translator", "translator_group", "reviewer")
    sent = 0
    for job in due:
        # Claim the job first: two runs at once remind once.
        if not Job.objects.filter(pk=job.pk, reminded_on__isnull=True).update(reminded_on=today):
            continue
        context = job_context(job)
        messages = [compose(user, "reminder", context) for user in _people(acting_now(job))]
        sent += deliver(messages)
    return sent


def active_jobs(user):
    """The user's jobs waiting for them, due first (as in "My jobs" on the admin dashboard)."""
    found = mine(user).select_related("translator", "reviewer").prefetch_related("items")
    found = found.order_by("due_date", "-priority", "pk")
    return [job for job in found if job.state != State.IN_REVIEW or jobs.is_reviewer(user, job)]


def send_digests(today=None):
    """One e-mail per user who asked for the daily digest and has active jobs; at most one a day
    (running the command twice sends nothing more). Returns e-mails sent."""
    today = today or timezone.localdate()
    chosen = JobNotificationSettings.objects.filter(daily_digest=True, user__is_active=True)
    chosen = chosen.exclude(digest_sent_on=today).exclude(user__email="").select_related("user")
    sent = 0
    for choice in chosen:
        waiting = active_jobs(choice.user)
        if not waiting:
            continue
        context = {
            "jobs": [(job, job_url(job)) for job in waiting],
            "today": today,
            "list_url": absolute(reverse("translations:jobs")),
            "account_url": absolute(reverse("wagtailadmin_account")),
        }
        if deliver([compose(choice.user, "digest", context)]):
            choice.digest_sent_on = today
            choice.save(update_fields=["digest_sent_on"])
            sent += 1
    return sent


def connect():
    jobs.job_changed.connect(on_job_changed, sender=Job, dispatch_uid="job-notifications")
