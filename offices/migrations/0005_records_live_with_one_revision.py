"""Every existing office and partner becomes live with one initial revision (and a "published"
entry in its history). Reversible: the reverse deletes those revisions. The work is done on the
historical models by portal/core/record_migrations.py."""

from django.db import migrations

from portal.core.record_migrations import publish_existing, unpublish_existing


def name(record):
    return record.name_en or record.name


def forwards(apps, schema_editor):
    publish_existing(apps, "offices", "Office", name)
    publish_existing(apps, "offices", "Partner", name)


def backwards(apps, schema_editor):
    unpublish_existing(apps, "offices", "Office")
    unpublish_existing(apps, "offices", "Partner")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("offices", "0004_records_drafts_and_revisions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
