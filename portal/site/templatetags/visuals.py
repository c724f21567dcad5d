"""Template tags for the two pictures: the office x objective matrix and the map of offices.

The Global Compact index page shows the matrix through `objective_matrix`: the compact app
imports nothing from offices; its template loads this library of the site layer, which composes
both.
"""

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from offices import map as office_maps
from offices.matrix import OFFICES_PER_PAGE, finder_url, office_row
from offices.matrix import objective_matrix as build_matrix
from portal.core.availability import link_attributes, marker
from portal.core.i18n import field_text

register = template.Library()


def _office_url(office, request):
    try:
        page = office.page
    except ObjectDoesNotExist:
        return None
    return page.get_url(request=request) if page is not None and page.live else None


@register.simple_tag(takes_context=True)
def objective_matrix(context, objectives=None, offices=None, paged=False):
    """`{% objective_matrix objectives=objectives as matrix %}`: every office by every objective;
    with `paged=True`, OFFICES_PER_PAGE of them at a time (`?page=`, matrix.page).

    Pass the objectives (or offices) a page already loaded to spare their query."""
    per_page = OFFICES_PER_PAGE if paged else None
    return build_matrix(
        context.get("request"), offices=offices, objectives=objectives, per_page=per_page
    )


@register.filter
def matrix_cells(cells):
    """`{{ row.cells|matrix_cells }}`: a row's <td> cells, written here rather than with template
    tags: the matrix of 200 offices has 4,600 cells, and tags per cell made most of its time."""
    labels = {}
    html = []
    for cell in cells:
        label = labels.get(cell.count)
        if label is None:
            text = ngettext("%(counter)s programme", "%(counter)s programmes", cell.count)
            label = labels[cell.count] = escape(text % {"counter": cell.count})
        inner = f'<span class="visually-hidden">{label}</span>'
        if cell.count:
            inner = f'<span aria-hidden="true">{int(cell.count)}</span>{inner}'
            if cell.url:
                # A cell's one programme read in another language: said as links say it
                # (portal/core/availability.py), the marker with the hidden count.
                attrs, mark = link_attributes(cell.lang), marker(cell.lang, hidden=True)
                inner = f'<a href="{escape(cell.url)}"{attrs}>{inner}{mark}</a>'
        html.append(f'<td class="matrix__cell matrix__cell--{int(cell.level)}">{inner}</td>')
    return mark_safe("".join(html))  # noqa: S308 (numbers, and text and URLs escaped above)


@register.simple_tag(takes_context=True)
def office_objective_row(context, office, programmes):
    """`{% office_objective_row office programmes as matrix %}`: one office's row, from the
    programmes its page loaded (live, public, objectives prefetched)."""
    return office_row(office, programmes, request=context.get("request"))


@register.simple_tag(takes_context=True)
def offices_map(context, offices):
    """`{% offices_map offices as office_map %}`: the offices' countries (linked to the office
    pages) and the countries they cover. Load each office's page with the offices."""
    request = context.get("request")
    offices = list(offices)
    urls = {office.pk: _office_url(office, request) for office in offices}
    return office_maps.office_map(offices, aspect=1.6, urls=urls)


@register.simple_tag
def office_map_of(office):
    """`{% office_map_of office as office_map %}`: a small map of one office's countries."""
    return office_maps.office_map([office], aspect=1.25, min_width=0.7)


@register.filter
def join_names(offices):
    """The offices' names in the visitor's language (or its fallback), as plain text: "A, B"."""
    return ", ".join(str(field_text(office, "name")) for office in offices)


@register.simple_tag(takes_context=True)
def programme_finder_url(context):
    """`{% programme_finder_url as finder %}`: the site-wide programme finder's URL, or None."""
    return finder_url(context.get("request"))
