"""An objective page stays light however much serves the objective: at scale one had hundreds
of programmes and country actions, 750 KB of HTML. It shows the first programmes with a link to
the finder for all of them, and the country actions a page at a time."""

import re

import pytest

from compact.models import COUNTRY_ACTIONS_PER_PAGE
from offices.compact_pages import PROGRAMMES_SHOWN
from tests.support import factories as f
from tests.support.helpers import url_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]


def programme_titles(html):
    return re.findall(r"Programme no\. \d+", html)


def test_the_first_programmes_and_a_link_to_the_finder_for_all(client, portal):
    finder = f.ProgrammeIndexPageFactory(parent=portal["home"], title="Find", slug="find")
    for number in range(PROGRAMMES_SHOWN + 3):
        programme = f.ProgrammePageFactory(
            parent=portal["programme_index"],
            title=f"Programme no. {number:02d}",
            slug=f"programme-{number}",
        )
        programme.objectives.add(portal["objective"])
        programme.save_revision().publish()
    html = client.get(url_in(portal["objective_page"], "en")).content.decode()
    shown = programme_titles(html)
    assert shown == [f"Programme no. {n:02d}" for n in range(PROGRAMMES_SHOWN)]
    assert f'href="{url_in(finder, "en")}?objective=5"' in html


def test_no_finder_link_when_every_programme_is_shown(client, portal):
    finder = f.ProgrammeIndexPageFactory(parent=portal["home"], title="Find", slug="find")
    html = client.get(url_in(portal["objective_page"], "en")).content.decode()
    assert "Voluntary return" in html
    assert f"{url_in(finder, 'en')}?objective=5" not in html  # (the pledge list's link stays)


def test_country_actions_a_page_at_a_time(client, portal):
    portal["action"].delete()
    for year in range(1990, 1990 + COUNTRY_ACTIONS_PER_PAGE + 5):
        f.CountryActionFactory(
            objectives=[portal["objective"]], year=year, description_en=f"Action of {year}."
        )
    url = url_in(portal["objective_page"], "en")
    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()
    years = range(1990, 1990 + COUNTRY_ACTIONS_PER_PAGE + 5)
    on_first = [y for y in years if f"Action of {y}." in first]
    on_second = [y for y in years if f"Action of {y}." in second]
    assert len(on_first) == COUNTRY_ACTIONS_PER_PAGE  # newest first
    assert on_first[-1] > on_second[0]
    assert sorted(on_first + on_second) == list(years)
    assert 'class="pagination"' in first
    # A page number out of range shows the last page, as on the other listings.
    assert client.get(url + "?page=99").status_code == 200
