"""Fuzzing: whatever a visitor or a translator sends, the portal answers calmly, never a 500.

Hypothesis generates public paths (unicode, percent-encoded bytes, "..", NUL, very long
segments), query parameters for the search page, the programme finder and its CSV, the JSON
API, feeds and sitemaps, and PO files for the import (random bytes, wrong encodings, broken
syntax, plural entries, bad headers, huge or hostile msgstr) through the import function and
the admin page. Every answer must be one of 200, 301, 302, 400, 404, 405 (403 for the admin's
refusals), and no exception may escape: the test client re-raises any.

Examples are derandomized (the same ones on every run), with no example database, and bounded
so that the module runs in well under a minute on SQLite. The data set is built once for the
module (tests/support/portal.py `build_portal`); each test makes its own client, so no
function-scoped fixture is shared across examples.
"""

import os
import string
from urllib.parse import quote

import polib
import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from offices.groups import group_name
from offices.models import Office, PartnerKind, ProgrammePage
from portal.localization.po import export_po, import_po
from tests.support import factories as f
from tests.support.helpers import LANGUAGES, url_in
from tests.support.portal import build_portal, shared

pytestmark = pytest.mark.django_db

CALM = {200, 301, 302, 400, 404, 405}


# A deeper hunt than CI's: FUZZ_SCALE=20 FUZZ_RANDOM=1 pytest tests/portal/test_fuzz.py
SCALE = float(os.environ.get("FUZZ_SCALE", "1"))
RANDOM = os.environ.get("FUZZ_RANDOM", "") == "1"


def fuzz(examples):
    return settings(
        max_examples=max(1, int(examples * SCALE)),
        deadline=None,
        derandomize=not RANDOM,  # the same examples on every run: a CI failure can be replayed
        database=None,  # no example database (.hypothesis/ keeps only its git-ignored caches)
        suppress_health_check=[HealthCheck.too_slow],
    )


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The small portal, built once for the module in a transaction rolled back after it."""
    with shared(django_db_blocker, fuzzed_portal) as data:
        yield data


def fuzzed_portal():
    data = build_portal()
    data["programme"].save_revision().publish()
    data["admin"] = get_user_model().objects.create_superuser("fuzz", "fuzz@example.org")
    data["contexts"] = [entry.msgctxt for entry in export_po("nb")]
    return data


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def visitor():
    return Client(HTTP_HOST="localhost")


def get(client, url):
    response = client.get(url)
    assert response.status_code in CALM, (url, response.status_code)
    return response


# --- What to send ----------------------------------------------------------------------------

ODD_STRINGS = [
    "",
    " ",
    "..",
    "../../../etc/passwd",
    "%00",
    "\x00",
    "%2e%2e%2f",
    "%c0%af",
    "%ff%fe",
    "\ud7ff\ue000\ufffd",
    "\u202e\u200b",
    "' OR 1=1 --",
    '"; DROP TABLE wagtailcore_page; --',
    "<script>alert(1)</script>",
    "{{ 7*7 }}{% debug %}",
    "${7*7}",
    "(?P<x>a)*+[",
    ".*.*.*.*.*.*.*.*.*.*!",
    "\\",
    "*",
    "\n",
    "\r\n",
    "\t",
    "-1",
    "0",
    "2147483648",
    "9223372036854775807",  # SQLite's largest integer
    "9223372036854775808",
    "18446744073709551616",
    "1e309",
    "NaN",
    "9" * 30,
    "-9" * 10,
    "１２",  # fullwidth digits
    "٣",  # an Arabic-Indic digit: isdigit() but not ASCII
    "a" * 3000,
    "é" * 1000,
]

BIG_NUMBERS = [2**31, 2**63 - 1, 2**63, 2**64, 10**30]
ids = st.one_of(st.integers(min_value=0, max_value=10**6), st.sampled_from(BIG_NUMBERS))

odd_text = st.one_of(
    st.sampled_from(ODD_STRINGS),
    st.text(max_size=30),  # any unicode, control characters included
    st.text(alphabet=string.punctuation + string.whitespace, max_size=30),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
)


def encoded(text):
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


raw_bytes = st.binary(max_size=12).map(lambda b: quote(b, safe=""))  # invalid UTF-8 too
value = st.one_of(odd_text.map(encoded), raw_bytes)


def query(names):
    """A raw query string: known and unknown names, repeated, with odd values."""
    name = st.one_of(st.sampled_from(names), odd_text.map(encoded))
    pairs = st.lists(st.tuples(name, value), max_size=6)
    return pairs.map(lambda items: "&".join(f"{k}={v}" for k, v in items))


languages = st.one_of(st.sampled_from(LANGUAGES), st.sampled_from(["xx", "EN", "nb-NO", "zh"]))


# --- Public URLs -----------------------------------------------------------------------------


segment = st.one_of(
    odd_text.map(encoded),
    raw_bytes,
    st.sampled_from(["..", ".", "%2e%2e", "news", "where-we-work", "norway", "feeds", "search"]),
    st.text(alphabet=string.ascii_lowercase + "-", min_size=200, max_size=600),
)


accept_language = st.one_of(
    st.sampled_from(["", "*", "nb-NO,nb;q=0.9", "zz", "nb;q=abc", "fr;q=1e400", "a" * 3000]),
    odd_text,
)


@fuzz(60)
@given(
    lang=languages,
    segments=st.lists(segment, max_size=5),
    slash=st.booleans(),
    qs=query(["page", "q", "format", "lang"]),
    head=st.booleans(),
    accept=accept_language,
)
def test_any_public_path_is_answered_calmly(site, lang, segments, slash, qs, head, accept):
    path = f"/{lang}/" + "/".join(segments) + ("/" if slash and segments else "")
    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE=accept.replace("\n", " "))
    url = f"{path}?{qs}" if qs else path
    response = client.head(url) if head else client.get(url)
    assert response.status_code in CALM, (url, response.status_code)
    assert client.get("/").status_code == 302  # to the best language for the header


SEARCH_NAMES = ["q", "kind", "office", "objective", "page"]


@fuzz(30)
@given(lang=st.sampled_from(LANGUAGES), q=odd_text, qs=query(SEARCH_NAMES))
@example(lang="nb", q="(?P<x>" * 500, qs=f"page={10**30}&office={2**63}&objective=%00&kind=x")
def test_any_search_is_answered_calmly(site, lang, q, qs):
    with translation.override(lang):
        url = reverse("search")
    response = get(visitor(), f"{url}?q={encoded(q)}&{qs}")
    assert response.status_code == 200


FINDER_NAMES = ["office", "objective", "country", "status", "partner_kind", "page", "format"]
finder_value = st.one_of(
    value,
    st.sampled_from(
        [*PartnerKind.values, *ProgrammePage.Status.values, "NO", "no", "ZZ", "csv", "CSV"]
    ),
)


@fuzz(30)
@given(
    lang=st.sampled_from(LANGUAGES),
    params=st.lists(st.tuples(st.sampled_from(FINDER_NAMES), finder_value), max_size=7),
    csv=st.booleans(),
)
@example(
    lang="fi",
    params=[("office", str(2**63)), ("objective", "%D9%A3"), ("page", "9" * 30), ("page", "0")],
    csv=True,
)
def test_any_programme_filter_is_answered_calmly(site, lang, params, csv):
    qs = "&".join(f"{name}={v}" for name, v in params) + ("&format=csv" if csv else "")
    response = get(visitor(), f"{url_in(site['programme_index'], lang)}?{qs}")
    assert response.status_code == 200
    if csv:
        assert response["Content-Type"].startswith("text/csv")


API_NAMES = ["lang", "limit", "offset", "office", "objective", "country", "status"]
api_path = st.one_of(
    st.sampled_from(["", "offices/", "programmes/", "objectives/", "country-actions/"]),
    st.sampled_from(["offices/", "programmes/", "objectives/", "country-actions/"]).flatmap(
        lambda endpoint: st.one_of(ids, segment).map(lambda s: f"{endpoint}{s}/")
    ),
    st.lists(segment, min_size=1, max_size=3).map(lambda s: "/".join(s)),
)


@fuzz(40)
@given(path=api_path, qs=query([*API_NAMES, "partner_kind", "format"]))
@example(path="offices/%0A/", qs="")  # a newline in the path: still the API's JSON 404
@example(path=f"offices/{2**63}/", qs=f"limit={10**30}&offset=-1")
@example(path="programmes/", qs=f"office={2**63}&objective=%D9%A3&country=%00&lang=%FF")
def test_any_api_request_is_answered_calmly(site, path, qs):
    response = get(visitor(), f"/api/v1/{path}?{qs}")
    if response.status_code in (200, 400, 404):
        assert response["Content-Type"].startswith("application/json"), path


@fuzz(25)
@given(
    lang=st.sampled_from(LANGUAGES),
    office=st.one_of(ids, odd_text.map(encoded)),
    kind=st.sampled_from(["rss", "atom"]),
    number=st.one_of(ids, odd_text.map(encoded)),
    qs=query(["p", "page"]),
)
@example(lang="en", office=2**63, kind="rss", number=2**63, qs="p=-1")  # past SQLite's integers
def test_any_feed_or_sitemap_request_is_answered_calmly(site, lang, office, kind, number, qs):
    client = visitor()
    get(client, f"/{lang}/feeds/offices/{office}/{kind}/?{qs}")
    get(client, f"/{lang}/feeds/news/{kind}/?{qs}")
    get(client, f"/sitemap-{number}.xml?{qs}")
    get(client, f"/sitemap.xml?{qs}")


# --- PO import -------------------------------------------------------------------------------

HEADERS = {
    "Language": st.one_of(st.sampled_from(["nb", "nb_NO", "fr", "", "xx"]), odd_text),
    "Plural-Forms": st.one_of(
        st.sampled_from(
            [
                "nplurals=2; plural=(n != 1);",
                "nplurals=0; plural=;",
                "nplurals=-1; plural=(n/0);",
                "nplurals=999999999999; plural=n;",
                "garbage",
            ]
        ),
        odd_text,
    ),
    "Content-Type": st.sampled_from(
        [
            "text/plain; charset=UTF-8",
            "text/plain; charset=latin-1",
            "text/plain; charset=utf-16",
            "text/plain; charset=no-such-charset",
            "text/plain",
        ]
    ),
}

msgstr = st.one_of(
    odd_text,
    st.sampled_from(
        [
            "%(name)s %s %d {name} {0} %%",
            "<p>Hei <a href='javascript:alert(1)'>der</a></p>",
            "<b>unclosed",
            "\n\n\n",
            '"\\',
            "x" * 20000,
        ]
    ),
)


@st.composite
def po_files(draw, contexts):
    """A PO file: polib's own writing of random entries, real contexts among them."""
    po = polib.POFile(wrapwidth=draw(st.sampled_from([0, 20, 79])))
    po.metadata = {
        name: draw(strategy) for name, strategy in HEADERS.items() if draw(st.booleans())
    }
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        context = draw(st.one_of(st.sampled_from(contexts), odd_text, st.none()))
        entry = polib.POEntry(
            msgctxt=context,
            msgid=draw(odd_text),
            msgstr=draw(msgstr),
            flags=draw(st.lists(st.sampled_from(["fuzzy", "python-format", "no-wrap"]))),
            obsolete=draw(st.booleans()) and draw(st.booleans()),
        )
        if draw(st.booleans()) and draw(st.booleans()):
            entry.msgid_plural = draw(odd_text)
            entry.msgstr = ""
            entry.msgstr_plural = {i: draw(msgstr) for i in range(draw(st.integers(0, 3)))}
        po.append(entry)
    text = str(po)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()):  # damage it: cut it short, or splice in junk
        at = draw(st.integers(min_value=0, max_value=len(data)))
        junk = draw(st.one_of(st.binary(max_size=30), st.just(b'msgstr "'), st.just(b"\x00")))
        data = data[:at] + junk + data[at + draw(st.integers(0, 10)) :]
    return data


@fuzz(150)
@given(data=st.data(), lang=st.sampled_from(["nb", "fr", "en", "xx", ""]), publish=st.booleans())
def test_any_po_file_gives_a_report_never_an_exception(site, data, lang, publish):
    contents = data.draw(st.one_of(po_files(site["contexts"]), st.binary(max_size=300)))
    report = import_po(contents, lang, publish=publish)
    assert isinstance(report.ok, bool)
    assert all(isinstance(line, str) for line in report.lines())
    if not report.ok:
        assert report.written == 0 and report.pages_saved == 0


@fuzz(20)
@given(data=st.data(), language=st.sampled_from(["nb", "fi", "en", "xx"]))
def test_the_po_page_answers_any_upload_calmly(site, data, language):
    client = Client()
    client.force_login(site["admin"])
    contents = data.draw(st.one_of(po_files(site["contexts"]), st.binary(max_size=200)))
    upload = SimpleUploadedFile("fuzz.po", contents, "text/x-gettext-translation")
    response = client.post(
        reverse("translations:po_import"), {"language": language, "file": upload}
    )
    assert response.status_code in {200, 400, 403}


# --- Found by the XSS replay (test_xss.py) and kept here, with the other robustness fixes ----


def test_an_office_with_the_longest_name_keeps_two_groups(site):
    """Names of 150 characters and more once gave the editors and moderators groups the same
    (cut) name: saving the office failed (a 500 in the admin) on the groups' unique names."""
    office = Office.objects.get(pk=site["office"].pk)
    office.name_en = "N" * Office._meta.get_field("name_en").max_length
    office.save()
    names = sorted(link.group.name for link in office.office_groups.select_related("group"))
    assert names == sorted([group_name(office, "editors"), group_name(office, "moderators")])
    assert names[0] != names[1]


def test_a_po_import_gives_sibling_pages_with_one_title_different_slugs(site):
    """Two sibling pages translated to the same title in one file once got the same new slug,
    and the whole import failed on it."""
    first = f.StandardPageFactory(parent=site["home"], slug="first")
    second = f.StandardPageFactory(parent=site["home"], slug="second")
    po = export_po("nb", objects=[first, second])
    for entry in po:
        if entry.msgctxt.endswith(":title"):
            entry.msgstr = "Samme tittel"
    report = import_po(str(po), "nb", publish=True)
    assert report.ok, report.lines()
    first.refresh_from_db()
    second.refresh_from_db()
    assert {first.slug_nb, second.slug_nb} == {"samme-tittel", "samme-tittel-2"}
