"""The search backend's match on PostgreSQL can use an index (portal migration 0006).

Wagtail's database backend matches `(title || body) @@ query`; GIN indexes on `title` and
`body` alone cannot serve that expression, so every search read the whole index table.
"""

from importlib import import_module

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from tests.support.helpers import query_plan

INDEX = import_module("portal.migrations.0006_search_vector_index").INDEX

pytestmark = pytest.mark.django_db


def test_the_backends_match_uses_the_title_body_index(portal):
    if connection.vendor != "postgresql":
        # SQLite's backend searches its own FTS table: the migration adds nothing there.
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE name = %s", [INDEX])
            assert cursor.fetchone() is None
        return
    with CaptureQueriesContext(connection) as queries:
        list(Page.objects.live().search("return"))
    (match,) = [q["sql"] for q in queries.captured_queries if "@@" in q["sql"]]
    expression = '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body") @@'
    assert expression in match
    # The index must serve that condition. (Over a handful of rows, the planner picks its plan
    # for the whole query by estimates.)
    plan = query_plan(
        f"SELECT id FROM wagtailsearch_indexentry WHERE {expression} to_tsquery('return')",  # noqa: S608
        disable=("seqscan", "indexscan"),
    )
    assert INDEX in plan, plan
