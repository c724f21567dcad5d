"""A record's draft never shows publicly until it is published, and a record that is not live
(created as a draft, or unpublished) shows nowhere: checked on the demo portal by reading every
public URL the site leads to (tests/support/crawl.py: the sitemaps' pages in all seven
languages and every link they have, listing blocks, the finder's filters and its CSV, feeds,
the API in every language) and search in every language, with its filters.

One office, partner, objective and country action each get a live text ("Zqold...") and then a
draft ("Zqnew..."). Where the live text shows is where the record is shown; after publishing,
the draft's text must show in exactly those places, so a test that found nothing would fail.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import transaction

from compact.models import CountryAction, Objective
from offices.models import CountryOfficePage, Office, OfficeIndexPage, Partner, ProgrammePage
from portal.models import ArticlePage
from tests.portal.test_load_demo import demo  # noqa: F401 (the demo, loaded once for the module)
from tests.support import factories as f
from tests.support.crawl import LANGUAGES, crawl, search_urls, showing, shown
from tests.support.helpers import url_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scene")]

# Which field of each kind of record carries the markers.
FIELDS = {"office": "name", "partner": "name", "objective": "title", "action": "description"}


def per_language(record, field, marker):
    for lang in LANGUAGES:
        setattr(record, f"{field}_{lang}", f"{marker}-{lang}")


def records():
    """A demo office with a page, a partner of a live programme, objective 5 and the first of
    its country actions, as its page lists them."""
    actions = CountryAction.objects.filter(objectives__number=5)
    action = actions.order_by("-year", "country", "pk").first()
    return {
        "office": Office.objects.get(country="NO"),
        "partner": Partner.objects.filter(programmes__live=True).order_by("pk").first(),
        "objective": Objective.objects.get(number=5),
        "action": action,
    }


def give_drafts(found):
    """Each record's live text becomes Zqold<kind>-<lang>; then a draft says Zqnew<kind>-<lang>
    (and the office a new e-mail address)."""
    for kind, record in found.items():
        per_language(record, FIELDS[kind], f"Zqold{kind}")
        if kind == "office":
            record.email = "zqold@example.org"
        record.save_revision().publish()
    for kind, live in found.items():
        record = type(live).objects.get(pk=live.pk)
        per_language(record, FIELDS[kind], f"Zqnew{kind}")
        if kind == "office":
            record.email = "zqnew@example.org"
        record.save_revision()


def add_hidden():
    """Records that are not live, each linked where a live one would show: an office created as
    a draft with a published page of its own, a programme and an article; a partner created as a
    draft in a programme; a country action created as a draft under objective 5; objective 23,
    published with a new title, then unpublished."""
    office = Office(name_en="Zqhiddenoffice", country="IS", city_en="Zqhiddencity", live=False)
    office.email = "zqhidden@example.org"
    office.save()
    office.save_revision()
    index = OfficeIndexPage.objects.get()
    page = f.CountryOfficePageFactory(parent=index, title="Iceland", slug="iceland", office=office)
    page.save_revision().publish()
    partner = Partner(name_en="Zqhiddenpartner", kind="ngo", live=False)
    partner.save()
    partner.save_revision()
    programme = ProgrammePage.objects.live().order_by("pk").first()
    programme.offices.add(office)
    programme.partners.add(partner)
    programme.save_revision().publish()
    article = ArticlePage.objects.live().order_by("-date").first()
    article.office = office
    article.save_revision().publish()
    action = CountryAction(country="IS", year=2024, description_en="Zqhiddenaction", live=False)
    action.save()
    action.objectives.set([Objective.objects.get(number=5)])
    action.save_revision()
    objective = Objective.objects.get(number=23)
    per_language(objective, "title", "Zqhiddenobjective")
    objective.summary_en = "Zqhiddenobjective summary"
    objective.save_revision().publish()
    objective.unpublish()
    return {"office": office, "partner": partner, "action": action, "objective": objective}


SEARCHED = ["Zqnewoffice", "Zqnewpartner", "Zqnewobjective", "Zqnewaction", "zqnew", "Zqhidden"]
SEARCHED += ["Zqhiddenoffice", "Zqhiddenpartner", "Zqhiddenobjective", "Zqhiddenaction"]
# The searches whose filters (office, objective, kind) are followed too, in every language: the
# words that match every marker of a kind. A filter narrows the same results, so following it for
# each narrower word as well (some 2,600 more searches, half the crawl) would find nothing new.
FILTERED = {"Zqold", "zqnew", "Zqhidden"}


def followed(url):
    """Every link is followed, but a search's only for the words of FILTERED."""
    return not is_search(url) or parse_qs(urlsplit(url).query).get("q", [""])[0] in FILTERED


@pytest.fixture(scope="module")
def scene(demo, django_db_blocker):  # noqa: F811 (the imported fixture)
    """The drafts and the hidden records on the demo, and the whole public site read once."""
    from django.test import Client

    with django_db_blocker.unblock(), transaction.atomic():
        found = records()
        give_drafts(found)
        hidden = add_hidden()
        read = crawl(Client(), extra=search_urls(SEARCHED + ["Zqold"]), follow=followed)
        yield {
            "records": {kind: (type(r), r.pk) for kind, r in found.items()},
            "hidden": {kind: (type(r), r.pk) for kind, r in hidden.items()},
            "read": read,
        }
        transaction.set_rollback(True)


def test_the_crawl_reads_every_surface(scene):
    read = scene["read"]
    kinds = {
        "pages in every language": [f"/{lang}/" for lang in LANGUAGES],
        "the finder's CSV": [u for u in read if "format=csv" in u],
        "the finder's filters": [u for u in read if "?objective=" in u and "search" not in u],
        "feeds": [u for u in read if "/feeds/" in u],
        "sitemaps": [u for u in read if u.startswith("/sitemap")],
        "the API in every language": [u for u in read if "/api/v1/offices/?lang=sv" in u],
        "the API's records": [u for u in read if u.startswith("/api/v1/country-actions/")],
        "search's filters": [u for u in read if "search/?q=Zqold&office=" in u],
        "search's filters for the words that match every marker, in every language": [
            f"/{lang}/search/?q={word}&kind=office" for lang in LANGUAGES for word in FILTERED
        ],
    }
    for what, urls in kinds.items():
        assert urls and all(url in read for url in urls), what
    assert len(read) > 1000


@pytest.mark.parametrize("marker", ["Zqnew", "zqnew@", "Zqhidden", "zqhidden@"])
def test_no_draft_and_no_record_that_is_not_live_shows_anywhere(scene, marker):
    assert showing(scene["read"], marker) == []


def is_search(url):
    return url.split("?")[0].endswith("/search/")


def refetch(client, urls):
    read = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        read[url] = response
    return read


# Where each record must show, at least: (kind, the text its live version shows, URLs).
def expected_places(scene):
    office_page = CountryOfficePage.objects.get(office__country="NO")
    objective_page = Objective.objects.get(number=5).page
    programme = ProgrammePage.objects.filter(
        partners=scene["records"]["partner"][1], live=True
    ).first()
    return {
        "zqold@": [url_in(office_page, lang) for lang in LANGUAGES]
        + ["/api/v1/offices/?lang=en", f"/api/v1/offices/{office_page.office_id}/?lang=en"],
        "Zqoldoffice": [url_in(office_page, lang) for lang in LANGUAGES],
        "Zqoldpartner": [url_in(programme, lang) for lang in LANGUAGES],
        "Zqoldobjective": [url_in(objective_page.get_parent(), lang) for lang in LANGUAGES]
        + ["/api/v1/objectives/5/?lang=en", "/api/v1/objectives/?lang=fi"],
        "Zqoldaction": [url_in(objective_page, lang) for lang in LANGUAGES],
    }


def test_publishing_shows_each_draft_where_its_live_version_was_shown(client, scene):
    read = scene["read"]
    places = {old: showing(read, old) for old in expected_places(scene)}
    for old, urls in expected_places(scene).items():
        assert set(urls) <= set(places[old]), old
    for model, pk in scene["records"].values():
        model.objects.get(pk=pk).latest_revision.publish()

    for old, urls in places.items():
        new = old.replace("Zqold", "Zqnew").replace("zqold", "zqnew")
        pages = [url for url in urls if not is_search(url)]
        after = refetch(client, pages)
        assert showing(after, new) == sorted(pages), new
        assert showing(after, old) == [], old
    found = refetch(client, search_urls(["Zqnewoffice", "Zqnewpartner", "Zqnewaction"]))
    for url, response in found.items():
        assert "search-result" in shown(url, response), url
