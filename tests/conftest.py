import pytest
from django.core.management import call_command
from django.utils import translation
from wagtail.models import Page, Site

from tests.support import factories as f

pytest_plugins = ["tests.support.tiers"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Wagtail's initial root page predates the translation columns: fill title_en, url_path_en...
    with django_db_blocker.unblock():
        call_command("update_translation_fields", verbosity=0)


@pytest.fixture(autouse=True)
def reset_language():
    """No test's active language leaks into the next."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def forget_memo():
    """What a test's pages showed (portal/memo.py) was built from data its rolled-back
    transaction took away: the next test starts without it."""
    from portal.core import memo

    memo.forget()
    yield
    memo.forget()


@pytest.fixture
def home(db):
    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    home = f.HomePageFactory(parent=root, title="Home", slug="home", title_nb="Hjem")
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    return home


@pytest.fixture
def portal(home):
    """A small portal with one page of every type, cross-linked through the structured data."""
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
    programme.save_revision().publish()
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
    action = f.CountryActionFactory(objectives=[objective])
    standard = f.StandardPageFactory(parent=home, title="About us", slug="about")
    return {
        "home": home,
        "objective": objective,
        "office": office,
        "partner": partner,
        "offices_index": offices_index,
        "office_page": office_page,
        "programme_index": programme_index,
        "programme": programme,
        "compact_index": compact_index,
        "objective_page": objective_page,
        "news": news,
        "article": article,
        "action": action,
        "standard": standard,
    }
