"""Site search, scoped to the visitor's language (portal/site/search.py); the favicon."""

from django.core.paginator import Paginator
from django.http import HttpResponsePermanentRedirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils.http import urlencode

from compact.models import Objective
from offices.models import Office
from portal.core import availability
from portal.core.i18n import active_language, field_text
from portal.core.query import without_bodies
from portal.site.search import (
    KINDS,
    MAX_QUERY_LENGTH,
    RESULTS_PER_PAGE,
    Filters,
    Search,
    clean_query,
)


def search(request):
    lang = active_language()
    query = clean_query(request.GET.get("q", ""))
    # The filters' choices: two small queries, also used to check the values given.
    offices = sorted(
        without_bodies(Office.objects.live().select_related("page"), "page"),
        key=lambda office: str(field_text(office, "name", lang)).casefold(),
    )
    objectives = list(
        without_bodies(Objective.objects.live().select_related("page"), "page").order_by("number")
    )
    filters = Filters.from_query(request.GET, offices, objectives)
    finder = Search(query, filters, lang, objectives)
    page_number = request.GET.get("page", "")[:12]
    found = finder.results
    only_mine = availability.wants_only_available(request)
    if only_mine:  # "Only in my language": what its link would not mark
        found = [r for r in found if _available(r, lang, request)]
    results = Paginator(found, RESULTS_PER_PAGE).get_page(page_number)
    finder.prepare(results.object_list, request)
    context = {
        "query": query,
        "has_words": bool(finder.terms),
        "results": results,
        "filters": filters,
        "only_mine": only_mine,
        "kinds": list(KINDS.values()),
        "offices": offices,
        "objectives": objectives,
        "max_length": MAX_QUERY_LENGTH,
    }
    if query and not results.paginator.count:
        context["index_pages"] = {
            key: page.get_url(request=request) for key, page in finder.index_pages.items()
        }
        if filters:
            context["without_filters"] = "?" + urlencode({"q": query})
    return TemplateResponse(request, "pages/search.html", context)


def _available(result, lang, request):
    """A result is in the visitor's language when its page is (a record's own page, else the
    record itself): portal/core/availability.py."""
    target = result.obj if result.is_page else (result.target or result.obj)
    return availability.reading_language(target, lang, request) is None


def favicon(request):
    """/favicon.ico, which browsers ask for by themselves: the icon the pages link to."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
