"""Newest-first article lists read the date index (portal migration 0008) instead of sorting
every article: the home page's latest news and the news index."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.helpers import url_in

pytestmark = pytest.mark.django_db

INDEX = "portal_article_date_idx"


def plan_of(sql):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A handful of test rows: the planner would read and sort them all. Leave it the
            # plans that need no sort.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("EXPLAIN " + sql)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return "\n".join(str(row) for row in cursor.fetchall())


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
    for sql in newest_first:
        assert INDEX in plan_of(sql), sql
