"""A visitor in real Chromium: home, switch language, objective -> programme -> office, fallback."""

import pytest
from django.core.management import call_command

from compact.models import Objective
from tests.support.helpers import url_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_switch_language_follow_objective_programme_office(live_server, page):
    call_command("load_demo", verbosity=0)
    objective = Objective.objects.get(number=21)
    programme = objective.programmes.live().filter(offices__country="NO").first().specific
    office_page = programme.offices.get(country="NO").page

    page.goto(live_server.url + "/en/")
    assert page.locator("html").get_attribute("lang") == "en"

    # Switch language the way a visitor does: the switcher's link for Norsk bokmål.
    page.locator('a[hreflang="nb"]').first.click()
    page.wait_for_url("**/nb/")
    assert page.locator("html").get_attribute("lang") == "nb"

    # Follow the objective from the home page to the programme that serves it, then its office.
    page.locator(f'main a[href="{url_in(objective.page, "nb")}"]').first.click()
    page.wait_for_url("**" + url_in(objective.page, "nb"))
    assert objective.title_nb in page.locator("h1").inner_text()

    page.locator(f'main a[href="{url_in(programme, "nb")}"]').first.click()
    page.wait_for_url("**" + url_in(programme, "nb"))
    assert page.locator("h1").inner_text().strip() == programme.title_nb

    page.locator(f'main a[href="{url_in(office_page, "nb")}"]').first.click()
    page.wait_for_url("**" + url_in(office_page, "nb"))
    assert page.locator("h1").inner_text().strip() == office_page.title_nb
    assert page.locator("html").get_attribute("lang") == "nb"
    assert page.locator(".fallback-notice").count() == 0

    # In Spanish the office page is not translated yet: English text, marked, with a notice.
    page.locator('a[hreflang="es"]').first.click()
    page.wait_for_url("**" + url_in(office_page, "es"))
    assert page.locator("html").get_attribute("lang") == "es"
    notice = page.locator(".fallback-notice")
    assert notice.is_visible()
    assert page.locator('h1 [lang="en"], h1[lang="en"]').count() == 1
