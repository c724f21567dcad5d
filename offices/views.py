"""The programme finder's results as a CSV file, in the visitor's language."""

import csv

from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django_countries import countries

from compact.models import Objective
from offices.finder import ProgrammeFilterForm, find_programmes
from offices.models import Office, Partner, ProgrammePage
from portal.core.i18n import active_language, field_text

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection, OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SEPARATOR = "; "


def csv_cell(value):
    """The value as text a spreadsheet shows as text: formulas get a leading apostrophe."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _country_names(codes):
    return SEPARATOR.join(str(countries.name(country.code)) for country in codes)


def _label(field_name):
    return capfirst(ProgrammePage._meta.get_field(field_name).verbose_name)


def programme_rows(request, programmes, lang):
    """The header row, then one row per programme, every text in `lang` (or its fallback)."""
    yield [
        _label("title"),
        _label("acronym"),
        _("Offices"),
        _label("status"),
        _label("start_date"),
        _label("end_date"),
        _("Global Compact objectives"),
        _label("countries_of_origin"),
        _label("countries_of_destination"),
        _("Partners"),
        _("Page address"),
    ]
    for programme in programmes:
        yield [
            field_text(programme, "title", lang),
            programme.acronym,
            SEPARATOR.join(str(field_text(o, "name", lang)) for o in programme.offices.all()),
            programme.get_status_display(),
            programme.start_date.isoformat() if programme.start_date else "",
            programme.end_date.isoformat() if programme.end_date else "",
            SEPARATOR.join(str(objective.number) for objective in programme.objectives.all()),
            _country_names(programme.countries_of_origin),
            _country_names(programme.countries_of_destination),
            SEPARATOR.join(str(field_text(p, "name", lang)) for p in programme.partners.all()),
            request.build_absolute_uri(programme.get_url(request=request)),
        ]


def programmes_csv(request, index_page):
    """Every programme the finder shows for the request's filters (all pages of them)."""
    lang = active_language()
    form = ProgrammeFilterForm(request.GET, scope=index_page.programmes(), lang=lang)
    programmes = find_programmes(form).prefetch_related(
        Prefetch("offices", queryset=Office.objects.live()),
        Prefetch("partners", queryset=Partner.objects.live()),
        Prefetch("objectives", queryset=Objective.objects.live().order_by("number")),
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="programmes-{lang}.csv"'
    response.write("\ufeff")  # a byte order mark, so spreadsheet programs read UTF-8
    writer = csv.writer(response)
    for row in programme_rows(request, programmes, lang):
        writer.writerow([csv_cell(value) for value in row])
    return response
