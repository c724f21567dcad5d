"""The render speed-ups of issue 16 that must not change what visitors see: the head's meta tags
kept in the memo per page with each response's own CSP nonce, and the records listed on the
office, programme and objective pages read without the columns of the languages they are not
shown in.

The page cache is off here: these are the requests that render.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.core.query import other_languages
from portal.site import seo
from tests.support.helpers import url_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]

NONCE = re.compile(r'nonce="([^"]+)"')
OG_LOCALE = re.compile(r'property="og:locale" content="([^"]+)"')


def head_of(html):
    return html[html.index("<head>") : html.index("</head>")]


def policy_nonce(response):
    return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)


def test_the_head_is_kept_per_page_with_each_responses_own_nonce(client, portal, monkeypatch):
    url = url_in(portal["office_page"], "en")
    built = []
    head_meta = seo.head_meta
    monkeypatch.setattr(seo, "head_meta", lambda *a, **k: built.append(1) or head_meta(*a, **k))
    responses = [client.get(url) for _ in range(3)]
    assert len(built) == 1  # built once, reused twice
    heads = [head_of(r.content.decode()) for r in responses]
    assert 'type="application/ld+json"' in heads[0]
    for response, head in zip(responses, heads, strict=True):
        # Every nonce in the head (the JSON-LD's too) is this response's own.
        assert set(NONCE.findall(head)) == {policy_nonce(response)}
        assert "\x00" not in head
    assert len({policy_nonce(r) for r in responses}) == len(responses)
    masked = {NONCE.sub('nonce="-"', head) for head in heads}
    assert len(masked) == 1


def test_each_page_and_language_has_its_own_head(client, portal):
    office_en = head_of(client.get(url_in(portal["office_page"], "en")).content.decode())
    office_nb = head_of(client.get(url_in(portal["office_page"], "nb")).content.decode())
    programme = head_of(client.get(url_in(portal["programme"], "en")).content.decode())
    assert OG_LOCALE.search(office_en).group(1) != OG_LOCALE.search(office_nb).group(1)
    assert url_in(portal["programme"], "en") in programme
    assert url_in(portal["programme"], "en") not in office_en


def test_a_published_change_shows_in_the_head_on_the_next_request(client, portal):
    page = portal["office_page"]
    url = url_in(page, "en")
    client.get(url)
    page.seo_title_en = "A title for search engines"
    page.save_revision().publish()
    head = head_of(client.get(url).content.decode())
    assert 'content="A title for search engines"' in head


def test_other_languages_keep_the_active_language_its_fallback_and_every_url_path():
    from offices.models import ProgrammePage

    english = other_languages(ProgrammePage, "en")
    norwegian = other_languages(ProgrammePage, "nb")
    assert "title_nb" in english and "title_en" not in english
    assert "title_nb" not in norwegian and "title_en" not in norwegian
    assert "title_fr" in norwegian and "summary_fr" in norwegian
    assert not any(name.startswith("url_path_") for name in english + norwegian)


def selected_columns(client, url, table):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    text = " ".join(q["sql"] for q in captured.captured_queries)
    return set(re.findall(rf'"{table}"\."(\w+)"', text))


def test_the_programme_page_reads_its_objectives_in_the_visitors_language_and_english(
    client, portal
):
    url = url_in(portal["programme"], "en")
    client.get(url)
    english = selected_columns(client, url, "compact_objective")
    assert "title_en" in english and "title_nb" not in english
    norwegian_url = url_in(portal["programme"], "nb")
    client.get(norwegian_url)
    norwegian = selected_columns(client, norwegian_url, "compact_objective")
    assert {"title_en", "title_nb"} <= norwegian and "title_fr" not in norwegian
