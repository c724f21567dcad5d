"""The programme finder: which programmes a set of filters asks for.

One form reads the filters (office, Global Compact objective, country, status, kind of partner)
from GET parameters, and one function turns the form into a queryset. The programme listing
page, its CSV download and the JSON API all go through both, so the same filters give exactly
the same programmes, in the same order, everywhere.

Filters combine (AND). A value that is not understood (an unknown office, objective 99, letters)
is left out, never an error: the listing says it left it out, the API answers 400 with the
reason. Each filter is a subquery, so no filter adds a query or duplicate rows, and the form
reads the database only for what it is asked for: the offices when an office is given or the
controls are drawn, the objectives and the countries in scope when the controls are drawn.
"""

import unicodedata
from functools import cached_property
from urllib.parse import urlencode

from django import forms
from django.db.models import (
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    Value,
)
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from compact.models import OBJECTIVE_COUNT, Objective
from offices.models import Office, PartnerKind, ProgrammePage
from portal.core import availability, cache
from portal.core.i18n import LANGUAGE_CODES, active_language, field_text
from portal.core.memo import remember
from portal.core.pages import paginate
from portal.core.query import outside_private_sections, without_bodies

FILTER_NAMES = ("office", "objective", "country", "status", "partner_kind")

OfficeLink = ProgrammePage.offices.through
PartnerLink = ProgrammePage.partners.through
ObjectiveLink = ProgrammePage.objectives.through


def programme_scope(under_path=None):
    """Live programmes outside private sections: all of them, or those below a tree path."""
    queryset = without_bodies(ProgrammePage.objects.live()).filter(outside_private_sections())
    if under_path:
        queryset = queryset.filter(
            path__startswith=under_path, depth__gt=len(under_path) // ProgrammePage.steplen
        )
    return queryset


def text_order(field, lang):
    """Order by a translated field as shown in `lang`: its own text, else the English one."""
    if lang not in LANGUAGE_CODES or lang == "en":
        return Lower(f"{field}_en").asc()
    return Lower(Coalesce(NullIf(F(f"{field}_{lang}"), Value("")), F(f"{field}_en"))).asc()


def sort_key(text):
    """Alphabetical order that ignores case and accents (Åland next to Albania, É with E)."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _codes(value):
    """Country codes of a CountryField(multiple=True) value, read raw ("NG,SN") or as objects."""
    if not value:
        return []
    if isinstance(value, str):
        return [code for code in value.split(",") if code]
    return [getattr(country, "code", country) for country in value]


def _in_code_list(field, code):
    """The comma-separated codes in `field` include `code` (whole codes only)."""
    return (
        Q(**{field: code})
        | Q(**{f"{field}__startswith": f"{code},"})
        | Q(**{f"{field}__endswith": f",{code}"})
        | Q(**{f"{field}__contains": f",{code},"})
    )


class FilterForm(forms.Form):
    """What every finder's form shares (the programme finder, the pledge and review lists, the
    publications library): the office and objective filters, read from GET parameters, every
    one optional, in the order of `filter_names`. A value not understood does not make the
    form fail as a whole: `filters` holds the valid ones, `ignored` names the others.

    `scope` is the queryset the filters narrow. With `request` and `scope_key` (what names the
    scope, e.g. the index page's path), what a subclass's controls list may be kept in the memo
    (portal/core/memo.py)."""

    filter_names = ("office", "objective")

    office = forms.CharField(label=_("Office"), required=False)
    objective = forms.TypedChoiceField(
        label=_("Global Compact objective"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(str(n), str(n)) for n in range(1, OBJECTIVE_COUNT + 1)],
    )

    def __init__(self, data=None, *, scope, lang=None, request=None, scope_key=None, **kwargs):
        super().__init__(data if data is not None else {}, **kwargs)
        self.scope = scope
        self.request = request if scope_key is not None else None
        self.scope_key = scope_key
        self.lang = lang or active_language()

    @cached_property
    def offices_by_pk(self):
        """The live offices, in the language's alphabetical order."""
        offices = list(Office.objects.live())
        offices.sort(key=lambda office: sort_key(field_text(office, "name", self.lang)))
        return {office.pk: office for office in offices}

    # --- validation ---

    def clean_office(self):
        value = self.cleaned_data["office"].strip()
        if not value:
            return None
        if not (value.isascii() and value.isdigit() and len(value) <= 18):
            raise forms.ValidationError(_("Choose an office from the list."), code="invalid")
        if int(value) not in self.offices_by_pk:
            raise forms.ValidationError(_("Choose an office from the list."), code="invalid")
        return int(value)

    def clean_country(self):
        """For the subclasses that have a `country` filter."""
        code = self.cleaned_data["country"].strip().upper()
        if not code:
            return None
        if len(code) != 2 or not code.isascii() or not countries.name(code):
            raise forms.ValidationError(_("Choose a country from the list."), code="invalid")
        return code

    @cached_property
    def filters(self):
        """The valid, non-empty filters: {"office": 3, "objective": 5, "country": "NO", ...}."""
        errors = self.errors  # validates once; a field that fails is left out of cleaned_data
        cleaned = self.cleaned_data
        return {
            name: cleaned[name]
            for name in self.filter_names
            if name not in errors and cleaned.get(name)
        }

    @property
    def active(self):
        """Whether the request asked for any filter (understood or not)."""
        return bool(self.filters or self.ignored)

    @property
    def ignored(self):
        """Labels of the filters whose values were not understood (and so left out)."""
        return [str(self.fields[name].label) for name in self.filter_names if name in self.errors]

    def query_items(self):
        """The valid filters as GET parameters, in a fixed order (for links that keep them)."""
        filters = self.filters
        return [(name, str(filters[name])) for name in self.filter_names if name in filters]


class ProgrammeFilterForm(FilterForm):
    """The finder's filters (see `FilterForm`); `scope` is `programme_scope`'s queryset.

    With `request` and `scope_key`, what the controls list (the offices, the countries in
    scope) is kept in the memo of the data's generation (portal/core/memo.py): at scale, reading
    it from 5,000 programmes took a third of the listing's time.
    """

    filter_names = FILTER_NAMES

    country = forms.CharField(label=_("Country"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    partner_kind = forms.ChoiceField(label=_("Kind of partner"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", ""), *ProgrammePage.Status.choices]
        self.fields["partner_kind"].choices = [("", ""), *PartnerKind.choices]

    # --- what the controls show ---

    def _remember(self, name, build):
        key = ("programme-finder", name, self.scope_key, self.lang)
        return remember(self.request, key, build)

    @cached_property
    def offices(self):
        """Every office, in the visitor's language's alphabetical order; `runs_here` is True
        for those running at least one programme in scope."""
        return self._remember("offices", self._offices)

    def _offices(self):
        here = OfficeLink.objects.filter(office=OuterRef("pk"), programmepage__in=self.scope)
        offices = list(Office.objects.live().annotate(runs_here=Exists(here)))
        offices.sort(key=lambda office: sort_key(field_text(office, "name", self.lang)))
        return offices

    @cached_property
    def offices_by_pk(self):
        return {office.pk: office for office in self.offices}

    def _country_options(self):
        """(code, name) of the countries in scope, in the language's alphabetical order (with
        the selected one, also when it is not in scope)."""
        options = self._remember("countries", lambda: _country_options(self._countries_in_scope()))
        selected = self.filters.get("country")
        if selected and selected not in {code for code, _name in options}:
            return _country_options({*(code for code, _name in options), selected})
        return options

    def _countries_in_scope(self):
        codes = set()
        rows = self.scope.order_by().values_list("countries_of_origin", "countries_of_destination")
        for origin, destination in rows.distinct():
            codes.update(_codes(origin), _codes(destination))
        codes.update(office.country.code for office in self.offices if office.runs_here)
        return codes

    def controls(self):
        """What the finder form draws: one select per filter, with its options and the selected
        value. Options are what the scope holds (and the selected value); an office select is
        left out when the scope has programmes of one office only and none is selected."""
        selected = {name: str(self.filters.get(name, "")) for name in FILTER_NAMES}
        office_options = [
            (str(office.pk), str(field_text(office, "name", self.lang)))
            for office in self.offices
            if office.runs_here or selected["office"] == str(office.pk)
        ]
        objective_options = [
            (str(o.number), f"{o.number}. {field_text(o, 'title', self.lang)}")
            for o in Objective.objects.live().order_by("number")
        ]
        if selected["objective"] and selected["objective"] not in dict(objective_options):
            objective_options.append((selected["objective"], selected["objective"]))
            objective_options.sort(key=lambda option: int(option[0]))
        country_options = self._country_options()
        rows = [
            ("office", _("All offices"), office_options),
            ("objective", _("All objectives"), objective_options),
            ("country", _("All countries"), country_options),
            ("status", _("Any status"), ProgrammePage.Status.choices),
            ("partner_kind", _("Any kind of partner"), PartnerKind.choices),
        ]
        controls = []
        for name, anything, options in rows:
            if name == "office" and len(options) < 2 and not selected["office"]:
                continue
            controls.append(
                {
                    "name": name,
                    "label": self.fields[name].label,
                    "options": [("", str(anything)), *((v, str(label)) for v, label in options)],
                    "selected": selected[name],
                }
            )
        return controls


def _country_options(codes):
    """(code, name) of the known countries among `codes`, in alphabetical order of their names
    in the active language."""
    named = ((code, str(countries.name(code))) for code in codes)
    return sorted(
        ((code, name) for code, name in named if name), key=lambda option: sort_key(option[1])
    )


def find_programmes(form):
    """The programmes the form's valid filters select, ordered by title in the form's language.

    The one place the filters become SQL: the listing, the CSV download and the API call it.
    Callers add the prefetches they need; the records and their order do not change.
    """
    queryset = form.scope
    filters = form.filters
    if "office" in filters:
        links = OfficeLink.objects.filter(office_id=filters["office"])
        queryset = queryset.filter(pk__in=links.values("programmepage_id"))
    if "objective" in filters:
        links = ObjectiveLink.objects.filter(
            objective__number=filters["objective"], objective__live=True
        )
        queryset = queryset.filter(pk__in=links.values("programmepage_id"))
    if "country" in filters:
        code = filters["country"]
        run_there = OfficeLink.objects.filter(office__country=code, office__live=True)
        queryset = queryset.filter(
            _in_code_list("countries_of_origin", code)
            | _in_code_list("countries_of_destination", code)
            | Q(pk__in=run_there.values("programmepage_id"))
        )
    if "status" in filters:
        queryset = queryset.filter(status=filters["status"])
    if "partner_kind" in filters:
        links = PartnerLink.objects.filter(
            partner__kind=filters["partner_kind"], partner__live=True
        )
        queryset = queryset.filter(pk__in=links.values("programmepage_id"))
    return queryset.order_by(text_order("title", form.lang), "pk")


def declare_query_parameters():
    """How the page cache reads the finder's filters (portal/core/cache.py): the values the
    form's choices send. Anything else is rendered (the form says what it did not understand)
    and not stored."""
    cache.query_parameter("office", cache.bounded_int(1, 10**18 - 1))
    cache.query_parameter("objective", cache.bounded_int(1, OBJECTIVE_COUNT))
    cache.query_parameter("country", cache.matching("[A-Z]{2}"))
    cache.query_parameter("status", cache.one_of(*ProgrammePage.Status.values))
    cache.query_parameter("partner_kind", cache.one_of(*PartnerKind.values))
    cache.query_parameter("format", cache.one_of("csv"))


def finder_context(request, index_page):
    """What the programme listing page shows: the form, a page of results, links that keep
    the filters (CSV download, clear filters)."""
    form = ProgrammeFilterForm(
        request.GET,
        scope=index_page.programmes(),
        lang=active_language(),
        request=request,
        scope_key=index_page.path,
    )
    if form.ignored:
        cache.unlisted(request)
    results = find_programmes(form)
    only_mine = availability.wants_only_available(request)
    if only_mine:
        results = availability.only_available(results, form.lang)
        items = [*form.query_items(), (availability.ONLY_MINE, "1")]
    else:
        items = form.query_items()
    results = results.prefetch_related(Prefetch("offices", queryset=Office.objects.live()))
    return {
        "finder": form,
        "only_mine": only_mine,
        "finder_filtered": form.active or only_mine,
        "programmes": paginate(request, results, count_name=("programmes", index_page.pk)),
        "csv_query": urlencode([*items, ("format", "csv")]),
    }
