"""E-mails about translation jobs (issue 14, point 4): who gets which, in their admin language,
with a link straight to the job; the day-before reminder and the daily digest; a mail server
that fails never undoes a job's change."""

import datetime
import io
import logging
import smtplib

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from portal.localization import jobs, notifications
from portal.localization.job_models import JobNotificationSettings
from portal.localization.job_models import TranslationJob as Job
from portal.localization.jobs import reviewer_group_name
from tests.portal import test_translation_jobs as base
from tests.portal.test_translation_jobs import NB, make_job, person, submit, translate

pytestmark = pytest.mark.django_db

team, page = base.team, base.page  # fixtures: an nb translator and reviewer, a page

JOB_URL = "http://testserver/admin/translations/jobs/{}/"


@pytest.fixture
def mailed(team):
    """The team, each with an e-mail address; the admin is called Boss."""
    for user in team.values():
        user.email = f"{user.username}@example.org"
        user.save()
    team["admin"].first_name = "Boss"
    team["admin"].save()
    return team


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the job's signal), as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def create(client, team, page, **extra):
    """make_job, with any translator, group or reviewer."""
    client.force_login(team["admin"])
    data = base.form_data(scope_kind="selected", objects=[f"{page.content_type_id}:{page.pk}"])
    data.update(extra)
    response = client.post(reverse("translations:job_create"), data)
    assert response.status_code == 302, response.context["form"].errors
    return Job.objects.latest("pk")


def outbox(to=None):
    return [m for m in mail.outbox if to is None or m.to == [to.email]]


def speaks(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def test_a_new_job_mails_its_translator_with_a_link_to_the_job(client, mailed, page, on_commit):
    with on_commit():
        job = make_job(client, mailed, page)
    (message,) = mail.outbox
    assert message.to == ["nb-translator@example.org"]
    assert message.subject == "New translation job: Norwegian: our work"
    assert JOB_URL.format(job.pk) in message.body
    assert reverse("translations:job", args=[job.pk]) == f"/admin/translations/jobs/{job.pk}/"
    assert "Boss has given you a translation job." in message.body
    assert "Use the termbase." in message.body  # the instructions
    assert "Hello nb-translator," in message.body
    assert message.extra_headers["Content-Language"] == "en"


def test_each_message_is_in_its_recipients_admin_language(client, mailed, page, on_commit):
    speaks(mailed["translator"], "nb")
    due = timezone.localdate() + datetime.timedelta(days=40)
    with on_commit():
        job = make_job(client, mailed, page, due_date=due.isoformat())
    (message,) = mail.outbox
    assert message.extra_headers["Content-Language"] == "nb"
    # Dates and language names come from Django's Norwegian catalogue already.
    months = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august"]
    months += ["september", "oktober", "november", "desember"]
    assert f"{due.day}. {months[due.month - 1]} {due.year}" in message.body
    assert "Språk: Norsk (bokmål)" in message.body
    assert JOB_URL.format(job.pk) in message.body
    # The next recipient, in English, is not touched by the Norwegian one before.
    with on_commit():
        submit(client, mailed, job)
    (review,) = outbox(mailed["reviewer"])
    assert review.extra_headers["Content-Language"] == "en"
    assert "Norwegian Bokmål" in review.body


def test_a_group_job_mails_every_active_member_and_submission_mails_the_reviewers(
    client, mailed, page, django_user_model, on_commit
):
    second = person(django_user_model, "nb-second", NB)
    gone = person(django_user_model, "nb-gone", NB)
    second.email, gone.email, gone.is_active = "second@example.org", "gone@example.org", False
    second.save()
    gone.save()
    other_reviewer = person(django_user_model, "nb-reviewer-2", reviewer_group_name("nb"))
    other_reviewer.email = "reviewer2@example.org"
    other_reviewer.save()
    group = Group.objects.get(name=NB)
    with on_commit():
        job = create(client, mailed, page, translator_group=group.pk)
    assert job.translator_group == group and job.reviewer is None
    assert sorted(m.to[0] for m in mail.outbox) == [
        "nb-translator@example.org",
        "second@example.org",
    ]
    mail.outbox.clear()
    with on_commit():
        translate(client, mailed, job, {"title": "Vårt arbeid"})
    assert mail.outbox == []  # starting work tells nobody
    with on_commit():
        submit(client, mailed, job)
    assert job.state == Job.State.IN_REVIEW
    assert sorted(m.to[0] for m in mail.outbox) == [
        "nb-reviewer@example.org",
        "reviewer2@example.org",
    ]
    message = mail.outbox[0]
    assert message.subject == "Translation job to review: Norwegian: our work"
    assert "nb-translator has submitted this translation job for review." in message.body
    assert JOB_URL.format(job.pk) in message.body


def test_a_returned_job_mails_the_translator_with_the_comments_and_note(
    client, mailed, page, on_commit
):
    job = make_job(client, mailed, page)
    translate(client, mailed, job, {"title": "Vårt arbeid", "summary": "Vi hjelper."})
    submit(client, mailed, job)
    item = job.items.get()
    client.force_login(mailed["reviewer"])
    with on_commit():
        client.post(
            reverse("translations:job_review", args=[job.pk]),
            {
                "action": "return",
                f"comment:{item.pk}:summary": "Say who we help.",
                f"comment:{item.pk}:title": "Shorter.",
                "note": "Nearly there & thanks.",
            },
        )
    (message,) = mail.outbox
    assert message.to == ["nb-translator@example.org"]
    assert message.subject == "Translation job returned to you: Norwegian: our work"
    assert "nb-reviewer has returned this translation job to you with 2 comments." in message.body
    assert "Nearly there & thanks." in message.body  # plain text: nothing escaped
    assert JOB_URL.format(job.pk) in message.body


def test_approval_mails_the_translator_and_the_jobs_creator_but_not_the_reviewer(
    client, mailed, page, on_commit
):
    job = make_job(client, mailed, page)
    translate(client, mailed, job, {"title": "Vårt arbeid"})
    submit(client, mailed, job)
    client.force_login(mailed["reviewer"])
    with on_commit():
        client.post(reverse("translations:job_review", args=[job.pk]), {"action": "approve"})
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert sorted(m.to[0] for m in mail.outbox) == ["boss@example.org", "nb-translator@example.org"]
    assert all(m.subject.startswith("Translation job approved and published") for m in mail.outbox)
    assert all(JOB_URL.format(job.pk) in m.body for m in mail.outbox)


def test_nobody_is_mailed_about_what_they_did_themselves_nor_without_an_address(
    client, mailed, page, on_commit
):
    mailed["translator"].email = ""
    mailed["translator"].save()
    with on_commit():
        job = create(client, mailed, page, translator=mailed["admin"].pk)  # the admin's own job
    assert job.translator == mailed["admin"]
    assert mail.outbox == []


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_a_mail_server_failure_leaves_the_change_done_and_logged(
    client, mailed, page, settings, caplog, on_commit
):
    job = make_job(client, mailed, page)
    translate(client, mailed, job, {"title": "Vårt arbeid"})
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    client.force_login(mailed["translator"])
    with caplog.at_level(logging.ERROR, logger="portal.localization.notifications"), on_commit():
        response = client.post(reverse("translations:job", args=[job.pk]), {"action": "submit"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == Job.State.IN_REVIEW
    assert list(job.events.values_list("to_state", flat=True))[-1] == "in_review"
    assert "Could not send" in caplog.text and "nb-reviewer@example.org" in caplog.text
    assert "SMTPServerDisconnected" in caplog.text


class Unreachable(BaseEmailBackend):
    def open(self):
        raise ConnectionRefusedError(111, "Connection refused")


def test_a_mail_server_that_refuses_connections_is_logged(settings, caplog):
    message = mail.EmailMessage("Subject", "Body", to=["someone@example.org"])
    assert notifications.deliver([message]) == 1
    settings.EMAIL_BACKEND = f"{__name__}.Unreachable"
    with caplog.at_level(logging.ERROR, logger="portal.localization.notifications"):
        assert notifications.deliver([message]) == 0
    assert "Could not connect to the mail server: 1 e-mails not sent" in caplog.text
    assert len(mail.outbox) == 1


# --- Reminders ------------------------------------------------------------------------------


def _due_tomorrow(job, made_days_ago=3):
    today = timezone.localdate()
    Job.objects.filter(pk=job.pk).update(
        due_date=today + datetime.timedelta(days=1),
        created_at=timezone.now() - datetime.timedelta(days=made_days_ago),
    )


def test_the_reminder_goes_once_a_day_before_to_whoever_must_act(client, mailed, page):
    job = make_job(client, mailed, page)
    today = timezone.localdate()
    assert notifications.send_reminders() == 0  # due in three days
    _due_tomorrow(job)
    call_command("send_job_reminders", stdout=(out := io.StringIO()))
    assert "1 reminder e-mail(s) sent." in out.getvalue()
    (message,) = mail.outbox
    assert message.to == ["nb-translator@example.org"]
    assert message.subject == "Translation job due tomorrow: Norwegian: our work"
    assert JOB_URL.format(job.pk) in message.body
    job.refresh_from_db()
    assert job.reminded_on == today
    assert notifications.send_reminders() == 0  # once only
    assert len(mail.outbox) == 1


def test_a_job_in_review_reminds_the_reviewer_and_a_job_made_today_reminds_nobody(
    client, mailed, page
):
    job = make_job(client, mailed, page)
    translate(client, mailed, job, {"title": "Vårt arbeid"})
    submit(client, mailed, job)
    _due_tomorrow(job, made_days_ago=0)
    assert notifications.send_reminders() == 0  # the assignment e-mail has just said it
    _due_tomorrow(job)
    assert notifications.send_reminders() == 1
    assert [m.to for m in mail.outbox] == [["nb-reviewer@example.org"]]


def test_done_and_cancelled_jobs_get_no_reminder(client, mailed, page):
    job = make_job(client, mailed, page)
    jobs.cancel(job, mailed["admin"])
    _due_tomorrow(job)
    assert notifications.send_reminders() == 0
    assert mail.outbox == []


# --- The daily digest ----------------------------------------------------------------------


def test_the_digest_goes_only_to_those_who_asked_for_it_and_have_work(client, mailed, page):
    first = make_job(client, mailed, page)
    later = make_job(client, mailed, page, title="Later job", due_date="2999-01-01")
    assert notifications.send_digests() == 0  # nobody asked
    JobNotificationSettings.objects.create(user=mailed["translator"], daily_digest=True)
    JobNotificationSettings.objects.create(user=mailed["fi"], daily_digest=True)  # no jobs
    call_command("send_job_digests", stdout=(out := io.StringIO()))
    assert "1 digest e-mail(s) sent." in out.getvalue()
    (message,) = mail.outbox
    assert message.to == ["nb-translator@example.org"]
    assert message.subject == "Your translation jobs"
    body = message.body
    assert body.index(first.title) < body.index("Later job")  # due first
    assert JOB_URL.format(first.pk) in body and JOB_URL.format(later.pk) in body
    assert "http://testserver/admin/account/" in body
    assert notifications.send_digests() == 0  # at most one a day
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert notifications.send_digests(today=tomorrow) == 1


def test_the_digest_is_an_option_in_the_account_settings(client, mailed):
    translator = mailed["translator"]
    client.force_login(translator)
    url = reverse("wagtailadmin_account")
    form = client.get(url).content.decode()
    assert "Translation jobs" in form and 'name="translation_jobs-daily_digest"' in form
    assert 'for="id_translation_jobs-daily_digest"' in form  # labelled
    data = {
        "name_email-first_name": "Nina",
        "name_email-last_name": "Berg",
        "name_email-email": translator.email,
        "locale-preferred_language": "nb",
        "locale-current_time_zone": "",
        "theme-theme": "system",
        "theme-density": "default",
        "theme-contrast": "system",
        "theme-keyboard_shortcuts": "on",
        "translation_jobs-daily_digest": "on",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert JobNotificationSettings.objects.get(user=translator).daily_digest is True
    data.pop("translation_jobs-daily_digest")
    client.post(url, data)
    assert JobNotificationSettings.objects.get(user=translator).daily_digest is False


def test_someone_outside_the_translation_tools_does_not_see_the_option(client, django_user_model):
    user = django_user_model.objects.create_user("editor", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert (
        "translation_jobs-daily_digest"
        not in client.get(reverse("wagtailadmin_account")).content.decode()
    )
