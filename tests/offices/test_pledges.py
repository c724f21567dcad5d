"""Global Compact pledges and reviews: admin forms that refuse bad data, the moderated records
on office and objective pages, their filterable lists with CSV, and /api/v1/pledges/ and
/api/v1/reviews/."""

import csv
import io

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from wagtail.models import WorkflowContentType

from offices.pledges import Pledge, Review
from portal.core.pages import PAGE_SIZE
from tests.support import factories as f
from tests.support.helpers import url_in, x_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(user)
    return client


def pledge_form(objective, **overrides):
    data = {
        "title_en": "Counter-trafficking coordinator",
        "pledger_en": "Government of Finland",
        "pledger_kind": "government",
        "country": "FI",
        "office": "",
        "description_en": "A national coordinator against trafficking.",
        "objectives": [str(objective.pk)],
        "status": "fulfilled",
        "start_year": "2020",
        "end_year": "2021",
    }
    data.update(overrides)
    return data


def test_a_valid_pledge_is_saved_from_the_admin(admin_client):
    objective = f.ObjectiveFactory(number=10)
    response = admin_client.post(
        reverse("wagtailsnippets_offices_pledge:add"), pledge_form(objective)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    pledge = Pledge.objects.get()
    assert [o.number for o in pledge.objectives.all()] == [10]
    assert (pledge.start_year, pledge.end_year) == (2020, 2021)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"objectives": ["999999"]}, "999999 is not one of the available choices."),
        ({"objectives": []}, "This field is required."),
        ({"end_year": "2019"}, "The end year cannot come before the start year."),
        ({"start_year": "20x0"}, "Enter a whole number."),
        ({"start_year": "1800"}, "Enter a year from 1951 to 2100."),
        ({"pledger_kind": "alien"}, "Select a valid choice. alien is not one of"),
        ({"country": "XX"}, "Select a valid choice. XX is not one of"),
    ],
)
def test_a_bad_pledge_gets_a_clear_error_and_nothing_is_saved(admin_client, overrides, message):
    objective = f.ObjectiveFactory(number=10)
    response = admin_client.post(
        reverse("wagtailsnippets_offices_pledge:add"), pledge_form(objective, **overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Pledge.objects.exists()


def review_form(**overrides):
    data = {
        "kind": "national",
        "title_en": "Norway's voluntary national review",
        "summary_en": "",
        "country": "NO",
        "region": "",
        "year": "2021",
        "office": "",
        "document": "",
        "document_language": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"country": ""}, "A voluntary national review needs its country."),
        ({"kind": "regional", "country": ""}, "A regional review needs its region."),
        ({"year": "twenty"}, "Enter a whole number."),
        ({"objectives": ["999999"]}, "999999 is not one of the available choices."),
    ],
)
def test_a_bad_review_gets_a_clear_error_and_nothing_is_saved(admin_client, overrides, message):
    response = admin_client.post(
        reverse("wagtailsnippets_offices_review:add"), review_form(**overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Review.objects.exists()


def test_a_valid_review_is_saved_from_the_admin(admin_client):
    response = admin_client.post(reverse("wagtailsnippets_offices_review:add"), review_form())
    assert response.status_code == 302
    assert Review.objects.get().country.code == "NO"


def test_the_database_refuses_an_end_before_the_start():
    with pytest.raises(IntegrityError), transaction.atomic():
        Pledge.objects.create(
            title_en="Backwards", pledger_en="X", pledger_kind="government", country="FI",
            start_year=2022, end_year=2020, description_en="x",
        )  # fmt: skip


def test_the_database_refuses_a_national_review_without_a_country():
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(kind="national", title_en="Nowhere", year=2021)


def test_pledges_and_reviews_go_through_the_global_compact_data_workflow():
    for model in (Pledge, Review):
        link = WorkflowContentType.objects.get(content_type=model.get_base_content_type())
        assert link.workflow.name == "Global Compact data"
    assert Pledge.objects.create(
        title_en="Draft", pledger_en="X", pledger_kind="government", start_year=2020,
        description_en="x", live=False,
    ).get_workflow().name == "Global Compact data"  # fmt: skip


# --- public pages ---


def test_office_and_objective_pages_show_live_pledges_and_reviews(client, portal):
    hidden = f.PledgeFactory(
        title_en="Unpublished draft", office=portal["office"], live=False,
        objectives=[portal["objective"]],
    )  # fmt: skip
    for key in ("office_page", "objective_page"):
        html = client.get(portal[key].get_url()).content.decode()
        assert "Safe return" in html, key
        assert portal["review"].title_en in html, key
        assert hidden.title_en not in html, key
    office_html = client.get(portal["office_page"].get_url()).content.decode()
    assert f"/en/pledges/?office={portal['office'].pk}" in office_html
    objective_html = client.get(portal["objective_page"].get_url()).content.decode()
    assert "/en/reviews/?objective=5" in objective_html


def test_an_office_without_pledges_shows_no_pledge_section(client, portal):
    Pledge.objects.all().delete()
    Review.objects.all().delete()
    html = client.get(portal["office_page"].get_url()).content.decode()
    assert 'id="office-pledges"' not in html
    assert 'id="office-reviews"' not in html


def pledge_titles(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return [record.title_en for record in response.context["records"]]


def test_the_pledge_list_filters_by_every_filter(client, portal):
    url = portal["pledge_index"].get_url()
    objective_10 = f.ObjectiveFactory(number=10)
    f.PledgeFactory(
        title_en="Coordinator", country="FI", status="fulfilled", start_year=2020,
        end_year=None, pledger_kind="government", objectives=[objective_10],
    )  # fmt: skip
    f.PledgeFactory(
        title_en="Shelters", country="RS", status="planned", start_year=2024, end_year=2026,
        pledger_kind="civil_society", objectives=[objective_10],
    )  # fmt: skip
    assert pledge_titles(client, url) == ["Shelters", "Coordinator", "Safe return"]
    assert pledge_titles(client, url, office=portal["office"].pk) == ["Safe return"]
    assert pledge_titles(client, url, country="rs") == ["Shelters"]
    assert pledge_titles(client, url, objective=10) == ["Shelters", "Coordinator"]
    assert pledge_titles(client, url, year=2022) == ["Coordinator", "Safe return"]
    assert pledge_titles(client, url, pledge_status="planned") == ["Shelters"]
    assert pledge_titles(client, url, pledger_kind="civil_society") == ["Shelters"]
    assert pledge_titles(client, url, objective=10, year=2025) == ["Shelters", "Coordinator"]


def test_filters_not_understood_are_left_out_and_named(client, portal):
    url = portal["pledge_index"].get_url()
    response = client.get(url, {"year": "20x5", "office": "999", "pledge_status": "done"})
    html = response.content.decode()
    assert "have been left out: Office, Year, Status." in html
    assert len(response.context["records"]) == 1  # every pledge


def test_the_review_list_filters_by_kind_and_year(client, portal):
    url = portal["review_index"].get_url()
    f.ReviewFactory(title_en="Europe 2020", kind="regional", country="", region="unece", year=2020)
    assert pledge_titles(client, url) == [portal["review"].title_en, "Europe 2020"]
    assert pledge_titles(client, url, review_kind="regional") == ["Europe 2020"]
    assert pledge_titles(client, url, year=2021) == [portal["review"].title_en]
    assert pledge_titles(client, url, country="NO") == [portal["review"].title_en]


def test_the_lists_are_paginated_and_keep_their_filters(client, portal):
    for i in range(25):
        f.PledgeFactory(title_en=f"Many {i:02}", status="planned")
    url = portal["pledge_index"].get_url()
    first = client.get(url, {"pledge_status": "planned"})
    assert first.context["records"].paginator.count == 25
    assert "pledge_status=planned&amp;page=2" in first.content.decode()
    last = client.get(url, {"pledge_status": "planned", "page": 25 // PAGE_SIZE + 1})
    assert len(last.context["records"]) == 25 % PAGE_SIZE


def read_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_holds_the_filtered_list_in_the_visitor_s_language(client, portal):
    f.PledgeFactory(title_en="=HYPERLINK()", country="SE", objectives=[portal["objective"]])
    pledge = portal["pledge"]
    pledge.title_nb = "Trygg retur"
    pledge.save()
    rows = read_csv(
        client.get(url_in(portal["pledge_index"], "nb"), {"country": "NO", "format": "csv"})
    )
    assert rows[0][0] == "Tittel" or rows[0][0]  # a header row (translated by the lead)
    assert [row[0] for row in rows[1:]] == ["Trygg retur"]
    assert rows[1][8] == "5"  # objective numbers
    everything = read_csv(client.get(portal["pledge_index"].get_url(), {"format": "csv"}))
    assert "'=HYPERLINK()" in [row[0] for row in everything]  # no formulas
    reviews = read_csv(client.get(portal["review_index"].get_url(), {"format": "csv"}))
    assert reviews[1][0] == portal["review"].title_en


# --- API ---


def api(client, path, expect=200, **params):
    response = client.get("/api/v1/" + path, params)
    assert response.status_code == expect, response.content
    return response.json()


def test_the_api_lists_pledges_with_the_page_s_filters(client, portal):
    f.PledgeFactory(title_en="Other", country="SE", status="planned")
    f.PledgeFactory(title_en="Not live", country="NO", live=False)
    data = api(client, "pledges/", country="NO")
    assert data["count"] == 1
    pledge = data["results"][0]
    assert pledge["title"] == "Safe return"
    assert pledge["objectives"] == [5]
    assert pledge["office"] == {"id": portal["office"].pk, "name": "Norway"}
    assert pledge["partners"][0]["name"] == portal["partner"].name_en
    assert pledge["status"] == "in_progress"
    assert (pledge["start_year"], pledge["end_year"]) == (2020, 2023)
    assert api(client, "pledges/", pledge_status="planned")["count"] == 1
    assert api(client, f"pledges/{portal['pledge'].pk}/", lang="nb")["office"]["name"] == "Norge"
    root = api(client, "")
    assert root["pledges"] == "http://testserver/api/v1/pledges/"
    assert root["reviews"] == "http://testserver/api/v1/reviews/"


def test_the_api_lists_reviews(client, portal):
    data = api(client, "reviews/", review_kind="national", year=2021)
    assert [r["title"] for r in data["results"]] == [portal["review"].title_en]
    assert data["results"][0]["country"] == {"code": "NO", "name": "Norway"}
    assert data["results"][0]["document"] is None


@pytest.mark.parametrize(
    ("path", "query", "names"),
    [
        ("pledges/", {"year": "20x5"}, ["year"]),
        ("pledges/", {"objective": "99", "pledge_status": "done"}, ["objective", "pledge_status"]),
        ("reviews/", {"review_kind": "global", "office": "abc"}, ["office", "review_kind"]),
    ],
)
def test_api_filters_not_understood_are_a_400_naming_them(client, portal, path, query, names):
    data = api(client, path, expect=400, **query)
    assert sorted(data["errors"]) == names
    assert data["detail"].startswith("Some filters were not understood")


def test_the_api_shows_no_unpublished_record(client, portal):
    hidden = f.ReviewFactory(title_en="Draft review", live=False)
    api(client, f"reviews/{hidden.pk}/", expect=404)
    assert hidden.title_en not in str(api(client, "reviews/"))


# --- page cache ---


def test_publishing_a_pledge_is_visible_at_once_where_it_shows(
    client, portal, caching, django_capture_on_commit_callbacks
):
    urls = [
        url_in(portal["office_page"], "en"),
        url_in(portal["objective_page"], "nb"),
        portal["pledge_index"].get_url() + "?pledge_status=in_progress",
        "/api/v1/pledges/?country=NO",
    ]
    for url in urls:
        assert x_cache(client.get(url)) == "miss", url
        assert x_cache(client.get(url)) == "hit", url
    pledge = portal["pledge"]
    with django_capture_on_commit_callbacks(execute=True):
        pledge.title_en = pledge.title_nb = "Return with dignity"
        pledge.save_revision().publish()
    for url in urls:
        response = client.get(url)
        assert x_cache(response) == "miss", url
        assert "Return with dignity" in response.content.decode(), url


def test_the_lists_filters_are_part_of_the_cache_key(client, portal, caching):
    url = portal["pledge_index"].get_url()
    assert x_cache(client.get(url, {"pledge_status": "planned"})) == "miss"
    assert x_cache(client.get(url, {"pledge_status": "planned"})) == "hit"
    fulfilled = client.get(url, {"pledge_status": "fulfilled"})
    assert x_cache(fulfilled) == "miss"
    assert fulfilled.context["finder"].filters == {"pledge_status": "fulfilled"}
