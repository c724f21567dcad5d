"""A page asked for by another language's slugs, or by an old slug, answers with a 301."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from portal.core.models import UrlPathHistory
from tests.support import factories as f
from tests.support.helpers import url_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]


@pytest.fixture
def norwegian(portal):
    """The offices index and the Norway page with Norwegian slugs."""
    for key, title, slug in [
        ("offices_index", "Hvor vi jobber", "hvor-vi-jobber"),
        ("office_page", "Norge", "norge"),
    ]:
        page = portal[key]
        page.title_nb, page.slug_nb = title, slug
        page.save_revision().publish()
    for key in ("offices_index", "office_page", "programme_index", "programme"):
        portal[key].refresh_from_db()
    return portal


def assert_redirects(client, url, location):
    response = client.get(url)
    assert response.status_code == 301, url
    assert response["Location"] == location
    assert client.get(location).status_code == 200


def test_english_slugs_under_the_norwegian_prefix(client, norwegian):
    assert url_in(norwegian["office_page"], "nb") == "/nb/hvor-vi-jobber/norge/"
    assert_redirects(client, "/nb/where-we-work/norway/", "/nb/hvor-vi-jobber/norge/")


def test_norwegian_slugs_under_the_english_prefix(client, norwegian):
    assert_redirects(client, "/en/hvor-vi-jobber/norge/", "/en/where-we-work/norway/")
    assert_redirects(client, "/fr/hvor-vi-jobber/", "/fr/where-we-work/")


def test_mixed_slugs_redirect(client, norwegian):
    assert_redirects(client, "/nb/hvor-vi-jobber/norway/", "/nb/hvor-vi-jobber/norge/")
    assert_redirects(
        client,
        "/en/where-we-work/norge/programmes/voluntary-return/",
        "/en/where-we-work/norway/programmes/voluntary-return/",
    )


def test_the_query_string_is_kept(client, norwegian):
    response = client.get("/nb/where-we-work/norway/?page=2&q=x")
    assert response.status_code == 301
    assert response["Location"] == "/nb/hvor-vi-jobber/norge/?page=2&q=x"


def test_an_unknown_path_is_still_404(client, norwegian):
    assert client.get("/nb/nowhere/").status_code == 404
    assert client.get("/nb/hvor-vi-jobber/nowhere/").status_code == 404
    assert client.get("/en/where-we-work/norway/nowhere/").status_code == 404
    # Right slugs at the wrong depth are not a page either.
    assert client.get("/en/norway/").status_code == 404


def test_no_redirect_to_an_unpublished_page(client, norwegian):
    norwegian["office_page"].unpublish()
    assert client.get("/nb/where-we-work/norway/").status_code == 404


def test_changing_the_norwegian_slug_keeps_the_old_url(client, norwegian):
    office_page = norwegian["office_page"]
    old_url = url_in(office_page, "nb")
    old_child_url = url_in(norwegian["programme"], "nb")
    office_page.slug_nb = "kongeriket-norge"
    office_page.save_revision().publish()
    office_page.refresh_from_db()
    norwegian["programme"].refresh_from_db()

    new_url = url_in(office_page, "nb")
    assert new_url == "/nb/hvor-vi-jobber/kongeriket-norge/"
    assert_redirects(client, old_url, new_url)
    new_child_url = url_in(norwegian["programme"], "nb")
    assert new_child_url == "/nb/hvor-vi-jobber/kongeriket-norge/programmes/voluntary-return/"
    assert_redirects(client, old_child_url, new_child_url)
    # Other languages kept their URLs.
    assert client.get("/en/where-we-work/norway/").status_code == 200


def test_changing_the_english_slug_keeps_the_old_url_in_every_language(client, portal):
    programme = portal["programme"]
    old = {lang: url_in(programme, lang) for lang in ("en", "fr", "sv")}
    programme.slug = "assisted-return"
    programme.save_revision().publish()
    programme.refresh_from_db()
    for lang, old_url in old.items():
        new_url = url_in(programme, lang)
        assert new_url.endswith("/assisted-return/")
        assert_redirects(client, old_url, new_url)


def test_renames_are_followed_through_parent_and_child(client, portal):
    offices_index, programme = portal["offices_index"], portal["programme"]
    old_url = url_in(programme, "en")
    offices_index.slug = "countries"
    offices_index.save_revision().publish()
    programme.refresh_from_db()
    programme.slug = "assisted-return"
    programme.save_revision().publish()
    programme.refresh_from_db()
    assert url_in(programme, "en") == "/en/countries/norway/programmes/assisted-return/"
    assert_redirects(client, old_url, "/en/countries/norway/programmes/assisted-return/")


def test_a_moved_page_keeps_its_old_url(client, norwegian):
    office_page = norwegian["office_page"]
    old = {lang: url_in(office_page, lang) for lang in ("en", "nb")}
    Page.objects.get(pk=office_page.pk).move(norwegian["compact_index"], pos="last-child")
    office_page.refresh_from_db()
    for lang, old_url in old.items():
        assert_redirects(client, old_url, url_in(office_page, lang))
    assert url_in(office_page, "nb") == "/nb/compact/norge/"


def test_a_new_page_at_an_old_path_takes_it_over(client, portal):
    standard = portal["standard"]
    standard.slug = "who-we-are"
    standard.save_revision().publish()
    assert client.get("/en/about/").status_code == 301
    newcomer = f.StandardPageFactory(parent=portal["home"], title="About", slug="about")
    assert not UrlPathHistory.objects.filter(language="en", url_path="/home/about/").exists()
    response = client.get("/en/about/")
    assert response.status_code == 200
    assert response.context["page"].pk == newcomer.pk


def test_routing_a_known_page_costs_one_query(portal):
    site_root = portal["home"].specific
    with CaptureQueriesContext(connection) as ctx:
        site_root.route(None, ["where-we-work", "norway"])
    # The page by its url_path, then its specific row.
    assert len(ctx.captured_queries) == 2
