"""Objectives and country actions go through the "Global Compact data" workflow, approved by
the admins and the "Global Compact data moderators" group (portal/core/record_migrations.py)."""

from django.db import migrations

from portal.core.record_migrations import moderate_as_compact_data, stop_moderating_as_compact_data

MODELS = ("Objective", "CountryAction")


def forwards(apps, schema_editor):
    moderate_as_compact_data(apps, "compact", MODELS)


def backwards(apps, schema_editor):
    stop_moderating_as_compact_data(apps, "compact", MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("compact", "0003_records_live_with_one_revision"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
