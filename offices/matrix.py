"""Which offices' programmes serve which of the 23 Global Compact objectives.

`objective_matrix` counts, in one aggregate query, the live programmes open to the public per
office and objective, and makes each non-empty cell a link: to the programme itself when there
is one, else to the site-wide programme finder filtered by office and objective
(`?office=<office pk>&objective=<number>`). `office_row` does the same for one office from the
programmes its page already loaded, without a query for the counts.

The compact app knows nothing of offices, so the Global Compact index shows the matrix through
the `objective_matrix` template tag (portal/site/templatetags/visuals.py). There it shows
OFFICES_PER_PAGE offices at a time (`?page=`), so the page stays small however many offices there
are; the whole table is there as CSV and JSON (portal/site/matrix_data.py).
"""

from dataclasses import dataclass, replace

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, Min, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.utils.http import urlencode
from wagtail.models import Page, PageViewRestriction, Site

from compact.models import Objective, objectives_with_pages
from offices.models import Office, ProgrammeIndexPage, ProgrammePage
from portal.core import availability
from portal.core.i18n import active_language
from portal.core.memo import find_site, remember
from portal.core.query import key_first, without_bodies

# Offices per page of the matrix on the Global Compact index: a row of 23 cells is about 4 KB of
# HTML, so a page of rows stays near 100 KB (at 200 offices the whole table was 900 KB).
OFFICES_PER_PAGE = 25


@dataclass(frozen=True)
class Cell:
    objective: Objective
    count: int
    url: str | None  # None for an empty cell
    level: int  # 0 (empty) to 4 (the most programmes in the matrix): how dark the cell is
    lang: str | None = None  # the language a cell's one programme is read in, when not the page's


@dataclass(frozen=True)
class Row:
    office: Office
    cells: list


@dataclass(frozen=True)
class Matrix:
    objectives: list
    rows: list
    finder_url: str | None
    page: object = None  # the paginator's page of offices, when the rows are one page of them

    @property
    def is_empty(self):
        return not any(cell.count for row in self.rows for cell in row.cells)

    @property
    def objectives_key(self):
        """Which objectives the columns are: keys their header's HTML in the memo."""
        return tuple(objective.pk for objective in self.objectives)


def public_programmes():
    """Live programme pages with no view restriction on them or on a page above them.

    The restriction check is a subquery (a restricted page's path starts the programme's path),
    so the aggregate below stays one query.
    """
    restricted = PageViewRestriction.objects.annotate(
        prefix=Substr(OuterRef("path"), 1, Length("page__path"))
    ).filter(prefix=F("page__path"))
    return ProgrammePage.objects.live().exclude(Exists(restricted))


def programme_counts():
    """{(office pk, objective number): (programmes, smallest programme pk)}, in one query."""
    # Field names, not expressions: modeltranslation's values() would add every field to the
    # expressions (and to the GROUP BY).
    rows = (
        public_programmes()
        .values("offices", "objectives__number")
        .annotate(programmes=Count("pk", distinct=True), first=Min("pk"))
        .order_by()
    )
    return {
        (row["offices"], row["objectives__number"]): (row["programmes"], row["first"])
        for row in rows
        if row["offices"] is not None and row["objectives__number"] is not None
    }


def _site_root(request):
    if request is not None and hasattr(request, "_portal_site_root"):
        return request._portal_site_root
    site = find_site(request) if request is not None else None
    site = site or Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page if site else None


def _finder_q(root):
    """The site-wide programme finder: a programme index page right under the home page."""
    if root is None:
        return Q(pk__in=[])
    return Q(
        content_type=ContentType.objects.get_for_model(ProgrammeIndexPage),
        depth=root.depth + 1,
        path__startswith=root.path,
        live=True,
    )


def _linked_pages(request, single_pks):
    """(finder URL, {programme pk: URL}): the finder and the single programmes, in one query."""
    root = _site_root(request)
    finder_q = _finder_q(root)
    pages = Page.objects.filter(finder_q | Q(pk__in=single_pks)).order_by("path")
    finder_ct = ContentType.objects.get_for_model(ProgrammeIndexPage).pk
    finder_url, urls = None, {}
    for page in pages:
        if page.pk in single_pks:
            urls[page.pk] = page.get_url(request=request)
        elif finder_url is None and page.content_type_id == finder_ct:
            finder_url = page.get_url(request=request)
    return finder_url, urls


def _finder_url(request):
    finder = Page.objects.filter(_finder_q(_site_root(request))).order_by("path").first()
    return finder.get_url(request=request) if finder else None


def finder_url(request):
    """The site-wide programme finder's URL (None without one), from the memo."""
    return remember(request, "finder-url", lambda: _finder_url(request))


def _level(count, most):
    if not count:
        return 0
    return max(1, min(4, -(-4 * count // most)))  # ceil(4 * count / most)


def _cell_url(finder_url, office, number):
    if not finder_url:
        return None
    return f"{finder_url}?{urlencode({'office': office.pk, 'objective': number})}"


def _build(offices, objectives, counts, finder_url, single_urls, request=None):  # noqa: PLR0913
    lang = active_language()
    most = max((count for count, _first in counts.values()), default=0)
    rows = []
    for office in offices:
        cells = []
        for objective in objectives:
            count, first = counts.get((office.pk, objective.number), (0, None))
            url = reads_in = None
            if count == 1:
                url = single_urls.get(first)
                if url is not None:  # the programme itself: the link says its language
                    reads_in = availability.page_reading_language(first, lang, request)
            if count and url is None:
                url = _cell_url(finder_url, office, objective.number)
            cells.append(Cell(objective, count, url, _level(count, most), reads_in))
        rows.append(Row(office, cells))
    return Matrix(list(objectives), rows, finder_url)


def _page_of(request, offices, per_page):
    """The page of `offices` that the request's `?page=` asks for (the first when it is not a
    number, the last when it is past the end). A queryset is paged by its keys (`key_first`): at
    scale, reading every office with its page seven languages wide to show 25 of them was most
    of the Global Compact index's time."""
    number = request.GET.get("page") if request is not None else None
    return Paginator(key_first(offices), per_page).get_page(number)


def objective_matrix(request=None, offices=None, objectives=None, per_page=None):
    """Every office (rows) by every objective (columns); with `per_page`, one page of the offices
    (matrix.page), shaded against the whole table's largest count.

    Queries: the counts, the offices (unless given; paged: how many, then one page of them), the
    objectives (unless given) and the pages the cells link to: at most five, however many
    offices, objectives and programmes there are.
    """
    if objectives is None:
        objectives = without_bodies(
            Objective.objects.live().select_related("page"), "page"
        ).order_by("number")
    if offices is None:
        offices = without_bodies(Office.objects.live().select_related("page"), "page").order_by(
            "name", "pk"
        )
    page = None
    if per_page:
        page = _page_of(request, offices, per_page)
        offices = page.object_list
    offices = list(offices)
    # Kept until the next change (the memo's data token): at scale, grouping every programme's
    # offices and objectives was most of the Global Compact index's time.
    counts = remember(request, "matrix-programme-counts", programme_counts, per_language=False)
    shown = {office.pk for office in offices}
    singles = {
        first for (office, _n), (count, first) in counts.items() if count == 1 and office in shown
    }
    finder_url, single_urls = _linked_pages(request, singles)
    matrix = _build(offices, list(objectives), counts, finder_url, single_urls, request)
    return replace(matrix, page=page)


def office_row(office, programmes, request=None, objectives=None):
    """One office's row, counted from its programmes as its page loaded them (live, public,
    objectives prefetched). The objectives (unless given) and the finder's URL come from the memo
    of what every page shows (portal/core/memo.py): no query when it has them."""
    if objectives is None:
        objectives = remember(request, "matrix-objectives", objectives_with_pages)
    counts, programme_by_pk = {}, {}
    for programme in programmes:
        programme_by_pk[programme.pk] = programme
        for objective in programme.objectives.all():
            count, first = counts.get((office.pk, objective.number), (0, None))
            counts[(office.pk, objective.number)] = (count + 1, first or programme.pk)
    finder = finder_url(request)
    single_urls = {
        first: programme_by_pk[first].get_url(request=request)
        for count, first in counts.values()
        if count == 1
    }
    return _build([office], list(objectives), counts, finder, single_urls, request)
