"""Newest-first article lists read the date index (portal migration 0008) instead of sorting
every article: the home page's latest news and the news index."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.support.helpers import query_plan, url_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]

INDEX = "portal_article_date_idx"


@pytest.mark.parametrize("page", ["home", "news"])
def test_newest_articles_are_read_through_the_date_index(client, portal, page):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url_in(portal[page], "en")).status_code == 200
    newest_first = [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "portal_articlepage"' in q["sql"]
        and 'ORDER BY "portal_articlepage"."date" DESC' in q["sql"]
    ]
    assert newest_first
    # Those queries read articles newest first; the index must give them in that order (no sort
    # allowed). Over a handful of rows, the planner picks its plan for a whole query by estimates.
    plan = query_plan(
        'SELECT page_ptr_id FROM portal_articlepage ORDER BY "date" DESC, page_ptr_id DESC LIMIT 3',
        disable=("seqscan", "sort"),
    )
    assert INDEX in plan, plan
