"""The portal the tests run against, built in one place.

- `build_home()`: the site's home page in place of Wagtail's welcome page, the default site;
- `build_portal(home)`: a small portal with one page of every type, cross-linked through the
  structured data (the `portal` fixture, tests/conftest.py; the hostile portal of
  tests/portal/test_xss.py), of which `build_office(home)` is the office part (the finder's
  catalogue, tests/offices/finder_data.py);
- `add_netherlands(portal)`: a second office with its page and a programme (the office
  permission tests and the moderation browser test);
- `shared(django_db_blocker, build)`: data built once for a test module, in a transaction rolled
  back after it; each test runs in a savepoint inside it, so no test sees another's writes.
"""

from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import translation
from wagtail.models import Page, Site

from tests.support import factories as f

# The keys of build_portal()'s result that hold pages, one per page type.
PAGE_KEYS = [
    "home",
    "standard",
    "news",
    "article",
    "offices_index",
    "office_page",
    "programme_index",
    "programme",
    "compact_index",
    "objective_page",
    "publications",
    "publication",
    "pledge_index",
    "review_index",
]


def build_home():
    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    home = f.HomePageFactory(parent=root, title="Home", slug="home", title_nb="Hjem")
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    return home


def build_office(home=None):
    """Norway's office under the home page: its page, and its "Voluntary return" programme
    (objective 5, a private-sector partner, published once)."""
    home = home or build_home()
    objective = f.ObjectiveFactory(number=5, title_en="Enhance pathways", title_nb="Lovlige veier")
    office = f.OfficeFactory(name_en="Norway", name_nb="Norge", country="NO", city_en="Oslo")
    partner = f.PartnerFactory(name_en="Business council", kind="private")
    offices_index = f.OfficeIndexPageFactory(
        parent=home, title="Where we work", slug="where-we-work"
    )
    office_page = f.CountryOfficePageFactory(
        parent=offices_index, title="Norway", slug="norway", office=office
    )
    programme_index = f.ProgrammeIndexPageFactory(
        parent=office_page, title="Programmes", slug="programmes"
    )
    programme = f.ProgrammePageFactory(
        parent=programme_index, title="Voluntary return", slug="voluntary-return"
    )
    programme.offices.add(office)
    programme.partners.add(partner)
    programme.objectives.add(objective)
    programme.save_revision().publish()  # a first revision, for the comparison view
    return {
        "home": home,
        "objective": objective,
        "office": office,
        "partner": partner,
        "offices_index": offices_index,
        "office_page": office_page,
        "programme_index": programme_index,
        "programme": programme,
    }


def build_portal(home=None):
    """build_office(), then objective 5's page, a news article about the office, a country
    action and an "About us" page: a page of every type."""
    portal = build_office(home)
    home, objective, office = portal["home"], portal["objective"], portal["office"]
    compact_index = f.CompactIndexPageFactory(parent=home, title="Global Compact", slug="compact")
    objective_page = f.ObjectivePageFactory(
        parent=compact_index, title="Objective 5", slug="objective-5", objective=objective
    )
    news = f.NewsIndexPageFactory(parent=home, title="News", slug="news")
    article = f.ArticlePageFactory(
        parent=news, title="A new office", slug="a-new-office", office=office
    )
    article.objectives.add(objective)
    article.save_revision().publish()
    publications, publication = build_publications(home, office, objective)
    return {
        **portal,
        "compact_index": compact_index,
        "objective_page": objective_page,
        "news": news,
        "article": article,
        "action": f.CountryActionFactory(objectives=[objective]),
        "standard": f.StandardPageFactory(parent=home, title="About us", slug="about"),
        "publications": publications,
        "publication": publication,
        **build_pledges(home, office, objective, portal["partner"]),
    }


def build_pledges(home, office, objective, partner):
    """A pledge of the office's country to the objective with the partner, a national review,
    and their index pages."""
    pledge = f.PledgeFactory(
        title_en="Safe return", country="NO", office=office, objectives=[objective]
    )
    pledge.partners.add(partner)
    pledge.save()
    return {
        "pledge": pledge,
        "review": f.ReviewFactory(office=office, objectives=[objective]),
        "pledge_index": f.PledgeIndexPageFactory(parent=home, title="Pledges", slug="pledges"),
        "review_index": f.ReviewIndexPageFactory(parent=home, title="Reviews", slug="reviews"),
    }


def build_publications(home, office, objective):
    """The library under the home page and a report of the office on objective 5, with files in
    English (3 pages) and Norwegian (2 pages)."""
    library = f.PublicationIndexPageFactory(
        parent=home, title="Publications", slug="publications", title_nb="Publikasjoner"
    )
    publication = f.PublicationPageFactory(
        parent=library, title="Annual report", slug="annual-report", office=office
    )
    f.publication_file(publication, "en", pages=3)
    f.publication_file(publication, "nb", pages=2)
    publication.objectives.add(objective)
    publication.save_revision().publish()
    return library, publication


def add_netherlands(portal):
    """The Netherlands' office next to Norway's, with its page and an "Integration" programme."""
    netherlands = f.OfficeFactory(name_en="Netherlands", country="NL", city_en="The Hague")
    nl_page = f.CountryOfficePageFactory(
        parent=portal["offices_index"], title="Netherlands", slug="netherlands", office=netherlands
    )
    nl_programmes = f.ProgrammeIndexPageFactory(
        parent=nl_page, title="Programmes", slug="programmes"
    )
    nl_programme = f.ProgrammePageFactory(
        parent=nl_programmes, title="Integration", slug="integration"
    )
    nl_programme.offices.add(netherlands)
    return {**portal, "netherlands": netherlands, "nl_page": nl_page, "nl_programme": nl_programme}


@contextmanager
def shared(django_db_blocker, build=build_portal):
    """What `build()` returns, for a whole test module (a module-scoped fixture yields from
    this), in a transaction rolled back after the module: each test's own transaction is a
    savepoint inside it, so tests still cannot see each other's changes, and the database is
    left as it was found."""
    with django_db_blocker.unblock():
        with transaction.atomic(), translation.override("en"):
            yield build()
            transaction.set_rollback(True)
        forget_site_root_paths()


def forget_site_root_paths():
    """Wagtail's cached site root paths (one entry, and one per language): a rolled-back
    transaction takes the sites away but not what the cache kept of them."""
    Site.clear_site_root_paths_cache()
    cache.delete_many([f"wagtail_site_root_paths_{code}" for code, _name in settings.LANGUAGES])
