"""In real Chromium: the Norway office's editor changes the office's e-mail address as a draft and
submits it; the office's moderator previews the office page with the new address in Norwegian and
approves it; visitors see the old address until then and the new one after."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import WorkflowState

from offices.groups import sync_office_groups
from offices.models import Office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "kontor-adresse-42"
OLD, NEW = "oslo@example.org", "post.oslo@example.org"


def member(username, group_name):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def log_in(page, live_server, username):
    page.context.clear_cookies()
    page.goto(live_server.url + "/admin/login/")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', PASSWORD)
    page.locator('form button[type="submit"]').first.click()
    page.wait_for_url(live_server.url + "/admin/")


@pytest.fixture
def office(portal):
    office = portal["office"]
    office.languages = ["nb", "en"]
    office.email = OLD
    office.save()
    office.save_revision().publish()  # live, with a live revision, as every real record is
    setup = sync_office_groups(office)
    member("norway-editor", setup.editors.name)
    member("norway-moderator", setup.moderators.name)
    return office


def public_text(page, live_server, path):
    page.context.clear_cookies()
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == 200
    return page.locator("main").inner_text()


def test_an_office_address_goes_live_only_once_its_moderator_approves(
    live_server, page, portal, office
):
    office_page = (
        f"/nb/{portal['office_page'].url_path_nb.removeprefix(portal['home'].url_path_nb)}"
    )
    assert OLD in public_text(page, live_server, office_page)

    # The editor changes the e-mail address and submits it to the office's moderators.
    log_in(page, live_server, "norway-editor")
    page.goto(f"{live_server.url}/admin/snippets/offices/office/edit/{office.pk}/")
    page.fill('input[name="email"]', NEW)
    page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name=re.compile("Submit to .*moderation")).click()
    page.wait_for_url(re.compile(r"/admin/snippets/offices/office/"))
    office.refresh_from_db()
    state = office.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert office.email == OLD  # the live version
    assert OLD in public_text(page, live_server, office_page)
    assert NEW not in public_text(page, live_server, office_page)

    # The moderator finds it on the dashboard and previews the office page in Norwegian.
    log_in(page, live_server, "norway-moderator")
    awaiting = page.locator("section", has_text=re.compile("Awaiting your review", re.I)).first
    assert str(office) in awaiting.inner_text()
    task = state.current_task_state.task
    preview = f"/admin/snippets/offices/office/workflow/preview/{office.pk}/{task.pk}/?mode=nb"
    page.goto(live_server.url + preview)
    assert page.locator("html").get_attribute("lang") == "nb"
    assert NEW in page.locator("main").inner_text()
    assert f"mailto:{NEW}" in page.content()

    # ...and approves it from the record's editor.
    page.goto(f"{live_server.url}/admin/snippets/offices/office/edit/{office.pk}/")
    page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name="Approve and Publish", exact=True).click()
    page.wait_for_load_state("networkidle")
    office = Office.objects.get(pk=office.pk)
    assert office.email == NEW
    assert office.current_workflow_state is None

    # Visitors now read the new address, in Norwegian and in English.
    assert NEW in public_text(page, live_server, office_page)
    english = f"/en/{portal['office_page'].url_path_en.removeprefix(portal['home'].url_path_en)}"
    assert NEW in public_text(page, live_server, english)
