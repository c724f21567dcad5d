"""No N+1 queries: each public page's query count is capped, and the same at 10 and 100 items."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.support import factories as f

pytestmark = pytest.mark.django_db

# Ceilings for a full page render, with the related items it lists (Wagtail's site lookup,
# routing in one query (portal.core.routing), privacy checks, menu and breadcrumbs included).
CEILINGS = {
    "home": 10,
    "office_page": 15,  # + the objectives and the programme finder for its objective row
    "offices_index": 9,
    "programme": 11,
    "programme_index": 13,  # + the finder's options: offices, objectives, countries in scope
    "objective_page": 15,
    "compact_index": 11,  # + the office x objective matrix: counts, offices, linked pages
    "news": 12,
    "article": 12,
    "standard": 13,
    "publications": 14,  # + the filters' options: offices and years in scope, objectives
    "publication": 12,  # + its files with their documents, its objectives
    "pledge_index": 12,  # + the filters' options: offices, objectives, what the scope holds
    "review_index": 12,
}


SERIAL = itertools.count()


def add_related(portal, n):
    """Grow every list the pages show by n items."""
    office, objective = portal["office"], portal["objective"]
    programme_index, news = portal["programme_index"], portal["news"]
    for _ in range(n):
        i = next(SERIAL)
        programme = f.ProgrammePageFactory(parent=programme_index, title=f"Programme {i}")
        programme.offices.add(office)
        programme.objectives.add(objective)
        partner = f.PartnerFactory()
        portal["programme"].partners.add(partner)
        article = f.ArticlePageFactory(parent=news, title=f"Article {i}", office=office)
        article.objectives.add(objective)
        action = f.CountryActionFactory(objectives=[objective])
        action.objectives.add(f.ObjectiveFactory(number=(i % 23) + 1))
        action.save()
        other = f.OfficeFactory(name_en=f"Office {i}")
        article.tags.add(f"tag{i}")
        article.save()
        portal["programme"].offices.add(other)
        publication = f.PublicationPageFactory(
            parent=portal["publications"],
            title=f"Publication {i}",
            office=office,
            year=1950 + i % 150,
        )
        f.publication_file(publication, "en", pages=1)
        publication.objectives.add(objective)
        publication.save_revision().publish()
        pledge = f.PledgeFactory(office=office, objectives=[objective, f.ObjectiveFactory()])
        pledge.partners.add(partner)
        pledge.save()
        f.ReviewFactory(office=office, objectives=[objective], year=2000 + i % 20)
    for number in range(1, min(n, 23) + 1):
        portal["publication"].objectives.add(f.ObjectiveFactory(number=number))
        portal["programme"].objectives.add(f.ObjectiveFactory(number=number))
        portal["article"].objectives.add(f.ObjectiveFactory(number=number))
    present = {file.language for file in portal["publication"].files.all()}
    for lang in [code for code in ("fr", "es", "nl", "fi", "sv") if code not in present][:n]:
        f.publication_file(portal["publication"], lang, pages=1)
    portal["publication"].save_revision().publish()
    portal["standard"].body_en = [
        {"type": "data_listing", "value": {"kind": kind, "heading": kind}}
        for kind in ("offices", "partners", "objectives", "country_actions")
    ]
    portal["standard"].save()


def count_queries(client, url):
    client.get(url)  # warm per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


MINE_PAGES = ("news", "offices_index", "programme_index")  # "only in my language" (?mine=1)


def counted_urls(portal):
    """Each page in English and in Norwegian, where every link says whether its page is available
    (one query per page type, kept in the memo: portal/core/availability.py), and the listings
    narrowed to the visitor's language."""
    from tests.support.helpers import url_in

    found = {}
    for key in CEILINGS:
        found[key] = portal[key].get_url()
        found[f"{key}/nb"] = url_in(portal[key], "nb")
    found.update({f"{key}/nb?mine": url_in(portal[key], "nb") + "?mine=1" for key in MINE_PAGES})
    return found


def test_query_counts_are_capped_and_flat(client, portal):
    """The same count with 1, 10 and 100 items of every kind (one portal grown in steps: building
    100 of everything is most of this test's time)."""
    add_related(portal, 1)
    urls = counted_urls(portal)  # before any request: they leave their language active
    baseline = {key: count_queries(client, url) for key, url in urls.items()}
    added = 1
    for grown_to in (10, 100):
        with translation.override("en"):  # the Norwegian requests leave Norwegian active
            add_related(portal, grown_to - added)
        added = grown_to
        grown = {key: count_queries(client, url) for key, url in urls.items()}
        for key, count in grown.items():
            assert count <= CEILINGS[key.split("/")[0]], (grown_to, key, count)
            assert count == baseline[key], (grown_to, key, baseline[key], count)


def drafts_and_records_not_live(portal, n):
    """Every record gets a pending draft, and n records of each kind that are not live are
    linked where live ones show."""
    from compact.models import CountryAction, Objective
    from offices.models import Office, Partner

    for model in (Office, Partner, Objective, CountryAction):
        for record in model.objects.all():
            record.save_revision()
    programme, objective = portal["programme"], portal["objective"]
    for _ in range(n):
        i = next(SERIAL)
        office = f.OfficeFactory(name_en=f"Draft office {i}", live=False)
        partner = f.PartnerFactory(live=False)
        programme.offices.add(office)
        programme.partners.add(partner)
        f.CountryActionFactory(objectives=[objective], live=False)


def test_query_counts_hold_with_drafts_and_records_that_are_not_live(client, portal):
    """Public pages read the live rows: pending drafts and records that are not live cost no
    query per item."""
    add_related(portal, 10)
    baseline = {key: count_queries(client, portal[key].get_url()) for key in CEILINGS}
    drafts_and_records_not_live(portal, 10)
    after = {key: count_queries(client, portal[key].get_url()) for key in CEILINGS}
    assert after == baseline
