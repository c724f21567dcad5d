"""The programme finder: the programme listing filtered by GET parameters."""

import functools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from offices import finder
from offices.finder import ProgrammeFilterForm, find_programmes, programme_scope
from portal.core.pages import paginate
from tests.offices.finder_data import more_programmes, shared_catalogue
from tests.support.helpers import url_in

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def catalogue(django_db_setup, django_db_blocker):
    with shared_catalogue(django_db_blocker) as data:
        yield data


def titles(response):
    assert response.status_code == 200
    return [page.title for page in response.context["programmes"]]


def get(client, index, lang="en", **params):
    return client.get(url_in(index, lang), params)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Counter-trafficking", "Joint return", "Voluntary return"]),
        ({"office": "finland"}, ["Counter-trafficking", "Joint return"]),
        ({"office": "norway"}, ["Joint return", "Voluntary return"]),
        ({"objective": "5"}, ["Joint return", "Voluntary return"]),
        ({"objective": "10"}, ["Counter-trafficking"]),
        ({"objective": "21"}, ["Joint return"]),
        ({"country": "NG"}, ["Voluntary return"]),  # a country of origin
        ({"country": "be"}, ["Voluntary return"]),  # a country of destination, any case
        ({"country": "FI"}, ["Counter-trafficking", "Joint return"]),  # the office's country
        ({"country": "NO"}, ["Joint return", "Voluntary return"]),  # destination or office
        ({"country": "AF"}, ["Joint return"]),
        ({"status": "completed"}, ["Counter-trafficking"]),
        ({"status": "planned"}, ["Joint return"]),
        ({"status": "active"}, ["Voluntary return"]),
        ({"partner_kind": "ngo"}, ["Counter-trafficking"]),
        ({"partner_kind": "private"}, ["Voluntary return"]),
        ({"office": "norway", "objective": "5", "country": "AF"}, ["Joint return"]),
        (
            {"office": "finland", "status": "completed", "partner_kind": "ngo"},
            ["Counter-trafficking"],
        ),
        ({"office": "finland", "partner_kind": "private"}, []),
        ({"objective": "5", "status": "active", "country": "SN"}, ["Voluntary return"]),
    ],
)
def test_each_filter_alone_and_combined(client, catalogue, params, expected):
    offices = {"finland": catalogue["finland"].pk, "norway": catalogue["office"].pk}
    if "office" in params:
        params = {**params, "office": offices[params["office"]]}
    assert titles(get(client, catalogue["site_index"], **params)) == expected


def test_unpublished_and_private_programmes_never_appear(client, catalogue):
    for index in (catalogue["site_index"], catalogue["finland_index"]):
        for params in ({}, {"objective": "10"}, {"partner_kind": "un"}, {"country": "NG"}):
            shown = titles(get(client, index, **params))
            assert "Zulu draft" not in shown and "Secret" not in shown, (index, params)


def test_an_office_listing_holds_the_programmes_under_its_office(client, catalogue):
    # An office's listing holds the programmes in its part of the site.
    response = get(client, catalogue["programme_index"])  # Norway's
    assert titles(response) == ["Voluntary return"]
    assert 'name="office"' not in response.content.decode()
    response = get(client, catalogue["finland_index"])
    assert titles(response) == ["Counter-trafficking", "Joint return"]
    # Norway co-runs the joint programme: the office select is there, and filters.
    assert 'name="office"' in response.content.decode()
    response = get(client, catalogue["finland_index"], office=catalogue["office"].pk)
    assert titles(response) == ["Joint return"]
    assert titles(get(client, catalogue["finland_index"], status="planned")) == ["Joint return"]


def test_the_form_is_a_labelled_get_form_and_shows_what_is_selected(client, catalogue):
    response = get(client, catalogue["site_index"], objective="21", country="af")
    html = response.content.decode()
    form = re.search(r'<form class="finder" method="get" action="([^"]+)">(.*?)</form>', html, re.S)
    assert form and form.group(1) == url_in(catalogue["site_index"])
    selects = re.findall(r'<select id="([^"]+)" name="([^"]+)">', form.group(2))
    assert [name for _id, name in selects] == [
        "office",
        "objective",
        "country",
        "status",
        "partner_kind",
    ]
    for select_id, _name in selects:
        assert f'<label for="{select_id}">' in form.group(2)
    assert '<option value="21" selected>21. Return and readmission</option>' in html
    assert '<option value="AF" selected>Afghanistan</option>' in html
    # Only the countries the programmes concern are offered (and Finland for its office).
    countries = re.findall(r'<option value="([A-Z]{2})"', form.group(2))
    assert sorted(countries) == ["AF", "BE", "FI", "NG", "NL", "NO", "SN"]
    assert "1 programme<" in html
    assert f'href="{url_in(catalogue["site_index"])}">Clear filters</a>' in html


def test_result_count_csv_link_and_no_clear_link_without_filters(client, catalogue):
    html = get(client, catalogue["site_index"]).content.decode()
    assert "3 programmes" in html
    assert "Clear filters" not in html
    assert f'href="{url_in(catalogue["site_index"])}?format=csv"' in html


def test_the_csv_link_keeps_the_valid_filters_only(client, catalogue):
    response = get(client, catalogue["site_index"], objective="5", status="nonsense", page="2")
    html = response.content.decode()
    assert '?objective=5&amp;format=csv"' in html
    assert "Download these results as CSV" in html


def test_empty_state(client, catalogue):
    response = get(client, catalogue["site_index"], objective="10", status="planned")
    assert titles(response) == []
    html = response.content.decode()
    assert "0 programmes" in html
    assert "No programmes match these filters." in html
    assert "Download these results as CSV" not in html
    assert "Clear filters" in html


def test_a_listing_without_any_programme_says_so_and_has_no_form(client, catalogue):
    from tests.support import factories as f

    office_page = f.CountryOfficePageFactory(parent=catalogue["offices_index"], slug="iceland")
    empty = f.ProgrammeIndexPageFactory(parent=office_page, slug="programmes")
    html = get(client, empty).content.decode()
    assert "There are no programmes yet." in html
    assert 'class="finder"' not in html


@pytest.mark.parametrize(
    "query",
    [
        "office=999999",
        "office=abc",
        "office=99999999999999999999999999999",
        "objective=99",
        "objective=0",
        "objective=five",
        "objective=-1",
        "country=XX",
        "country=Norway",
        "country=%00",
        "status=sleeping",
        "partner_kind=%F0%9F%92%A5",
        "office=" + "9" * 5000,
    ],
)
def test_values_not_understood_are_left_out_calmly(client, catalogue, query):
    response = client.get(f"{url_in(catalogue['site_index'])}?{query}")
    assert titles(response) == ["Counter-trafficking", "Joint return", "Voluntary return"]
    html = response.content.decode()
    assert "were not recognised and have been left out" in html
    assert "Clear filters" in html


def test_an_objective_with_no_record_yet_filters_to_nothing_and_stays_selected(client, catalogue):
    response = get(client, catalogue["site_index"], objective="7")
    assert titles(response) == []
    assert '<option value="7" selected>7</option>' in response.content.decode()


def test_a_bad_filter_does_not_drop_the_good_ones(client, catalogue):
    response = get(client, catalogue["site_index"], objective="99", status="completed")
    assert titles(response) == ["Counter-trafficking"]
    assert "left out: Global Compact objective." in response.content.decode()


def test_repeated_parameters_use_the_last_value(client, catalogue):
    url = url_in(catalogue["site_index"])
    assert titles(client.get(f"{url}?objective=10&objective=21")) == ["Joint return"]
    assert titles(client.get(f"{url}?objective=abc&objective=10")) == ["Counter-trafficking"]
    assert client.get(f"{url}?status=planned&status=&page=1&page=x").status_code == 200


@pytest.mark.parametrize("page", ["0", "-3", "abc", "99999999999999999999999999"])
def test_odd_page_numbers_give_a_page(client, catalogue, page):
    assert len(titles(get(client, catalogue["site_index"], page=page))) >= 1


def test_pagination_keeps_the_filters(client, catalogue, monkeypatch):
    monkeypatch.setattr(finder, "paginate", functools.partial(paginate, per_page=1))
    response = get(client, catalogue["site_index"], office=catalogue["office"].pk, page="2")
    assert titles(response) == ["Voluntary return"]
    html = response.content.decode()
    assert f"office={catalogue['office'].pk}&amp;page=1" in html
    assert "2 programmes" in html


def test_titles_and_order_follow_the_language_with_fallback(client, catalogue):
    response = get(client, catalogue["site_index"], "nb")
    # "Felles retur" is Norwegian; the others have no Norwegian title and show in English.
    assert [str(p.title) for p in response.context["programmes"]] == [
        "Counter-trafficking",
        "Felles retur",
        "Voluntary return",
    ]
    html = response.content.decode()
    assert '<option value="21">21. Retur og tilbaketaking</option>' in html
    assert '<span lang="en">Voluntary return</span>' in html


def test_the_form_and_queryset_work_without_a_request(catalogue):
    scope = programme_scope(catalogue["home"].path)
    form = ProgrammeFilterForm({"objective": "5", "country": "zz"}, scope=scope, lang="en")
    assert form.filters == {"objective": 5}
    assert [str(label) for label in form.ignored] == ["Country"]
    assert [p.title for p in find_programmes(form)] == ["Joint return", "Voluntary return"]
    assert form.query_items() == [("objective", "5")]


def count_queries(client, url):
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_query_count_is_capped_and_does_not_grow_with_programmes(client, catalogue):
    urls = [
        url_in(catalogue["site_index"]),
        url_in(catalogue["site_index"]) + f"?office={catalogue['office'].pk}&objective=5",
        url_in(catalogue["site_index"]) + "?country=NO&status=active&partner_kind=private",
        url_in(catalogue["site_index"], "nb") + "?objective=99",
        url_in(catalogue["programme_index"]),
    ]
    before = [count_queries(client, url) for url in urls]
    more_programmes(catalogue, 4)
    after = [count_queries(client, url) for url in urls]
    assert after == before
    assert max(after) <= 15, after
