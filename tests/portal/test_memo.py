"""The memo of what every page shows (portal/core/memo.py): the site, the main menu and the
objectives are built once and reused, and a change is visible on the next request, whether this
worker made it or another one did.

The page cache is off here: these are the requests that render.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from compact.models import Objective
from portal.core import generation, memo
from portal.core.generation import DATA_KEY, page_cache
from tests.support.helpers import url_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]


def queries_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, [q["sql"] for q in captured.captured_queries]


def another_worker_commits():
    """What another worker's commit leaves behind here: a new data token in the shared cache
    (every change sets one, targeted or not). (This worker's own changes also make it forget at
    once; see the tests below.)"""
    page_cache().set(DATA_KEY, "another-workers-data", timeout=None)


def menu_of(html):
    """The main menu's HTML ("" when the menu is empty and not shown)."""
    if 'class="main-nav"' not in html:
        return ""
    start = html.index('class="main-nav"')
    return html[start : html.index("</nav>", start)]


def test_the_second_request_takes_the_site_menu_and_objectives_from_the_memo(client, portal):
    url = url_in(portal["office_page"], "en")
    _first, first = queries_of(client, url)
    response, second = queries_of(client, url)
    assert "Norway" in response.content.decode()
    assert any("wagtailcore_site" in sql for sql in first)
    assert not any("wagtailcore_site" in sql for sql in second)
    # The programmes' own objectives are still prefetched; the matrix's list is not queried.
    objectives = [sum('FROM "compact_objective"' in sql for sql in q) for q in (first, second)]
    assert objectives[1] == objectives[0] - 1
    assert len(second) < len(first)
    # Another language builds its own menu (its URLs), once.
    _first_nb, first_nb = queries_of(client, url_in(portal["office_page"], "nb"))
    _second_nb, second_nb = queries_of(client, url_in(portal["office_page"], "nb"))
    assert len(second_nb) < len(first_nb)


def test_a_change_made_without_telling_anyone_is_not_seen(client, portal):
    """The memo is really used: a change that records nothing (a bulk update, no signal, no new
    generation) does not reach the menu. Every real change goes through the signals below."""
    Page.objects.filter(pk=portal["standard"].pk).update(show_in_menus=False)
    url = url_in(portal["home"], "en")
    client.get(url)  # builds the memo
    Page.objects.filter(pk=portal["standard"].pk).update(show_in_menus=True)
    assert "About us" not in menu_of(client.get(url).content.decode())


def test_another_workers_commit_is_seen_on_the_next_request(client, portal):
    Page.objects.filter(pk=portal["standard"].pk).update(show_in_menus=False)
    url = url_in(portal["home"], "en")
    assert "About us" not in menu_of(client.get(url).content.decode())
    Page.objects.filter(pk=portal["standard"].pk).update(show_in_menus=True)
    another_worker_commits()
    assert "About us" in menu_of(client.get(url).content.decode())


def test_this_workers_publish_is_seen_on_the_next_request_before_the_commit(client, portal):
    """Tests never commit: what this worker changed is forgotten when the change is recorded."""
    url = url_in(portal["programme"], "en")
    client.get(url)
    standard = Page.objects.get(pk=portal["standard"].pk).specific
    standard.title = "Who we are"
    standard.show_in_menus = True
    standard.save_revision().publish()
    assert "Who we are" in menu_of(client.get(url).content.decode())


def test_an_objective_renamed_is_seen_in_the_office_matrix_at_once(client, portal):
    url = url_in(portal["office_page"], "en")
    assert "Enhance pathways" in client.get(url).content.decode()
    objective = Objective.objects.get(number=5)
    objective.title_en = "Widen regular pathways"
    objective.save()
    html = client.get(url).content.decode()
    assert "Widen regular pathways" in html
    assert "Enhance pathways" not in html


def test_every_request_serves_its_own_copy_of_the_shared_home_page(client, portal):
    url = url_in(portal["home"], "en")
    pages = [client.get(url).context["page"] for _ in range(2)]
    assert pages[0].pk == pages[1].pk == portal["home"].pk
    assert pages[0] is not pages[1]


def test_pages_are_served_when_the_cache_is_down(client, portal, monkeypatch):
    def down():
        raise ConnectionError("cache unavailable")

    monkeypatch.setattr(generation, "current_tokens", down)
    url = url_in(portal["office_page"], "en")
    for _ in range(2):
        response, queries = queries_of(client, url)
        assert "Norway" in response.content.decode()
        assert any("wagtailcore_site" in sql for sql in queries)  # nothing kept
    assert memo.request_generation(None) is None
