"""Every existing objective and country action becomes live with one initial revision (and a
"published" entry in its history). Reversible: the reverse deletes those revisions. The work is
done on the historical models by portal/core/record_migrations.py."""

from django.db import migrations
from django_countries import countries

from portal.core.record_migrations import publish_existing, unpublish_existing


def objective(record):
    return f"{record.number}. {record.title_en or record.title}"


def country_action(record):
    description = record.description_en or record.description
    return f"{countries.name(str(record.country))} {record.year}: {description[:60]}"


def forwards(apps, schema_editor):
    publish_existing(apps, "compact", "Objective", objective)
    publish_existing(apps, "compact", "CountryAction", country_action)


def backwards(apps, schema_editor):
    unpublish_existing(apps, "compact", "Objective")
    unpublish_existing(apps, "compact", "CountryAction")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("compact", "0002_records_drafts_and_revisions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
