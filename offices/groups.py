"""Office-scoped groups: who may edit and moderate one office's pages, media and record.

`sync_office_groups(office)` makes (or brings back in line) everything one office needs:

- two groups, "<office> editors" and "<office> moderators", linked to the office by `OfficeGroup`;
- admin access and the `offices.change_office` permission (moderators also publish, lock and
  unlock), which the Office snippet's permission policy (`OfficePermissionPolicy`) narrows to the
  group's own office record: an editor's change is a draft until a moderator publishes it;
- page permissions on the office's CountryOfficePage subtree (editors add and change, moderators
  also publish, lock and unlock);
- a collection named after the office, where both groups add, change and choose images and
  documents;
- a workflow "<office> moderation" whose approval task belongs to the moderators, attached to
  the office page so the whole subtree uses it.

Office groups are managed here: their model permissions are set to exactly the list below (never
anything about users or groups); give people other rights through other groups. Everything runs
in one transaction and a second run changes nothing. When the office has no page yet, the page
permissions and the workflow wait for the next sync (`manage.py sync_office_groups`).
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.permission_policies.base import ModelPermissionPolicy

from offices.models import CountryOfficePage, Office, OfficeGroup

Role = OfficeGroup.Role

# Model permissions ("app_label.codename") each office group holds, and nothing else. As on the
# office's pages: editors save drafts of the office record, moderators also publish it.
MODEL_PERMISSIONS = {
    Role.EDITORS: ("wagtailadmin.access_admin", "offices.change_office"),
    Role.MODERATORS: (
        "wagtailadmin.access_admin",
        "offices.change_office",
        "offices.publish_office",
        "offices.lock_office",
        "offices.unlock_office",
    ),
}

# Page permissions on the office page and everything under it.
PAGE_PERMISSIONS = {
    Role.EDITORS: ("add_page", "change_page"),
    Role.MODERATORS: ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
}

# Permissions on the office's collection, for both roles.
COLLECTION_PERMISSIONS = (
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
)

GROUP_NAME_MAX = Group._meta.get_field("name").max_length
NAME_MAX = 200  # room for the suffixes in group, workflow and task names


@dataclass
class OfficeSetup:
    editors: Group
    moderators: Group
    collection: Collection
    page: CountryOfficePage | None = None
    workflow: Workflow | None = None
    task: GroupApprovalTask | None = None


def english_name(office):
    name = (getattr(office, "name_en", None) or office.name or f"Office {office.pk}").strip()
    return name[:NAME_MAX]


def _with_suffix(office, suffix):
    """The office's name, shortened so that the suffix (the role) always fits: a long name cut
    after the suffix would give the editors and moderators groups one name."""
    return english_name(office)[: GROUP_NAME_MAX - len(suffix)] + suffix


def group_name(office, role):
    return _with_suffix(office, f" {role}")


def _fallback_group_name(office, role):
    """Used when another office (or an unrelated group) already holds the plain name."""
    return _with_suffix(office, f" #{office.pk} {role}")


def _permissions(names):
    by_name = {}
    for name in names:
        app_label, codename = name.split(".")
        by_name[name] = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    return [by_name[name] for name in names]


def office_groups_out_of_date(office):
    """True when the office lacks a group, or a group's name no longer follows the office's."""
    links = list(OfficeGroup.objects.filter(office=office).select_related("group"))
    if {link.role for link in links} != set(Role.values):
        return True
    return any(
        link.group.name
        not in (group_name(office, link.role), _fallback_group_name(office, link.role))
        for link in links
    )


def _sync_group(office, role):
    wanted = group_name(office, role)
    fallback = _fallback_group_name(office, role)
    link = OfficeGroup.objects.select_related("group").filter(office=office, role=role).first()
    if link is not None:
        group = link.group
        if Group.objects.filter(name=wanted).exclude(pk=group.pk).exists():
            wanted = fallback
        if group.name != wanted:
            group.name = wanted
            group.save(update_fields=["name"])
        return group
    group = Group.objects.filter(name=wanted).first()
    if group is not None and OfficeGroup.objects.filter(group=group).exists():
        # The name belongs to another office's group (two offices with one name).
        group = None
        wanted = fallback
    if group is None:
        group, _created = Group.objects.get_or_create(name=wanted)
    OfficeGroup.objects.create(office=office, group=group, role=role)
    return group


def _sync_model_permissions(group, permissions):
    if set(group.permissions.values_list("pk", flat=True)) != {p.pk for p in permissions}:
        group.permissions.set(permissions)


def _sync_collection(office, groups):
    name = english_name(office)
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    collection = (
        Collection.objects.filter(group_permissions__group=groups[Role.EDITORS])
        .order_by("path")
        .first()
    )
    if collection is None:
        collection = root.get_children().filter(name=name).first() or root.add_child(name=name)
    elif collection.name != name:
        collection.name = name
        collection.save(update_fields=["name"])
    permissions = _permissions(COLLECTION_PERMISSIONS)
    for group in groups.values():
        for permission in permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )
        GroupCollectionPermission.objects.filter(group=group).exclude(
            collection=collection, permission__in=permissions
        ).delete()
    return collection


def _sync_page_permissions(page, groups):
    for role, group in groups.items():
        permissions = list(
            Permission.objects.filter(
                content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS[role]
            )
        )
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
        GroupPagePermission.objects.filter(group=group).exclude(
            page=page, permission__in=permissions
        ).delete()


def _named_and_active(obj, name):
    """Rename a task or workflow to `name` and make it active, where it is not already."""
    if obj.name != name or not obj.active:
        obj.name = name
        obj.active = True
        obj.save(update_fields=["name", "active"])


def _sync_task(name, moderators):
    """The approval task of the moderators' group, named after the office and active."""
    task_name = f"{name} moderators' approval"
    task = GroupApprovalTask.objects.filter(groups=moderators).order_by("pk").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=task_name)
    _named_and_active(task, task_name)
    if set(task.groups.values_list("pk", flat=True)) != {moderators.pk}:
        task.groups.set([moderators])
    return task


def _sync_workflow(office, page, moderators):
    name = english_name(office)
    workflow_name = f"{name} moderation"
    task = _sync_task(name, moderators)

    link = WorkflowTask.objects.filter(task=task).select_related("workflow").first()
    if link is not None:
        workflow = link.workflow
    else:
        workflow = Workflow.objects.filter(name=workflow_name, workflow_tasks=None).first()
        workflow = workflow or Workflow.objects.create(name=workflow_name)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    _named_and_active(workflow, workflow_name)

    current = WorkflowPage.objects.filter(page=page).first()
    if current is None:
        WorkflowPage.objects.create(page=page, workflow=workflow)
    elif current.workflow_id != workflow.pk:
        current.workflow = workflow
        current.save(update_fields=["workflow"])
    return workflow, task


@transaction.atomic
def sync_office_groups(office):
    """Create or update the office's groups, permissions, collection and workflow."""
    groups = {role: _sync_group(office, role) for role in (Role.EDITORS, Role.MODERATORS)}
    for role, group in groups.items():
        _sync_model_permissions(group, _permissions(MODEL_PERMISSIONS[role]))
    setup = OfficeSetup(
        editors=groups[Role.EDITORS],
        moderators=groups[Role.MODERATORS],
        collection=_sync_collection(office, groups),
    )
    page = CountryOfficePage.objects.filter(office=office).first()
    if page is None:
        return setup
    _sync_page_permissions(page, groups)
    setup.page = page
    setup.workflow, setup.task = _sync_workflow(office, page, groups[Role.MODERATORS])
    return setup


def sync_all_office_groups(offices=None):
    """Sync every office given (all offices by default); returns how many were synced."""
    offices = Office.objects.order_by("pk") if offices is None else offices
    count = 0
    with transaction.atomic():
        for office in offices:
            sync_office_groups(office)
            count += 1
    return count


def sync_office_groups_by_pk(office_ids=()):
    """Sync the offices with these primary keys (every office when none are given), in order of
    primary key; returns how many were synced."""
    offices = Office.objects.order_by("pk")
    if office_ids:
        offices = offices.filter(pk__in=office_ids)
    return sync_all_office_groups(offices)


class OfficePermissionPolicy(ModelPermissionPolicy):
    """Model permissions for offices, narrowed to their own office for office groups' members.

    A permission held directly or through any group that is not an office group applies to
    every office; one held only through "<office> editors/moderators" applies to that office.
    """

    def _office_ids(self, user, actions):
        """None when the user may act on every office; else the ids of the offices they may."""
        if not user.is_active:
            return set()
        if user.is_superuser:
            return None
        if not self.user_has_any_permission(user, actions):
            return set()
        permissions = self._get_permission_objects_for_actions(actions)
        unrestricted = permissions.filter(
            Q(user=user) | Q(group__user=user, group__office_group__isnull=True)
        ).exists()
        if unrestricted:
            return None
        return set(
            OfficeGroup.objects.filter(
                group__user=user, group__permissions__in=permissions
            ).values_list("office_id", flat=True)
        )

    def choosable_instances(self, user):
        """The offices a chooser offers: a member of office groups only picks their own offices;
        everybody else (superusers, site-wide editors) picks any office."""
        everything = self.model._default_manager.all()
        if user.is_superuser or not OfficeGroup.objects.filter(group__user=user).exists():
            return everything
        if Permission.objects.filter(
            Q(user=user) | Q(group__user=user, group__office_group__isnull=True),
            content_type__app_label=self.model._meta.app_label,
        ).exists():
            return everything
        return everything.filter(
            pk__in=OfficeGroup.objects.filter(group__user=user).values("office_id")
        )

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        office_ids = self._office_ids(user, actions)
        return office_ids is None or instance.pk in office_ids

    def instances_user_has_any_permission_for(self, user, actions):
        office_ids = self._office_ids(user, actions)
        everything = self.model._default_manager.all()
        return everything if office_ids is None else everything.filter(pk__in=office_ids)

    def users_with_any_permission_for_instance(self, actions, instance):
        permissions = self._get_permission_objects_for_actions(actions)
        users = self.users_with_any_permission(actions)
        return users.filter(
            Q(is_superuser=True)
            | Q(user_permissions__in=permissions)
            | Q(groups__permissions__in=permissions, groups__office_group__isnull=True)
            | Q(
                groups__permissions__in=permissions,
                groups__office_group__office=instance,
            )
        ).distinct()
