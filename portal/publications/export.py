"""The library's CSV file and a publication's citation files (RIS and BibTeX).

Texts are in the visitor's language (or their fallback). RIS has no escaping: line breaks in a
value become spaces, so a value can never start a tag line of its own. BibTeX's special
characters are escaped, and every name is braced, so a body ("United Nations") is never split
into a first and a last name, and no text can close its field.
"""

import csv
import re

from django.http import HttpResponse
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _

from offices.views import csv_cell
from portal.core.i18n import active_language, field_text, language_name
from portal.publications.finder import find_publications, library_form, with_listing_data
from portal.publications.models import PublicationPage

SEPARATOR = "; "

RIS_TYPES = {"report": "RPRT", "recommendations": "RPRT", "factsheet": "PAMP", "brief": "GEN"}
BIBTEX_TYPES = {"report": "techreport", "recommendations": "techreport"}
BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
CONTENT_TYPES = {
    "ris": "application/x-research-info-systems; charset=utf-8",
    "bib": "application/x-bibtex; charset=utf-8",
}


def _label(name):
    return capfirst(PublicationPage._meta.get_field(name).verbose_name)


def publication_rows(request, publications, lang):
    yield [
        _label("title"),
        _label("publication_type"),
        _label("year"),
        _label("authors"),
        _label("publisher"),
        _("Office"),
        _("Global Compact objectives"),
        _("Languages"),
        "ISBN",
        "ISSN",
        "DOI",
        _("Page address"),
    ]
    for item in publications:
        office = item.shown_office
        yield [
            field_text(item, "title", lang),
            item.get_publication_type_display(),
            item.year,
            item.authors,
            field_text(item, "publisher", lang),
            field_text(office, "name", lang) if office else "",
            SEPARATOR.join(str(objective.number) for objective in item.objectives.all()),
            SEPARATOR.join(f.language for f in item.files.all()),
            item.isbn,
            item.issn,
            item.doi,
            request.build_absolute_uri(item.get_url(request=request)),
        ]


def publications_csv(request, index_page):
    """Every publication the library shows for the request's filters (all pages of them)."""
    lang = active_language()
    form = library_form(request, index_page)
    publications = with_listing_data(find_publications(form))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="publications-{lang}.csv"'
    response.write("\ufeff")  # a byte order mark, so spreadsheet programs read UTF-8
    writer = csv.writer(response)
    for row in publication_rows(request, publications, lang):
        writer.writerow([csv_cell(value) for value in row])
    return response


# --- Citations ---------------------------------------------------------------------------------


def citation_data(request, page):
    """What a citation says, in the visitor's language: {title, authors, publisher, year, ...}."""
    title = field_text(page, "title")
    publisher = str(field_text(page, "publisher"))
    return {
        "type": page.publication_type,
        "title": str(title),
        "language": title.lang,
        "authors": page.author_list or [publisher],
        "publisher": publisher,
        "year": str(page.year),
        "abstract": str(field_text(page, "summary")),
        "isbn": page.isbn,
        "issn": page.issn,
        "doi": page.doi,
        "url": request.build_absolute_uri(page.get_url(request=request)),
    }


def _one_line(text):
    return re.sub(r"\s+", " ", str(text)).strip()


def ris(data):
    lines = [("TY", RIS_TYPES.get(data["type"], "GEN")), ("TI", data["title"])]
    lines += [("AU", name) for name in data["authors"]]
    lines += [
        ("PB", data["publisher"]),
        ("PY", data["year"]),
        ("AB", data["abstract"]),
        ("SN", data["isbn"] or data["issn"]),
        ("DO", data["doi"]),
        ("UR", data["url"]),
        ("LA", language_name(data["language"])),
    ]
    body = "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines if _one_line(value))
    return body + "ER  - \r\n"


def bibtex_escape(text):
    return "".join(BIBTEX_ESCAPES.get(char, char) for char in _one_line(text))


def bibtex_key(data):
    words = slugify(data["title"]).split("-")[:3]
    return "".join(word.capitalize() for word in words if word.isascii()) + data["year"]


def bibtex(data):
    kind = BIBTEX_TYPES.get(data["type"], "misc")
    fields = [
        ("title", "{" + bibtex_escape(data["title"]) + "}"),
        ("author", " and ".join("{" + bibtex_escape(name) + "}" for name in data["authors"])),
        ("institution" if kind == "techreport" else "publisher", bibtex_escape(data["publisher"])),
        ("year", data["year"]),
        ("isbn", bibtex_escape(data["isbn"])),
        ("issn", bibtex_escape(data["issn"])),
        ("doi", bibtex_escape(data["doi"])),
        ("url", data["url"].replace("{", "%7B").replace("}", "%7D")),
        ("language", bibtex_escape(language_name(data["language"]))),
        ("abstract", bibtex_escape(data["abstract"])),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@{kind}{{{bibtex_key(data)},\n{body}\n}}\n"


def citation_response(request, page, kind):
    data = citation_data(request, page)
    text = ris(data) if kind == "ris" else bibtex(data)
    response = HttpResponse(text, content_type=CONTENT_TYPES[kind])
    filename = f"{slugify(page.slug) or 'publication'}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
