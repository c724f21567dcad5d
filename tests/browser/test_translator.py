"""A Dutch translator in real Chromium: dashboard -> outdated field -> editor -> dashboard."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from portal.core.record_migrations import COMPACT_WORKFLOW
from portal.localization import status
from tests.support import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    row = page.locator("tr.tr-row-outdated").filter(has_text=objective.title_en)
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
    # An objective is Global Compact data: the translator submits the translation to its
    # moderators, and the live title stays as it was until they approve it.
    page.locator('button[name="action"][value="submit"]').click()
    page.wait_for_load_state()
    assert page.locator(".messages .success").count() == 1
    objective.refresh_from_db()
    assert objective.title_nl == "De nadelige oorzaken beperken"
    workflow_state = objective.current_workflow_state
    assert workflow_state.workflow.name == COMPACT_WORKFLOW

    task_state = workflow_state.current_task_state
    moderator = get_user_model().objects.create_superuser("moderator", password="x-42-y-42")
    task_state.task.specific.on_action(task_state, moderator, "approve")
    objective.refresh_from_db()
    assert objective.title_nl == "De nadelige oorzaken beperken die mensen dwingen te vertrekken"
    page.reload()
    assert page.locator('.tr-editor-outdated[data-field="title"]').count() == 0

    # Back on the dashboard, one outdated translation is left in the cell.
    page.goto(live_server.url + "/admin/translations/")
    assert outdated_figure(page) == "1"
