"""A record that is not live (created as a draft, or unpublished) is not offered by any filter,
not accepted as one, and counts in none: the finder (page, CSV, API), search's filters, the API's
records and the office feeds. Pages that point to it show none of its text."""

import pytest
from django.urls import reverse
from django.utils import translation

from offices.models import Office, Partner
from tests.support import factories as f
from tests.support.helpers import LANGUAGES, url_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]


@pytest.fixture
def hidden(portal):
    """An office created as a draft, running the portal's programme and with a page of its own;
    a partner of a kind no live partner has, created as a draft, in the programme; objective 7,
    served by the programme, unpublished; an article naming the hidden office."""
    office = Office(name_en="Zqhiddenoffice", country="IS", city_en="Zqhiddencity", live=False)
    office.email = "zqhidden@example.org"
    office.save()
    office.save_revision()
    page = f.CountryOfficePageFactory(
        parent=portal["offices_index"], title="Iceland", slug="iceland", office=office
    )
    partner = Partner(name_en="Zqhiddenpartner", kind="academia", live=False)
    partner.save()
    objective = f.ObjectiveFactory(number=7, title_en="Zqhiddenobjective")
    objective.save_revision().publish()
    objective.unpublish()
    programme = portal["programme"]
    programme.offices.add(office)
    programme.partners.add(partner)
    programme.objectives.add(objective)
    programme.save_revision().publish()
    article = portal["article"]
    article.office = office
    article.save_revision().publish()
    return {"office": office, "page": page, "partner": partner, "objective": objective}


def programmes_api(client, **params):
    return client.get(reverse("api:programme-list"), params)


def test_the_finder_does_not_accept_an_office_that_is_not_live(client, portal, hidden):
    response = programmes_api(client, office=hidden["office"].pk)
    assert response.status_code == 400
    assert "office" in response.json()["errors"]
    finder = url_in(portal["programme_index"], "en")
    html = client.get(finder, {"office": hidden["office"].pk}).content.decode()
    assert "not recognised" in html
    assert "Zqhidden" not in client.get(finder).content.decode()  # not offered


def test_an_objective_that_is_not_live_is_one_with_no_record_yet(client, portal, hidden):
    """Objectives are numbered 1 to 23: the finder takes any of them, and finds nothing for
    one that has no live record, as for one that has none yet."""
    assert programmes_api(client, objective=7).json()["count"] == 0
    assert programmes_api(client, objective=5).json()["count"] == 1
    finder = url_in(portal["programme_index"], "en")
    html = client.get(finder, {"objective": 7}).content.decode()
    assert portal["programme"].title not in html and "Zqhidden" not in html
    assert '<option value="7" selected>7</option>' in html
    csv = client.get(finder, {"objective": 7, "format": "csv"}).content.decode()
    assert portal["programme"].title not in csv


@pytest.mark.parametrize(("param", "value"), [("partner_kind", "academia"), ("country", "IS")])
def test_the_finder_counts_no_record_that_is_not_live(client, portal, hidden, param, value):
    assert programmes_api(client, **{param: value}).json()["count"] == 0
    finder = url_in(portal["programme_index"], "en")
    assert portal["programme"].title not in client.get(finder, {param: value}).content.decode()
    csv = client.get(finder, {param: value, "format": "csv"}).content.decode()
    assert portal["programme"].title not in csv
    # A live partner of that kind, or a live office there, brings the programme back.
    if param == "partner_kind":
        hidden["partner"].save_revision().publish()
    else:
        hidden["office"].save_revision().publish()
    assert programmes_api(client, **{param: value}).json()["count"] == 1


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_search_offers_and_accepts_only_live_records_as_filters(client, hidden, lang):
    with translation.override(lang):
        url = reverse("search")
    page = client.get(url, {"q": "voluntary"}).content.decode()
    assert "Zqhidden" not in page  # neither offered
    for param, value in (("office", hidden["office"].pk), ("objective", 7)):
        answer = client.get(url, {"q": "voluntary", param: value}).content.decode()
        assert 'class="notice"' in answer, param  # left out, and said so
        assert "Zqhidden" not in answer


def test_the_api_and_the_feeds_know_no_record_that_is_not_live(client, hidden):
    missing = [
        reverse("api:office-detail", args=[hidden["office"].pk]),
        reverse("api:objective-detail", args=[7]),
        reverse("office_feed_rss", args=[hidden["office"].pk]),
        reverse("office_feed_atom", args=[hidden["office"].pk]),
    ]
    for url in missing:
        assert client.get(url).status_code == 404, url


def test_the_pages_that_point_to_a_record_that_is_not_live_show_none_of_it(client, portal, hidden):
    pages = [hidden["page"], portal["article"], portal["news"], portal["home"]]
    for page in pages:
        for lang in LANGUAGES:
            response = client.get(url_in(page, lang))
            assert response.status_code == 200
            html = response.content.decode()
            assert "Zqhidden" not in html and "zqhidden@" not in html, (page, lang)
    office_page = client.get(url_in(hidden["page"], "en")).content.decode()
    assert "application/ld+json" not in office_page  # no JSON-LD of the office
    assert f"/feeds/offices/{hidden['office'].pk}/" not in office_page

    hidden["office"].save_revision().publish()
    office_page = client.get(url_in(hidden["page"], "en")).content.decode()
    assert "zqhidden@example.org" in office_page
    assert f"/feeds/offices/{hidden['office'].pk}/" in office_page
    article = client.get(url_in(portal["article"], "nb")).content.decode()
    assert "Zqhiddenoffice" in article
