"""Every page type can be created only where the site's structure allows it."""

import pytest

from compact.models import CompactIndexPage, ObjectivePage
from offices.models import CountryOfficePage, OfficeIndexPage, ProgrammeIndexPage, ProgrammePage
from portal.models import ArticlePage, HomePage, NewsIndexPage, StandardPage

ALLOWED_PARENTS = {
    HomePage: {"wagtailcore.page"},
    StandardPage: {
        "portal.homepage",
        "portal.standardpage",
        "offices.officeindexpage",
        "offices.countryofficepage",
        "compact.compactindexpage",
    },
    NewsIndexPage: {"portal.homepage", "offices.countryofficepage"},
    ArticlePage: {"portal.newsindexpage"},
    OfficeIndexPage: {"portal.homepage"},
    CountryOfficePage: {"offices.officeindexpage"},
    ProgrammeIndexPage: {"portal.homepage", "offices.countryofficepage"},
    ProgrammePage: {"offices.programmeindexpage"},
    CompactIndexPage: {"portal.homepage"},
    ObjectivePage: {"compact.compactindexpage"},
}


def label(model):
    return model._meta.label_lower


@pytest.mark.parametrize("child", ALLOWED_PARENTS, ids=label)
def test_allowed_parent_page_types(child):
    assert {label(m) for m in child.allowed_parent_page_models()} == ALLOWED_PARENTS[child]


@pytest.mark.parametrize("child", ALLOWED_PARENTS, ids=label)
def test_subpage_types_mirror_parent_page_types(child):
    """A parent lists a child as a subpage type exactly when the child accepts that parent."""
    for parent in ALLOWED_PARENTS:
        allowed = label(parent) in ALLOWED_PARENTS[child]
        assert (child in parent.allowed_subpage_models()) is allowed, (parent, child)


@pytest.mark.django_db
def test_can_create_only_where_allowed(portal):
    home, office_page = portal["home"], portal["office_page"]
    assert ProgrammeIndexPage.can_create_at(office_page)
    assert NewsIndexPage.can_create_at(office_page)
    assert not ProgrammePage.can_create_at(home)
    assert not ArticlePage.can_create_at(home)
    assert not ObjectivePage.can_create_at(home)
    assert not CountryOfficePage.can_create_at(home)
    # One home page, one "where we work" and one Global Compact index per site.
    assert not HomePage.can_create_at(home.get_parent())
    assert not OfficeIndexPage.can_create_at(home)
    assert not CompactIndexPage.can_create_at(home)
