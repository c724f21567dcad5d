"""The data migrations that give existing records their first revision
(offices 0005, compact 0003, portal/core/record_migrations.py), run backwards and forwards
on the tests' database (SQLite or PostgreSQL) with records of every kind in it."""

import json
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation
from wagtail.models import ModelLogEntry, Page, Revision, Task, Workflow, WorkflowContentType

from compact.models import CountryAction, Objective
from offices.models import Office, Partner
from offices.pledges import PledgeIndexPage, ReviewIndexPage
from portal.core.record_migrations import COMPACT_GROUP, COMPACT_TASK, COMPACT_WORKFLOW
from portal.publications.models import PublicationIndexPage, PublicationPage
from tests.support import factories as f

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("leave_the_database_as_found"),
]

BEFORE = [
    ("offices", "0004_records_drafts_and_revisions"),
    ("compact", "0002_records_drafts_and_revisions"),
]
AFTER = [
    ("offices", "0005_records_live_with_one_revision"),
    ("compact", "0003_records_live_with_one_revision"),
]
MODELS = (Office, Partner, Objective, CountryAction)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def migrate_to_latest():
    """Every app's last migration: the tables the teardown restores rows into exist again."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def record_revisions():
    return Revision.objects.filter(
        content_type__app_label__in=["offices", "compact"],
        content_type__model__in=[m._meta.model_name for m in MODELS],
    )


def records():
    objective = f.ObjectiveFactory(number=3, title_en="Information", title_nb="Informasjon")
    second = f.ObjectiveFactory(number=4, title_en="Identity")
    action = f.CountryActionFactory(objectives=[second, objective])
    return {
        "office": f.OfficeFactory(name_en="Norway", name_nb="Norge", city_en="Oslo"),
        "partner": f.PartnerFactory(name_en="Council", kind="ngo"),
        "objective": objective,
        "action": action,
        "second": second,
    }


def test_existing_records_become_live_with_one_revision_and_back():
    migrate(BEFORE)  # as the records were before the migration: no revisions
    made = records()
    # Rows as they stood before: saved directly, no revision, never published.
    for model in MODELS:
        model.objects.update(first_published_at=None, last_published_at=None, live=False)
    record_revisions().delete()
    assert not record_revisions().exists()

    migrate(AFTER)
    for model in MODELS:
        for record in model.objects.all():
            assert record.live and not record.has_unpublished_changes, record
            assert record.first_published_at and record.last_published_at
            assert record.latest_revision_id == record.live_revision_id
            assert record.revisions.count() == 1
            revision = record.live_revision
            assert revision.object_str == str(record)
            assert revision.content["pk"] == record.pk
            entry = ModelLogEntry.objects.get(revision=revision)
            assert entry.action == "wagtail.publish"
    office = Office.objects.get(pk=made["office"].pk)
    assert office.live_revision.content["name_nb"] == "Norge"
    with translation.override("en"):
        restored = office.live_revision.as_object()
    assert (restored.name_en, restored.name_nb, restored.city_en) == ("Norway", "Norge", "Oslo")
    action = CountryAction.objects.get(pk=made["action"].pk)
    # The content is what the real model's serializable_data() gives (its revision ids aside,
    # unknown while the content was built), the objectives in their order by number.
    with translation.override("en"):
        expected = json.loads(json.dumps(action.serializable_data(), cls=DjangoJSONEncoder))
    content = dict(action.live_revision.content)
    for key in ("latest_revision", "live_revision"):
        content.pop(key), expected.pop(key)
    assert content == expected
    assert content["objectives"] == [made["objective"].pk, made["second"].pk]
    count = record_revisions().count()
    assert count == sum(model.objects.count() for model in MODELS) == 5

    # Backwards: the revisions and their log entries go; forwards again: they come back.
    migrate(BEFORE)
    assert not record_revisions().exists()
    assert not ModelLogEntry.objects.filter(revision__isnull=False).exists()
    assert not Office.objects.filter(latest_revision__isnull=False).exists()
    migrate(AFTER)
    assert record_revisions().count() == count
    migrate_to_latest()


def compact_workflow():
    """What the workflow migrations made: the workflow's models and its task's type and groups."""
    workflow = Workflow.objects.filter(name=COMPACT_WORKFLOW).first()
    if workflow is None:
        return None
    tasks = [task.specific for task in workflow.tasks]
    return {
        "models": sorted(
            WorkflowContentType.objects.filter(workflow=workflow).values_list(
                "content_type__model", flat=True
            )
        ),
        "tasks": [
            (type(t).__name__, sorted(t.groups.values_list("name", flat=True))) for t in tasks
        ],
    }


def test_the_workflow_migrations_go_both_ways():
    migrate(AFTER)  # before the workflows
    assert compact_workflow() is None
    migrate_to_latest()
    assert compact_workflow() == {
        "models": ["countryaction", "objective", "partner", "pledge", "review"],
        "tasks": [("CountryApprovalTask", [COMPACT_GROUP])],
    }
    assert Office.get_default_workflow() is None  # an office goes to its page's workflow
    migrate([("offices", "0007_country_approval_task")])
    assert compact_workflow()["tasks"] == [("GroupApprovalTask", [COMPACT_GROUP])]
    migrate([("offices", "0005_records_live_with_one_revision")])
    assert compact_workflow()["models"] == ["countryaction", "objective"]
    migrate(AFTER)
    assert compact_workflow() is None
    assert not Group.objects.filter(name=COMPACT_GROUP).exists()
    assert not Task.objects.exists() or all(
        task.name != COMPACT_TASK for task in Task.objects.all()
    )
    migrate_to_latest()
    assert compact_workflow()["tasks"] == [("CountryApprovalTask", [COMPACT_GROUP])]


def live_rows(model):
    """What visitors see of a model's records: every column but the revision bookkeeping."""
    skipped = {"latest_revision", "live_revision", "first_published_at", "last_published_at"}
    names = [f.attname for f in model._meta.concrete_fields if f.name not in skipped]
    return list(model.objects.order_by("pk").values_list(*names))


def test_the_demo_goes_back_before_revisions_and_forward_again(leave_the_database_as_found):
    """With the demo's records (every kind, seven languages), on this run's database."""
    migrate_to_latest()
    leave_the_database_as_found()  # the root page and collection, which another test flushed
    call_command("load_demo", stdout=StringIO())
    rows = {model: live_rows(model) for model in MODELS}
    assert all(rows.values())

    # Page types that came after BEFORE lose their tables: their demo pages go first.
    later = (PledgeIndexPage, ReviewIndexPage, PublicationIndexPage, PublicationPage)
    for page in Page.objects.type(*later).order_by("-depth"):
        page.delete()
    migrate(BEFORE)
    assert not record_revisions().exists()
    migrate_to_latest()
    for model in MODELS:
        assert live_rows(model) == rows[model], model
        for record in model.objects.all():
            assert record.live and record.latest_revision_id == record.live_revision_id, record
            assert record.revisions.count() == 1, record
    assert compact_workflow()["tasks"] == [("CountryApprovalTask", [COMPACT_GROUP])]

    # load_demo stays idempotent on migrated records: nothing new, nothing changed.
    revisions = record_revisions().count()
    call_command("load_demo", stdout=StringIO())
    assert record_revisions().count() == revisions
    assert {model: live_rows(model) for model in MODELS} == rows
