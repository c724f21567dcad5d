"""An index on each language's url_path of a page, which routing looks pages up by.

portal/core/routing.py finds the page for a request by `url_path_<lang>` in one query; without an
index that query read every page (15 ms a request at 25,000 pages on PostgreSQL). The columns
are wagtail-modeltranslation's, which its `migrate` adds after all migrations have run
(sync_page_translation_fields); this migration adds any that are missing first, the same way
(the model's own field definition), so that it can index them; the sync then finds them there.
"""

from django.db import migrations


def index_name(lang):
    return f"portal_page_url_path_{lang}"


def create(apps, schema_editor):
    from django.conf import settings
    from wagtail.models import Page  # the real model: it carries the translation fields

    connection = schema_editor.connection
    with connection.cursor() as cursor:
        columns = {
            column.name
            for column in connection.introspection.get_table_description(
                cursor, Page._meta.db_table
            )
        }
    quote = schema_editor.quote_name
    for lang, _name in settings.LANGUAGES:
        field = Page._meta.get_field(f"url_path_{lang}")
        if field.column not in columns:
            schema_editor.add_field(Page, field)
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(index_name(lang))} "
            f"ON {quote(Page._meta.db_table)} ({quote(field.column)})"
        )


def drop(apps, schema_editor):
    from django.conf import settings

    for lang, _name in settings.LANGUAGES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(index_name(lang))}")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0006_search_vector_index"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create, drop)]
