"""Two reviewers approving the same job at once publish it once (jobs.py locks the job's row).

Run on both databases: on PostgreSQL the second approval waits for the first's lock and then
finds the job done, so the page gets one publication and the job one "done". SQLite has no row
locks: the second writer is refused while the first holds the write lock (under load both may
give up waiting), and the page is never published twice."""

import threading

import pytest
from django.db import connection, connections
from wagtail.models import Page, PageLogEntry

from portal.localization import jobs
from portal.localization.job_models import JobEvent
from portal.localization.job_models import TranslationJob as Job
from portal.localization.publishing import ACTION
from tests.portal.test_translation_jobs import NB, person
from tests.support import factories as f
from tests.support.portal import build_home

# Transactional (the threads see each other's commits), so it empties every table at the end:
# the module puts back what the migrations made, as the browser tests do (tests/conftest.py).
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("leave_the_database_as_found"),
]


def approve_in_thread(job_pk, user, barrier, outcomes):
    try:
        barrier.wait()
        jobs.approve(Job.objects.get(pk=job_pk), user)
        outcomes.append("approved")
    except Exception as error:  # noqa: BLE001 (the outcome is what the test compares)
        outcomes.append(type(error).__name__)
    finally:
        connections.close_all()


def test_two_reviewers_approving_at_once_publish_once(django_user_model):
    home = build_home()
    page = f.StandardPageFactory(parent=home, title="Our work", slug="our-work", body_en=[])
    page.save_revision().publish()
    translator = person(django_user_model, "t", NB)
    reviewers = [
        person(django_user_model, name, jobs.reviewer_group_name("nb")) for name in ("r1", "r2")
    ]
    job = Job.objects.create(title="nb", due_date="2099-01-01", translator=translator)
    job.items.create(
        content_type_id=page.content_type_id,
        object_id=page.pk,
        language="nb",
        fields=["title"],
        label="Our work",
        texts={"title": "Vårt arbeid"},
    )
    Job.objects.filter(pk=job.pk).update(state=Job.State.IN_REVIEW)
    barrier, outcomes = threading.Barrier(2), []
    threads = [
        threading.Thread(target=approve_in_thread, args=(job.pk, r, barrier, outcomes))
        for r in reviewers
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    approved = outcomes.count("approved")
    refused = [o for o in outcomes if o != "approved"]
    if connection.vendor == "postgresql":
        # The second waited for the first's row lock, then found the job done.
        assert (approved, refused) == (1, ["ValidationError"]), outcomes
    else:
        # SQLite has no row locks: the second writer is refused (or, on a loaded machine, both
        # give up waiting for the write lock). Never two approvals.
        assert approved <= 1 and set(refused) <= {"ValidationError", "OperationalError"}, outcomes
    assert PageLogEntry.objects.filter(page=page, action=ACTION).count() == approved
    assert JobEvent.objects.filter(job=job, to_state="done").count() == approved
    if not approved:
        return
    assert Page.objects.get(pk=page.pk).specific.title_nb == "Vårt arbeid"
