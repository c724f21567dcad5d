"""The demo's translation team and two translation jobs: one in review, one in progress.

The accounts share the admin's demo password. The jobs are written as they would stand after
their steps (items, texts, history), without sending the e-mails those steps send.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation

from compact.models import CountryAction, Objective
from offices.models import CountryOfficePage
from portal.localization import job_scope
from portal.localization.job_models import JobEvent, JobItem
from portal.localization.job_models import TranslationJob as Job
from portal.localization.jobs import reviewer_group_name

TEAM = (  # username, first and last name, role, language
    ("nb-translator", "Ingrid", "Berg", "translate", "nb"),
    ("nb-reviewer", "Henrik", "Dahl", "review", "nb"),
    ("fr-translator", "Camille", "Martin", "translate", "fr"),
)

NORWAY_JOB = "Norwegian: the Oslo office's updated summary"
SWEDISH_JOB = "Swedish: the Global Compact's objectives"
FRENCH_JOB = "French: Finland's actions on trafficking"

OSLO_SUMMARY_NB = (
    "Oslo-kontoret åpnet i 2002. Det driver Norges program for frivillig retur, og det "
    "forbereder overføringsflyktninger og kommunene som skal ta imot dem."
)
COORDINATOR_FR = (
    "A créé un poste de coordinateur national de la lutte contre la traite des êtres humains, "
    "qui pilote l'action du gouvernement et assure la liaison avec les autres acteurs."
)


def language_group(role, lang):
    """The language's translator or reviewer group. The migrations make them; a database made
    without the migrations' data (a scratch site's `migrate --run-syncdb`) gets them here."""
    with translation.override("en"):
        english = str(dict(settings.LANGUAGES)[lang])
    name = reviewer_group_name(lang) if role == "review" else f"Translators: {english}"
    group, created = Group.objects.get_or_create(name=name)
    if created:
        codenames = ["access_admin", f"translate_{lang}"] + (
            [f"review_{lang}"] * (role == "review")
        )
        group.permissions.add(*Permission.objects.filter(codename__in=codenames))
    return group


def load_team(password, note):
    User = get_user_model()
    users = {}
    for username, first_name, last_name, role, lang in TEAM:
        user = User.objects.filter(username=username).first()
        if user is None:  # never reset a password someone may have changed
            user = User.objects.create_user(
                username,
                f"{username}@example.org",
                password,
                first_name=first_name,
                last_name=last_name,  # Wagtail's account settings ask for one
            )
            user.groups.add(language_group(role, lang))
            note("created", "users")
        users[username] = user
    return users


def seed(admin, password, note):
    users = load_team(password, note)
    if not Job.objects.filter(title=NORWAY_JOB).exists():
        _norway_job(admin, users)
        note("created", "translation jobs")
    if not Job.objects.filter(title=FRENCH_JOB).exists():
        _french_job(admin, users)
        note("created", "translation jobs")
    if not Job.objects.filter(title=SWEDISH_JOB).exists():
        _swedish_job(admin)
        note("created", "translation jobs")


def _job(admin, title, objects, lang, **fields):
    plan = job_scope.plan("selected", [lang], objects=objects, user=admin)
    return job_scope.create(plan, admin, announce=False, title=title, scope=title, **fields)


def _history(job, steps, ago=None):
    """Write the job's history as if each step had happened a day apart (ending today, or
    starting the day after `ago`)."""
    start = timezone.now() - datetime.timedelta(days=len(steps))
    if ago is not None:
        start = timezone.now() - (timezone.localdate() - ago) + datetime.timedelta(days=1)
    job.events.update(at=start - datetime.timedelta(days=1))  # made the day before
    for day, (from_state, to_state, user, note) in enumerate(steps):
        event = JobEvent.objects.create(
            job=job, from_state=from_state, to_state=to_state, user=user, note=note
        )
        JobEvent.objects.filter(pk=event.pk).update(at=start + datetime.timedelta(days=day))
    job.state = steps[-1][1]
    job.save(update_fields=["state"])


def _norway_job(admin, users):
    page = CountryOfficePage.objects.get(office__country="NO")
    job = _job(
        admin,
        NORWAY_JOB,
        [(CountryOfficePage, page.pk)],
        "nb",
        translator=users["nb-translator"],
        reviewer=users["nb-reviewer"],
        due_date=timezone.localdate() + datetime.timedelta(days=2),
        priority=Job.Priority.HIGH,
        instructions="The English summary now mentions the municipalities. Keep it short.",
    )
    JobItem.objects.filter(job=job).update(
        texts={"summary": OSLO_SUMMARY_NB}, status=JobItem.Status.TRANSLATED
    )
    _history(
        job,
        [
            ("open", "in_progress", users["nb-translator"], ""),
            ("in_progress", "in_review", users["nb-translator"], ""),
        ],
    )


def _french_job(admin, users):
    actions = CountryAction.objects.filter(country="FI").order_by("pk")[:3]
    job = _job(
        admin,
        FRENCH_JOB,
        [(CountryAction, action.pk) for action in actions],
        "fr",
        translator=users["fr-translator"],
        due_date=timezone.localdate() + datetime.timedelta(days=9),
        instructions="Use the termbase's French titles of the objectives.",
    )
    first = job.items.order_by("position").first()
    first.texts = {"description": COORDINATOR_FR}
    first.status = JobItem.Status.TRANSLATED
    first.save(update_fields=["texts", "status"])
    _history(job, [("open", "in_progress", users["fr-translator"], "")])


def _swedish_job(admin):
    """A job finished two weeks ago: its mark on the Swedish coverage chart."""
    ago = timezone.localdate() - datetime.timedelta(days=21)
    job = Job.objects.create(
        title=SWEDISH_JOB,
        scope=SWEDISH_JOB,
        translator_group=language_group("translate", "sv"),
        due_date=ago + datetime.timedelta(days=10),
        created_by=admin,
    )
    objective_type = ContentType.objects.get_for_model(Objective)
    JobItem.objects.bulk_create(
        JobItem(
            job=job,
            content_type=objective_type,
            object_id=objective.pk,
            language="sv",
            fields=["summary"],
            label=str(objective)[:255],
            status=JobItem.Status.PUBLISHED,
            position=position,
        )
        for position, objective in enumerate(Objective.objects.order_by("number")[:5])
    )
    JobEvent.objects.create(job=job, to_state="open", user=admin)
    steps = [("open", "in_progress"), ("in_progress", "in_review"), ("in_review", "done")]
    _history(job, [(a, b, admin, "") for a, b in steps], ago=ago)
