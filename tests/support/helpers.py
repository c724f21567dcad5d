"""Small helpers shared by the tests."""

import re

from django.conf import settings
from django.utils import translation

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def url_in(page, lang="en"):
    """The page's URL in the given language."""
    with translation.override(lang):
        return page.get_url()


def query_plan(sql, params=(), disable=("seqscan",)):
    """The database's plan for `sql` as one string. On PostgreSQL the planner is first told not
    to use the `disable` plan kinds (`enable_<kind> = off` for this transaction): a test's handful
    of rows would be read whole, however the indexes stand. Plans of whole page queries still
    depend on the planner's estimates; give it a query with just the condition to check."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for kind in disable:
                cursor.execute(f"SET LOCAL enable_{kind} = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row) for row in cursor.fetchall())


def x_cache(response):
    """Whether the page cache served the response (HIT) or rendered it (MISS)."""
    return response.headers.get("X-Cache")


def without_nonces(content):
    """A response's bytes with its CSP nonces masked: each response has its own."""
    return re.sub(rb'nonce="[^"]*"|nonce-[A-Za-z0-9+/=_-]+', b"nonce", content)
