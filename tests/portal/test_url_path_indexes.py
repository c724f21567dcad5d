"""Routing finds a page by its url_path in the visitor's language through an index (portal
migration 0007), in every language, on SQLite and PostgreSQL alike."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.support.helpers import LANGUAGES, query_plan, url_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_routing_query_uses_the_url_path_index(client, portal, lang):
    programme = portal["programme"]
    with translation.override(lang):
        url = url_in(programme, lang)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    (lookup,) = [q["sql"] for q in queries.captured_queries if f'"url_path_{lang}" = ' in q["sql"]]
    # The routing query finds the page by that column; the index must serve that condition.
    # (Over a handful of rows, the planner picks its plan for the whole query by estimates.)
    plan = query_plan(
        f'SELECT id FROM wagtailcore_page WHERE "url_path_{lang}" = %s',  # noqa: S608
        [programme.url_path],
        disable=("seqscan", "indexscan"),
    )
    assert f"portal_page_url_path_{lang}" in plan, plan
