"""Cache tags: what a cached response showed, so that a change purges only the responses that
showed it (portal/core/cache.py keeps a version per tag and compares them on every hit).

A response's tags are collected while it renders, without the templates saying anything:
- `page:<id>` for every page whose URL it computed: the page itself, and every page it links to
  (menus, breadcrumbs, listings, cards, rich-text links, feeds, sitemaps, the API). A page that
  shows another page's title or summary links to it. Past PAGE_LIMIT pages the response is
  tagged `pages` instead (a sitemap, a long listing): every page change purges it.
- `model:<app.model>` for every content table its SQL read (a page type's own table, a record's,
  their many-to-many links): listings, filters and counts of a kind, which a new value (an
  article's date, a programme's objectives) may reorder, fill or empty.

What is not seen this way (values kept in the memo between requests: the site, the main menu,
the objectives) changes only with the changes that purge everything (cache.py decides which).
"""

import re
import threading
from contextlib import contextmanager

from django.db import connection

PAGES = "pages"
PAGE_LIMIT = 100
_state = threading.local()
_tables = {}  # database table: the label its rows are tagged with


def page_tag(pk):
    return f"page:{pk}"


def model_tag(label):
    return f"model:{label.lower()}"


def track_tables(model, page_key=None):
    """Reading `model`'s table (or one of its many-to-many tables) tags the response with it.

    A query that reads only given pages' rows of a table (its page key equal to, or in, given
    values, and no OR that could widen it: a page's own row, its own links, its own tags) tags
    the response with those pages instead: a change to another page of the type leaves it be.
    `page_key` is the column naming the page, for a page type's own table ("page_ptr_id") or a
    table of rows that belong to a page (a ParentalKey)."""
    from wagtail.models import Page

    label = model._meta.label_lower
    _tables[model._meta.db_table] = (label, page_key)
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        owner_key = field.m2m_column_name() if issubclass(model, Page) else None
        _tables[through._meta.db_table] = (label, owner_key)


class Collector:
    def __init__(self):
        self.pages = set()
        self.models = set()

    def tags(self):
        pages = {page_tag(pk) for pk in self.pages} if len(self.pages) <= PAGE_LIMIT else {PAGES}
        return sorted(pages | {model_tag(label) for label in self.models})


TABLE = re.compile(r'\b(?:FROM|JOIN)\s+"?(\w+)"?', re.IGNORECASE)


def _read_tables(execute, sql, params, many, context):
    collector = getattr(_state, "collector", None)
    if collector is not None and not many:
        for table in TABLE.findall(sql):
            label, page_key = _tables.get(table, (None, None))
            if label is None:
                continue
            pages = rows_of(sql, params, table, page_key) if page_key else None
            if pages is None:
                collector.models.add(label)
            else:
                collector.pages.update(pages)
    return execute(sql, params, many, context)


def rows_of(sql, params, table, key):
    """The pages whose rows of `table` the query is limited to (by `"table"."key" = %s` or
    `IN (%s, ...)` in a WHERE without OR), or None when it may read others."""
    where = sql.find(" WHERE ")
    if where < 0 or " OR " in sql[where:].upper():
        return None
    match = re.search(rf'"{table}"\."{key}" (?:= %s|IN \(((?:%s, )*%s)\))', sql[where:])
    if match is None or sql[: where + match.start()].rstrip().upper().endswith("NOT ("):
        return None  # (all the rows but these)
    first = sql[: where + match.start()].count("%s")
    count = 1 if match.group(1) is None else match.group(1).count("%s")
    values = list(params or ())[first : first + count]
    if len(values) != count:
        return None
    return values


@contextmanager
def collecting():
    """Collect the tags of what is rendered inside; yields the Collector."""
    collector = Collector()
    _state.collector = collector
    try:
        with connection.execute_wrapper(_read_tables):
            yield collector
    finally:
        _state.collector = None


@contextmanager
def collecting_part():
    """Collect what is rendered inside on its own (a value the memo keeps), whether or not a
    response is being collected; yields the Collector. `add()` gives it to the response."""
    outer = getattr(_state, "collector", None)
    part = Collector()
    _state.collector = part
    try:
        if outer is None:
            with connection.execute_wrapper(_read_tables):
                yield part
        else:
            yield part
    finally:
        _state.collector = outer


def add(part):
    """What a part showed, shown again by the response being collected."""
    collector = getattr(_state, "collector", None)
    if collector is not None:
        collector.pages |= part.pages
        collector.models |= part.models


def saw_page(pk):
    collector = getattr(_state, "collector", None)
    if collector is not None and pk is not None:
        collector.pages.add(pk)


def watch_page_urls():
    """Every page URL computed while collecting tags the response with the page. Wagtail's
    get_url_parts is where every URL of a page is made (url, get_url, get_full_url, routablepage
    and rich-text links); wrapped once, at start-up."""
    from wagtail.models import Page

    original = Page.get_url_parts
    if getattr(original, "tags_page", False):
        return

    def get_url_parts(self, request=None):
        saw_page(self.pk)
        return original(self, request=request)

    get_url_parts.tags_page = True
    Page.get_url_parts = get_url_parts
