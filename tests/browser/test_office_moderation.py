"""In real Chromium: a Norway editor writes a programme in Norwegian and submits it, a Norway
moderator approves it, and it is live at /nb/...; the editor cannot open a Netherlands page."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page, WorkflowState

from offices.groups import sync_office_groups
from offices.models import ProgrammePage
from tests.support.portal import add_netherlands

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def member(username, password, group_name):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", password)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def log_in(page, live_server, username, password):
    page.goto(live_server.url + "/admin/login/")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', password)
    page.locator('form button[type="submit"]').first.click()
    page.wait_for_url(live_server.url + "/admin/")


def log_out(page):
    page.context.clear_cookies()


@pytest.fixture
def offices(portal):
    norway = portal["office"]
    norway.languages = ["nb", "en"]
    norway.save()
    offices = add_netherlands(portal)
    sync_office_groups(norway)
    member("nora", "nora-skriver-42", "Norway editors")
    member("magnus", "magnus-godkjenner-42", "Norway moderators")
    return offices


def test_editor_writes_moderator_approves_visitor_reads(live_server, page, offices):
    programme_index = offices["programme_index"]

    # Nora writes the programme in Norwegian (and its English title, which every page needs).
    log_in(page, live_server, "nora", "nora-skriver-42")
    page.goto(f"{live_server.url}/admin/pages/add/offices/programmepage/{programme_index.pk}/")
    # Her office's languages are shown first: the Norwegian fields are open without a click.
    page.locator('input[name="title_nb"]').wait_for(state="visible")
    assert not page.locator('input[name="title_fr"]').is_visible()
    assert page.locator("ul.locales li.locale").nth(1).inner_text().strip().lower() == "nb"
    page.fill('input[name="title_en"]', "Job courses for newcomers")
    page.fill('input[name="title_nb"]', "Jobbkurs for nykommere")
    page.fill('textarea[name="summary_nb"]', "Kurs som hjelper nyankomne inn i arbeidslivet.")
    page.fill('textarea[name="summary_en"]', "Courses that help newcomers into work.")
    # Swedish is one click away; "Copy from English" gives the translator the text to start from.
    swedish = page.locator('textarea[name="summary_sv"]')
    assert not swedish.is_visible()
    page.locator("button.locale-toggle", has_text="sv").first.click()
    swedish.wait_for(state="visible")
    swedish.locator(
        "xpath=ancestor::div[contains(@class, 'w-field__input')]/following-sibling::button[1]"
    ).click()
    assert swedish.input_value() == "Courses that help newcomers into work."
    page.locator(f"label:has-text('{offices['office'].name_en}') input").check()

    page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name=re.compile("Submit to Norway moderation")).click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/"))

    created = ProgrammePage.objects.get(title_en="Job courses for newcomers")
    assert not created.live
    state = WorkflowState.objects.get(object_id=str(created.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Norway moderation"

    # The same editor cannot open a page of the Netherlands office.
    page.goto(f"{live_server.url}/admin/pages/{offices['nl_page'].pk}/edit/")
    page.wait_for_url(live_server.url + "/admin/")
    assert "permission" in page.locator(".messages").inner_text().lower()
    log_out(page)

    # Magnus, a moderator of the same office, approves it: the workflow publishes it.
    log_in(page, live_server, "magnus", "magnus-godkjenner-42")
    page.goto(f"{live_server.url}/admin/pages/{created.pk}/edit/")
    page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name="Approve and Publish", exact=True).click()
    page.wait_for_load_state("networkidle")

    created = Page.objects.get(pk=created.pk).specific
    assert created.live
    log_out(page)

    # A visitor finds it in Norwegian.
    path = created.url_path_nb.removeprefix(offices["home"].url_path_nb)
    response = page.goto(f"{live_server.url}/nb/{path}")
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Jobbkurs for nykommere"
    assert "Kurs som hjelper nyankomne" in page.locator("main").inner_text()
