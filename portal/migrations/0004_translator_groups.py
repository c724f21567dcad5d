"""One translator group per language, holding admin access and that language's permission."""

from django.conf import settings
from django.db import migrations
from django.utils import translation


def english_names():
    with translation.override("en"):
        return {code: str(name) for code, name in settings.LANGUAGES}


def group_names():
    return {code: f"Translators: {name}" for code, name in english_names().items()}


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    state_type, _created = ContentType.objects.get_or_create(
        app_label="portal", model="translationstate"
    )
    wagtail_type, _created = ContentType.objects.get_or_create(
        app_label="wagtailadmin", model="admin"
    )
    access_admin, _created = Permission.objects.get_or_create(
        content_type=wagtail_type,
        codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    for code, group_name in group_names().items():
        permission, _created = Permission.objects.get_or_create(
            content_type=state_type,
            codename=f"translate_{code}",
            defaults={"name": f"Can translate into {english_names()[code]}"},
        )
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.add(access_admin, permission)


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=group_names().values()).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_url_path_history"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
