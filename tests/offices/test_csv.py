"""The programme finder's results as CSV: the same records, in the visitor's language."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from offices.views import csv_cell
from tests.offices.finder_data import more_programmes, programme, shared_catalogue
from tests.support.helpers import url_in

pytestmark = pytest.mark.django_db

FILTER_SETS = [
    {},
    {"office": "finland"},
    {"objective": "5"},
    {"country": "NO"},
    {"status": "planned"},
    {"partner_kind": "ngo"},
    {"office": "norway", "objective": "5", "country": "AF"},
    {"objective": "10", "status": "planned"},  # nothing
    {"objective": "99", "status": "completed"},  # a bad one left out, the good one kept
]


@pytest.fixture(scope="module")
def catalogue(django_db_setup, django_db_blocker):
    with shared_catalogue(django_db_blocker) as data:
        yield data


def with_offices(catalogue, params):
    offices = {"finland": catalogue["finland"].pk, "norway": catalogue["office"].pk}
    if "office" in params:
        return {**params, "office": offices[params["office"]]}
    return params


def read_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # so spreadsheet programs read UTF-8
    return list(csv.reader(io.StringIO(text[1:])))


def get_csv(client, index, lang="en", **params):
    return client.get(url_in(index, lang), {**params, "format": "csv"})


@pytest.mark.parametrize("params", FILTER_SETS)
def test_the_csv_holds_exactly_the_finder_s_records(client, catalogue, params):
    params = with_offices(catalogue, params)
    index = catalogue["site_index"]
    listed = client.get(url_in(index), params).context["programmes"]
    expected = [f"http://testserver{page.url}" for page in listed]
    rows = read_csv(get_csv(client, index, **params))
    assert [row[-1] for row in rows[1:]] == expected


def test_an_office_listing_s_csv_holds_that_office_s_part(client, catalogue):
    rows = read_csv(get_csv(client, catalogue["finland_index"]))
    assert [row[0] for row in rows[1:]] == ["Counter-trafficking", "Joint return"]


def test_columns_and_values_in_english(client, catalogue):
    rows = read_csv(get_csv(client, catalogue["site_index"], objective="5"))
    assert rows[0] == [
        "Title",
        "Acronym",
        "Offices",
        "Status",
        "Start date",
        "End date",
        "Global Compact objectives",
        "Countries of origin",
        "Countries of destination",
        "Partners",
        "Page address",
    ]
    joint = rows[1]
    assert joint[0] == "Joint return"
    assert joint[2] == "Finland; Norway"
    assert joint[3] == "Planned"
    assert joint[6] == "5; 21"
    assert joint[7:9] == ["Afghanistan", "Norway"]
    voluntary = rows[2]
    assert voluntary[7:10] == ["Nigeria; Senegal", "Belgium; Netherlands", "Business council"]
    assert voluntary[10].endswith("/en/where-we-work/norway/programmes/voluntary-return/")


def test_columns_and_values_in_norwegian_with_english_fallback(client, catalogue):
    response = get_csv(client, catalogue["site_index"], "nb", objective="5")
    assert response["Content-Disposition"] == 'attachment; filename="programmes-nb.csv"'
    rows = read_csv(response)
    assert rows[0][:4] == ["Tittel", "Forkortelse", "Kontorer", "Status"]
    assert [row[0] for row in rows[1:]] == ["Felles retur", "Voluntary return"]  # fallback
    assert rows[1][2] == "Finland; Norge"
    assert rows[1][3] == "Planlagt"
    assert rows[1][8] == "Norge"
    assert "/nb/" in rows[1][10]


def test_unpublished_and_private_programmes_are_not_in_the_csv(client, catalogue):
    rows = read_csv(get_csv(client, catalogue["site_index"], partner_kind="un"))
    assert rows[1:] == []
    rows = read_csv(get_csv(client, catalogue["finland_index"]))
    assert {"Zulu draft", "Secret"}.isdisjoint(row[0] for row in rows)


@pytest.mark.parametrize("query", ["office=abc", "objective=99&objective=", "country=%00"])
def test_bad_filters_give_a_csv_of_everything(client, catalogue, query):
    response = client.get(f"{url_in(catalogue['site_index'])}?format=csv&{query}")
    assert len(read_csv(response)) == 1 + 3


def test_other_formats_give_the_page(client, catalogue):
    response = client.get(url_in(catalogue["site_index"]), {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+47 22 00 00 00", "'+47 22 00 00 00"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=cmd", "'\t=cmd"),
        ("Safe title", "Safe title"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
    ],
)
def test_cells_that_would_run_as_formulas_get_an_apostrophe(value, expected):
    assert csv_cell(value) == expected


def test_a_programme_titled_like_a_formula_is_written_as_text(client, catalogue):
    programme(
        catalogue["finland_index"],
        title='=HYPERLINK("http://evil.example","click")',
        slug="formula",
        acronym="@RISK",
        offices=[catalogue["finland"]],
    )
    rows = read_csv(get_csv(client, catalogue["site_index"], office=catalogue["finland"].pk))
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example","click")'
    assert rows[1][1] == "'@RISK"


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_csv_query_count_does_not_grow_with_programmes(client, catalogue):
    url = url_in(catalogue["site_index"]) + "?format=csv&objective=5"
    before = count_queries(client, url)
    more_programmes(catalogue, 4)
    assert count_queries(client, url) == before <= 15
