"""The library's filters: which publications a request asks for.

One form reads the filters (office, Global Compact objective, year, language of a file, type)
from GET parameters and one function turns it into a queryset; the library page, its CSV file
and /api/v1/publications/ all go through both, as the programme finder does (offices/finder.py):
a value that is not understood is left out and named on the page, and is a 400 in the API.
"""

from urllib.parse import urlencode

from django import forms
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from compact.models import OBJECTIVE_COUNT, Objective
from offices.finder import FilterForm, sort_key, text_order
from offices.models import Office
from portal.core import cache
from portal.core.i18n import LANGUAGE_CODES, active_language, field_text, language_name
from portal.core.memo import remember
from portal.core.pages import paginate
from portal.core.query import outside_private_sections, without_bodies
from portal.publications.models import (
    FIRST_YEAR,
    LAST_YEAR,
    PublicationFile,
    PublicationPage,
)

FILTER_NAMES = ("office", "objective", "year", "language", "type")
ObjectiveLink = PublicationPage.objectives.through
CHOOSE = _("Choose a value from the list.")


def declare_query_parameters():
    """How the page cache reads the library's filters (portal/core/cache.py). "office",
    "objective" and "format" are the programme finder's, with the same values."""
    cache.query_parameter("office", cache.bounded_int(1, 10**18 - 1))
    cache.query_parameter("objective", cache.bounded_int(1, OBJECTIVE_COUNT))
    cache.query_parameter("year", cache.bounded_int(FIRST_YEAR, LAST_YEAR))
    cache.query_parameter("language", cache.one_of(*LANGUAGE_CODES))
    cache.query_parameter("type", cache.one_of(*PublicationPage.Type.values))
    cache.query_parameter("format", cache.one_of("csv"))
    cache.query_parameter("cite", cache.one_of("ris", "bib"))


def publication_scope(under_path=None):
    """Live publications outside private sections: all of them, or those below a tree path."""
    queryset = without_bodies(PublicationPage.objects.live()).filter(outside_private_sections())
    if under_path:
        queryset = queryset.filter(
            path__startswith=under_path, depth__gt=len(under_path) // PublicationPage.steplen
        )
    return queryset


def with_listing_data(queryset):
    """What a listing shows of each publication, read in a fixed number of queries."""
    files = PublicationFile.objects.select_related("document").order_by("sort_order", "pk")
    return queryset.select_related("office").prefetch_related(
        Prefetch("files", queryset=files),
        Prefetch("objectives", queryset=Objective.objects.live().order_by("number")),
    )


class PublicationFilterForm(FilterForm):
    """The library's filters (see offices.finder.FilterForm)."""

    filter_names = FILTER_NAMES

    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    type = forms.ChoiceField(label=_("Type"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", ""), *((c, c) for c in LANGUAGE_CODES)]
        self.fields["type"].choices = [("", ""), *PublicationPage.Type.choices]
        self.fields["office"].error_messages["invalid"] = CHOOSE

    # --- what the controls show ---

    def _remember(self, name, build):
        key = ("publication-library", name, self.scope_key, self.lang)
        if self.request is None:
            return build()
        return remember(self.request, key, build)

    def _options(self):
        """(offices, years) that the scope's publications have, for the controls."""
        rows = self.scope.order_by().values_list("office_id", "year").distinct()
        office_ids, years = set(), set()
        for office_id, year in rows:
            office_ids.add(office_id)
            years.add(year)
        offices = [
            (str(office.pk), str(field_text(office, "name", self.lang)))
            for office in Office.objects.live().filter(pk__in=office_ids - {None})
        ]
        offices.sort(key=lambda option: sort_key(option[1]))
        return offices, [str(year) for year in sorted(years, reverse=True)]

    def controls(self):
        """One select per filter: its label, options and the selected value."""
        offices, years = self._remember("options", self._options)
        selected = {name: str(self.filters.get(name, "")) for name in FILTER_NAMES}
        objectives = self._remember(
            "objectives",
            lambda: [
                (str(o.number), f"{o.number}. {field_text(o, 'title', self.lang)}")
                for o in Objective.objects.live().order_by("number")
            ],
        )
        languages = [(code, language_name(code)) for code in LANGUAGE_CODES]
        rows = [
            ("office", _("All offices"), offices),
            ("objective", _("All objectives"), objectives),
            ("year", _("Any year"), [(year, year) for year in years]),
            ("language", _("Any language"), languages),
            ("type", _("Any type"), PublicationPage.Type.choices),
        ]
        return [
            {
                "name": name,
                "label": self.fields[name].label,
                "options": [("", str(anything)), *((str(v), str(label)) for v, label in options)],
                "selected": selected[name],
            }
            for name, anything, options in rows
        ]


def find_publications(form):
    """The publications the form's valid filters select, newest first, then by title in the
    form's language. The one place the filters become SQL."""
    queryset = form.scope
    filters = form.filters
    if "office" in filters:
        queryset = queryset.filter(office_id=filters["office"])
    if "objective" in filters:
        links = ObjectiveLink.objects.filter(
            objective__number=filters["objective"], objective__live=True
        )
        queryset = queryset.filter(pk__in=links.values("publicationpage_id"))
    if "year" in filters:
        queryset = queryset.filter(year=filters["year"])
    if "language" in filters:
        files = PublicationFile.objects.filter(language=filters["language"])
        queryset = queryset.filter(pk__in=files.values("page_id"))
    if "type" in filters:
        queryset = queryset.filter(publication_type=filters["type"])
    return queryset.order_by("-year", text_order("title", form.lang), "pk")


def library_form(http_request, index_page, **kwargs):
    return PublicationFilterForm(
        http_request.GET,
        scope=publication_scope(under_path=index_page.path[: -index_page.steplen]),
        lang=active_language(),
        **kwargs,
    )


def library_context(request, index_page):
    """What the library page shows: the form, a page of results, the CSV link."""
    form = library_form(request, index_page, request=request, scope_key=index_page.path)
    if form.ignored:
        cache.unlisted(request)
    items = form.query_items()
    return {
        "finder": form,
        "publications": paginate(request, with_listing_data(find_publications(form))),
        "csv_query": urlencode([*items, ("format", "csv")]),
    }
