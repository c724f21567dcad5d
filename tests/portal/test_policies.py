"""The accessibility statement and the language policy (portal/site/policies.py): linked from
every page's footer in every language, and the policy's table counted from the pages."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from portal.models import ArticlePage
from tests.support import factories as f
from tests.support.crawl import LANGUAGES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]


def cells(html, label):
    """The texts of the language policy table's row for a kind of page."""
    row = re.search(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', html, re.S)
    assert row, label
    texts = (re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td>(.*?)</td>", row[1]))
    return [text.split()[0] for text in texts]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_links_both_pages_in_its_language(client, portal, lang):
    html = client.get(portal["article"].get_url().replace("/en/", f"/{lang}/", 1)).content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert f'href="/{lang}/accessibility/"' in footer
    assert f'href="/{lang}/language-policy/"' in footer
    for path in ("accessibility", "language-policy"):
        response = client.get(f"/{lang}/{path}/")
        assert response.status_code == 200
        assert f'<html lang="{lang}">' in response.content.decode()


def test_the_statement_names_the_standard_and_the_contact(client, settings):
    settings.PORTAL_CONTACT_EMAIL = "access@example.net"
    html = client.get("/en/accessibility/").content.decode()
    assert "WCAG) 2.2 at level AA" in html
    assert "EN 301 549" in html
    assert 'href="mailto:access@example.net"' in html
    with translation.override("nb"):
        nb = client.get("/nb/accessibility/").content.decode()
    assert "access@example.net" in nb


def test_the_policy_counts_each_kind_of_page_per_language(client, portal):
    before = cells(client.get("/en/language-policy/").content.decode(), "Article")
    news = portal["news"]
    f.ArticlePageFactory(parent=news, title="Only English")
    norwegian = f.ArticlePageFactory(parent=news, title="Both")
    norwegian.title_nb = "Begge"
    # Available in Norwegian by the links' rule: its title and, as it has an English body, a
    # body of its own.
    norwegian.body_nb = [{"type": "paragraph", "value": "<p>Begge språk.</p>"}]
    norwegian.save_revision().publish()
    after = cells(client.get("/en/language-policy/").content.decode(), "Article")
    total = ArticlePage.objects.live().public().count()
    assert int(after[0]) == int(before[0]) + 2 == total
    # Columns: total, then en, fr, es, nb, ...: English gains both, Norwegian one, French none.
    assert int(after[1]) == int(before[1]) + 2
    assert int(after[4]) == int(before[4]) + 1
    assert int(after[2]) == int(before[2])


def test_the_policy_says_what_each_language_falls_back_to(client):
    html = client.get("/fi/language-policy/").content.decode()
    assert re.search(r"<dt>suomi</dt><dd>[^<]*English</dd>", html)
    assert "<dt>English</dt>" not in html  # the source language falls back to nothing


def test_the_policy_reads_a_fixed_number_of_queries(client, portal):
    def count():
        client.get("/en/language-policy/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/en/language-policy/").status_code == 200
        return len(ctx.captured_queries)

    first = count()
    assert first > 5  # rendered, not served from a cache
    for i in range(10):
        f.ArticlePageFactory(parent=portal["news"], title=f"More {i}")
    assert count() == first
