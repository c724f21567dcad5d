"""An unfiltered listing's count is kept in the memo until the next change (portal.core.pages
`paginate(count_name=...)`): the news index counts its articles once, and again after a
publish; a filtered listing counts every time."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.support import factories as f
from tests.support.helpers import url_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]

ARTICLE_COUNT = re.compile(r'SELECT COUNT\(\*\).*FROM "portal_articlepage"')


def counts(client, url):
    """(the number of articles the page says it has pages for, COUNT queries of articles)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    paginator = response.context["articles"].paginator
    counted = sum(bool(ARTICLE_COUNT.search(q["sql"])) for q in ctx.captured_queries)
    return paginator.count, counted


def test_the_news_index_counts_once_per_change(client, portal):
    url = url_in(portal["news"])
    total, counted = counts(client, url)
    assert counted == 1
    assert counts(client, url) == (total, 0)  # from the memo
    f.ArticlePageFactory(parent=portal["news"], title="Fresh").save_revision().publish()
    assert counts(client, url) == (total + 1, 1)  # the publish made it count again
    assert counts(client, url + "?page=1") == (total + 1, 0)  # the page number keys nothing


def test_a_listing_with_other_parameters_counts_every_time(client, portal):
    url = url_in(portal["news"]) + "?utm_source=x"
    total, counted = counts(client, url)
    assert counted == 1
    assert counts(client, url) == (total, 1)
