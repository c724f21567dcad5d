"""The "Global Compact data" workflow's approval becomes a CountryApprovalTask: its groups still
approve everything, and an office's moderators approve their own country's actions. The task
keeps its name and groups; reversible (portal/core/record_migrations.py `swap_compact_task`)."""

from django.db import migrations

from portal.core.record_migrations import swap_compact_task


def forwards(apps, schema_editor):
    swap_compact_task(
        apps, ("wagtailcore", "GroupApprovalTask"), ("offices", "CountryApprovalTask")
    )


def backwards(apps, schema_editor):
    swap_compact_task(
        apps, ("offices", "CountryApprovalTask"), ("wagtailcore", "GroupApprovalTask")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("offices", "0007_country_approval_task"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
