"""Routing finds a page by its url_path in the visitor's language through an index (portal
migration 0007), in every language, on SQLite and PostgreSQL alike."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.helpers import url_in

pytestmark = pytest.mark.django_db


def plan_of(sql):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A handful of test rows: the planner would read them all, or walk the path index
            # for the ORDER BY. Leave it only the indexes that can find the rows.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute("EXPLAIN " + sql)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return "\n".join(str(row) for row in cursor.fetchall())


@pytest.mark.parametrize("lang", [code for code, _name in settings.LANGUAGES])
def test_the_routing_query_uses_the_url_path_index(client, portal, lang):
    programme = portal["programme"]
    with translation.override(lang):
        url = url_in(programme, lang)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    (lookup,) = [q["sql"] for q in queries.captured_queries if f'"url_path_{lang}" = ' in q["sql"]]
    assert f"portal_page_url_path_{lang}" in plan_of(lookup)
