"""No script from content reaches a browser: not on a public page, not in the admin.

The attack strings of Wagtail's security advisories and a dozen from OWASP's XSS filter-evasion
cheat sheet are replayed into every translated field of every model, in every language, by
every way text gets in:

- the database itself, for plain texts (titles, summaries, headings, quotes, button labels,
  list items, alt texts and captions, office addresses, partner names, objective titles,
  country action descriptions, image and document titles): any text is a valid title, so the
  admin takes these as typed and every template must escape them;
- the page editor's rich text (a crafted Draftail POST, as in GHSA-wq5h-f9p5-q7fx) and its URL
  fields, and the snippet editors' web addresses, which must refuse script addresses;
- the translator's side-by-side editor and PO import (function, command and admin page), which
  must refuse anything that could run, or store it as harmless text.

Then every public page in every language, the search and finder with hostile parameters, feeds,
sitemap, JSON API, CSV and 404 page, and the admin pages that show the text (page edit,
history, revision comparison, explorer, choosers, search, snippets, images, documents, reports,
workflow, translation dashboard and editor, PO report) are parsed as a browser parses them
(html5lib) and searched for anything that would run: a <script> that is not the site's own, an
on* attribute, a javascript:/vbscript:/data: address, or an iframe, object, embed, base or
meta refresh from content.
"""

import csv
import io
import itertools
import json
import re
from urllib.parse import quote
from xml.etree import ElementTree

import html5lib
import polib
import pytest
import wagtail_factories
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.html import escape
from taggit.models import Tag
from wagtail.models import Collection, Page, Revision
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from compact.models import CountryAction, Objective
from offices.models import Office, Partner
from portal.core.blocks import BodyBlock
from portal.localization.markup import unsafe_markup
from portal.localization.po import export_po, import_po
from portal.localization.tokens import to_tokens
from portal.localization.units import (
    content_fields,
    content_models,
    is_stream,
    localized,
    specific_objects,
    units,
)
from tests.support.helpers import LANGUAGES, url_in
from tests.support.portal import PAGE_KEYS, build_portal, shared

pytestmark = [
    pytest.mark.django_db,
    # Wagtail reads some hostile texts with BeautifulSoup, which remarks that they look like URLs.
    pytest.mark.filterwarnings("ignore::bs4.MarkupResemblesLocatorWarning"),
    # The snippet choosers are searched below; Wagtail remarks that country actions have no
    # autocomplete fields.
    pytest.mark.filterwarnings("ignore:.*does not specify any AutocompleteFields:RuntimeWarning"),
]

MARK = "XSS"  # every attack string carries it, so we can tell where content landed

# --- The attack strings ----------------------------------------------------------------------

ADVISORY_ATTACKS = [
    # CVE-2021-32681: a CharBlock or TextBlock printed without escaping.
    "<script>alert('XSS')</script>",
    "<img src=x onerror=alert('XSS')>",
    # GHSA-wq5h-f9p5-q7fx (CVE-2021-29434): javascript: and data: links in rich text.
    "<a href=\"javascript:alert('XSS')\">XSS link</a>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4=">XSS data</a>',
    # CVE-2020-11001 (revision comparison), CVE-2023-28836 (choose-parent and inspect views),
    # CVE-2026-28223 (confirmation message): a title that breaks out of its markup.
    "\"><svg onload=alert('XSS')>",
    "'><details open ontoggle=alert('XSS')>",
    # CVE-2026-28222: a crafted TableBlock class attribute.
    'x" onmouseover="alert(\'XSS\')" data-x="',
    # SVG carrying script.
    "<svg><script>alert('XSS')</script></svg>",
    "<svg><a xlink:href=\"javascript:alert('XSS')\"><text>XSS</text></a></svg>",
    "<svg><animate onbegin=alert('XSS') attributeName=x dur=1s>",
    # Breaking out of the element the text is written into.
    "</title><script>alert('XSS')</script>",
    "</textarea><script>alert('XSS')</script>",
    "</script><script>alert('XSS')</script>",
    "<!--</code>--><script>alert('XSS')</script>",
    # Elements that load or run something else.
    "<iframe src=\"javascript:alert('XSS')\"></iframe>",
    "<object data=\"data:text/html,<script>alert('XSS')</script>\"></object>",
    "<embed src=\"javascript:alert('XSS')\">",
    "<base href=\"javascript:alert('XSS')//\">",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'XSS\')">',
    "<form action=\"javascript:alert('XSS')\"><button formaction=\"javascript:alert('XSS')\">"
    "XSS</button></form>",
]

OWASP_ATTACKS = [
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;"
    "&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=\"javascript:alert('XSS')\"",
    '<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>',
    '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    "<BODY ONLOAD=alert('XSS')>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
    '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">XSS</DIV>",
    "<a href=\"&#14;  javascript:alert('XSS')\">XSS</a>",
    "<a href=\"vbscript:msgbox('XSS')\">XSS</a>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('XSS')>",
]

# Harmless as they stand, dangerous once a naive filter strips "<script>" or something decodes
# them: they must stay text.
INERT_ATTACKS = [
    "<scr<script>ipt>alert('XSS')</scr</script>ipt>",
    "%3Cscript%3Ealert('XSS')%3C/script%3E",
    "\\u003cscript\\u003ealert('XSS')\\u003c/script\\u003e",
    "&lt;script&gt;alert('XSS')&lt;/script&gt;",
    '=HYPERLINK("javascript:alert(\'XSS\')";"XSS")',  # CSV injection (OWASP)
]

ATTACKS = ADVISORY_ATTACKS + OWASP_ATTACKS + INERT_ATTACKS

# For web address fields (URLBlock, URLField) and rich text links.
URL_ATTACKS = [
    "javascript:alert('XSS')",
    "JaVaScRiPt:alert('XSS')",
    " javascript:alert('XSS')",
    "java\tscript:alert('XSS')",
    "javascript://example.org/%0Aalert('XSS')",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4=",
    "vbscript:msgbox('XSS')",
]


# --- What a browser would run ----------------------------------------------------------------

URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "cite",
    "codebase",
    "lowsrc",
    "dynsrc",
    "ping",
}
LIST_URL_ATTRIBUTES = {"srcset", "values", "to", "from", "by"}  # several addresses, or SMIL
LOADING_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}
SCRIPT_SCHEME = re.compile(r"^(javascript|vbscript|livescript|data):", re.IGNORECASE)
IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")  # browsers drop these from addresses
SAFE_DATA = ("data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp")
# The site's own scripts: files under STATIC_URL, structured data (ld+json) and data for the
# admin's scripts (json_script). A public page has no json_script yet: add its id here.
PUBLIC_JSON_IDS = set()


def _local(name):
    return name.rsplit("}", 1)[-1].lower() if isinstance(name, str) else ""


def _unsafe_url(value, allow_image_data=False):
    address = IGNORED_IN_URLS.sub("", value or "").lower()
    if not SCRIPT_SCHEME.match(address):
        return False
    return not (allow_image_data and address.startswith(SAFE_DATA))


def _script_problem(element, admin):
    kind = (element.get("type") or "").strip().lower()
    text = element.text or ""
    if element.get("src") is not None:
        src = element.get("src")
        own = (settings.STATIC_URL, "/admin/jsi18n/") if admin else (settings.STATIC_URL,)
        if text.strip() or not src.startswith(own):
            return f"a script from {src!r}"
        return ""
    if kind == "application/ld+json" or (
        kind == "application/json" and (admin or element.get("id") in PUBLIC_JSON_IDS)
    ):
        try:
            json.loads(text)
        except ValueError:
            return f"a {kind} script that is not JSON: {text[:80]!r}"
        return ""
    if admin and MARK not in text:
        return ""  # Wagtail's own inline set-up (date pickers, language tabs)
    return f"an inline script: {text[:80]!r}"


def findings(html, admin=False, fragment=False):
    """Everything in the document that a browser would run or load from content."""
    parse = html5lib.parseFragment if fragment else html5lib.parse
    tree = parse(html, namespaceHTMLElements=False)
    found = []
    for element in tree.iter():
        tag = _local(element.tag)
        if not tag:
            continue  # a comment
        problem = _element_problem(tag, element, admin)
        if problem:
            found.append(problem)
        found.extend(_attribute_problems(tag, element))
    return found


def _element_problem(tag, element, admin):
    if tag == "script":
        return _script_problem(element, admin)
    if tag in LOADING_ELEMENTS:
        if admin and tag == "iframe" and "w-preview__iframe" in element.get("class", ""):
            return ""
        return f"a <{tag}> element"
    if tag == "meta" and element.get("http-equiv", "").strip().lower() in ("refresh", "set-cookie"):
        return f"<meta http-equiv={element.get('http-equiv')!r}>"
    if tag == "style" and MARK in (element.text or ""):
        return "a <style> element from content"
    return ""


def _attribute_problems(tag, element):
    for raw_name, value in element.attrib.items():
        name = _local(raw_name)
        if name.startswith("on") or _unsafe_attribute(tag, name, value):
            yield f"<{tag} {name}={value[:60]!r}>"


def _unsafe_attribute(tag, name, value):
    if name in URL_ATTRIBUTES:
        image_data = tag in ("img", "source", "image") and name == "src"
        return _unsafe_url(value, allow_image_data=image_data)
    if name in LIST_URL_ATTRIBUTES:
        parts = re.split(r"[,;]\s*", value)
        return any(_unsafe_url(part.split(" ")[0], tag in ("img", "source")) for part in parts)
    if name == "style":
        style = IGNORED_IN_URLS.sub("", value).lower()
        return any(bad in style for bad in ("javascript:", "vbscript:", "expression("))
    return False


def assert_harmless(response, admin=False):
    """The response, if HTML, has nothing that runs; JSON and CSV are not HTML at all."""
    content_type = response.get("Content-Type", "")
    body = response.content.decode()
    where = response.request.get("PATH_INFO", "") + "?" + response.request.get("QUERY_STRING", "")
    if "json" in content_type:
        data = json.loads(body)
        # Choosers answer JSON with HTML inside.
        for key in ("html", "result"):
            if isinstance(data, dict) and isinstance(data.get(key), str):
                assert findings(data[key], admin=admin, fragment=True) == [], where
        return data
    if content_type.startswith("text/html"):
        assert findings(body, admin=admin) == [], where
        return body
    return body


def visible_text(html):
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    body = tree.find("body")
    return "".join(body.itertext()) if body is not None else ""


# --- The checker itself finds every attack that is not escaped --------------------------------


@pytest.mark.parametrize("attack", ADVISORY_ATTACKS + OWASP_ATTACKS)
def test_the_checker_finds_every_attack_left_unescaped(attack):
    """Written into a page as it is, in text or in a quoted attribute, each attack is found;
    escaped, it is not."""
    in_text = f"<!DOCTYPE html><html><head><title>t</title></head><body><p>{attack}</p></body>"
    in_attribute = f'<!DOCTYPE html><html><body><p class="{attack}">t</p></body></html>'
    assert findings(in_text) or findings(in_attribute), attack
    escaped = f'<!DOCTYPE html><html><body><p class="{escape(attack)}">{escape(attack)}</p>'
    assert findings(escaped) == []


@pytest.mark.parametrize("attack", INERT_ATTACKS)
def test_inert_attacks_are_only_text(attack):
    assert findings(f"<p>{attack}</p>", fragment=True) == []


@pytest.mark.parametrize("address", URL_ATTACKS)
def test_the_checker_finds_every_script_address(address):
    assert findings(f'<a href="{escape(address)}">x</a>', fragment=True)
    assert findings(f'<svg><a xlink:href="{escape(address)}">x</a></svg>', fragment=True)
    assert findings('<a href="https://example.org/">x</a>', fragment=True) == []


# --- Every translated field of every model, in every language, hostile ----------------------


class Payloads:
    """Hostile texts: attack strings joined up to a length limit, each call starting further
    along the list, so that every attack lands in many fields, languages and places."""

    def __init__(self):
        self.calls = itertools.count()

    def __call__(self, limit=None, at_most=4):
        start = next(self.calls) * 5
        chosen = []
        for offset in range(len(ATTACKS)):
            attack = ATTACKS[(start + offset) % len(ATTACKS)]
            if limit and len(" ".join([*chosen, attack])) > limit:
                continue
            chosen.append(attack)
            if len(chosen) == at_most:
                break
        return " ".join(chosen)


def hostile_body(text, image, document, link_page, listings=False):
    """A body with a block of every kind, every text in it hostile. The paragraph holds the
    attacks as text, as Draftail stores what an editor types."""
    body = [
        {"type": "heading", "value": {"text": text(160), "level": "h2"}},
        {
            "type": "paragraph",
            "value": f"<p>{escape(text())}</p><ul><li>{escape(text())}</li></ul>",
        },
        {
            "type": "image",
            "value": {"image": image.pk, "alt_text": text(250), "caption": text(250)},
        },
        {"type": "quote", "value": {"text": text(), "attribution": text(200)}},
        {
            "type": "call_to_action",
            "value": {"text": text(200), "button": text(60), "page": link_page.pk, "url": ""},
        },
        {
            "type": "call_to_action",
            "value": {
                "text": text(200),
                "button": text(60),
                "page": None,
                "url": "https://example.org/?q=" + quote(text(100)),
            },
        },
        {"type": "document", "value": {"document": document.pk, "label": text(200)}},
        {
            "type": "numbered_list",
            "value": {"items": [{"title": text(300), "points": [text(600), text(600)]}]},
        },
    ]
    if listings:
        for kind in ("offices", "partners", "objectives", "country_actions"):
            body.append({"type": "data_listing", "value": {"kind": kind, "heading": text(160)}})
    return body


# Left out, so that the translation dashboard lists these objects (and the pages show the
# English text in their place).
UNTRANSLATED = {("offices.Office", "city", "fr"), ("portal.ArticlePage", "summary", "nb")}


def hostile_or_empty(model, name, lang, text, limit):
    if (model._meta.label, name, lang) in UNTRANSLATED:
        return ""
    return text(limit)


def make_everything_hostile(site):
    """Every translated text of every record and page, in every language: hostile. Pages get
    a body with every kind of block and are published."""
    text = Payloads()
    image = wagtail_factories.ImageFactory(
        collection=Collection.get_first_root_node(),
        title=text(255),
        description=text(255),
        file__width=400,
        file__height=300,
    )
    document = wagtail_factories.DocumentFactory(title=text(255))
    make_records_hostile(text)
    make_pages_hostile(site, text, image, document)
    site.update(image=image, document=document)
    return site


def make_records_hostile(text):
    for model in (Office, Partner, Objective, CountryAction):
        for obj in model.objects.all():
            for name in content_fields(model):
                limit = model._meta.get_field(localized(name, "en")).max_length
                for lang in LANGUAGES:
                    value = hostile_or_empty(model, name, lang, text, limit)
                    setattr(obj, localized(name, lang), value)
            if model is Office:
                obj.phone = text(40)
            # PostgreSQL's parser reads these texts as tags and indexes no word of them: a word
            # in front lets the admin's searches (q=hostile) find every record on both backends.
            searched = localized(model.search_fields[0].field_name, "en")
            limit = model._meta.get_field(searched).max_length or 10_000
            setattr(obj, searched, f"Hostile {getattr(obj, searched)}"[:limit])
            obj.save()


def make_pages_hostile(site, text, image, document):
    for key in PAGE_KEYS:
        page = Page.objects.get(pk=site[key].pk).specific
        model = type(page)
        for name in content_fields(model):
            limit = model._meta.get_field(localized(name, "en")).max_length
            for lang in LANGUAGES:
                if is_stream(model, name):
                    listings = key == "standard"
                    value = hostile_body(text, image, document, site["standard"], listings)
                else:
                    value = hostile_or_empty(model, name, lang, text, limit)
                setattr(page, localized(name, lang), value)
                if name == "title":
                    setattr(page, localized("draft_title", lang), value)
        if key == "article":
            page.author = text(200)
            page.tags.add(text(100), text(100))
        if key == "programme":
            page.acronym = "<svg/onload=XSS()>"
        page.save_revision().publish()
        site[key] = Page.objects.get(pk=page.pk).specific


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test's changes are rolled back after it: so must be what the cache kept of them
    (Wagtail's site root paths, for one)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def attacked(django_db_setup, django_db_blocker):
    """The hostile portal, built once for the module's tests in a transaction that is rolled
    back after them (each test runs in a savepoint inside it)."""
    with shared(django_db_blocker, lambda: make_everything_hostile(build_portal())) as site:
        yield site


def feed_problems(xml):
    """Script in a feed: in the HTML of item descriptions, or an item link that is not web."""
    root = ElementTree.fromstring(xml)  # noqa: S314 (the site's own feed)
    problems = []
    for element in root.iter():
        name = _local(element.tag)
        if name in ("description", "summary", "content") and element.text:
            problems += findings(element.text, fragment=True)
        address = element.get("href") if name == "link" else None
        if name == "link" and address is None:
            address = element.text
        if address and not address.startswith(("http://", "https://")):
            problems.append(f"a feed link to {address!r}")
    return problems


def public_urls(site, lang):
    """The HTML pages of the site in `lang`, and hostile parameters where a page takes any."""
    from django.utils import translation

    hostile = {name: ATTACKS[i] for i, name in enumerate(("q", "kind", "office", "objective"))}
    finder = {
        name: ATTACKS[i + 5]
        for i, name in enumerate(("office", "objective", "country", "status", "partner_kind"))
    }
    with translation.override(lang):
        search = reverse("search")
    programmes = url_in(site["programme_index"], lang)
    return [
        *[url_in(site[key], lang) for key in PAGE_KEYS],
        f"{search}?q=alert",
        f"{search}?{_query(hostile)}&page={quote(ATTACKS[9])}",
        f"{programmes}?office={site['office'].pk}",
        f"{programmes}?{_query(finder)}&page={quote(ATTACKS[11])}",
        f"/{lang}/{quote(ATTACKS[0], safe='')}/",
        f"/{lang}/search/{quote(ATTACKS[4], safe='')}",
    ]


def _query(params):
    return "&".join(f"{name}={quote(value, safe='')}" for name, value in params.items())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_public_pages_feeds_and_data_carry_no_script(client, attacked, lang):
    from django.utils import translation

    pages = {url_in(attacked[key], lang) for key in PAGE_KEYS}
    for url in public_urls(attacked, lang):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        html = assert_harmless(response)
        if url in pages:
            assert MARK in visible_text(html), f"nothing hostile was shown on {url}"

    with translation.override(lang):
        feeds = [
            reverse("news_feed_rss"),
            reverse("news_feed_atom"),
            reverse("office_feed_rss", args=[attacked["office"].pk]),
            reverse("office_feed_atom", args=[attacked["office"].pk]),
        ]
    for url in feeds:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "xml" in response["Content-Type"]
        xml = response.content.decode()
        assert MARK in xml, f"nothing hostile in {url}"
        problems = feed_problems(xml)
        assert problems == [], f"{url}: {problems}"

    csv_response = client.get(url_in(attacked["programme_index"], lang) + "?format=csv")
    assert csv_response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(csv_response.content.decode().lstrip("\ufeff"))))
    assert any(MARK in cell for row in rows[1:] for cell in row)
    assert [c for row in rows for c in row if c.startswith(("=", "+", "-", "@"))] == []

    for endpoint in ("offices", "programmes", "objectives", "country-actions"):
        response = client.get(f"/api/v1/{endpoint}/?lang={lang}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")
        assert MARK in response.content.decode()
    # No browsable (HTML) API, even for a browser that asks for HTML.
    as_html = client.get(f"/api/v1/programmes/?lang={lang}", HTTP_ACCEPT="text/html")
    assert as_html["Content-Type"].startswith("application/json")
    hostile_lang = client.get(f"/api/v1/offices/?lang={quote(ATTACKS[0])}")
    assert hostile_lang.status_code == 400
    assert hostile_lang["Content-Type"].startswith("application/json")


def test_sitemap_and_robots_carry_no_script(client, attacked):
    for url in ("/sitemap.xml", "/robots.txt"):
        response = client.get(url)
        assert response.status_code == 200
        assert "<script" not in response.content.decode().lower()
    index = ElementTree.fromstring(client.get("/sitemap.xml").content)  # noqa: S314
    locations = [e.text for e in index.iter() if _local(e.tag) == "loc"]
    for location in locations:
        assert location.startswith("http"), location


# --- The admin shows the hostile texts as text -----------------------------------------------


def snippet_urls(model, pk):
    name = f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}"
    chooser = f"wagtailsnippetchoosers_{model._meta.app_label}_{model._meta.model_name}"
    return [
        reverse(f"{name}:list"),
        reverse(f"{name}:edit", args=[pk]),
        reverse(f"{name}:history", args=[pk]),
        reverse(f"{chooser}:choose") + "?q=hostile",
    ]


def admin_urls(site, user):
    programme, article = site["programme"], site["article"]
    revision = programme.latest_revision
    task_state = programme.get_workflow().start(programme, user).current_task_state
    content_type = ContentType.objects.get_for_model
    return [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[site["home"].pk]),
        reverse("wagtailadmin_explore", args=[site["programme_index"].pk]),
        # Every page type has the same translated fields and body: two edit forms show them.
        *[
            reverse("wagtailadmin_pages:edit", args=[site[key].pk])
            for key in ("programme", "article")
        ],
        reverse("wagtailadmin_pages:history", args=[programme.pk]),
        reverse("wagtailadmin_pages:revisions_compare", args=[programme.pk, "earliest", "latest"]),
        reverse("wagtailadmin_pages:revisions_view", args=[programme.pk, revision.pk]),
        reverse("wagtailadmin_pages:workflow_history", args=[programme.pk]),
        reverse("wagtailadmin_pages:workflow_preview", args=[programme.pk, task_state.task_id]),
        reverse("wagtailadmin_pages:usage", args=[site["standard"].pk]),
        reverse("wagtailadmin_pages:search") + "?q=alert",
        reverse("wagtailadmin_choose_page"),
        reverse("wagtailadmin_choose_page_child", args=[site["home"].pk]),
        reverse("wagtailadmin_choose_page_search") + "?q=alert",
        reverse("wagtailadmin_tag_autocomplete") + "?term=" + quote(Tag.objects.first().name[:3]),
        *snippet_urls(Office, site["office"].pk),
        *snippet_urls(Partner, site["partner"].pk),
        *snippet_urls(Objective, site["objective"].pk),
        *snippet_urls(CountryAction, CountryAction.objects.first().pk),
        reverse("wagtailimages:index"),
        reverse("wagtailimages:edit", args=[site["image"].pk]),
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtaildocs:index"),
        reverse("wagtaildocs:edit", args=[site["document"].pk]),
        reverse("wagtaildocs_chooser:choose"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:aging_pages"),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:workflow_tasks"),
        reverse("portal_not_reviewed"),
        reverse("translations:dashboard"),
        reverse("translations:drilldown", args=["portal.ArticlePage", "nb"]),
        reverse("translations:drilldown", args=["offices.Office", "fr"]),
        reverse("translations:edit", args=[content_type(article).pk, article.pk, "nb"]),
        reverse("translations:edit", args=[content_type(Office).pk, site["office"].pk, "fi"]),
        reverse("translations:po"),
    ]


def test_admin_pages_show_hostile_texts_as_text(client, admin_user, attacked):
    client.force_login(admin_user)
    for url in admin_urls(attacked, admin_user):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_harmless(response, admin=True)
        assert MARK in response.content.decode(), f"nothing hostile was shown on {url}"


# --- The page editor: rich text through Wagtail's whitelist, URL fields refuse scripts -------


def contentstate(addresses, typed):
    """Draftail's JSON for a paragraph per link (to each address) and one of typed text: what a
    crafted POST can send, bypassing the editor's own link form (GHSA-wq5h-f9p5-q7fx)."""
    blocks, entities = [], {}
    for number, data in enumerate(addresses):
        label = f"link {number} XSS"
        entities[str(number)] = {"type": "LINK", "mutability": "MUTABLE", "data": data}
        blocks.append(
            {
                "key": f"k{number}",
                "type": "unstyled",
                "depth": 0,
                "text": label,
                "inlineStyleRanges": [{"offset": 0, "length": 4, "style": "BOLD"}],
                "entityRanges": [{"offset": 0, "length": len(label), "key": number}],
                "data": {},
            }
        )
    for number, text in enumerate(typed):
        blocks.append(
            {
                "key": f"t{number}",
                "type": "unstyled",
                "depth": 0,
                "text": text,
                "inlineStyleRanges": [],
                "entityRanges": [],
                "data": {},
            }
        )
    return json.dumps({"blocks": blocks, "entityMap": entities})


HOSTILE_LINKS = [
    *[{"url": address} for address in URL_ATTACKS],
    {"url": "https://example.org/\" onmouseover=\"alert('XSS')"},
    {"id": "1\" onmouseover=\"alert('XSS')", "url": "/"},  # a page link with a crafted id
]


def edit_form(client, page):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return querydict_from_html(response.content.decode(), form_id="page-edit-form")


def body_post(lang, cta_url=None, page_pk=None):
    blocks = [
        ("heading", {"text": ATTACKS[0], "level": "h2"}),
        ("paragraph", contentstate(HOSTILE_LINKS, ATTACKS)),
    ]
    if cta_url is not None or page_pk is not None:
        cta = {"text": ATTACKS[1], "button": "XSS", "page": page_pk or "", "url": cta_url or ""}
        blocks.append(("call_to_action", cta))
    return {f"body_{lang}": streamfield(blocks)}


def test_the_page_editor_keeps_rich_text_links_to_web_addresses(client, admin_user, attacked):
    """Crafted Draftail data: every link to a script address loses its address, a page link
    with a crafted id loses its link, typed markup is text; the page publishes and renders,
    harmless, in every language."""
    client.force_login(admin_user)
    page = attacked["standard"]
    data = edit_form(client, page)
    for lang in LANGUAGES:
        data.update(nested_form_data(body_post(lang, page_pk=attacked["home"].pk)))
    data["action-publish"] = "action-publish"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, findings(response.content.decode(), admin=True)

    page = Page.objects.get(pk=page.pk).specific
    for lang in LANGUAGES:
        stored = str(getattr(page, localized("body", lang)).raw_data[1]["value"])
        assert findings(stored, fragment=True) == [], stored
        # The crafted page id is gone with its link: nothing looks a page up by it.
        links = html5lib.parseFragment(stored, namespaceHTMLElements=False).iter("a")
        assert all(a.get("id", "0").isdigit() for a in links if a.get("linktype")), stored
        response = client.get(url_in(page, lang))
        assert response.status_code == 200
        html = assert_harmless(response)
        assert ATTACKS[0] in visible_text(html)  # the typed markup, shown as text
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert_harmless(edit, admin=True)


@pytest.mark.parametrize("address", URL_ATTACKS)
def test_the_call_to_action_address_refuses_script_addresses(address):
    url_block = BodyBlock().child_blocks["call_to_action"].child_blocks["url"]
    with pytest.raises(ValidationError):
        url_block.clean(address)


def test_the_page_editor_refuses_a_call_to_action_to_a_script_address(client, admin_user, attacked):
    client.force_login(admin_user)
    page = attacked["standard"]
    revision = page.latest_revision_id
    data = edit_form(client, page)
    for lang, address in zip(LANGUAGES, URL_ATTACKS, strict=True):
        data.update(nested_form_data(body_post(lang, cta_url=address)))
    data["action-publish"] = "action-publish"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 200  # the form again, with its errors
    assert_harmless(response, admin=True)
    assert Page.objects.get(pk=page.pk).latest_revision_id == revision


@pytest.mark.parametrize(
    ("model", "field"),
    [(Partner, "website"), (Office, "website"), (CountryAction, "source_url")],
)
def test_web_address_fields_refuse_script_addresses(attacked, model, field):
    obj = model.objects.first()
    for address in URL_ATTACKS:
        setattr(obj, field, address)
        with pytest.raises(ValidationError) as refused:
            obj.full_clean()
        assert field in refused.value.message_dict, address


def test_the_snippet_editor_refuses_a_script_address(client, admin_user, attacked):
    client.force_login(admin_user)
    partner = attacked["partner"]
    url = reverse("wagtailsnippets_offices_partner:edit", args=[partner.pk])
    data = querydict_from_html(client.get(url).content.decode(), form_id="w-editor-form")
    data["website"] = URL_ATTACKS[0]
    response = client.post(url, data)
    assert response.status_code == 200
    assert_harmless(response, admin=True)
    assert Partner.objects.get(pk=partner.pk).website == ""


# --- Imported translations: the translator's editor and PO files -----------------------------

# What the translator's editor and PO import refuse (portal/localization/markup.py), and what
# they take as text, which must then be shown harmlessly.
REFUSED = [attack for attack in ATTACKS if unsafe_markup(attack)]
TAKEN = [attack for attack in ATTACKS if not unsafe_markup(attack)]


def in_place_of_text(source, attack):
    """A rich text source with the attack in place of each of its texts, keeping its tags."""
    return re.sub(r">[^<]+<", lambda _m: f">{attack}<", source)


def translation_for(unit, attack):
    return in_place_of_text(unit.source, attack) if unit.kind == "richtext" else attack


def typed_for(unit, attack):
    """What a translator types in the editor: rich text as tokens ({1}…{/1}), the attack in
    place of each of its texts."""
    if unit.kind != "richtext":
        return attack
    text, _tags = to_tokens(unit.source)
    return re.sub(r"(?<=\})[^{}]+(?=\{)", lambda m: attack if m[0].strip() else m[0], text)


@pytest.mark.parametrize("attack", ATTACKS)
def test_the_translation_check_refuses_whatever_would_run_as_html(attack):
    """Written into a page as it is, an attack that would run is refused; what it lets through
    is harmless text, once escaped as every template escapes plain text (and the TableBlock
    attribute attack, which needs an attribute to break out of, finds none in rich text)."""
    in_text = f"<!DOCTYPE html><html><body><p>{attack}</p></body></html>"
    if findings(in_text):
        assert unsafe_markup(attack), attack
    assert unsafe_markup(attack) or attack in TAKEN


def test_the_translator_editor_refuses_script_and_keeps_text_harmless(client, admin_user, attacked):
    client.force_login(admin_user)
    article = attacked["article"]
    url = reverse(
        "translations:edit", args=[ContentType.objects.get_for_model(article).pk, article.pk, "nb"]
    )
    rows = list(units(Page.objects.get(pk=article.pk).specific, "nb"))
    name = {(u.field, u.path): f"t:{u.field}::{u.path}" if u.path else f"t:{u.field}" for u in rows}
    revision = Page.objects.get(pk=article.pk).latest_revision_id

    for start in range(0, len(REFUSED), len(rows)):
        posted = {
            name[(u.field, u.path)]: typed_for(u, REFUSED[(start + i) % len(REFUSED)])
            for i, u in enumerate(rows)
        }
        response = client.post(url, {**posted, "action": "publish"})
        assert response.status_code == 200  # the editor again, with its errors
        html = assert_harmless(response, admin=True)
        tree = html5lib.parse(html, namespaceHTMLElements=False)
        invalid = {e.get("name") for e in tree.iter() if e.get("aria-invalid") == "true"}
        assert invalid == set(posted)
        assert Page.objects.get(pk=article.pk).latest_revision_id == revision

    posted = {
        name[(u.field, u.path)]: typed_for(u, TAKEN[i % len(TAKEN)]) for i, u in enumerate(rows)
    }
    response = client.post(url, {**posted, "action": "publish"})
    assert response.status_code == 302
    page = client.get(url_in(Page.objects.get(pk=article.pk), "nb"))
    assert page.status_code == 200
    shown = visible_text(assert_harmless(page))
    assert [attack for attack in TAKEN if attack not in shown] == []


def hostile_po(attacks, lang="nb"):
    """The site's PO file for `lang` with every entry translated by one of the attacks."""
    po = export_po(lang)
    by_context = {}
    for obj in [*content_objects()]:
        for unit in units(obj, lang):
            by_context[unit.context] = unit
    for number, entry in enumerate(po):
        unit = by_context[entry.msgctxt]
        entry.msgstr = translation_for(unit, attacks[number % len(attacks)])
        entry.flags = []
    return po


def content_objects():
    for model in content_models():
        for obj in specific_objects(model):
            yield obj.specific if isinstance(obj, Page) else obj


def test_a_po_import_refuses_every_dangerous_entry_and_writes_nothing(attacked):
    po = hostile_po(REFUSED)
    assert len(po) >= len(REFUSED)
    revisions, article = Revision.objects.count(), attacked["article"]
    report = import_po(str(po), "nb", publish=True)
    assert not report.ok
    refused = {problem.context for problem in report.errors}
    assert {entry.msgctxt for entry in po} <= refused
    assert report.written == 0
    assert Revision.objects.count() == revisions
    assert Page.objects.get(pk=article.pk).specific.title_nb == article.title_nb


def test_a_po_import_of_harmless_text_renders_harmless(client, attacked):
    report = import_po(str(hostile_po(TAKEN)), "nb", publish=True)
    assert report.ok, report.lines()
    assert report.pages_published and report.records_saved
    for key in PAGE_KEYS:
        response = client.get(url_in(Page.objects.get(pk=attacked[key].pk), "nb"))
        assert response.status_code == 200
        assert MARK in visible_text(assert_harmless(response))


def test_the_po_page_and_command_report_hostile_files_harmlessly(
    client, admin_user, attacked, tmp_path
):
    po = hostile_po(REFUSED)
    po.metadata["Language"] = REFUSED[0]
    po.append(polib.POEntry(msgctxt=REFUSED[1], msgid=REFUSED[2], msgstr=REFUSED[3]))
    client.force_login(admin_user)
    upload = SimpleUploadedFile("hostile.po", str(po).encode(), "text/x-gettext-translation")
    response = client.post(reverse("translations:po_import"), {"language": "nb", "file": upload})
    assert response.status_code == 200
    html = assert_harmless(response, admin=True)
    assert REFUSED[0] in visible_text(html)  # the declared language, shown as text

    path = tmp_path / "hostile.po"
    path.write_text(str(po), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_po", str(path), language="nb", stdout=io.StringIO())
