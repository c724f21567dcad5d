"""A translation job in real Chromium (issue 14): the admin makes a job for the outdated
Norwegian texts, the translator does it, the reviewer returns one unit with a comment, the
translator fixes it and resubmits, the reviewer approves. The Norwegian page is then live, the
English page unchanged, and each step's e-mail is in the outbox."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone, translation
from wagtail.models import Page

from portal.localization import status
from portal.localization.jobs import reviewer_group_name
from tests.support import factories as f
from tests.support.portal import build_home

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "oversett-trygt-42"  # noqa: S105


def people():
    User = get_user_model()
    User.objects.create_superuser("boss", "boss@example.org", PASSWORD)
    for username, group in [
        ("ingrid", "Translators: Norwegian Bokmål"),
        ("henrik", reviewer_group_name("nb")),
    ]:
        user = User.objects.create_user(username, f"{username}@example.org", PASSWORD)
        user.groups.add(Group.objects.get(name=group))


def outdated_page():
    home = build_home()
    page = f.StandardPageFactory(
        parent=home,
        title="Return home",
        slug="return-home",
        title_nb="Reise hjem",
        summary_en="Help to go home.",
        summary_nb="Hjelp til å reise hjem.",
        body_en=[],
    )
    page.save_revision().publish()
    status.record(page)
    page = Page.objects.get(pk=page.pk).specific
    page.summary_en = "Help to go home safely, with a grant."
    page.save_revision().publish()
    assert set(status.outdated_fields(Page.objects.get(pk=page.pk).specific, "nb")) == {"summary"}
    return page


def log_in(page, base, username):
    page.context.clear_cookies()
    page.goto(base + "/admin/login/")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', PASSWORD)
    page.locator('form button[type="submit"]').first.click()
    page.wait_for_url(base + "/admin/")


def create_job(page, base):
    """1. The admin makes a job for everything outdated in Norwegian; returns its URL."""
    log_in(page, base, "boss")
    page.goto(base + "/admin/translations/jobs/new/?scope=outdated&language=nb")
    page.fill('input[name="title"]', "Norwegian: outdated texts")
    page.select_option('select[name="translator"]', label="ingrid")
    page.select_option('select[name="reviewer"]', label="henrik")
    due = timezone.localdate() + datetime.timedelta(days=4)
    page.fill('input[name="due_date"]', due.isoformat())
    page.get_by_role("button", name="Create the job").click()
    page.wait_for_url("**/admin/translations/jobs/*/")
    assert "Return home" in page.locator("table.listing").inner_text()
    return page.url


def translate_and_submit(page, base, text, comment=None):
    """2. and 4. The translator opens the job from the dashboard, translates, submits."""
    log_in(page, base, "ingrid")
    page.get_by_role("link", name="Norwegian: outdated texts").click()
    page.get_by_role("link", name="Return home").click()
    if comment:
        assert comment in page.locator(".tr-job-comments").inner_text()
    page.locator('textarea[name="t:summary"]').fill(text)
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("link", name="Back to the job").click()
    page.get_by_role("button", name="Submit for review").click()
    assert "In review" in page.locator(".tr-job-facts").inner_text()


def review(page, base, job_url, comment=None):
    """3. and 5. The reviewer returns the job with a comment, or approves it."""
    log_in(page, base, "henrik")
    page.goto(job_url)
    page.get_by_role("link", name="Review").click()
    assert "trygt" in page.locator(".tr-editor-diff ins").first.inner_text()
    if comment:
        page.get_by_label("Comment on Summary").fill(comment)
        page.get_by_role("button", name="Return to the translator").click()
        assert "In progress" in page.locator(".tr-job-facts").inner_text()
    else:
        page.get_by_role("button", name="Approve and publish").click()
        assert "Done" in page.locator(".tr-job-facts").inner_text()


def test_a_norwegian_job_from_creation_to_approval(live_server, page):
    people()
    english = outdated_page()
    base = live_server.url
    mail.outbox.clear()

    job_url = create_job(page, base)
    translate_and_submit(page, base, "Hjelp til å reise trygt hjem.")
    review(page, base, job_url, comment="The grant is missing.")
    assert Page.objects.get(pk=english.pk).specific.summary_nb == "Hjelp til å reise hjem."
    fixed = "Hjelp til å reise trygt hjem, med et tilskudd."
    translate_and_submit(page, base, fixed, comment="The grant is missing.")
    review(page, base, job_url)

    # Each step's e-mail, in order, to whoever must act next, with a link to the job.
    sent = [(m.subject.split(":")[0], m.to[0]) for m in mail.outbox]  # one per recipient
    assert sent[:4] == [
        ("New translation job", "ingrid@example.org"),
        ("Translation job to review", "henrik@example.org"),
        ("Translation job returned to you", "ingrid@example.org"),
        ("Translation job to review", "henrik@example.org"),
    ]
    assert sorted(sent[4:]) == [
        ("Translation job approved and published", "boss@example.org"),
        ("Translation job approved and published", "ingrid@example.org"),
    ]
    assert all(job_url.removeprefix(base) in m.body for m in mail.outbox)

    live = Page.objects.get(pk=english.pk).specific
    assert (live.summary_nb, live.summary_en) == (fixed, "Help to go home safely, with a grant.")
    assert not live.has_unpublished_changes
    with translation.override("nb"):
        public_url = live.get_url()
    response = page.goto(base + public_url)
    assert response.status == 200 and public_url.startswith("/nb/")
    assert "med et tilskudd" in page.content()
