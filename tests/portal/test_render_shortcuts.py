"""The shortcuts that make an uncached page cheaper keep what it shows (issue 16, points 1 and 3):
Wagtail's `.public()` as a subquery, the switcher's URLs kept in the memo, listings' pages read
keys first."""

import pytest
from bs4 import BeautifulSoup
from django.core.paginator import Paginator
from wagtail.models import PageViewRestriction

from portal.core.query import key_first, public_pages
from portal.models import ArticlePage
from tests.support import factories as f
from tests.support.helpers import url_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]


def test_public_pages_is_wagtails_public_in_one_statement(portal, django_assert_num_queries):
    section = f.ArticlePageFactory(parent=portal["news"], title="Members only")
    f.ArticlePageFactory(parent=section, title="Below the private one")
    PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    expected = set(ArticlePage.objects.live().public().values_list("pk", flat=True))
    with django_assert_num_queries(1):
        found = set(public_pages(ArticlePage.objects.live()).values_list("pk", flat=True))
    assert found == expected
    assert expected  # some public articles remain
    assert not found & set(
        ArticlePage.objects.descendant_of(section, inclusive=True).values_list("pk", flat=True)
    )


def test_office_page_leaves_out_a_private_article(client, portal):
    office_page = portal["office_page"]
    article = f.ArticlePageFactory(
        parent=portal["news"], title="Secret office news", office=portal["office"]
    )
    assert "Secret office news" in client.get(url_in(office_page, "en")).content.decode()
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    assert "Secret office news" not in client.get(url_in(office_page, "en")).content.decode()


def switcher(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return {a["hreflang"]: a["href"] for a in soup.select(".lang-switcher a[hreflang]")}


def test_switcher_urls_follow_a_new_slug_after_publishing(client, portal):
    programme = portal["programme"]
    before = switcher(client, url_in(programme, "en"))
    assert before == switcher(client, url_in(programme, "en"))  # from the memo: the same
    programme.slug_nb = "ny-adresse"
    programme.save_revision().publish()
    programme.refresh_from_db()
    after = switcher(client, url_in(programme, "en"))
    assert after["nb"].endswith("/ny-adresse/")
    assert {k: v for k, v in after.items() if k != "nb"} == {
        k: v for k, v in before.items() if k != "nb"
    }


def main_nav(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    nav = soup.select_one("nav.main-nav")
    footer = soup.select_one("footer.site-footer nav")
    return (
        [(a.get_text(), a.get("aria-current")) for a in nav.select("a")],
        # The footer's menu (its other list: the accessibility statement and language policy).
        [a.get_text() for a in footer.select("ul:not(.site-footer__about) a")],
    )


def test_kept_menu_marks_the_current_page_and_follows_language_and_changes(client, portal):
    index = portal["offices_index"]
    index.show_in_menus = True
    index.title_fr = "Où nous travaillons"
    index.save_revision().publish()
    home, office_page = portal["home"], portal["office_page"]

    # The same kept HTML would mark the same item on every page: each state has its own.
    assert main_nav(client, url_in(home))[0] == [("Where we work", None)]
    assert main_nav(client, url_in(index))[0] == [("Where we work", "page")]
    assert main_nav(client, url_in(office_page))[0] == [("Where we work", "true")]
    assert main_nav(client, url_in(home)) == ([("Where we work", None)], ["Where we work"])
    assert main_nav(client, url_in(home, "fr")) == (
        [("Où nous travaillons", None)],
        ["Où nous travaillons"],
    )

    index.title_en = "Our offices"
    index.save_revision().publish()
    assert main_nav(client, url_in(office_page)) == ([("Our offices", "true")], ["Our offices"])


def test_kept_breadcrumbs_follow_a_renamed_ancestor(client, portal):
    programme, index = portal["programme"], portal["offices_index"]

    def crumbs():
        soup = BeautifulSoup(client.get(url_in(programme)).content, "html.parser")
        return [a.get_text(strip=True) for a in soup.select("nav.breadcrumbs a, .breadcrumbs a")]

    assert "Where we work" in crumbs()
    index.title_en = "Our offices"
    index.save_revision().publish()
    after = crumbs()
    assert "Our offices" in after
    assert "Where we work" not in after


@pytest.mark.parametrize("order", [("-date", "pk"), ("title", "pk")])
def test_a_listing_read_keys_first_has_the_same_pages(portal, order, django_assert_num_queries):
    for n in range(7):  # dates and titles that tie, and not in the keys' order
        f.ArticlePageFactory(
            parent=portal["news"],
            title=f"Item {n % 3}",
            slug=f"item-{n}",
            date=f"2024-0{n % 2 + 1}-01",
        )
    listing = ArticlePage.objects.live().order_by(*order)
    plain, keys_first = Paginator(listing, 3), Paginator(key_first(listing), 3)
    assert keys_first.count == plain.count
    for number in plain.page_range:
        expected = [page.pk for page in plain.page(number)]
        with django_assert_num_queries(1):
            found = [page.pk for page in keys_first.page(number).object_list]
        assert found == expected
