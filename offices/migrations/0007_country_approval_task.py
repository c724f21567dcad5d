"""The country approval task's table; the next migration puts one in the Global Compact data
workflow (a migration of its own: PostgreSQL refuses to drop a table its reverse has just
written to, in one transaction)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("offices", "0006_partners_global_compact_data_workflow"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="CountryApprovalTask",
            fields=[
                (
                    "task_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to="wagtailcore.task",
                    ),
                ),
                (
                    "groups",
                    models.ManyToManyField(
                        help_text="Pages/snippets at this step in a workflow will be moderated or approved by these groups of users",
                        to="auth.group",
                        verbose_name="groups",
                    ),
                ),
            ],
            options={
                "verbose_name": "approval by a group or the country's office",
                "verbose_name_plural": "approvals by a group or the country's office",
            },
            bases=("wagtailcore.task",),
        ),
    ]
