"""`manage.py generate_scale_data`: the small scale on top of the `portal` fixture.

One test writes the data and checks it from every side (writing it costs a few seconds); the
others need no generated pages.
"""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils.html import escape
from wagtail.models import Page

from compact.models import OBJECTIVE_COUNT, CountryAction, Objective, ObjectivePage
from offices.models import (
    CountryOfficePage,
    Office,
    OfficeIndexPage,
    Partner,
    ProgrammeIndexPage,
    ProgrammePage,
)
from portal.models import ArticlePage, HomePage, NewsIndexPage, PageSearchText
from portal.tooling.scale.generator import EMAIL_DOMAIN, SCALES, build_plan
from tests.support.helpers import url_in

SMALL = SCALES["small"]


def counts():
    return {
        "offices": Office.objects.count(),
        "partners": Partner.objects.count(),
        "actions": CountryAction.objects.count(),
        "office pages": CountryOfficePage.objects.count(),
        "programmes": ProgrammePage.objects.count(),
        "articles": ArticlePage.objects.count(),
    }


def generated(model):
    """Pages of `model` under a generated office, in tree order."""
    office_paths = CountryOfficePage.objects.filter(office__email__endswith=EMAIL_DOMAIN)
    paths = list(office_paths.values_list("path", flat=True))
    return [
        page
        for page in model.objects.live().order_by("path")
        if any(page.path.startswith(path) for path in paths)
    ]


def test_small_scale_builds_a_valid_portal_whose_pages_answer_in_two_languages(portal, client):
    before = counts()
    call_command("generate_scale_data", "--scale", "small", "--seed", "5", verbosity=0)
    generated_office = generated(CountryOfficePage)[0]
    assert PageSearchText.objects.filter(page=generated_office).count() == 7

    after = counts()
    assert after == {
        "offices": before["offices"] + SMALL.offices,
        "partners": before["partners"] + SMALL.partners,
        "actions": before["actions"] + SMALL.actions,
        "office pages": before["office pages"] + SMALL.offices,
        "programmes": before["programmes"] + SMALL.programmes,
        "articles": before["articles"] + SMALL.articles,
    }
    # The fixture's skeleton is completed: all 23 objectives with a page, a site-wide programme
    # index; the fixture's own office index and news index are reused, not doubled.
    assert Objective.objects.count() == OBJECTIVE_COUNT
    assert ObjectivePage.objects.count() == OBJECTIVE_COUNT
    home = portal["home"]
    assert OfficeIndexPage.objects.child_of(home).count() == 1
    assert NewsIndexPage.objects.child_of(home).count() == 1
    assert ProgrammeIndexPage.objects.child_of(home).count() == 1
    # Every programme is linked to its office and at least one objective; links were written.
    assert not ProgrammePage.objects.annotate(n=Count("offices")).filter(n=0).exists()
    assert ProgrammePage.objects.filter(objectives__isnull=False).distinct().count() == (
        before["programmes"] + SMALL.programmes
    )

    # The tree is what treebeard would have built: paths, depths and numbers of children.
    assert Page.find_problems() == ([], [], [], [], [])
    office_index = Page.objects.get(pk=portal["offices_index"].pk)
    assert office_index.numchild == 1 + SMALL.offices
    assert office_index.get_children().count() == office_index.numchild

    # Same seed, same titles: the database holds the plan the seed gives.
    plan = build_plan(5, SMALL)
    titles = [text.title["en"] for text in plan.page_texts()]
    stored = set(Page.objects.filter(title_en__in=titles).values_list("title_en", flat=True))
    assert stored == set(titles)

    # A sample of each kind of page answers 200 in English and Norwegian, in that language.
    sample = [
        *generated(CountryOfficePage)[:2],
        *generated(ProgrammeIndexPage)[:1],
        *generated(ProgrammePage)[:3],
        *generated(NewsIndexPage)[:1],
        *generated(ArticlePage)[:3],
        ArticlePage.objects.filter(depth=home.depth + 2).order_by("-path").first(),
        ObjectivePage.objects.order_by("-path").first(),
        ProgrammeIndexPage.objects.child_of(home).get(),
        NewsIndexPage.objects.child_of(home).get(),
        home,
    ]
    for page in (page.specific for page in sample):
        for lang in ("en", "nb"):
            url = url_in(page, lang)
            assert url.startswith(f"/{lang}/")
            response = client.get(url)
            assert response.status_code == 200, url
            title = getattr(page, f"title_{lang}") or page.title_en
            assert escape(title) in response.content.decode(), url

    # The new pages are in the search index: a programme's invented title finds it (on the first
    # page of results, whatever the backend's ranking of the office's many other programmes).
    programme = generated(ProgrammePage)[0]
    response = client.get("/en/search/", {"q": programme.title_en})
    assert response.status_code == 200
    assert url_in(programme, "en") in response.content.decode()

    # Generated once per database: a second run is refused.
    with pytest.raises(CommandError, match="already holds scale data"):
        call_command("generate_scale_data", "--scale", "small", verbosity=0)


def test_same_seed_gives_the_same_plan_and_another_seed_another():
    def titles(seed):
        return [text.title["en"] for text in build_plan(seed, SMALL).page_texts()]

    first = titles(1)
    assert len(first) == SMALL.offices + SMALL.programmes + SMALL.articles
    assert titles(1) == first
    assert titles(2) != first
    plan = build_plan(1, SMALL)
    # Text in all seven languages, with a share of pages left untranslated (English fallback).
    for lang in ("fr", "es", "nb", "nl", "fi", "sv"):
        translated = [text for text in plan.page_texts() if text.title[lang]]
        assert 0.8 * len(first) < len(translated) < len(first)
        assert all(text.slug[lang] and text.body[lang] for text in translated)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--offices", "0"], "at least 1"),
        (["--articles", "-1"], "between 0 and"),
        (["--programmes", "99999999999"], "between 0 and"),
    ],
)
def test_bad_sizes_are_refused(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("generate_scale_data", *args, verbosity=0)


def test_a_database_without_a_home_page_is_refused(db):
    assert not HomePage.objects.exists()
    with pytest.raises(CommandError, match="load_demo"):
        call_command("generate_scale_data", "--scale", "small", verbosity=0)
