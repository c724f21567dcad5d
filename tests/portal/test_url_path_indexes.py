"""Routing finds a page by its url_path in the visitor's language through an index (portal
migration 0007), in every language, on SQLite and PostgreSQL alike."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.helpers import LANGUAGES, query_plan, url_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_routing_query_uses_the_url_path_index(client, portal, lang):
    programme = portal["programme"]
    with translation.override(lang):
        url = url_in(programme, lang)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    (lookup,) = [q["sql"] for q in queries.captured_queries if f'"url_path_{lang}" = ' in q["sql"]]
    # Over a handful of rows the path index would serve the ORDER BY: leave the planner only the
    # indexes that find rows.
    plan = query_plan(lookup, disable=("seqscan", "indexscan"))
    assert f"portal_page_url_path_{lang}" in plan, plan
