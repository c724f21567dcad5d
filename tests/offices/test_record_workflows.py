"""Records go through workflows: an office's record through its page's workflow (the office's
moderators), partners, objectives and country actions through "Global Compact data".

Every step goes through the admin as a browser would (the client posting the edit form and the
workflow's actions), and the live row is checked after each: a submitted change stays a draft
until the right people approve it.
"""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry, Revision, TaskState, Workflow, WorkflowState

from compact.models import CountryAction
from offices.models import Office, Partner
from portal.core.record_migrations import COMPACT_GROUP, COMPACT_WORKFLOW
from portal.core.workflows import APPROVED
from tests.offices.conftest import member_of
from tests.offices.test_permission_matrix import office_urls_with_a_pk, refused, state
from tests.support import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]


def edit_form_data(instance, **changes):
    """What the record's edit form posts when nothing is changed, with `changes` on top."""
    form_class = type(instance).snippet_viewset.get_edit_handler().get_form_class()
    form = form_class(instance=instance)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, (list, tuple)) else str(value)
    return {**data, **changes}


def url(instance, view, *args):
    meta = instance._meta
    name = f"wagtailsnippets_{meta.app_label}_{meta.model_name}:{view}"
    return reverse(name, args=[instance.pk, *args])


def submit(client, instance, **changes):
    response = client.post(
        url(instance, "edit"), edit_form_data(instance, **changes, **{"action-submit": "1"})
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    instance.refresh_from_db()
    return instance.current_workflow_state


def approve(client, instance, workflow_state):
    task_state = workflow_state.current_task_state
    return client.post(url(instance, "workflow_action", "approve", task_state.pk), {})


@pytest.fixture
def netherlands_moderator(two_offices, django_user_model):
    return member_of(django_user_model, "Netherlands moderators", "nils")


def test_an_office_change_waits_for_its_own_moderators(
    client, two_offices, norway_editor, norway_moderator, netherlands_moderator
):
    office = two_offices["office"]
    old_email = office.email
    client.force_login(norway_editor)
    workflow_state = submit(client, office, email="new-address@example.org")

    assert workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert workflow_state.workflow == two_offices["setups"]["norway"].workflow
    office.refresh_from_db()
    assert office.email == old_email  # the live row: unchanged until approved
    assert office.get_latest_revision_as_object().email == "new-address@example.org"

    # The Netherlands' moderator moderates another office: refused, nothing changes.
    client.force_login(netherlands_moderator)
    before = state()
    assert refused(client, approve(client, office, workflow_state))
    assert state() == before

    client.force_login(norway_moderator)
    response = approve(client, office, workflow_state)
    assert response.status_code == 302
    office.refresh_from_db()
    assert office.email == "new-address@example.org"
    assert not office.has_unpublished_changes
    workflow_state.refresh_from_db()
    assert workflow_state.status == WorkflowState.STATUS_APPROVED
    actions = set(ModelLogEntry.objects.for_instance(office).values_list("action", flat=True))
    assert {"wagtail.workflow.start", "wagtail.workflow.approve", "wagtail.publish"} <= actions


def test_an_office_editor_cannot_publish_and_is_locked_out_while_moderated(
    client, two_offices, norway_editor
):
    office = two_offices["office"]
    client.force_login(norway_editor)
    edit = client.get(url(office, "edit")).content.decode()
    assert "action-submit" in edit
    assert "action-publish" not in edit
    client.post(
        url(office, "edit"),
        edit_form_data(office, city_en="Bergen", **{"action-publish": "1"}),
    )
    office.refresh_from_db()
    assert office.city_en != "Bergen"

    submit(client, office, city_en="Tromsø")
    # In moderation, the record is the moderators' to change (as pages are).
    response = client.post(url(office, "edit"), edit_form_data(office, city_en="Bodø"))
    latest = Office.objects.get(pk=office.pk).get_latest_revision_as_object()
    assert latest.city_en == "Tromsø", response.status_code


@pytest.fixture
def netherlands_in_moderation(client, two_offices, django_user_model):
    """The Netherlands' record submitted by one of its editors: a task state in progress."""
    office = two_offices["netherlands"]
    client.force_login(member_of(django_user_model, "Netherlands editors", "noor"))
    workflow_state = submit(client, office, email="nl-draft@example.org")
    client.logout()
    return office, workflow_state


@pytest.mark.parametrize("who", ["norway_editor", "norway_moderator"])
def test_no_workflow_view_of_another_office_lets_anything_through(
    client, two_offices, netherlands_in_moderation, who, request
):
    office, workflow_state = netherlands_in_moderation
    revisions = list(office.revisions.order_by("pk").values_list("pk", flat=True))[-2:]
    revisions = revisions if len(revisions) == 2 else revisions * 2
    task_state = workflow_state.current_task_state
    urls = office_urls_with_a_pk(office, revisions, task_state.task)
    urls = [
        u.replace("/approve/1/", f"/approve/{task_state.pk}/").replace(
            "/detail/1/", f"/detail/{workflow_state.pk}/"
        )
        for u in urls
    ]
    assert any(f"/approve/{task_state.pk}/" in u for u in urls)
    client.force_login(request.getfixturevalue(who))
    before = state()
    let_through = [
        f"{method.upper()} {u}"
        for u in urls
        for method in ("get", "post")
        if not refused(client, getattr(client, method)(u))
    ]
    assert not let_through, "\n".join(let_through)
    assert state() == before
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_IN_PROGRESS


def test_a_task_state_is_acted_on_only_through_its_own_record(
    client, two_offices, netherlands_in_moderation, norway_moderator
):
    """Norway's moderator names their own office in the URL and the Netherlands' task state:
    refused (Wagtail itself would act on whatever task state the URL names)."""
    _office, workflow_state = netherlands_in_moderation
    own = two_offices["office"]
    client.force_login(norway_moderator)
    before = state()
    task_state = workflow_state.current_task_state
    for view in ("workflow_action", "collect_workflow_action_data"):
        response = client.post(url(own, view, "approve", task_state.pk), {})
        assert refused(client, response), view
    assert state() == before
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_IN_PROGRESS


@pytest.fixture
def compact_editor(django_user_model):
    """Someone who may change country actions but not publish them."""
    group = Group.objects.create(name="Compact editors")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_countryaction"),
    )
    user = django_user_model.objects.create_user("cleo", "cleo@example.org", "pw")
    user.groups.add(group)
    return django_user_model.objects.get(pk=user.pk)


@pytest.fixture
def compact_records(portal, two_offices, compact_editor):
    """A Norwegian and a Dutch country action and a partner, each submitted to the Global
    Compact data workflow by someone who may change but not publish them."""
    objective = portal["objective"]
    records = {
        "norway": f.CountryActionFactory(country="NO", objectives=[objective]),
        "netherlands": f.CountryActionFactory(country="NL", objectives=[objective]),
    }
    compact_editor.groups.first().permissions.add(Permission.objects.get(codename="change_partner"))
    records["partner"] = Partner.objects.first()
    client = Client()
    client.force_login(type(compact_editor).objects.get(pk=compact_editor.pk))
    states = {}
    for key, record in records.items():
        record.save_revision().publish()  # live with a live revision, as real records are
        changes = {"name_en": "Renamed"} if key == "partner" else {"description_en": "Draft."}
        states[key] = submit(client, record, **changes)
        assert states[key].workflow.name == COMPACT_WORKFLOW
    return records, states


def live_texts():
    return (
        list(CountryAction.objects.order_by("pk").values_list("description_en", "live")),
        list(Partner.objects.order_by("pk").values_list("name_en", "live")),
    )


def moderation_attempts(record, workflow_state):
    task_state = workflow_state.current_task_state
    return [
        ("approve", "post", url(record, "workflow_action", "approve", task_state.pk)),
        ("reject", "post", url(record, "workflow_action", "reject", task_state.pk)),
        ("collect", "get", url(record, "collect_workflow_action_data", "approve", task_state.pk)),
        ("edit", "get", url(record, "edit")),
        ("unpublish", "post", url(record, "unpublish")),
    ]


def test_an_office_moderator_approves_their_own_countrys_actions_and_nothing_else(
    client, compact_records, norway_moderator
):
    records, states = compact_records
    client.force_login(norway_moderator)
    before, texts = state(), live_texts()
    let_through = [
        f"{key} {label}: {method.upper()} {target}"
        for key in ("netherlands", "partner")
        for label, method, target in moderation_attempts(records[key], states[key])
        if not refused(client, getattr(client, method)(target, {}))
    ]
    # Norway's own action, moderated through the Dutch action's task state: refused as well.
    crossed = url(
        records["norway"],
        "workflow_action",
        "approve",
        states["netherlands"].current_task_state.pk,
    )
    if not refused(client, client.post(crossed, {})):
        let_through.append(f"crossed: POST {crossed}")
    assert not let_through, "\n".join(let_through)
    assert (state(), live_texts()) == (before, texts)

    # The dashboard offers Norway's action for review, not the others.
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert url(records["norway"], "edit") in dashboard or "Draft." in dashboard
    assert url(records["netherlands"], "edit") not in dashboard

    # Editing stays with the Global Compact data group; approving Norway's is theirs.
    assert refused(client, client.get(url(records["norway"], "edit")))
    response = approve(client, records["norway"], states["norway"])
    assert response.status_code == 302
    records["norway"].refresh_from_db()
    assert records["norway"].description_en == "Draft."
    assert live_texts()[0] != texts[0]


def test_nobody_outside_the_workflow_moderates_global_compact_data(
    client, compact_records, norway_editor, netherlands_moderator
):
    records, states = compact_records
    for user, keys in ((norway_editor, records), (netherlands_moderator, ("norway", "partner"))):
        client.force_login(user)
        before, texts = state(), live_texts()
        for key in keys:
            for label, method, target in moderation_attempts(records[key], states[key]):
                response = getattr(client, method)(target, {})
                assert refused(client, response), f"{user.username} {key} {label}"
        assert (state(), live_texts()) == (before, texts)


def test_the_global_compact_data_group_approves_everything_in_it(
    client, compact_records, django_user_model
):
    records, states = compact_records
    client.force_login(member_of(django_user_model, COMPACT_GROUP, "gaia"))
    for key, record in records.items():
        assert approve(client, record, states[key]).status_code == 302, key
        record.refresh_from_db()
        assert not record.has_unpublished_changes, key
    assert records["partner"].name_en == "Renamed"
    assert records["netherlands"].description_en == "Draft."


def test_a_finish_nobody_approved_keeps_wagtails_permission_check(portal, compact_editor):
    """A workflow without tasks finishes as soon as it starts: its submitter, who may not
    publish, does not publish by starting it."""
    action = f.CountryActionFactory(country="NO", objectives=[portal["objective"]])
    action.save_revision().publish()
    action.description_en = "Never approved."
    action.save_revision(user=compact_editor)
    empty = Workflow.objects.create(name="No tasks", active=True)
    with pytest.raises(PermissionDenied):
        empty.start(action, compact_editor)
    action.refresh_from_db()
    assert action.description_en != "Never approved."
    assert APPROVED == TaskState.STATUS_APPROVED


def run_publish_scheduled():
    call_command("publish_scheduled", stdout=StringIO())


def test_a_moderator_schedules_an_office_change_and_publish_scheduled_makes_it_live(
    client, two_offices, norway_moderator
):
    office = two_offices["office"]
    office.save_revision().publish()  # live with a live revision, as every real record is
    old_email = office.email
    client.force_login(norway_moderator)
    go_live = timezone.localtime() + timedelta(days=1)
    response = client.post(
        url(office, "edit"),
        edit_form_data(
            office,
            email="from-monday@example.org",
            go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
            **{"action-publish": "1"},
        ),
    )
    assert response.status_code == 302
    office.refresh_from_db()
    assert office.email == old_email  # scheduled, not live
    scheduled = Revision.objects.for_instance(office).get(approved_go_live_at__isnull=False)

    run_publish_scheduled()  # not yet due
    office.refresh_from_db()
    assert office.email == old_email

    # A day later: the go-live time (in the revision and as approved) has passed.
    passed = timezone.now() - timedelta(minutes=1)
    scheduled.content["go_live_at"] = passed.isoformat()
    scheduled.approved_go_live_at = passed
    scheduled.save(update_fields=["content", "approved_go_live_at"])
    run_publish_scheduled()
    office.refresh_from_db()
    assert office.email == "from-monday@example.org"
    assert office.live_revision_id == scheduled.pk


def test_publish_scheduled_takes_an_expired_record_offline(two_offices):
    office = two_offices["netherlands"]
    office.expire_at = timezone.now() - timedelta(minutes=1)
    office.save(update_fields=["expire_at"])
    run_publish_scheduled()
    office.refresh_from_db()
    assert not office.live and office.expired
    assert not Office.objects.live().filter(pk=office.pk).exists()
