"""Pledges and reviews go through the "Global Compact data" workflow, like country actions and
partners (portal/core/record_migrations.py)."""

from django.db import migrations

from portal.core.record_migrations import moderate_as_compact_data, stop_moderating_as_compact_data

MODELS = ("Pledge", "Review")


def forwards(apps, schema_editor):
    moderate_as_compact_data(apps, "offices", MODELS)


def backwards(apps, schema_editor):
    stop_moderating_as_compact_data(apps, "offices", MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("offices", "0009_pledges_and_reviews"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
