"""The office x objective matrix: counts, links, what it leaves out, and its queries."""

import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from offices.matrix import objective_matrix, office_row
from portal.core import memo
from tests.support import factories as f
from tests.support.helpers import url_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]


def programme(parent, title, offices, objectives, **kwargs):
    page = f.ProgrammePageFactory(parent=parent, title=title, **kwargs)
    page.offices.set(offices)
    page.objectives.set(objectives)
    page.save()  # parental relations reach the database with the page
    return page


@pytest.fixture
def data(portal):
    """Norway (the portal's office, one programme for objective 5) and the Netherlands; a
    site-wide programme finder; programmes counted and programmes that must not be."""
    home, norway = portal["home"], portal["office"]
    netherlands = f.OfficeFactory(name_en="Netherlands", country="NL", city_en="The Hague")
    nl_page = f.CountryOfficePageFactory(
        parent=portal["offices_index"], title="Netherlands", slug="netherlands", office=netherlands
    )
    nl_index = f.ProgrammeIndexPageFactory(parent=nl_page, title="Programmes", slug="programmes")
    finder = f.ProgrammeIndexPageFactory(parent=home, title="All programmes", slug="programmes")
    o2, o5, o7 = (f.ObjectiveFactory(number=n) for n in (2, 5, 7))
    norway_index = portal["programme_index"]
    # Counted: Norway 5 -> 2 (with the portal's own), Norway 2 -> 1, Netherlands 5 -> 1,
    # Netherlands 2 -> 2 (one shared with Norway).
    shared = programme(norway_index, "Shared", [norway, netherlands], [o2, o5])
    programme(nl_index, "Dutch", [netherlands], [o2])
    # Not counted: a draft, and a programme in a private section.
    programme(norway_index, "Draft", [norway], [o7], live=False)
    private_index = f.ProgrammeIndexPageFactory(parent=nl_page, title="Private", slug="private")
    PageViewRestriction.objects.create(
        page=private_index, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    programme(private_index, "Hidden", [netherlands], [o7, o5])
    return {
        **portal,
        "netherlands": netherlands,
        "finder": finder,
        "shared": shared,
        "objectives": {2: o2, 5: o5, 7: o7},
    }


def request_for(page):
    request = RequestFactory().get(page.url)
    request.META["HTTP_HOST"] = "localhost"
    return request


def counts(matrix):
    return {
        (row.office.name_en, cell.objective.number): cell.count
        for row in matrix.rows
        for cell in row.cells
        if cell.count
    }


def cells_of(matrix):
    return {(row.office.pk, c.objective.number): c for row in matrix.rows for c in row.cells}


def test_counts_live_public_programmes_and_links_each_cell(data):
    matrix = objective_matrix(request_for(data["compact_index"]))
    assert [o.number for o in matrix.objectives] == [2, 5, 7]
    assert [row.office.name_en for row in matrix.rows] == ["Netherlands", "Norway"]
    # The draft (Norway, 7) and the private programme (Netherlands, 5 and 7) are not counted.
    assert counts(matrix) == {
        ("Netherlands", 2): 2,
        ("Netherlands", 5): 1,
        ("Norway", 2): 1,
        ("Norway", 5): 2,
    }
    cells = cells_of(matrix)
    norway, netherlands = data["office"].pk, data["netherlands"].pk
    finder = data["finder"].url
    assert cells[(norway, 5)].url == f"{finder}?office={norway}&objective=5"
    assert cells[(netherlands, 2)].url == f"{finder}?office={netherlands}&objective=2"
    # Exactly one programme: the cell goes straight to it.
    assert cells[(norway, 2)].url == data["shared"].url
    assert cells[(netherlands, 5)].url == data["shared"].url
    assert cells[(norway, 7)].url is None and cells[(norway, 7)].count == 0
    levels = [cells[(norway, number)].level for number in (5, 2, 7)]
    assert levels == [4, 2, 0]


def test_unpublishing_the_finder_or_a_programme(data):
    norway = data["office"].pk
    data["finder"].unpublish()
    matrix = objective_matrix(request_for(data["compact_index"]))
    cells = cells_of(matrix)
    assert matrix.finder_url is None
    assert cells[(norway, 5)].url is None  # two programmes and nowhere to list them: no link
    assert cells[(norway, 2)].url == data["shared"].url
    data["shared"].unpublish()
    matrix = objective_matrix(request_for(data["compact_index"]))
    assert counts(matrix) == {("Netherlands", 2): 1, ("Norway", 5): 1}


def test_the_matrix_takes_a_constant_number_of_queries(data):
    request = request_for(data["compact_index"])
    objective_matrix(request)  # content types cached

    def queries():
        memo.forget()  # what the memo keeps (the counts) read afresh, as after any change
        with CaptureQueriesContext(connection) as ctx:
            objective_matrix(request)
        return len(ctx.captured_queries)

    before = queries()
    for i in range(6):
        office = f.OfficeFactory(name_en=f"Office {i}", country="SE")
        programme(
            data["programme_index"], f"More {i}", [office, data["office"]], [data["objective"]]
        )
        programme(data["programme_index"], f"Single {i}", [office], [data["objectives"][2]])
    assert queries() == before <= 4
    memo.forget()
    with CaptureQueriesContext(connection) as ctx:
        objective_matrix(request, objectives=[], offices=[])
    assert len(ctx.captured_queries) == 2  # the counts and the linked pages
    with CaptureQueriesContext(connection) as ctx:
        objective_matrix(request, objectives=[], offices=[])
    assert len(ctx.captured_queries) == 1  # the counts kept until the next change


def test_office_row_counts_from_the_loaded_programmes(data):
    office_page = data["office_page"]
    request = request_for(office_page)
    programmes = office_page.get_context(request)["programmes"]
    office_row(data["office"], programmes, request=request)  # site and programmes loaded
    memo.forget()
    with CaptureQueriesContext(connection) as ctx:
        office_row(data["office"], programmes, request=request)
    assert len(ctx.captured_queries) == 2  # the objectives and the finder
    with CaptureQueriesContext(connection) as ctx:
        matrix = office_row(data["office"], programmes, request=request)
    assert ctx.captured_queries == []  # both kept in the memo (portal/core/memo.py)
    assert [row.office for row in matrix.rows] == [data["office"]]
    assert counts(matrix) == {("Norway", 2): 1, ("Norway", 5): 2}
    cells = {c.objective.number: c for c in matrix.rows[0].cells}
    assert cells[2].url == data["shared"].url
    assert cells[5].url == f"{data['finder'].url}?office={data['office'].pk}&objective=5"


class TableReader(HTMLParser):
    """The matrix table's header and body cells: (tag, attributes, text, link)."""

    def __init__(self):
        super().__init__()
        self.cells, self.current, self.depth, self.caption = [], None, 0, None
        self.in_table = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "matrix__table" in attrs.get("class", ""):
            self.in_table = True
        if not self.in_table:
            return
        if tag == "caption":
            self.caption = ""
        if tag in ("th", "td"):
            self.current = {"tag": tag, "attrs": attrs, "text": "", "href": None}
        if tag == "a" and self.current is not None:
            self.current["href"] = attrs.get("href")

    def handle_endtag(self, tag):
        if tag == "table":
            self.in_table = False
        if tag in ("th", "td") and self.current is not None:
            self.current["text"] = " ".join(self.current["text"].split())
            self.cells.append(self.current)
            self.current = None

    def handle_data(self, data):
        if self.in_table and self.current is not None:
            self.current["text"] += " " + data
        elif self.in_table and self.caption is not None and not self.cells:
            self.caption += data


def read_table(html):
    reader = TableReader()
    reader.feed(html)
    return reader


def test_compact_index_shows_an_accessible_matrix(client, data):
    response = client.get(data["compact_index"].url)
    html = response.content.decode()
    table = read_table(html)
    assert "Programmes by office and Global Compact objective" in table.caption
    headers = [c for c in table.cells if c["tag"] == "th"]
    columns = [c for c in headers if c["attrs"].get("scope") == "col"]
    rows = [c for c in headers if c["attrs"].get("scope") == "row"]
    assert [c["text"] for c in columns[1:]] == [
        "2 Objective 2: Objective 2 in English",
        "5 Objective 5: Enhance pathways",
        "7 Objective 7: Objective 7 in English",
    ]
    assert [c["text"] for c in rows] == ["Netherlands", "Norway"]
    assert rows[1]["href"] == data["office_page"].url
    body = [c for c in table.cells if c["tag"] == "td"]
    assert len(body) == 2 * 3
    norway_5 = body[3 + 1]
    assert norway_5["text"] == "2 2 programmes"
    assert norway_5["href"] == f"{data['finder'].url}?office={data['office'].pk}&objective=5"
    assert body[3 + 2]["text"] == "0 programmes" and body[3 + 2]["href"] is None
    # Scrolls sideways on its own, reachable from the keyboard, named by the caption.
    region = r'<div class="matrix" role="region" aria-labelledby="[^"]+" [^>]*tabindex="0"'
    assert re.search(region, html)
    # The number seen is hidden from screen readers, who hear "2 programmes".
    heard = '<span aria-hidden="true">2</span><span class="visually-hidden">2 programmes</span>'
    assert heard in html

    # In Norwegian, every link leads to the Norwegian pages.
    table = read_table(client.get(url_in(data["compact_index"], "nb")).content.decode())
    links = [c["href"] for c in table.cells if c["tag"] == "td" and c["href"]]
    assert len(links) == 4 and all(link.startswith("/nb/") for link in links)
    assert f"{url_in(data['finder'], 'nb')}?office={data['office'].pk}&objective=5" in links


def test_no_programmes_no_matrix(client, portal):
    portal["programme"].unpublish()
    html = client.get(portal["compact_index"].url).content.decode()
    assert "matrix__table" not in html


def test_country_office_page_shows_its_one_row(client, data):
    html = client.get(data["office_page"].url).content.decode()
    table = read_table(html)
    assert "Programmes of Norway by Global Compact objective" in table.caption
    rows = [c for c in table.cells if c["attrs"].get("scope") == "row"]
    assert [c["text"] for c in rows] == ["Norway"] and rows[0]["href"] is None
    body = [c["text"] for c in table.cells if c["tag"] == "td"]
    assert body == ["1 1 programme", "2 2 programmes", "0 programmes"]
