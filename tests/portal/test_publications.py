"""The publications library: identifiers, page counts, the editor's bad input (a clear error and
nothing saved), the publication page, the library's filters, CSV, API, feed, citations and
JSON-LD. Runs on SQLite and on PostgreSQL (make test)."""

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
import zlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Revision
from wagtail.test.utils.form_data import querydict_from_html

from portal.core import identifiers, pdf
from portal.publications.export import bibtex, ris
from portal.publications.models import PublicationFile, PublicationPage
from tests.support import factories as f
from tests.support.helpers import url_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]

API = "/api/v1/publications/"


# --- Identifiers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("978-0-306-40615-7", True),  # ISBN-13 with hyphens
        ("9780306406157", True),
        ("978-0-306-40615-8", False),  # wrong check digit
        ("0-306-40615-2", True),  # ISBN-10
        ("0-8044-2957-X", True),  # ISBN-10 whose check digit is X
        ("0-306-40615-3", False),
        ("123-4567890123", False),  # 13 digits without 978/979
        ("ISBN 978", False),
        ("", False),
    ],
)
def test_isbn_checksums(value, valid):
    assert identifiers.isbn_is_valid(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [("0317-8471", True), ("2049-3630", True), ("1050-124X", True), ("0317-8472", False)],
)
def test_issn_checksums(value, valid):
    assert identifiers.issn_is_valid(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("10.1000/182", True),
        ("https://doi.org/10.18356/9789210058292", True),
        ("10.1000.10/abc(1)", True),
        ("11.1000/182", False),
        ("10.12/short-registrant", False),
        ("10.1000/", False),
        ("10.1000/has space", False),
    ],
)
def test_doi_shape(value, valid):
    try:
        identifiers.validate_doi(value)
    except Exception:  # noqa: BLE001 - ValidationError
        assert not valid
    else:
        assert valid


# --- Counting pages ----------------------------------------------------------------------------


def test_pages_are_counted_from_the_page_tree():
    assert pdf.page_count(f.make_pages_pdf([("a", ["x"])] * 7)) == 7


def test_pages_are_counted_inside_a_compressed_object_stream():
    """PDF 1.5 keeps the page tree in an object stream: it is inflated and read."""
    objects = zlib.compress(
        b"1 0 2 40 << /Type /Catalog /Pages 2 0 R >> << /Type /Pages /Count 12 >>"
    )
    data = (
        b"%PDF-1.5\n5 0 obj\n<< /Type /ObjStm /N 2 /First 8 /Filter /FlateDecode /Length "
        + str(len(objects)).encode()
        + b" >>\nstream\n"
        + objects
        + b"\nendstream\nendobj\n%%EOF\n"
    )
    assert pdf.page_count(data) == 12


@pytest.mark.parametrize("data", [b"", b"hello, world", b"%PDF-1.4\nnothing here\n%%EOF"])
def test_bytes_without_pages_have_no_count(data):
    assert pdf.page_count(data) is None


def test_a_compression_bomb_is_inflated_within_its_budget(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_INFLATED", 1000)
    bomb = zlib.compress(b"\0" * 10_000_000)
    data = (
        b"%PDF-1.5\n1 0 obj\n<< /Type /ObjStm /Filter /FlateDecode >>\nstream\n"
        + bomb
        + b"\nendstream\nendobj\n"
    )
    assert sum(len(chunk) for chunk in pdf._object_streams(data)) <= 1000


def test_a_saved_file_has_its_pages_size_and_format(portal):
    files = {file.language: file for file in portal["publication"].files.all()}
    assert files["en"].pages == 3 and files["nb"].pages == 2
    assert files["en"].format_name == "PDF"
    assert files["en"].size == files["en"].document.file.size > 0


# --- The editor's bad input --------------------------------------------------------------------


def fake_pdf():
    """A document called .pdf whose bytes are text (stored by another path than the upload
    form, which refuses it: see test_the_upload_form_refuses_a_fake_pdf)."""
    document = get_document_model()(title="Not a PDF")
    document.file = ContentFile(b"This is plain text, not a PDF.", name="fake.pdf")
    document._set_document_file_metadata()
    document.save()
    return document


def edit(client, admin_user, page, **changes):
    client.force_login(admin_user)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    for name, value in changes.items():
        data[name] = value
    data["action-publish"] = "action-publish"
    return client.post(url, data)


def assert_nothing_saved(page, revisions, files):
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == revisions
    assert {(f.language, f.document_id) for f in PublicationFile.objects.filter(page=page)} == files


def snapshot(page):
    revisions = Revision.page_revisions.filter(object_id=str(page.pk)).count()
    files = {(f.language, f.document_id) for f in PublicationFile.objects.filter(page=page)}
    return revisions, files


def test_the_editor_publishes_a_good_change(client, admin_user, portal):
    page = portal["publication"]
    response = edit(client, admin_user, page, isbn="978-0-306-40615-7", year="2021")
    assert response.status_code == 302
    page.refresh_from_db()
    assert (page.isbn, page.year) == ("978-0-306-40615-7", 2021)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"isbn": "978-0-306-40615-8"}, "isbn", "not a valid ISBN"),
        ({"issn": "0317-8472"}, "issn", "not a valid ISSN"),
        ({"doi": "11.1000/x"}, "doi", "not a DOI"),
        ({"year": "20x0"}, "year", "Enter a whole number"),
        ({"year": "1200"}, "year", "greater than or equal to 1900"),
    ],
)
def test_a_malformed_value_is_a_form_error_and_saves_nothing(
    client, admin_user, portal, changes, field, message
):
    page = portal["publication"]
    before = snapshot(page)
    response = edit(client, admin_user, page, **changes)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert_nothing_saved(page, *before)


def test_a_file_that_is_not_its_format_is_a_form_error_and_saves_nothing(
    client, admin_user, portal
):
    page = portal["publication"]
    before = snapshot(page)
    response = edit(client, admin_user, page, **{"files-0-document": str(fake_pdf().pk)})
    assert response.status_code == 200
    formset = response.context["form"].formsets["files"]
    text = " ".join(" ".join(errors) for form in formset.forms for errors in form.errors.values())
    assert "“fake.pdf” is not a real PDF file" in text
    assert_nothing_saved(page, *before)


def test_two_files_in_one_language_are_a_form_error_and_save_nothing(client, admin_user, portal):
    page = portal["publication"]
    before = snapshot(page)
    response = edit(client, admin_user, page, **{"files-1-language": "en"})
    assert response.status_code == 200
    formset = response.context["form"].formsets["files"]
    assert formset.non_form_errors() or any(form.errors for form in formset.forms)
    assert_nothing_saved(page, *before)


def test_the_upload_form_refuses_a_fake_pdf(client, admin_user):
    client.force_login(admin_user)
    count = get_document_model().objects.count()
    upload = SimpleUploadedFile("report.pdf", b"<html><body>not a pdf</body></html>")
    response = client.post(
        reverse("wagtaildocs:add"), {"title": "Report", "file": upload, "collection": 1}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert get_document_model().objects.count() == count


def test_a_publication_can_be_added_under_the_library_and_an_office_only():
    assert PublicationPage.allowed_parent_page_models()
    parents = {model._meta.label for model in PublicationPage.allowed_parent_page_models()}
    assert parents == {"portal.PublicationIndexPage", "offices.CountryOfficePage"}


# --- The publication page ----------------------------------------------------------------------


def test_the_visitor_s_language_comes_first_and_the_others_say_their_language(client, portal):
    page = portal["publication"]
    html = client.get(url_in(page, "nb")).content.decode()
    first_download = html.lower().index("last ned på norsk (bokmål)")
    other = re.search(r'<a href="([^"]+)" class="document__link" hreflang="en" lang="en">', html)
    assert other and first_download < other.start()
    assert "3 sider" in html[other.start() :] and "PDF" in html
    html = client.get(url_in(page, "en")).content.decode()
    assert 'hreflang="nb" lang="nb">norsk (bokmål)<span class="lang-marker" lang="en">' in html


def test_in_a_language_without_a_file_every_file_is_listed_with_its_language(client, portal):
    html = client.get(url_in(portal["publication"], "fr")).content.decode()
    assert 'hreflang="en" lang="en"' in html and 'hreflang="nb" lang="nb"' in html
    assert "Télécharger en" not in html


def test_json_ld_is_a_report_with_its_files(client, portal):
    html = client.get(url_in(portal["publication"])).content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S).group(1)
    )
    assert data["@type"] == "Report"
    assert data["datePublished"] == "2020"
    assert [a["name"] for a in data["author"]] == ["Jane Doe", "Research unit"]
    assert {e["inLanguage"]: e["numberOfPages"] for e in data["encoding"]} == {"en": 3, "nb": 2}
    assert data["inLanguage"] == ["en", "nb"]


def test_json_ld_of_a_brief_is_a_creative_work(client, portal):
    page = portal["publication"]
    page.publication_type = "brief"
    page.save_revision().publish()
    html = client.get(url_in(page)).content.decode()
    assert '"@type":"CreativeWork"' in html


# --- Citations ---------------------------------------------------------------------------------


def test_ris_and_bibtex_downloads(client, portal):
    url = url_in(portal["publication"])
    response = client.get(url, {"cite": "ris"})
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert 'filename="annual-report.ris"' in response["Content-Disposition"]
    text = response.content.decode()
    assert text.startswith("TY  - RPRT\r\nTI  - Annual report\r\n")
    assert "AU  - Jane Doe\r\nAU  - Research unit\r\n" in text and text.endswith("ER  - \r\n")
    response = client.get(url, {"cite": "bib"})
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("@techreport{AnnualReport2020,\n")
    assert "  author = {{Jane Doe} and {Research unit}}," in text


def hostile():
    return {
        "type": "factsheet",
        "title": "Costs & 100% {gains}}\nTY  - JOUR",
        "language": "en",
        "authors": ["A_b $x$ #1 ~ ^ \\end"],
        "publisher": "P}, note = {pwned",
        "year": "2020",
        "abstract": "Line one\r\nER  - \r\nTY  - JOUR",
        "isbn": "",
        "issn": "",
        "doi": "10.1000/x}y",
        "url": "https://example.org/a}b",
    }


def test_ris_values_cannot_start_a_line_of_their_own():
    lines = ris(hostile()).split("\r\n")
    assert lines[0] == "TY  - PAMP"
    assert sum(line.startswith("TY  -") for line in lines) == 1
    assert sum(line.startswith("ER  -") for line in lines) == 1


def test_bibtex_values_cannot_close_their_field():
    text = bibtex(hostile())
    assert text.startswith("@misc{")
    assert r"Costs \& 100\% \{gains\}\} TY - JOUR" in text
    assert r"{A\_b \$x\$ \#1 \textasciitilde{} \textasciicircum{} \textbackslash{}end}" in text
    assert r"publisher = {P\}, note = \{pwned}" in text
    assert "url = {https://example.org/a%7Db}" in text
    # Every brace that is not escaped is balanced: no value closes the entry early.
    depth = 0
    for char in re.sub(r"\\[{}]", "", text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0


# --- The library: filters, CSV, API, feed ------------------------------------------------------


@pytest.fixture
def library(portal):
    """Besides the office's report (2020, en+nb, objective 5): a global factsheet of 2023 in
    French only."""
    factsheet = f.PublicationPageFactory(
        parent=portal["publications"], title="Factsheet", slug="factsheet", year=2023
    )
    factsheet.publication_type = "factsheet"
    f.publication_file(factsheet, "fr", pages=1)
    factsheet.save_revision().publish()
    return {**portal, "factsheet": factsheet}


def titles(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return re.findall(r'class="card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Factsheet", "Annual report"]),  # newest first
        ({"year": "2020"}, ["Annual report"]),
        ({"language": "fr"}, ["Factsheet"]),
        ({"language": "nb"}, ["Annual report"]),
        ({"type": "factsheet"}, ["Factsheet"]),
        ({"objective": "5"}, ["Annual report"]),
        ({"objective": "6"}, []),
        ({"year": "2023", "type": "report"}, []),
    ],
)
def test_the_library_filters(client, library, params, expected):
    assert titles(client, url_in(library["publications"]), **params) == expected


def test_the_office_filter(client, library):
    url = url_in(library["publications"])
    assert titles(client, url, office=str(library["office"].pk)) == ["Annual report"]


def test_values_not_understood_are_left_out_and_named(client, library):
    response = client.get(url_in(library["publications"]), {"year": "20x", "language": "xx"})
    html = response.content.decode()
    assert "left out: Year, Language" in html
    assert len(re.findall('class="card__title"', html)) == 2


def test_the_filters_are_kept_in_the_page_links_and_the_csv_link(client, library):
    html = client.get(url_in(library["publications"]), {"year": "2020"}).content.decode()
    assert 'href="/en/publications/?year=2020&amp;format=csv"' in html
    assert '<option value="2020" selected>' in html


def test_the_csv_has_the_filtered_list(client, library):
    response = client.get(url_in(library["publications"]), {"format": "csv", "language": "nb"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Title", "Type", "Year"]
    assert [row[0] for row in rows[1:]] == ["Annual report"]
    assert rows[1][7] == "en; nb" and rows[1][5] == "Norway"


def test_the_api_lists_with_the_same_filters(client, library):
    data = client.get(API, {"lang": "nb"}).json()
    assert [item["title"] for item in data["results"]] == ["Factsheet", "Annual report"]
    report = data["results"][1]
    assert report["office"]["name"] == "Norge"
    assert report["objectives"] == [5]
    assert [(f["language"], f["format"], f["pages"]) for f in report["files"]] == [
        ("en", "pdf", 3),
        ("nb", "pdf", 2),
    ]
    filtered = client.get(API, {"language": "fr", "type": "factsheet"}).json()
    assert [item["title"] for item in filtered["results"]] == ["Factsheet"]
    assert client.get("/api/v1/").json()["publications"] == "http://testserver" + API


@pytest.mark.parametrize(
    "params", [{"year": "abc"}, {"language": "xx"}, {"type": "novel"}, {"office": "999999"}]
)
def test_the_api_answers_a_filter_not_understood_with_a_400(client, library, params):
    response = client.get(API, params)
    assert response.status_code == 400
    data = response.json()
    assert "not understood" in data["detail"] and list(data["errors"]) == list(params)


def test_the_api_answers_an_unknown_language_with_a_400(client, library):
    assert client.get(API, {"lang": "xx"}).status_code == 400


def test_the_feed_is_per_language(client, library):
    # In Norwegian, the English title says its language (no Norwegian title yet).
    for lang, title in (("en", "Annual report"), ("nb", "Annual report (engelsk)")):
        response = client.get(f"/{lang}/feeds/publications/rss/")
        assert response["Content-Type"].startswith("application/rss+xml")
        channel = ET.fromstring(response.content).find("channel")  # noqa: S314 (our own feed)
        items = channel.findall("item")
        assert {item.findtext("title") for item in items} >= {title}
        link = next(i.findtext("link") for i in items if i.findtext("title") == title)
        assert link == "http://testserver" + url_in(library["publication"], lang)
    atom = client.get("/nb/feeds/publications/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert "Tilgjengelig på: English, norsk (bokmål)" in atom.content.decode()


def test_the_library_advertises_its_feeds_in_its_language(client, portal):
    html = client.get(url_in(portal["publications"], "nb")).content.decode()
    assert 'type="application/rss+xml"' in html
    assert 'href="http://testserver/nb/feeds/publications/rss/"' in html
    assert 'href="http://testserver/nb/feeds/publications/atom/"' in html
