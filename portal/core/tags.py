"""Cache tags: what a cached response showed, so that a change purges only the responses that
showed it (portal/core/cache.py keeps a version per tag and compares them on every hit).

A response's tags are collected while it renders, without the templates saying anything:
- `page:<id>` for every page whose URL it computed: the page itself, and every page it links to
  (menus, breadcrumbs, listings, cards, rich-text links, feeds, sitemaps, the API). A page that
  shows another page's title or summary links to it. Past PAGE_LIMIT pages the response is
  tagged `pages` instead (a sitemap, a long listing): every page change purges it.
- `model:<app.model>` for every content table its SQL read (a record's table, and a page type's
  when the query is beyond `shape_columns`): listings, filters and counts of a kind, which a new
  value may reorder, fill or empty.
- `model:<page type>:<table>.<column>` for a listing of a page type, by the columns its rows
  depend on (`shape_columns`: what it filters, counts, or orders on before a LIMIT), and
  `model:<page type>:<link table>` for its many-to-many links: a new title purges the listings
  ordered by title a page at a time, and not every listing of the type.

What is not seen this way (values kept in the memo between requests: the site, the main menu,
the objectives) changes only with the changes that purge everything (cache.py decides which).
"""

import functools
import re
import threading
from contextlib import contextmanager
from typing import NamedTuple

from django.db import connection

PAGES = "pages"
PAGE_LIMIT = 100
PAGE_TABLE = "wagtailcore_page"
_state = threading.local()
_tables = {}  # database table: Table


class Table(NamedTuple):
    label: str  # what its rows are tagged with
    page_key: str | None  # the column naming the page a row belongs to
    split: str | None = None  # "columns" (a page type's table) or "links" (its links)


def page_tag(pk):
    return f"page:{pk}"


def model_tag(label):
    return f"model:{label.lower()}"


def column_tag(label, table, column):
    """Responses whose rows of the page type `label` depend on this column."""
    return f"model:{label}:{table}.{column}"


def links_tag(label, table):
    """Responses that read the page type's links in `table` beyond given pages' own."""
    return f"model:{label}:{table}"


def track_tables(model, page_key=None):
    """Reading `model`'s table (or one of its many-to-many tables) tags the response with it.

    A query that reads only given pages' rows of a table (its page key equal to, or in, given
    values, and no OR that could widen it: a page's own row, its own links, its own tags) tags
    the response with those pages instead: a change to another page of the type leaves it be.
    `page_key` is the column naming the page, for a page type's own table ("page_ptr_id") or a
    table of rows that belong to a page (a ParentalKey)."""
    from wagtail.models import Page

    label = model._meta.label_lower
    is_page = issubclass(model, Page)
    _tables[model._meta.db_table] = Table(label, page_key, "columns" if is_page else None)
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        owner_key = field.m2m_column_name() if is_page else None
        _tables[through._meta.db_table] = Table(label, owner_key, "links" if is_page else None)


class Collector:
    def __init__(self):
        self.pages = set()
        self.models = set()

    def tags(self):
        pages = {page_tag(pk) for pk in self.pages} if len(self.pages) <= PAGE_LIMIT else {PAGES}
        return sorted(pages | self.models)


TABLE = re.compile(r'\b(?:FROM|JOIN)\s+"?(\w+)"?', re.IGNORECASE)


def _read_tables(execute, sql, params, many, context):
    collector = getattr(_state, "collector", None)
    result = execute(sql, params, many, context)
    if collector is not None and not many:
        rows = getattr(context.get("cursor"), "rowcount", -1)
        for table in set(TABLE.findall(sql)):
            known = _tables.get(table)
            if known is None:
                continue
            pages = rows_of(sql, params, table, known.page_key) if known.page_key else None
            if pages is None:
                collector.models.update(table_tags(known, table, sql, rows))
            else:
                collector.pages.update(pages)
    return result


def table_tags(known, table, sql, rows=-1):
    """The tags of a query that reads `table` beyond given pages' rows (`rows` of them: -1 when
    the database does not say)."""
    if known.split == "links":
        return {links_tag(known.label, table)}
    shape = shape_columns(sql, table, rows) if known.split == "columns" else None
    if shape is None:
        return {model_tag(known.label)}
    page_tables = {PAGE_TABLE, table}
    return {column_tag(known.label, t, c) for t, c in shape if t in page_tables}


REF = re.compile(r'(?:"(\w+)"|\b([A-Z]\d+))\."(\w+)"')
ALIAS = re.compile(r'"(\w+)" (?:AS )?([A-Z]\d+)\b')
PLAIN = re.compile(r'(?:"\w+"|[A-Z]\d+)\."\w+"(?: AS "\w+")?')


def shape_columns(sql, table, rows=-1):
    """The (table, column) pairs that decide which rows a query returns, in which order when it
    returns a window of them, and any value it computes from them: the columns named after
    FROM (joins, WHERE, GROUP BY; ORDER BY only for a window: a LIMIT or OFFSET that left rows
    out), and those of its SELECT list unless it loads rows (`table`'s key among plain
    columns), whose values show on the page only with a link to the row's page (tagged with the
    page). None when unsure."""
    parsed = parse_shape(sql, table)
    if parsed is None:
        return None
    ordered, unordered, limit = parsed
    return ordered if is_window(limit, rows) else unordered


@functools.lru_cache(maxsize=1024)
def parse_shape(sql, table):
    """(the shape with the top-level ORDER BY, without it, the LIMIT: a number, None, or "OFFSET")
    or None. Kept per statement's text: a render runs the same few statements with new values."""
    select, rest = split_select(sql)
    if select is None:
        return None
    clauses = outside_parentheses(rest)
    limit = re.search(r"\bLIMIT (\d+)", clauses)
    limit = "OFFSET" if "OFFSET" in clauses else limit and int(limit.group(1))
    items = split_top_level(select)
    plain = {item for item in items if PLAIN.fullmatch(item)}
    loads_rows = not select.startswith("DISTINCT ") and any(
        item.startswith((f'"{table}"."page_ptr_id"', f'"{PAGE_TABLE}"."id"')) for item in plain
    )
    listed = [item for item in items if not (loads_rows and item in plain)]
    aliases = {alias: name for name, alias in ALIAS.findall(sql)}
    ordered = columns_named([rest, *listed], aliases)
    unordered = columns_named([without_order(rest), *listed], aliases)
    if ordered is None:
        return None
    return ordered, unordered, limit


def columns_named(texts, aliases):
    """The (table, column) pairs the texts name, or None for an alias of no known table."""
    shape = set()
    for ref in (ref for text in texts for ref in REF.finditer(text)):
        name = ref.group(1) or aliases.get(ref.group(2))
        if name is None:
            return None
        shape.add((name, ref.group(3)))
    return frozenset(shape)


def is_window(limit, rows):
    """Whether the query may have left rows out: an OFFSET, or a LIMIT it reached (PostgreSQL
    counts the rows it returned; SQLite does not say, -1: a window whenever there is a LIMIT)."""
    if limit == "OFFSET":
        return True
    return limit is not None and not 0 <= rows < limit


def top_level(text):
    """(index, character) of `text` outside its parentheses (a subquery's, a function's)."""
    depth = 0
    for i, char in enumerate(text):
        depth -= char == ")"
        if depth == 0:
            yield i, char
        depth += char == "("


def first_at_top_level(text, clause):
    return next((i for i, _ in top_level(text) if text.startswith(clause, i)), None)


def split_select(sql):
    """(the top-level SELECT list, the rest from its FROM), or (None, None)."""
    start = first_at_top_level(sql, " FROM ") if sql.startswith("SELECT ") else None
    if start is None:
        return None, None
    return sql[len("SELECT ") : start], sql[start:]


def split_top_level(text):
    """`text` split at its commas outside parentheses."""
    commas = [i for i, char in top_level(text) if char == ","]
    bounds = zip([-1, *commas], [*commas, len(text)], strict=True)
    return [text[start + 1 : end].strip() for start, end in bounds]


def outside_parentheses(text):
    """`text` without what is inside its parentheses (subqueries)."""
    return "".join(char for _, char in top_level(text))


def without_order(rest):
    """The query's text without its top-level ORDER BY (the last clause when there is no LIMIT)."""
    end = first_at_top_level(rest, " ORDER BY ")
    return rest if end is None else rest[:end]


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
