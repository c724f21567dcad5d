"""What keeps an office's groups in line with the office: connected in OfficesConfig.ready()."""

from django.contrib.auth.models import Group
from django.db.models.signals import post_save, pre_delete


def office_saved(sender, instance, created, raw=False, **kwargs):
    """A new or renamed office gets (or renames) its groups, collection and workflow."""
    if raw:
        return
    from offices.groups import office_groups_out_of_date, sync_office_groups

    if created or office_groups_out_of_date(instance):
        sync_office_groups(instance)


def office_page_saved(sender, instance, raw=False, **kwargs):
    """An office's first page gets its groups' page permissions and workflow at once, so its
    editors can work on it without waiting for `manage.py sync_office_groups`."""
    if raw:
        return
    from wagtail.models import GroupPagePermission

    from offices.groups import sync_office_groups

    if not GroupPagePermission.objects.filter(
        page_id=instance.pk, group__office_group__office_id=instance.office_id
    ).exists():
        sync_office_groups(instance.office)


def office_deleted(sender, instance, **kwargs):
    """A deleted office takes its groups with it: no orphan group keeps rights on anything. Its
    moderators' approval task is retired; its collection stays, with the images in it."""
    from wagtail.models import GroupApprovalTask

    groups = Group.objects.filter(office_group__office=instance)
    GroupApprovalTask.objects.filter(groups__in=groups).update(active=False)
    groups.delete()


def connect():
    from offices.models import CountryOfficePage, Office

    post_save.connect(office_saved, sender=Office, dispatch_uid="offices.office_saved_sync_groups")
    post_save.connect(
        office_page_saved, sender=CountryOfficePage, dispatch_uid="offices.office_page_saved_sync"
    )
    pre_delete.connect(
        office_deleted, sender=Office, dispatch_uid="offices.office_deleted_drop_groups"
    )
