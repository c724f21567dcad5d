"""The read-only JSON API at /api/v1/."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.offices.finder_data import more_programmes, shared_catalogue
from tests.support.helpers import url_in

pytestmark = pytest.mark.django_db

API = "/api/v1/"


@pytest.fixture(scope="module")
def catalogue(django_db_setup, django_db_blocker):
    with shared_catalogue(django_db_blocker) as data:
        yield data


def api(client, path, expect=200, **params):
    response = client.get(API + path, params)
    assert response.status_code == expect, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_the_root_names_every_endpoint(client, catalogue):
    data = api(client, "")
    assert data["programmes"] == "http://testserver/api/v1/programmes/"
    assert data["country_actions"] == "http://testserver/api/v1/country-actions/"
    assert data["languages"] == ["en", "fr", "es", "nb", "nl", "fi", "sv"]
    assert data["programme_filters"] == ["office", "objective", "country", "status", "partner_kind"]
    response = client.get(API + "programmes/")
    assert response["Access-Control-Allow-Origin"] == "*"  # open data, readable from any site


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"office": "finland"},
        {"office": "norway"},
        {"objective": "5"},
        {"objective": "21"},
        {"country": "no"},
        {"country": "NG"},
        {"status": "completed"},
        {"partner_kind": "private"},
        {"office": "norway", "objective": "5", "country": "AF", "status": "planned"},
        {"partner_kind": "ngo", "status": "planned"},
    ],
)
@pytest.mark.parametrize("lang", ["en", "nb"])
def test_programmes_are_exactly_the_finder_s(client, catalogue, params, lang):
    offices = {"finland": catalogue["finland"].pk, "norway": catalogue["office"].pk}
    if "office" in params:
        params = {**params, "office": offices[params["office"]]}
    listed = client.get(url_in(catalogue["site_index"], lang), params).context["programmes"]
    data = api(client, "programmes/", lang=lang, **params)
    assert data["count"] == len(listed)
    assert [item["id"] for item in data["results"]] == [page.pk for page in listed]
    assert [item["url"] for item in data["results"]] == [
        f"http://testserver{url_in(page, lang)}" for page in listed
    ]


def test_a_programme_in_english(client, catalogue):
    item = api(client, f"programmes/{catalogue['joint'].pk}/")
    assert item["title"] == "Joint return"
    assert item["status"] == "planned" and item["status_label"] == "Planned"
    assert item["objectives"] == [5, 21]
    assert [office["name"] for office in item["offices"]] == ["Finland", "Norway"]
    assert item["countries_of_origin"] == [{"code": "AF", "name": "Afghanistan"}]
    assert item["url"] == "http://testserver/en/where-we-work/finland/programmes/joint-return/"
    assert item["fallbacks"] == {}


def test_the_language_parameter_translates_with_fallback(client, catalogue):
    joint = api(client, f"programmes/{catalogue['joint'].pk}/", lang="nb")
    assert joint["title"] == "Felles retur"
    assert joint["status_label"] == "Planlagt"
    assert joint["countries_of_destination"] == [{"code": "NO", "name": "Norge"}]
    assert [office["name"] for office in joint["offices"]] == ["Finland", "Norge"]
    assert joint["url"].startswith("http://testserver/nb/")
    # No Norwegian summary or funding: the English ones, and the API says so.
    assert joint["summary"] == "A short summary for lists."
    assert joint["fallbacks"] == {"summary": "en", "funding": "en"}
    voluntary = api(client, f"programmes/{catalogue['voluntary'].pk}/", lang="nb")
    assert voluntary["title"] == "Voluntary return"
    assert voluntary["fallbacks"]["title"] == "en"
    objective = api(client, "objectives/21/", lang="nb")
    assert objective["title"] == "Retur og tilbaketaking"
    assert objective["fallbacks"] == {"summary": "en"}
    office = api(client, f"offices/{catalogue['office'].pk}/", lang="nb")
    assert office["name"] == "Norge" and office["city"] == "Oslo"
    assert office["fallbacks"] == {"city": "en"}


@pytest.mark.parametrize("lang", ["xx", "NORSK", "en-gb", "../../etc", "nb\x00"])
def test_an_unknown_language_is_a_clear_400(client, catalogue, lang):
    for path in ("", "programmes/", "offices/", f"programmes/{catalogue['joint'].pk}/"):
        data = api(client, path, expect=400, lang=lang)
        assert "Unknown language" in data["detail"]
        assert "en, fr, es, nb, nl, fi, sv" in data["detail"]


def test_an_empty_or_repeated_language_parameter(client, catalogue):
    assert api(client, "programmes/", lang="")["language"] == "en"
    response = client.get(API + "programmes/?lang=xx&lang=NB")
    assert response.status_code == 200
    assert response.json()["language"] == "nb"
    assert response["Content-Language"] == "nb"


def test_the_language_of_a_request_does_not_leak_into_the_next(client, catalogue):
    api(client, "programmes/", lang="fi")
    assert api(client, "programmes/")["results"][0]["status_label"] == "Completed"


def test_pagination(client, catalogue):
    first = api(client, "programmes/", limit=2)
    assert first["count"] == 3
    assert len(first["results"]) == 2 and first["previous"] is None
    assert "limit=2" in first["next"] and "offset=2" in first["next"]
    second = client.get(first["next"]).json()
    assert [item["title"] for item in second["results"]] == ["Voluntary return"]
    assert second["next"] is None
    # The filters and the language stay in the links.
    filtered = api(client, "programmes/", limit=1, objective=5, lang="nb")
    assert "objective=5" in filtered["next"] and "lang=nb" in filtered["next"]


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"limit": "abc"}, 3),
        ({"limit": "0"}, 3),
        ({"limit": "-5"}, 3),
        ({"limit": "1e3"}, 3),
        ({"offset": "-1"}, 3),
        ({"offset": "abc"}, 3),
        ({"offset": "99999999999999999999999999999"}, 0),
        ({"limit": "9" * 5000}, 3),
    ],
)
def test_odd_pagination_values_are_calm(client, catalogue, params, count):
    assert len(api(client, "programmes/", **params)["results"]) == count


def test_the_limit_is_at_most_100(client, catalogue):
    from compact.models import CountryAction

    CountryAction.objects.bulk_create(
        CountryAction(country="NO", year=2000 + i % 20, description_en=f"Action {i}")
        for i in range(101)
    )
    data = api(client, "country-actions/", limit=100000)  # capped, not refused
    assert data["count"] == 101
    assert len(data["results"]) == 100
    assert "limit=100&offset=100" in data["next"]
    assert len(api(client, "country-actions/")["results"]) == 20  # by default


@pytest.mark.parametrize(
    "query",
    [
        "objective=99",
        "objective=abc",
        "office=abc",
        "office=123456789",
        "country=XX",
        "status=sleeping",
        "partner_kind=%00",
        "objective=5&country=Norway",
    ],
)
def test_filters_not_understood_are_a_400_naming_them(client, catalogue, query):
    response = client.get(f"{API}programmes/?{query}")
    assert response.status_code == 400
    data = response.json()
    assert data["detail"].startswith("Some filters were not understood")
    name = query.split("&")[-1].split("=")[0]
    assert name in data["errors"]


def test_unpublished_and_private_programmes_never_appear(client, catalogue):
    for params in ({}, {"partner_kind": "un"}, {"objective": 10}, {"country": "NG"}):
        titles = [item["title"] for item in api(client, "programmes/", **params)["results"]]
        assert {"Zulu draft", "Secret"}.isdisjoint(titles)
    for page in (catalogue["draft"], catalogue["secret"]):
        assert api(client, f"programmes/{page.pk}/", expect=404) == {"detail": "Not found."}


@pytest.mark.parametrize(
    "path",
    [
        "programmes/999999/",
        "programmes/abc/",
        "programmes/99999999999999999999999999/",
        "objectives/99/",
        "objectives/0/",
        "offices/999999/",
        "country-actions/-1/",
        "nothing/here/",
    ],
)
def test_unknown_records_and_paths_are_a_json_404(client, catalogue, path):
    response = client.get(API + path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_path_without_its_slash_is_redirected_to_it(client, catalogue):
    response = client.get(API + "programmes")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/programmes/"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, catalogue, method):
    for path in ("programmes/", f"programmes/{catalogue['joint'].pk}/", "offices/", ""):
        response = getattr(client, method)(API + path, {"title": "x"}, "application/json")
        assert response.status_code == 405, (method, path)
    assert api(client, f"programmes/{catalogue['joint'].pk}/")["title"] == "Joint return"


def test_offices_objectives_and_country_actions(client, catalogue):
    offices = api(client, "offices/")
    assert [office["name"] for office in offices["results"]] == ["Finland", "Norway"]
    norway = offices["results"][1]
    assert norway["country"] == {"code": "NO", "name": "Norway"}
    assert norway["url"] == "http://testserver/en/where-we-work/norway/"
    objectives = api(client, "objectives/")
    assert [objective["number"] for objective in objectives["results"]] == [5, 10, 21]
    assert objectives["results"][0]["url"] is None  # no page for it in this catalogue
    action = api(client, "country-actions/")["results"]
    assert action == []


def test_a_page_in_a_private_section_is_not_linked(client, catalogue):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=catalogue["finland_page"], restriction_type=PageViewRestriction.LOGIN
    )
    finland = api(client, f"offices/{catalogue['finland'].pk}/")
    assert finland["url"] is None
    assert api(client, "programmes/", office=catalogue["finland"].pk)["count"] == 0


def test_country_actions_in_a_language(client, catalogue):
    from tests.support import factories as f

    f.CountryActionFactory(
        objectives=[catalogue["objective"], catalogue["objective_21"]],
        description_fr="A nommé un coordinateur.",
    )
    [action] = api(client, "country-actions/", lang="fr")["results"]
    assert action["country"] == {"code": "FI", "name": "Finlande"}
    assert action["description"] == "A nommé un coordinateur."
    assert action["objectives"] == [5, 21]
    assert action["fallbacks"] == {"source": "en"}


def count_queries(client, path):
    client.get(API + path)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(API + path).status_code == 200
    return len(ctx.captured_queries)


def test_query_counts_do_not_grow_with_programmes(client, catalogue):
    paths = ["programmes/?lang=nb", f"programmes/?office={catalogue['office'].pk}&objective=5"]
    before = [count_queries(client, path) for path in paths]
    more_programmes(catalogue, 4)
    after = [count_queries(client, path) for path in paths]
    assert after == before
    assert max(after) <= 8, after
