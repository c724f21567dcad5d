"""Every public URL of the site, found the way a visitor or a robot finds them, and read.

`crawl(client)` starts from the sitemaps (every live, public page in every language), robots.txt
and the API's root, and follows every link of the same site it reads: the pages' links (listing
blocks, finder filters and pages, the CSV download, feed links), the feeds' items, the API's
endpoints (in every language, with their next pages and each record's own URL). Search is asked
for separately (its result pages are not linked from anywhere): see `search_urls`.
"""

import json
import re
from html import unescape
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

from django.conf import settings

LANGUAGES = [code for code, _name in settings.LANGUAGES]

HREF = re.compile(r"""\shref=["']([^"']+)["']""")
XML_LINK = re.compile(r"<(?:loc|link|id)>([^<]+)</(?:loc|link|id)>|\shref=\"([^\"]+)\"")
# Not public surfaces: the admin, files, and the POST-only translation request.
SKIPPED = re.compile(r"^/(?:admin|static|media|documents|favicon\.ico|[a-z]{2}/_)")
MAX_URLS = 5000
HOSTS = (None, "localhost", "testserver")


def local(url, base):
    """The URL as a path with its query string, when it is on this site; else None."""
    url = urljoin(base, unescape(url).strip())
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "") or parts.hostname not in HOSTS:
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return None if SKIPPED.match(path) else path


def links(url, response):
    content_type = response.get("Content-Type", "")
    text = response.content.decode()
    if "xml" in content_type:
        return [a or b for a, b in XML_LINK.findall(text)]
    if "html" in content_type:
        return HREF.findall(text) + form_choices(url, text)
    return []


FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S)
ACTION = re.compile(r"""\saction=["']([^"']*)["']""")
SELECT = re.compile(r"""<select\b[^>]*\sname=["'](\w+)["'][^>]*>(.*?)</select>""", re.S)
OPTION = re.compile(r"""<option\b[^>]*\svalue=["']([^"']+)["']""")


def form_choices(url, text):
    """Each choice of each select of the page's GET forms (the finder's and search's filters):
    the form's URL with that one value, keeping the search words of a search. Only from an
    English page that has no filter yet, so choices are not combined (the other languages'
    pages offer the same choices, and show them)."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    if set(query) - {"q"} or not parts.path.startswith("/en/"):
        return []
    urls = []
    for attributes, body in FORM.findall(text):
        action = ACTION.search(attributes)
        target = unescape(action.group(1)) if action and action.group(1) else parts.path
        for name, options in SELECT.findall(body):
            for value in OPTION.findall(options):
                urls.append(f"{target}?{urlencode({**query, name: unescape(value)}, doseq=True)}")
    return urls


def json_links(text):
    """Every string of the JSON answer that is a URL (endpoints, next pages, page links)."""
    found = []

    def walk(value):
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str) and value.startswith("http://"):
            found.append(value)

    walk(json.loads(text))
    return found


def api_urls(url, response):
    """The API's URLs an answer leads to: each endpoint in every language, the next page, each
    listed record's own URL (from the English lists: a record's answer in the other languages
    is in their lists)."""
    data = json.loads(response.content)
    urls = json_links(response.content.decode())
    for item in urls[:]:
        path = urlsplit(item).path
        if path.startswith("/api/v1/") and "lang=" not in item:
            urls += [f"{path}?lang={lang}" for lang in LANGUAGES]
    parts = urlsplit(url)
    listed = data.get("results", []) if isinstance(data, dict) else []
    english = parse_qs(parts.query).get("lang", ["en"]) == ["en"]
    for record in listed if english else []:
        key = record.get("id", record.get("number"))
        urls.append(f"{parts.path}{key}/?{parts.query}")
    return urls


def crawl(client, start=("/sitemap.xml", "/robots.txt", "/api/v1/"), extra=(), follow=None):
    """{url: response} of every public URL reachable from `start` (and `extra`). Every answer
    must be a 200 or a redirect within the site. `follow(url)`, when given, says whether the
    links of the answer at `url` are followed (they are, by default)."""
    queue = [*start, *extra]
    seen = set(queue)
    read = {}
    while queue:
        url = queue.pop(0)
        response = client.get(url)
        if response.status_code in (301, 302):
            found = [response["Location"]]
        else:
            assert response.status_code == 200, (url, response.status_code)
            read[url] = response
            api = url.startswith("/api/")
            found = api_urls(url, response) if api else links(url, response)
            if follow and not follow(url):
                found = []
        for href in found:
            path = local(href, f"http://localhost{url}")
            if path and path not in seen:
                seen.add(path)
                queue.append(path)
        assert len(seen) < MAX_URLS, "the crawl does not end: links that make new URLs?"
    return read


def search_urls(words):
    """Search in every language for each of `words`."""
    return [f"/{lang}/search/?q={word}" for lang in LANGUAGES for word in words]


def shown(url, response):
    """The answer's text, without the words a search page echoes back (its query, wherever it is
    not part of a longer word): what the site showed, not what the visitor typed."""
    text = response.content.decode()
    parts = urlsplit(url)
    if parts.path.endswith("/search/"):
        for query in parse_qs(parts.query).get("q", []):
            text = re.sub(rf"{re.escape(query)}(?![\w-])", "", text)
    return text


def showing(read, text):
    """The URLs whose answer has `text` in it."""
    return sorted(url for url, response in read.items() if text in shown(url, response))
