"""Every page type is routable and renders in all seven languages, in its own language."""

import re

import pytest
from django.utils import translation
from wagtail.models import Site

from tests.support.helpers import LANGUAGES, url_in
from tests.support.portal import PAGE_KEYS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("key", PAGE_KEYS)
def test_page_routes_and_renders_in_every_language(client, portal, key, lang):
    page = portal[key]
    url = url_in(page, lang)
    assert url.startswith(f"/{lang}/")

    # Routable: Wagtail's own router finds the same page from the path after the prefix.
    site = Site.objects.get(is_default_site=True)
    components = [c for c in url.split("/") if c][1:]
    with translation.override(lang):
        routed = site.root_page.specific.route(None, components)
    assert routed.page.pk == page.pk

    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(rf'<html[^>]*\blang="{lang}"', html)
    assert response.context["page"].pk == page.pk


def test_root_redirects_to_the_visitors_language(client, home):
    response = client.get("/", headers={"accept-language": "nb-NO,nb;q=0.9,en;q=0.5"})
    assert response.status_code == 302
    assert response["Location"] == "/nb/"


def test_root_redirects_to_english_for_an_unknown_language(client, home):
    response = client.get("/", headers={"accept-language": "de-DE"})
    assert response["Location"] == "/en/"


def test_unprefixed_page_url_redirects_to_a_prefixed_one(client, portal):
    response = client.get("/where-we-work/norway/", headers={"accept-language": "en"})
    assert response.status_code == 302
    assert response["Location"] == "/en/where-we-work/norway/"


def test_admin_is_not_language_prefixed(client, home):
    assert client.get("/admin/login/").status_code == 200
    assert client.get("/en/admin/login/").status_code == 404


def test_search_renders_in_every_language(client, portal):
    for lang in LANGUAGES:
        response = client.get(f"/{lang}/search/", {"q": "return"})
        assert response.status_code == 200
        assert f'lang="{lang}"' in response.content.decode()


def test_pages_link_an_icon_and_favicon_ico_leads_to_it(client, home):
    html = client.get(url_in(home, "en")).content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html)
    assert icon, "no icon link"
    assert icon.group(1).endswith("img/favicon.svg")
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == icon.group(1)
