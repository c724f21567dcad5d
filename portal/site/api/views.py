"""Read-only JSON endpoints. Every one takes `?lang=` (one of the portal's languages, default
English; anything else is a 400) and lists are paginated with `?limit=` (at most 100) and
`?offset=`. Programmes take the finder's filters, through the finder's own form and queryset.
"""

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from rest_framework import exceptions, status, viewsets
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.models import PageViewRestriction, Site

from compact.models import CountryAction, Objective
from offices.finder import (
    FILTER_NAMES,
    ProgrammeFilterForm,
    find_programmes,
    programme_scope,
    text_order,
)
from offices.models import Office, Partner
from offices.pledge_finder import FINDERS, with_related
from portal.core import cache
from portal.core.i18n import LANGUAGE_CODES
from portal.core.query import key_first
from portal.publications.finder import FILTER_NAMES as PUBLICATION_FILTERS
from portal.site.api import serializers

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
LANGUAGE_PARAM = "lang"


class UnknownLanguage(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "unknown_language"


class InvalidFilter(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid_filter"


def declare_query_parameters():
    """How the page cache reads the API's parameters: a language code as given (an unknown one
    is a 400 the view writes), a limit and an offset."""
    cache.query_parameter(LANGUAGE_PARAM, cache.one_of(*LANGUAGE_CODES))
    cache.query_parameter("limit", cache.bounded_int(0, MAX_LIMIT))
    cache.query_parameter("offset", cache.bounded_int(0, 10**7))


def requested_language(request):
    """The `lang` parameter (the last one, when repeated), or English when there is none."""
    values = request.GET.getlist(LANGUAGE_PARAM)
    value = values[-1].strip().lower() if values else ""
    return value or settings.LANGUAGE_CODE


def keep_errors_here(request):
    """Answer a 404 here, as JSON, rather than let LocaleMiddleware redirect it to /en/api/...

    LocaleMiddleware sends any 404 outside the language prefixes to the same path under the
    visitor's language when that path resolves, and Wagtail's catch-all makes every path under
    /en/ resolve. The middleware reads the URLconf from request.urlconf once the view has run:
    point it at the API's own patterns, which have no language prefixes. (Resolution and
    reverse() have used the root URLconf already and are not affected.)
    """
    request.urlconf = "portal.site.api.urls"


def not_found(request, *args, **kwargs):
    """Any other path under /api/v1/ that ends in a slash: a JSON 404, not a web page."""
    keep_errors_here(request)
    return JsonResponse({"detail": gettext("Not found.")}, status=404)


class Pagination(LimitOffsetPagination):
    default_limit = DEFAULT_LIMIT
    max_limit = MAX_LIMIT

    def paginate_queryset(self, queryset, request, view=None):
        return super().paginate_queryset(key_first(queryset), request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data = {"language": translation.get_language(), **response.data}
        return response


class ReadOnlyAPIMixin:
    """GET, HEAD and OPTIONS only, no sessions or cookies read, JSON out, in `?lang=`."""

    authentication_classes = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    parser_classes = []
    http_method_names = ["get", "head", "options"]

    # The query parameters a response depends on (the page cache's key, portal/core/cache.py).
    cache_parameters = (LANGUAGE_PARAM, "limit", "offset")

    def dispatch(self, request, *args, **kwargs):
        keep_errors_here(request)
        cache.reads(request, *self.cache_parameters)
        lang = requested_language(request)
        # An unknown language is refused in initial(), in the language the visitor's browser
        # asks for; a known one is active while the response is built and rendered.
        active = lang if lang in LANGUAGE_CODES else translation.get_language()
        with translation.override(active):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            if lang in LANGUAGE_CODES:
                response["Content-Language"] = lang
        # Open data: any web page may read it (no cookies or credentials are ever used).
        response["Access-Control-Allow-Origin"] = "*"
        return response

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.lang = requested_language(request)
        if self.lang not in LANGUAGE_CODES:
            raise UnknownLanguage(
                {
                    "detail": gettext("Unknown language “%(lang)s”. Use one of: %(codes)s.")
                    % {"lang": self.lang[:20], "codes": ", ".join(LANGUAGE_CODES)},
                    "languages": LANGUAGE_CODES,
                }
            )

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            raise exceptions.NotFound(gettext("Not found.")) from None

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["lang"] = self.lang
        context["page_url"] = self.page_url
        return context

    def page_url(self, page):
        """Absolute URL of a live page outside private sections, in the requested language."""
        if page is None or not page.live:
            return None
        if not hasattr(self, "_private_paths"):
            self._private_paths = [
                r.page.path for r in PageViewRestriction.objects.select_related("page")
            ]
        if any(page.path.startswith(path) for path in self._private_paths):
            return None
        url = page.get_url(request=self.request)
        return self.request.build_absolute_uri(url) if url else None


class OfficeViewSet(ReadOnlyAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Offices: where each is, what it covers, how to reach it, its page."""

    serializer_class = serializers.OfficeSerializer
    pagination_class = Pagination
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        return (
            Office.objects.live()
            .select_related("page")
            .order_by(text_order("name", self.lang), "pk")
        )


class ObjectiveViewSet(ReadOnlyAPIMixin, viewsets.ReadOnlyModelViewSet):
    """The 23 objectives of the Global Compact, by number."""

    serializer_class = serializers.ObjectiveSerializer
    pagination_class = Pagination
    lookup_field = "number"
    lookup_value_regex = "[0-9]{1,3}"

    def get_queryset(self):
        return Objective.objects.live().select_related("page").order_by("number")


class CountryActionViewSet(ReadOnlyAPIMixin, viewsets.ReadOnlyModelViewSet):
    """What countries did to advance the objectives, newest first."""

    serializer_class = serializers.CountryActionSerializer
    pagination_class = Pagination
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        numbers = Objective.objects.live().order_by("number")
        return (
            CountryAction.objects.live()
            .prefetch_related(Prefetch("objectives", queryset=numbers))
            .order_by("-year", "country", "pk")
        )


class ProgrammeViewSet(ReadOnlyAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Live, public programmes of the site, filtered like the programme finder:
    ?office=<id>&objective=<1-23>&country=<ISO code>&status=<status>&partner_kind=<kind>."""

    serializer_class = serializers.ProgrammeSerializer
    pagination_class = Pagination
    cache_parameters = (
        *ReadOnlyAPIMixin.cache_parameters,
        *("office", "objective", "country", "status", "partner_kind"),
    )
    lookup_value_regex = "[0-9]{1,18}"

    def scope(self):
        site = Site.find_for_request(self.request)
        return programme_scope(under_path=site.root_page.path if site else None)

    def get_queryset(self):
        if self.action == "list":
            form = ProgrammeFilterForm(self.request.GET, scope=self.scope(), lang=self.lang)
            if form.ignored:
                raise invalid_filters(form)
            queryset = find_programmes(form)
        else:
            queryset = self.scope()
        return queryset.prefetch_related(
            Prefetch("offices", queryset=Office.objects.live()),
            Prefetch("partners", queryset=Partner.objects.live()),
            Prefetch("objectives", queryset=Objective.objects.live().order_by("number")),
        )


def invalid_filters(form):
    """The 400 the finder's API answers for filters it did not understand."""
    return InvalidFilter(
        {
            "detail": gettext("Some filters were not understood: %(names)s.")
            % {"names": ", ".join(form.ignored)},
            "errors": {
                name: [str(message) for message in messages]
                for name, messages in form.errors.items()
            },
        }
    )


class FinderViewSet(ReadOnlyAPIMixin, viewsets.ReadOnlyModelViewSet):
    """A list of pledges or reviews (offices/pledge_finder.py), filtered like its index page."""

    pagination_class = Pagination
    lookup_value_regex = "[0-9]{1,18}"
    finder_name = None

    def get_queryset(self):
        finder = FINDERS[self.finder_name]
        if self.action != "list":
            return with_related(finder.scope())
        form = finder.form_class(self.request.GET, scope=finder.scope(), lang=self.lang)
        if form.ignored:
            raise invalid_filters(form)
        return with_related(finder.find(form))


class PledgeViewSet(FinderViewSet):
    """Live pledges: ?office=<id>&country=<ISO code>&objective=<1-23>&year=<running in>
    &pledge_status=<status>&pledger_kind=<kind>."""

    serializer_class = serializers.PledgeSerializer
    finder_name = "pledges"
    cache_parameters = (
        *ReadOnlyAPIMixin.cache_parameters,
        *("office", "country", "objective", "year", "pledge_status", "pledger_kind"),
    )


class ReviewViewSet(FinderViewSet):
    """Live reviews: ?office=<id>&country=<ISO code>&objective=<1-23>&year=<year>
    &review_kind=<national|regional>."""

    serializer_class = serializers.ReviewSerializer
    finder_name = "reviews"
    cache_parameters = (
        *ReadOnlyAPIMixin.cache_parameters,
        *("office", "country", "objective", "year", "review_kind"),
    )


class RootView(ReadOnlyAPIMixin, APIView):
    """What the API offers: its endpoints, languages and programme filters."""

    def get(self, request):
        def url(name):
            return request.build_absolute_uri(reverse(name))

        return Response(
            {
                "offices": url("api:office-list"),
                "programmes": url("api:programme-list"),
                "objectives": url("api:objective-list"),
                "country_actions": url("api:countryaction-list"),
                "publications": url("api:publication-list"),
                "languages": LANGUAGE_CODES,
                "language_parameter": LANGUAGE_PARAM,
                "programme_filters": list(FILTER_NAMES),
                "publication_filters": list(PUBLICATION_FILTERS),
                "pledges": url("api:pledge-list"),
                "reviews": url("api:review-list"),
                "pledge_filters": list(FINDERS["pledges"].form_class.filter_names),
                "review_filters": list(FINDERS["reviews"].form_class.filter_names),
                "max_limit": MAX_LIMIT,
            }
        )
