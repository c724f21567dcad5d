"""A Dutch translator in real Chromium: dashboard -> outdated field -> editor -> dashboard."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

from portal.localization import status
from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module", autouse=True)
def leave_the_database_as_found(django_db_setup, django_db_blocker):
    """A transactional test ends by emptying every table, taking the rows the migrations made
    (root page, root collection, default workflow) that other browser tests rely on: put back
    what was there before this module ran."""
    with django_db_blocker.unblock():
        before = connection.creation.serialize_db_to_string()
    yield
    with django_db_blocker.unblock():
        # The rows post_migrate made again after the flush would clash with the saved ones.
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(before)
        # The flush restarted the id sequences (PostgreSQL): move them past the restored rows.
        statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        ContentType.objects.clear_cache()


CELL = 'td.tr-cell[data-kind="compact.Objective"][data-language="nl"]'


def outdated_objective(number, english, dutch, revised):
    """An objective whose Dutch title was written against an older English title."""
    objective = f.ObjectiveFactory(
        number=number, title_en=english, title_nl=dutch, summary_nl="Wat staten doen."
    )
    status.record(objective)
    objective.title_en = revised
    objective.save()
    status.record(objective)
    assert set(status.outdated_fields(objective, "nl")) == {"title"}
    return objective


def dutch_translator():
    group = Group.objects.create(name="Dutch translators")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="portal", codename="translate_nl"),
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
    )
    user = get_user_model().objects.create_user("vertaler", password="vertaal-veilig-42")
    user.groups.add(group)
    return user


def outdated_figure(page):
    return page.locator(CELL).locator("[data-outdated]").get_attribute("data-outdated")


def test_dutch_translator_updates_an_outdated_field(live_server, page):
    objective = outdated_objective(
        2,
        "Minimize adverse drivers",
        "De nadelige oorzaken beperken",
        "Minimize the adverse drivers that compel people to leave",
    )
    outdated_objective(
        3, "Provide information", "Informatie verstrekken", "Provide information early"
    )
    dutch_translator()

    page.goto(live_server.url + "/admin/login/")
    page.fill('input[name="username"]', "vertaler")
    page.fill('input[name="password"]', "vertaal-veilig-42")
    page.locator('form button[type="submit"]').first.click()
    page.wait_for_url(live_server.url + "/admin/")

    # The dashboard's Dutch cell for objectives counts two outdated translations.
    page.goto(live_server.url + "/admin/translations/")
    assert outdated_figure(page) == "2"

    # Drill down to the Dutch objectives and open the outdated title in the editor.
    page.locator(CELL).locator("a").first.click()
    page.wait_for_url("**/admin/translations/compact.Objective/nl/")
    row = page.locator("tr.tr-outdated").filter(has_text=objective.title_en)
    row.get_by_role("link", name=objective.title_en).first.click()
    page.wait_for_url("**/admin/translations/edit/**/nl/")

    # The editor marks the field and shows what changed in the English title.
    outdated = page.locator('.tr-editor-outdated[data-field="title"]')
    assert outdated.is_visible()
    assert "the" in outdated.locator(".tr-editor-diff ins").first.inner_text()
    assert page.locator('.tr-editor-source[lang="en"]').first.inner_text().startswith("Minimize")
    field = page.locator('input[name="t:title"]')
    assert field.get_attribute("lang") == "nl"
    assert field.input_value() == "De nadelige oorzaken beperken"

    field.fill("De nadelige oorzaken beperken die mensen dwingen te vertrekken")
    page.locator('button[name="action"][value="save"]').click()
    page.wait_for_load_state()
    assert page.locator(".messages .success").count() == 1
    assert page.locator('.tr-editor-outdated[data-field="title"]').count() == 0

    objective.refresh_from_db()
    assert objective.title_nl == "De nadelige oorzaken beperken die mensen dwingen te vertrekken"

    # Back on the dashboard, one outdated translation is left in the cell.
    page.goto(live_server.url + "/admin/translations/")
    assert outdated_figure(page) == "1"
