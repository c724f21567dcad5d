"""Partners go through the "Global Compact data" workflow with objectives and country actions
(portal/core/record_migrations.py). An office's own record goes through its page's workflow
(`Office.get_workflow`), which needs no migration."""

from django.db import migrations

from portal.core.record_migrations import moderate_as_compact_data, stop_moderating_as_compact_data

MODELS = ("Partner",)


def forwards(apps, schema_editor):
    moderate_as_compact_data(apps, "offices", MODELS)


def backwards(apps, schema_editor):
    stop_moderating_as_compact_data(apps, "offices", MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("compact", "0004_global_compact_data_workflow"),
        ("offices", "0005_records_live_with_one_revision"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
