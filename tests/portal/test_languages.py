"""The language switcher and visible fallbacks."""

import pytest
from bs4 import BeautifulSoup

from tests.support.helpers import LANGUAGES, url_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]


def get_soup(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def switcher_links(soup):
    # The switcher's links (links to pages read in another language carry hreflang too).
    return {a["hreflang"]: a["href"] for a in soup.select(".lang-switcher a[hreflang]")}


def test_switcher_links_the_same_page_in_every_language(client, portal):
    programme = portal["programme"]
    programme.title_nb = "Frivillig retur"
    programme.slug_nb = "frivillig-retur"
    programme.save_revision().publish()
    programme.refresh_from_db()
    url = url_in(programme, "nb")
    assert url.endswith("/frivillig-retur/")

    links = switcher_links(get_soup(client, url))
    assert set(links) == set(LANGUAGES)
    for lang, href in links.items():
        assert href.startswith(f"/{lang}/")
        target = client.get(href)
        assert target.status_code == 200, href
        assert target.context["page"].pk == programme.pk


def test_fallback_text_carries_its_language_and_a_notice(client, portal):
    office_page = portal["office_page"]  # title in English only, body in English only
    soup = get_soup(client, url_in(office_page, "es"))
    assert soup.html["lang"] == "es"
    h1 = soup.find("h1")
    assert h1.find(attrs={"lang": "en"}) is not None or h1.get("lang") == "en"
    fallback_blocks = soup.select('main [lang="en"]')
    assert any("Our office gives free advice" in el.get_text() for el in fallback_blocks)
    notice = soup.select_one(".fallback-notice")
    assert notice is not None
    assert "English" in notice.get_text() or "inglés" in notice.get_text()


def test_no_fallback_notice_when_the_text_is_translated(client, portal):
    standard = portal["standard"]
    standard.title_fi = "Tietoa meistä"
    standard.slug_fi = "tietoa-meista"
    standard.summary_fi = "Lyhyt kuvaus."
    standard.body_fi = [{"type": "paragraph", "value": "<p>Suomeksi kirjoitettu teksti.</p>"}]
    standard.save_revision().publish()
    standard.refresh_from_db()
    soup = get_soup(client, url_in(standard, "fi"))
    assert soup.select_one(".fallback-notice") is None
    assert "Suomeksi kirjoitettu teksti." in soup.get_text()
    assert not soup.select('main [lang="en"]')


def test_structured_data_falls_back_visibly(client, portal):
    # The office has a Norwegian name but no Finnish one: on /fi/ its name is English, marked.
    soup = get_soup(client, url_in(portal["offices_index"], "fi"))
    marked = [el.get_text(strip=True) for el in soup.select('main [lang="en"]')]
    assert "Norway" in marked
    soup_nb = get_soup(client, url_in(portal["offices_index"], "nb"))
    assert "Norge" in soup_nb.get_text()
