"""The pledge and review lists: which records a set of filters asks for, a page of them, their
CSV, and what office and objective pages show of them.

As in the programme finder (offices/finder.py), one form reads the filters from GET parameters
and one function turns it into a queryset; the index pages, their CSV and the API
(portal/site/api/) all go through both. A value that is not understood (an unknown office, year
"20x5") is left out: the page says so, the API answers 400.
"""

import csv
from urllib.parse import urlencode

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Prefetch, Q
from django.http import HttpResponse
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from compact.models import Objective
from offices.finder import FilterForm, _country_options, text_order
from offices.models import Partner
from offices.pledges import (
    FIRST_YEAR,
    LAST_YEAR,
    Pledge,
    PledgeIndexPage,
    PledgerKind,
    PledgeStatus,
    Review,
    ReviewIndexPage,
    ReviewKind,
)
from offices.views import SEPARATOR, csv_cell
from portal.core import cache
from portal.core.i18n import active_language, field_text
from portal.core.memo import remember
from portal.core.pages import paginate
from portal.core.query import in_language, with_page_in_language

COMMON_FILTERS = ("office", "country", "objective", "year")
# On office and objective pages: the newest few; the index pages list them all.
SHOWN_ON_PAGES = 6


class RecordFilterForm(FilterForm):
    """The filters every record list has (see offices.finder.FilterForm); subclasses add their
    own."""

    filter_names = COMMON_FILTERS

    country = forms.CharField(label=_("Country"), required=False)
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )

    def choice_rows(self):
        """(name, "all" label, options) of the subclass's own select filters."""
        return []

    def controls(self):
        """One select per filter, with the options the scope holds (and the selected value)."""
        selected = {name: str(self.filters.get(name, "")) for name in self.filter_names}
        in_scope = self.scope.order_by().values_list("office_id", "country", "year_shown")
        used = {"office": set(), "country": set(), "year": set()}
        for office_id, country, year in in_scope.distinct():
            used["office"].add(office_id)
            used["country"].add(country)
            used["year"].add(year)
        rows = [
            (
                "office",
                _("All offices"),
                [
                    (str(pk), str(field_text(office, "name", self.lang)))
                    for pk, office in self.offices_by_pk.items()
                    if pk in used["office"] or selected["office"] == str(pk)
                ],
            ),
            ("country", _("All countries"), _country_options(used["country"] - {""})),
            (
                "objective",
                _("All objectives"),
                [
                    (str(o.number), f"{o.number}. {field_text(o, 'title', self.lang)}")
                    for o in Objective.objects.live().order_by("number")
                ],
            ),
            ("year", _("Any year"), [(str(y), str(y)) for y in sorted(used["year"], reverse=True)]),
            *self.choice_rows(),
        ]
        return [
            {
                "name": name,
                "label": self.fields[name].label,
                "options": [("", str(anything)), *((v, str(label)) for v, label in options)],
                "selected": selected[name],
            }
            for name, anything, options in rows
        ]


class PledgeFilterForm(RecordFilterForm):
    filter_names = (*COMMON_FILTERS, "pledge_status", "pledger_kind")

    pledge_status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", ""), *PledgeStatus.choices]
    )
    pledger_kind = forms.ChoiceField(
        label=_("Who pledges"), required=False, choices=[("", ""), *PledgerKind.choices]
    )

    def choice_rows(self):
        return [
            ("pledge_status", _("Any status"), PledgeStatus.choices),
            ("pledger_kind", _("Anyone"), PledgerKind.choices),
        ]


class ReviewFilterForm(RecordFilterForm):
    filter_names = (*COMMON_FILTERS, "review_kind")

    review_kind = forms.ChoiceField(
        label=_("Kind of review"), required=False, choices=[("", ""), *ReviewKind.choices]
    )

    def choice_rows(self):
        return [("review_kind", _("Any kind"), ReviewKind.choices)]


def _common_filters(queryset, filters, year_filter):
    if "office" in filters:
        queryset = queryset.filter(office_id=filters["office"])
    if "country" in filters:
        queryset = queryset.filter(country=filters["country"])
    if "objective" in filters:
        links = queryset.model.objectives.through.objects.filter(
            objective__number=filters["objective"], objective__live=True
        )
        queryset = queryset.filter(pk__in=links.values(f"{queryset.model._meta.model_name}_id"))
    if "year" in filters:
        queryset = queryset.filter(year_filter(filters["year"]))
    return queryset


def pledge_scope():
    return Pledge.objects.live().annotate(year_shown=F("start_year"))


def review_scope():
    return Review.objects.live().annotate(year_shown=F("year"))


def find_pledges(form):
    """The pledges the form's valid filters select: a year selects the pledges running in it
    (started by then, not ended before). Newest first, then by title in the form's language."""
    filters = form.filters

    def running_in(year):
        return Q(start_year__lte=year) & (Q(end_year__isnull=True) | Q(end_year__gte=year))

    queryset = _common_filters(form.scope, filters, running_in)
    if "pledge_status" in filters:
        queryset = queryset.filter(status=filters["pledge_status"])
    if "pledger_kind" in filters:
        queryset = queryset.filter(pledger_kind=filters["pledger_kind"])
    return queryset.order_by("-start_year", text_order("title", form.lang), "pk")


def find_reviews(form):
    """The reviews the form's valid filters select, newest first."""
    filters = form.filters
    queryset = _common_filters(form.scope, filters, lambda year: Q(year=year))
    if "review_kind" in filters:
        queryset = queryset.filter(kind=filters["review_kind"])
    return queryset.order_by("-year", text_order("title", form.lang), "pk")


def objectives_prefetch():
    objectives = with_page_in_language(Objective.objects.live()).order_by("number")
    return Prefetch("objectives", queryset=objectives)


def with_related(queryset, partners=True):
    """What a card, a CSV row and the API show besides the record: its office, objectives (and
    a pledge's partners, a review's document), in a fixed number of queries. Office and
    objective pages show no partners (a query less)."""
    queryset = queryset.select_related("office__page").prefetch_related(objectives_prefetch())
    if queryset.model is Pledge and partners:
        return queryset.prefetch_related(
            Prefetch("partners", queryset=Partner.objects.live().order_by("name"))
        )
    return queryset.select_related("document") if queryset.model is Review else queryset


def _label(model, name):
    return capfirst(model._meta.get_field(name).verbose_name)


def _office_name(record, lang):
    office = record.office
    return field_text(office, "name", lang) if office is not None and office.live else ""


def _numbers(record):
    return SEPARATOR.join(str(objective.number) for objective in record.objectives.all())


def pledge_rows(request, pledges, lang):
    yield [
        *(_label(Pledge, name) for name in ("title", "pledger", "pledger_kind", "country")),
        *(_label(Pledge, name) for name in ("office", "status", "start_year", "end_year")),
        gettext("Global Compact objectives"),
        gettext("Partners"),
        _label(Pledge, "description"),
    ]
    for pledge in pledges:
        yield [
            field_text(pledge, "title", lang),
            field_text(pledge, "pledger", lang),
            pledge.get_pledger_kind_display(),
            pledge.country.name if pledge.country else "",
            _office_name(pledge, lang),
            pledge.get_status_display(),
            pledge.start_year,
            pledge.end_year or "",
            _numbers(pledge),
            SEPARATOR.join(str(field_text(p, "name", lang)) for p in pledge.partners.all()),
            field_text(pledge, "description", lang),
        ]


def review_rows(request, reviews, lang):
    yield [
        *(_label(Review, name) for name in ("title", "kind", "country", "region", "year")),
        _label(Review, "office"),
        gettext("Global Compact objectives"),
        _label(Review, "summary"),
        _label(Review, "document"),
        _label(Review, "document_language"),
    ]
    for review in reviews:
        document = review.document
        yield [
            field_text(review, "title", lang),
            review.get_kind_display(),
            review.country.name if review.country else "",
            review.get_region_display(),
            review.year,
            _office_name(review, lang),
            _numbers(review),
            field_text(review, "summary", lang),
            request.build_absolute_uri(document.url) if document else "",
            review.document_language,
        ]


class Finder:
    """One kind of record's list: its form, query, page context and CSV."""

    def __init__(self, name, form_class, scope, find, rows):
        self.name, self.form_class, self.scope = name, form_class, scope
        self.find, self.rows = find, rows

    def form(self, request):
        return self.form_class(request.GET, scope=self.scope(), lang=active_language())

    def context(self, request):
        form = self.form(request)
        if form.ignored:
            cache.unlisted(request)
        items = form.query_items()
        return {
            "finder": form,
            "records": paginate(request, with_related(self.find(form))),
            "csv_query": urlencode([*items, ("format", "csv")]),
        }

    def csv(self, request):
        lang = active_language()
        records = with_related(self.find(self.form(request)))
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.name}-{lang}.csv"'
        response.write("\ufeff")  # a byte order mark, so spreadsheet programs read UTF-8
        writer = csv.writer(response)
        for row in self.rows(request, records, lang):
            writer.writerow([csv_cell(value) for value in row])
        return response


FINDERS = {
    "pledges": Finder("pledges", PledgeFilterForm, pledge_scope, find_pledges, pledge_rows),
    "reviews": Finder("reviews", ReviewFilterForm, review_scope, find_reviews, review_rows),
}


def declare_query_parameters():
    """How the page cache reads the lists' own filters (office, country, objective, page and
    format are the programme finder's, with the same values)."""
    cache.query_parameter("year", cache.bounded_int(FIRST_YEAR, LAST_YEAR))
    cache.query_parameter("pledge_status", cache.one_of(*PledgeStatus.values))
    cache.query_parameter("pledger_kind", cache.one_of(*PledgerKind.values))
    cache.query_parameter("review_kind", cache.one_of(*ReviewKind.values))


def _newest(queryset):
    records = list(with_related(in_language(queryset), partners=False)[: SHOWN_ON_PAGES + 1])
    return records[:SHOWN_ON_PAGES], len(records) > SHOWN_ON_PAGES


def _lists(pledges, reviews, request):
    pledges, more_pledges = _newest(pledges.filter(live=True).order_by("-start_year", "pk"))
    reviews, more_reviews = _newest(reviews.filter(live=True).order_by("-year", "pk"))
    return {
        "pledges": pledges,
        "more_pledges": more_pledges,
        "reviews": reviews,
        "more_reviews": more_reviews,
        **index_pages(request),
    }


def office_records(office, request):
    """An office page's newest pledges and reviews, and the index pages listing them all."""
    return _lists(office.pledges, office.reviews, request)


def objective_records(page, context):
    """An objective page's newest pledges and reviews (compact.extensions)."""
    objective = page.objective
    context.update(_lists(objective.pledges, objective.reviews, context["request"]))


def index_pages(request):
    """{"pledge_index": page or None, "review_index": ...}: the live, public index pages, kept
    in the memo (portal/core/memo.py) until the page tree changes."""

    def build():
        pages = Page.objects.type(PledgeIndexPage, ReviewIndexPage).live().public()
        found = {page.content_type_id: page for page in pages.order_by("path")}
        return {
            "pledge_index": found.get(ContentType.objects.get_for_model(PledgeIndexPage).pk),
            "review_index": found.get(ContentType.objects.get_for_model(ReviewIndexPage).pk),
        }

    return remember(request, "pledge-and-review-index-pages", build, per_language=False)
