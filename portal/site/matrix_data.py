"""The whole office x objective matrix as CSV and JSON, in the visitor's language.

The Global Compact index shows the matrix a page of offices at a time (offices/matrix.py); these
give every office at once: /<lang>/compact-matrix.csv and /<lang>/compact-matrix.json. Each row
is an office (its name in the language, with the English fallback, its country and its page's
address) with, per objective, the number of live public programmes of the office that serve it:
the same counts as the matrix's cells.
"""

import csv

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from offices.matrix import objective_matrix
from offices.views import csv_cell
from portal.core.i18n import active_language, field_text


def _page_url(request, record):
    try:
        page = record.page
    except ObjectDoesNotExist:
        return None
    if page is None or not page.live:
        return None
    return request.build_absolute_uri(page.get_url(request=request))


def matrix_table(request):
    """(objectives, offices): the whole matrix as plain data, in the active language."""
    lang = active_language()
    matrix = objective_matrix(request)
    objectives = [
        {
            "number": objective.number,
            "title": str(field_text(objective, "title", lang)),
            "url": _page_url(request, objective),
        }
        for objective in matrix.objectives
    ]
    offices = [
        {
            "id": row.office.pk,
            "name": str(field_text(row.office, "name", lang)),
            "country": row.office.country.code,
            "url": _page_url(request, row.office),
            "programmes": [cell.count for cell in row.cells],
        }
        for row in matrix.rows
    ]
    return objectives, offices


def compact_matrix_json(request):
    """{"language", "objectives": [{number, title, url}], "offices": [{id, name, country, url,
    programmes}]}: `programmes` counts one office's programmes per objective, in the order of
    "objectives"."""
    objectives, offices = matrix_table(request)
    data = {"language": active_language(), "objectives": objectives, "offices": offices}
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def compact_matrix_csv(request):
    """A header row (office, country, page address, then one column per objective), then one
    row per office."""
    objectives, offices = matrix_table(request)
    lang = active_language()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="compact-matrix-{lang}.csv"'
    response.write("\ufeff")  # a byte order mark, so spreadsheet programs read UTF-8
    writer = csv.writer(response)
    header = [_("Office"), _("Country"), _("Page address")]
    header += [_("Objective %(number)s") % {"number": o["number"]} for o in objectives]
    writer.writerow(header)
    for office in offices:
        row = [office["name"], office["country"], office["url"] or "", *office["programmes"]]
        writer.writerow([csv_cell(value) for value in row])
    return response
