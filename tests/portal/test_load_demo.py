"""The demo loader: what it loads, that it leaves fallbacks, and that it is idempotent."""

from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Collection, Page, Revision, Site

from compact.models import CountryAction, Objective, ObjectivePage
from offices.models import CountryOfficePage, Office, OfficeGroup, Partner, ProgrammePage
from portal.models import ArticlePage, HomePage, PageSearchText
from tests.support import link_language

pytestmark = pytest.mark.django_db

LANGS = [code for code, _name in settings.LANGUAGES]
COUNTED_MODELS = [
    "wagtailcore.Page",
    "wagtailcore.Revision",
    "wagtailcore.PageLogEntry",
    "wagtailimages.Image",
    "wagtaildocs.Document",
    "wagtailcore.Site",
    "offices.Office",
    "offices.Partner",
    "offices.ProgrammePage",
    "compact.Objective",
    "compact.CountryAction",
    "compact.ObjectivePage",
    "portal.ArticlePage",
    "portal.ArticleTag",
    "taggit.Tag",
    "auth.User",
    # What each office's sync adds (offices/groups.py): groups, collection, workflow.
    "auth.Group",
    "offices.OfficeGroup",
    "wagtailcore.Collection",
    "wagtailcore.GroupCollectionPermission",
    "wagtailcore.GroupPagePermission",
    "wagtailcore.Workflow",
    "wagtailcore.Task",
    "wagtailcore.WorkflowTask",
    "wagtailcore.WorkflowPage",
    "portal.CoverageSnapshot",
]


def load_demo():
    call_command("load_demo", stdout=StringIO())


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo once for the module; roll it back afterwards."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            load_demo()
            yield
            transaction.set_rollback(True)
        # The rolled-back site must not linger in Wagtail's cached site root paths.
        Site.clear_site_root_paths_cache()
        cache.delete_many([f"wagtail_site_root_paths_{lang}" for lang in LANGS])


def counts():
    return {label: apps.get_model(label).objects.count() for label in COUNTED_MODELS}


def test_every_page_has_its_search_text_in_every_language(demo):
    pages = Page.objects.filter(depth__gt=1).count()
    assert PageSearchText.objects.count() == pages * len(settings.LANGUAGES)


def test_structured_data_counts(demo):
    assert Office.objects.count() == 4
    assert set(Office.objects.values_list("country", flat=True)) == {"NO", "NL", "FI", "BE"}
    assert Partner.objects.count() == 7
    assert Objective.objects.count() == 23
    assert CountryAction.objects.count() >= 30


def test_every_objective_has_a_title_in_every_language_and_a_page(demo):
    for objective in Objective.objects.all():
        for lang in LANGS:
            assert getattr(objective, f"title_{lang}"), (objective.number, lang)
        assert objective.summary_en
        assert objective.page.live
    assert ObjectivePage.objects.count() == 23


def test_pages(demo):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 80)
    assert isinstance(site.root_page.specific, HomePage)
    home = site.root_page.specific
    for lang in LANGS:
        assert getattr(home, f"title_{lang}") and getattr(home, f"summary_{lang}")
        assert len(getattr(home, f"body_{lang}")) > 0
    assert CountryOfficePage.objects.count() == 4
    assert ProgrammePage.objects.count() == 12
    assert ArticlePage.objects.count() == 5
    assert not Page.objects.filter(depth=2).exclude(pk=home.pk).exists()  # welcome page gone
    for page in home.get_descendants(inclusive=True):
        assert page.live and page.live_revision_id and not page.has_unpublished_changes, page


def test_programme_facts(demo):
    match = ProgrammePage.objects.get(slug_en="match")
    assert {c.code for c in match.countries_of_origin} == {"NG", "SN"}
    assert {c.code for c in match.countries_of_destination} == {"IT", "BE", "LU", "NL"}
    assert set(match.objectives.values_list("number", flat=True)) == {5, 6, 18}
    assert [p.name_en for p in match.partners.all()] == ["Netherlands-Africa Business Council"]
    assert [o.country.code for o in match.offices.all()] == ["NL"]
    iris = ProgrammePage.objects.get(slug_en="iris-ethical-recruitment")
    numbered = [block for block in iris.body_en if block.block_type == "numbered_list"]
    assert len(numbered[0].value["items"]) == 5


def test_translations_are_left_out_on_purpose(demo):
    norway = CountryOfficePage.objects.get(office__country="NO")
    assert norway.title_nb == "Norge"
    assert norway.title_es is None and norway.slug_es is None
    assert len(norway.body_es) == 0
    with translation.override("es"):
        assert norway.title == "Norway"  # the English fallback
    iris = ProgrammePage.objects.get(slug_en="iris-ethical-recruitment")
    assert iris.title_nl is None
    assert norway.last_reviewed < CountryOfficePage.objects.get(office__country="FI").last_reviewed


def test_finland_covers_sweden_and_iceland(demo):
    finland = Office.objects.get(country="FI")
    assert {c.code for c in finland.covers} == {"SE", "IS"}
    assert finland.year_opened == 1993
    assert finland.languages == ["fi", "sv", "en"]


def test_finland_2020_action_links_objectives_10_11_14(demo):
    action = CountryAction.objects.get(
        country="FI", year=2020, description_en__icontains="coordinator"
    )
    assert set(action.objectives.values_list("number", flat=True)) == {10, 11, 14}


def test_every_page_routes_in_every_language(demo):
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    request = RequestFactory().get("/")
    for page in home.get_descendants().live().specific():
        for lang in LANGS:
            with translation.override(lang):
                path = page.url_path[len(home.url_path) :]
                result = home.route(request, [part for part in path.split("/") if part])
                assert result.page.pk == page.pk, (lang, path)


def test_translated_slugs(demo):
    norway = CountryOfficePage.objects.get(office__country="NO")
    assert norway.url_path_nb == "/home/hvor-vi-jobber/norge/"
    assert norway.url_path_es == "/home/donde-trabajamos/norway/"


def test_every_office_has_its_groups_collection_and_workflow(demo):
    offices = list(Office.objects.select_related("page"))
    assert offices
    for office in offices:
        assert office.page.get_workflow().name == f"{office.name_en} moderation"
        assert OfficeGroup.objects.filter(office=office).count() == 2
        assert Collection.objects.filter(name=office.name_en).exists()


def test_admin_user(demo):
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("portal-demo")


def test_second_run_changes_nothing(demo):
    before = counts()
    latest_revision = Revision.objects.order_by("-pk").values_list("pk", flat=True).first()
    load_demo()
    assert counts() == before
    assert Revision.objects.order_by("-pk").values_list("pk", flat=True).first() == latest_revision


def test_every_record_is_live_with_its_published_revision(demo):
    """The demo's records are published as an editor would: live, with a revision that holds
    their content (a country action's objectives included)."""
    for model in (Office, Partner, Objective, CountryAction):
        for record in model.objects.all():
            assert record.live and not record.has_unpublished_changes, record
            assert record.live_revision_id and record.live_revision == record.latest_revision
            assert record.first_published_at is not None
    action = CountryAction.objects.get(
        country="FI", year=2020, description_en__icontains="coordinator"
    )
    numbers = {o.number for o in action.live_revision.as_object().objectives.all()}
    assert numbers == {10, 11, 14}


def test_every_link_says_whether_its_page_is_available_in_every_language(demo, client):
    """Issue 17: links to pages not available in the visitor's language are marked, no other
    link is (tests/support/link_language.py)."""
    checked = link_language.check_links(client)
    # The demo has pages of both kinds: a check that met none would pass.
    assert checked["marked"] > 0 and checked["plain"] > 0, checked


def test_the_publications_library(demo):
    """The library in the menu, the Secretary-General's 2020 report (global) and the Brussels
    office's recommendations under its page, each with generated PDFs whose pages are counted."""
    from portal.publications.models import PublicationIndexPage, PublicationPage

    library = PublicationIndexPage.objects.get()
    assert library.show_in_menus and library.get_parent().specific_class is HomePage
    report = PublicationPage.objects.get(year=2020)
    assert (report.publication_type, report.office) == ("report", None)
    assert report.get_parent().pk == library.pk
    files = {f.language: f.pages for f in report.files.all()}
    assert files == {"en": 3, "fr": 2, "es": 2}
    recommendations = PublicationPage.objects.get(publication_type="recommendations")
    assert recommendations.office.country == "BE"
    assert recommendations.get_parent().specific_class is CountryOfficePage
    assert {f.language: f.pages for f in recommendations.files.all()} == {"en": 4, "fr": 4}
