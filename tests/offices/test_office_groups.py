"""Office-scoped groups: each office's editors and moderators work on that office only."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)
from wagtail.permissions import policy_registry

from offices.groups import sync_office_groups
from offices.models import Office, OfficeGroup
from tests.support import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]


def snapshot():
    return {
        "groups": Group.objects.count(),
        "office groups": OfficeGroup.objects.count(),
        "group permissions": Group.permissions.through.objects.count(),
        "collections": Collection.objects.count(),
        "collection permissions": GroupCollectionPermission.objects.count(),
        "page permissions": GroupPagePermission.objects.count(),
        "workflows": Workflow.objects.count(),
        "tasks": Task.objects.count(),
        "workflow tasks": WorkflowTask.objects.count(),
        "workflow pages": WorkflowPage.objects.count(),
    }


def test_sync_creates_groups_collection_and_workflow(two_offices):
    office_page = two_offices["office_page"]
    editors = Group.objects.get(name="Norway editors")
    moderators = Group.objects.get(name="Norway moderators")
    assert OfficeGroup.objects.get(group=editors).office == two_offices["office"]
    assert OfficeGroup.objects.get(group=moderators).role == OfficeGroup.Role.MODERATORS

    collection = Collection.objects.get(name="Norway")
    assert collection.get_parent() == Collection.get_first_root_node()

    workflow = Workflow.objects.get(name="Norway moderation")
    assert WorkflowPage.objects.get(page=office_page).workflow == workflow
    task = GroupApprovalTask.objects.get(workflow_tasks__workflow=workflow)
    assert list(task.groups.all()) == [moderators]
    assert two_offices["programme"].get_workflow() == workflow
    assert two_offices["nl_programme"].get_workflow().name == "Netherlands moderation"

    page_codenames = {
        group: set(
            GroupPagePermission.objects.filter(group__name=group, page=office_page).values_list(
                "permission__codename", flat=True
            )
        )
        for group in ("Norway editors", "Norway moderators")
    }
    assert page_codenames == {
        "Norway editors": {"add_page", "change_page"},
        "Norway moderators": {
            "add_page",
            "change_page",
            "publish_page",
            "lock_page",
            "unlock_page",
        },
    }
    assert not GroupPagePermission.objects.filter(group__in=[editors, moderators]).exclude(
        page=office_page
    )


def test_sync_twice_changes_nothing(two_offices):
    before = snapshot()
    sync_office_groups(two_offices["office"])
    sync_office_groups(two_offices["netherlands"])
    call_command("sync_office_groups", verbosity=0)
    assert snapshot() == before


def test_renaming_an_office_renames_its_groups_collection_and_workflow(two_offices):
    before = snapshot()
    office = two_offices["office"]
    office.name_en = "Norway and Iceland"
    office.save()
    assert (
        Group.objects.filter(
            name__in=["Norway and Iceland editors", "Norway and Iceland moderators"]
        ).count()
        == 2
    )
    assert not Group.objects.filter(name__in=["Norway editors", "Norway moderators"])
    assert Collection.objects.filter(name="Norway and Iceland").exists()
    assert two_offices["programme"].get_workflow().name == "Norway and Iceland moderation"
    assert snapshot() == before


def test_office_page_gets_the_page_parts_when_it_is_created(portal):
    office = f.OfficeFactory(name_en="Finland", country="FI", city_en="Helsinki")
    assert Group.objects.filter(name__in=["Finland editors", "Finland moderators"]).count() == 2
    assert Collection.objects.filter(name="Finland").exists()
    assert not Workflow.objects.filter(name="Finland moderation").exists()

    page = f.CountryOfficePageFactory(
        parent=portal["offices_index"], title="Finland", slug="finland", office=office
    )
    assert page.get_workflow().name == "Finland moderation"
    assert GroupPagePermission.objects.filter(group__name="Finland editors", page=page).count() == 2
    before = snapshot()
    call_command("sync_office_groups", verbosity=0)
    page.save_revision().publish()
    assert snapshot() == before


def test_two_offices_with_one_name_get_separate_groups(portal):
    first = f.OfficeFactory(name_en="Nordics", country="NO")
    second = f.OfficeFactory(name_en="Nordics", country="SE", city_en="Stockholm")
    first_groups = set(OfficeGroup.objects.filter(office=first).values_list("group", flat=True))
    second_groups = set(OfficeGroup.objects.filter(office=second).values_list("group", flat=True))
    assert len(first_groups) == len(second_groups) == 2
    assert not first_groups & second_groups
    before = snapshot()
    sync_office_groups(first)
    sync_office_groups(second)
    assert snapshot() == before


def test_editor_edits_own_office_pages_only_and_cannot_publish(two_offices, norway_editor):
    for key in ("office_page", "programme_index", "programme"):
        permissions = two_offices[key].permissions_for_user(norway_editor)
        assert permissions.can_edit(), key
        assert not permissions.can_publish(), key
        assert not permissions.can_delete(), key
    nl_permissions = two_offices["nl_programme"].permissions_for_user(norway_editor)
    assert not nl_permissions.can_edit()
    assert not nl_permissions.can_publish()
    for key in ("home", "offices_index", "news", "article", "standard"):
        assert not two_offices[key].permissions_for_user(norway_editor).can_edit(), key


def test_moderator_publishes_own_office_pages_only(two_offices, norway_moderator):
    permissions = two_offices["programme"].permissions_for_user(norway_moderator)
    assert permissions.can_edit()
    assert permissions.can_publish()
    assert permissions.can_lock()
    # Without bulk_delete, the office page (which has children) cannot be deleted.
    assert not two_offices["office_page"].permissions_for_user(norway_moderator).can_delete()
    nl_permissions = two_offices["nl_programme"].permissions_for_user(norway_moderator)
    assert not nl_permissions.can_edit()
    assert not nl_permissions.can_publish()
    assert not nl_permissions.can_delete()


def office_form(office, **overrides):
    data = {
        "name_en": office.name_en,
        "country": office.country.code,
        "city_en": office.city_en,
        "covers": [],
        "year_opened": office.year_opened or "",
        "address_en": office.address_en or "",
        "phone": office.phone,
        "email": office.email,
        "website": office.website,
        "languages": ["en"],
    }
    data.update(overrides)
    return data


def edit_url(office):
    return reverse("wagtailsnippets_offices_office:edit", args=[office.pk])


@pytest.mark.parametrize("who", ["norway_editor", "norway_moderator"])
def test_office_snippet_only_own_record(client, two_offices, who, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    netherlands = two_offices["netherlands"]
    norway = two_offices["office"]

    response = client.get(edit_url(netherlands))
    assert response.status_code in (302, 403)
    response = client.post(edit_url(netherlands), office_form(netherlands, city_en="Hacked"))
    assert response.status_code in (302, 403)
    netherlands.refresh_from_db()
    assert netherlands.city_en == "The Hague"
    assert response.status_code == 403 or not response["Location"].endswith(edit_url(netherlands))

    assert client.get(edit_url(norway)).status_code == 200
    # Saving is a draft: the live record keeps its city, the latest revision has the new one.
    response = client.post(edit_url(norway), office_form(norway, city_en="Bergen"))
    assert response.status_code == 302
    norway.refresh_from_db()
    assert norway.city_en == "Oslo"
    assert norway.has_unpublished_changes
    assert norway.get_latest_revision_as_object().city_en == "Bergen"
    # Publishing is the moderators': as on the office's pages.
    publish = {**office_form(norway, city_en="Bergen"), "action-publish": "action-publish"}
    response = client.post(edit_url(norway), publish)
    norway.refresh_from_db()
    if who == "norway_moderator":
        assert response.status_code == 302
        assert norway.city_en == "Bergen"
        assert not norway.has_unpublished_changes
    else:
        assert norway.city_en == "Oslo"

    listing = client.get(reverse("wagtailsnippets_offices_office:list"))
    assert listing.status_code == 200
    assert "Norway" in listing.content.decode()
    assert edit_url(netherlands) not in listing.content.decode()

    # Office groups never add or delete offices.
    assert client.get(reverse("wagtailsnippets_offices_office:add")).status_code in (302, 403)
    delete_url = reverse("wagtailsnippets_offices_office:delete", args=[norway.pk])
    assert client.post(delete_url).status_code in (302, 403)
    assert Office.objects.filter(pk=norway.pk).exists()


def test_superuser_still_edits_every_office(client, two_offices, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(boss)
    assert client.get(edit_url(two_offices["netherlands"])).status_code == 200
    assert client.get(edit_url(two_offices["office"])).status_code == 200


def test_collection_permissions_scoped_to_own_office(two_offices, norway_editor):
    norway = Collection.objects.get(name="Norway")
    for model in (get_image_model(), get_document_model()):
        policy = policy_registry.get_by_type(model)
        for action in ("add", "change", "choose"):
            collections = policy.collections_user_has_permission_for(norway_editor, action)
            assert list(collections) == [norway], (policy, action)
        # Wagtail lets "change" delete too, in the same collection only.
        assert list(policy.collections_user_has_permission_for(norway_editor, "delete")) == [norway]


def test_no_office_group_has_user_or_group_rights(two_offices, norway_editor, norway_moderator):
    office_groups = Group.objects.filter(office_group__isnull=False)
    assert office_groups.count() == 4
    assert not Permission.objects.filter(
        group__in=office_groups, content_type__app_label="auth"
    ).exists()
    for user in (norway_editor, norway_moderator):
        for codename in ("add_user", "change_user", "delete_user", "add_group", "change_group"):
            assert not user.has_perm(f"auth.{codename}")

    # Rights added by hand are taken away again at the next sync.
    editors = Group.objects.get(name="Norway editors")
    editors.permissions.add(Permission.objects.get(codename="change_user"))
    sync_office_groups(two_offices["office"])
    assert not editors.permissions.filter(content_type__app_label="auth").exists()
    assert set(editors.permissions.values_list("codename", flat=True)) == {
        "access_admin",
        "change_office",
    }
    moderators = Group.objects.get(name="Norway moderators")
    assert set(moderators.permissions.values_list("codename", flat=True)) == {
        "access_admin",
        "change_office",
        "publish_office",
        "lock_office",
        "unlock_office",
    }


def test_editor_revision_goes_to_office_workflow(two_offices, norway_editor, norway_moderator):
    programme = two_offices["programme"]
    workflow = Workflow.objects.get(name="Norway moderation")
    assert programme.get_workflow() == workflow

    programme.title = "Voluntary return and reintegration"
    programme.save_revision(user=norway_editor)
    programme.get_workflow().start(programme, norway_editor)

    state = WorkflowState.objects.get(object_id=str(programme.pk))
    assert state.workflow == workflow
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    task = state.current_task_state.task.specific
    assert list(task.groups.all()) == [Group.objects.get(name="Norway moderators")]
    assert task.user_can_access_editor(programme, norway_moderator)
    assert not task.get_actions(programme, norway_editor)
    assert {name for name, _label, _modal in task.get_actions(programme, norway_moderator)} >= {
        "approve",
        "reject",
    }


def test_policy_lists_users_per_office(two_offices, norway_editor, django_user_model):
    policy = policy_registry.get_by_type(Office)
    boss = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    norway_users = set(policy.users_with_permission_for_instance("change", two_offices["office"]))
    nl_users = set(policy.users_with_permission_for_instance("change", two_offices["netherlands"]))
    assert norway_users == {norway_editor, boss}
    assert nl_users == {boss}
    assert list(policy.instances_user_has_permission_for(norway_editor, "change")) == [
        two_offices["office"]
    ]
    assert not policy.instances_user_has_permission_for(norway_editor, "delete").exists()


def test_deleting_an_office_deletes_its_groups(portal):
    office = f.OfficeFactory(name_en="Chile", country="CL", city_en="Santiago")
    assert Group.objects.filter(name__startswith="Chile ").count() == 2
    office.delete()
    assert not Group.objects.filter(name__startswith="Chile ").exists()
    assert Collection.objects.filter(name="Chile").exists()  # its images stay
