"""Security headers on every kind of response, and the Content Security Policy.

Public pages get a strict policy: scripts and styles from this site or inline with the
response's nonce, nothing else. The Wagtail admin gets a relaxed one (its inline scripts and
styles); Wagtail's preview is the public page with the public policy, allowed in the admin's frame.
The policy is checked as a browser applies it (CSP Level 3 source lists), so that an injected
inline script, event handler, style attribute or foreign script is seen to be blocked.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import path

from config import urls as project_urls
from tests.support.helpers import url_in
from tests.support.portal import PAGE_KEYS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]

HEADER = "Content-Security-Policy"
BASE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


# --- A browser's reading of a policy (CSP Level 3, the parts the portal uses) ----------------


def parse_policy(header):
    """{directive: [source, ...]}; the first occurrence of a directive wins, as in browsers."""
    policy = {}
    for part in header.split(";"):
        tokens = part.split()
        if tokens and tokens[0].lower() not in policy:
            policy[tokens[0].lower()] = tokens[1:]
    return policy


FALLBACKS = {
    "script-src-elem": ["script-src-elem", "script-src", "default-src"],
    "script-src-attr": ["script-src-attr", "script-src", "default-src"],
    "style-src-elem": ["style-src-elem", "style-src", "default-src"],
    "style-src-attr": ["style-src-attr", "style-src", "default-src"],
}


def sources_for(policy, directive):
    for name in FALLBACKS[directive]:
        if name in policy:
            return policy[name]
    return None  # no restriction


def inline_allowed(policy, directive, nonce=None):
    """Would a browser run this inline script / apply this inline style?"""
    sources = sources_for(policy, directive)
    if sources is None:
        return True
    if nonce and directive.endswith("-elem") and f"'nonce-{nonce}'" in sources:
        return True
    # 'unsafe-inline' is ignored as soon as a nonce or hash is present (CSP Level 2 and on).
    has_nonce_or_hash = any(
        s.startswith(("'nonce-", "'sha256-", "'sha384-", "'sha512-")) for s in sources
    )
    return "'unsafe-inline'" in sources and not has_nonce_or_hash


# Fetch directives fall back to default-src; form-action, base-uri and frame-ancestors do not.
FETCH_DIRECTIVES = {"img-src", "font-src", "connect-src", "object-src", "frame-src", "media-src"}


def url_allowed(policy, directive, url, origin="http://testserver"):
    """Would a browser load (or post to) this URL under the directive?"""
    if directive in FALLBACKS:
        sources = sources_for(policy, directive)
    elif directive in FETCH_DIRECTIVES:
        sources = policy.get(directive, policy.get("default-src"))
    else:
        sources = policy.get(directive)
    if sources is None:
        return True
    parts = urlsplit(url)
    url_origin = f"{parts.scheme}://{parts.netloc}"
    for source in sources:
        if source == "'self'" and url_origin == origin:
            return True
        if source == f"{parts.scheme}:" or (source == "*" and parts.scheme in ("http", "https")):
            return True
        if "://" in source and url_origin == source.rstrip("/"):
            return True
    return False


class InlineElements(HTMLParser):
    """Every <script> and <style> element of a page, with its nonce and type."""

    def __init__(self, html):
        super().__init__()
        self.elements = []
        self.style_attributes = []
        self.event_handlers = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self.elements.append((tag, attrs))
        if "style" in attrs:
            self.style_attributes.append((tag, attrs["style"]))
        self.event_handlers += [(tag, name) for name in attrs if name.startswith("on")]


def nonce_in(policy, directive):
    nonces = [s[7:-1] for s in policy.get(directive, []) if s.startswith("'nonce-")]
    return nonces[0] if nonces else None


def assert_base_headers(response):
    for name, value in BASE_HEADERS.items():
        assert response.get(name) == value, (name, response.get(name))
    assert response.get("X-Frame-Options") in ("DENY", "SAMEORIGIN")


# --- Headers on every kind of response ---------------------------------------------------------


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("boss", "boss@example.org", "pw-1234567")


def test_public_page_headers(client, home):
    response = client.get("/nb/")
    assert response.status_code == 200
    assert_base_headers(response)
    assert response["X-Frame-Options"] == "DENY"
    policy = parse_policy(response[HEADER])
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]


def test_admin_headers(client, editor):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert_base_headers(response)
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert_base_headers(response)
    assert HEADER in response


def test_static_file_headers(client):
    response = client.get("/static/css/portal.css")
    assert response.status_code == 200
    assert_base_headers(response)


def test_api_headers(client, db):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    assert_base_headers(response)
    assert parse_policy(response[HEADER])["default-src"] == ["'self'"]


def test_not_found_headers_and_nonce(client, home):
    response = client.get("/fr/no-such-page/")
    assert response.status_code == 404
    assert_base_headers(response)
    assert_every_inline_element_has_the_nonce(response)


def boom(request):
    raise RuntimeError("a fault in a view")


urlpatterns = [path("boom/", boom), *project_urls.urlpatterns]
handler500 = project_urls.handler500


@pytest.mark.urls(__name__)
def test_server_error_headers_and_styled_page(client, home):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert_base_headers(response)
    html = assert_every_inline_element_has_the_nonce(response)
    assert "<style nonce=" in html  # 500.html keeps its styles under the policy


@override_settings(
    SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True
)
@pytest.mark.parametrize("url", ["/en/", "/static/css/portal.css", "/admin/login/", "/api/v1/"])
def test_hsts_over_https_with_the_production_settings(client, home, url):
    response = client.get(url, secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


# --- The public policy and its nonces ----------------------------------------------------------


def assert_every_inline_element_has_the_nonce(response):
    """The page's policy allows exactly its own inline elements, by nonce; returns the HTML."""
    policy = parse_policy(response[HEADER])
    html = response.content.decode()
    parsed = InlineElements(html)
    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[directive]
        assert "'unsafe-eval'" not in policy[directive]
    nonce = nonce_in(policy, "script-src")
    for tag, attrs in parsed.elements:
        if "src" in attrs:
            assert url_allowed(policy, "script-src-elem", attrs["src"]), attrs
            continue
        assert attrs.get("nonce"), (tag, attrs)
        assert attrs["nonce"] == nonce
        assert inline_allowed(policy, f"{tag}-src-elem", attrs["nonce"]), (tag, attrs)
    assert parsed.style_attributes == []  # style-src has no 'unsafe-inline': they would not apply
    assert parsed.event_handlers == []
    return html


def test_every_public_page_type_has_its_inline_code_under_a_fresh_nonce(client, portal):
    """Every page type, search included: each inline <script> (JSON-LD) and <style> (the print
    origin) carries the response's nonce, a new one each time."""
    nonces = set()
    for key in PAGE_KEYS:
        response = client.get(url_in(portal[key], "fr"))
        assert response.status_code == 200, key
        html = assert_every_inline_element_has_the_nonce(response)
        nonce = nonce_in(parse_policy(response[HEADER]), "style-src")
        assert f'<style nonce="{nonce}">' in html, key
        nonces.add(nonce)
    assert len(nonces) == len(PAGE_KEYS)
    html = client.get(url_in(portal["office_page"], "en")).content.decode()
    assert re.search(r'<script type="application/ld\+json" nonce="[^"]+">', html)
    response = client.get("/nb/search/", {"q": "return", "kind": "nonsense"})
    assert response.status_code == 200
    html = assert_every_inline_element_has_the_nonce(response)
    assert html.count("<style nonce=") == 1  # the print origin; search's styles are in portal.css


def test_injected_inline_code_would_be_blocked(client, home):
    response = client.get("/en/")
    policy = parse_policy(response[HEADER])
    nonce = nonce_in(policy, "script-src")
    assert nonce
    # What a stored XSS would write into the page, and what the browser does with it:
    assert not inline_allowed(policy, "script-src-elem")  # <script>alert(1)</script>
    assert not inline_allowed(policy, "script-src-elem", "guessed")  # a wrong nonce
    assert not inline_allowed(policy, "script-src-attr")  # <img onerror="...">
    assert not inline_allowed(policy, "style-src-attr")  # style="..."
    assert not inline_allowed(policy, "style-src-elem")  # <style> without the nonce
    assert not url_allowed(policy, "script-src-elem", "https://evil.example/x.js")
    assert not url_allowed(policy, "script-src-elem", "data:text/javascript,alert(1)")
    assert not url_allowed(policy, "img-src", "https://tracker.example/pixel.gif")
    assert not url_allowed(policy, "form-action", "https://evil.example/collect")
    assert not url_allowed(policy, "object-src", "http://testserver/x.swf")
    # ...while the page's own code runs.
    assert inline_allowed(policy, "script-src-elem", nonce)
    assert url_allowed(policy, "script-src-elem", "http://testserver/static/x.js")


def test_the_policy_reader_sees_unsafe_inline():
    """The checks above can fail: a policy with 'unsafe-inline' and no nonce lets injected code
    run, and one with both does not (browsers ignore 'unsafe-inline' next to a nonce)."""
    loose = parse_policy("default-src 'self'; script-src 'self' 'unsafe-inline'")
    assert inline_allowed(loose, "script-src-elem")
    assert inline_allowed(loose, "script-src-attr")
    both = parse_policy("script-src 'self' 'unsafe-inline' 'nonce-abc'")
    assert not inline_allowed(both, "script-src-elem")
    assert inline_allowed(both, "script-src-elem", "abc")
    assert inline_allowed(parse_policy("img-src 'self'"), "script-src-elem")  # no default-src


# --- The admin ---------------------------------------------------------------------------------


def test_admin_gets_the_relaxed_policy(client, home, editor):
    client.force_login(editor)
    for url in ("/admin/", f"/admin/pages/{home.pk}/edit/", "/admin/login/"):
        response = client.get(url, follow=url.endswith("login/"))
        assert response.status_code == 200, url
        policy = parse_policy(response[HEADER])
        # Relaxed exactly here: inline scripts and styles, data:/blob: images, own frames.
        assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
        assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
        assert policy["img-src"] == ["'self'", "data:", "blob:"]
        assert policy["frame-ancestors"] == ["'self'"]
        assert policy["frame-src"] == ["'self'"]
        # Still: nothing from elsewhere, no eval, no plugins.
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert "'unsafe-eval'" not in response[HEADER]
        assert "'nonce-" not in response[HEADER]  # it would switch 'unsafe-inline' off
        assert inline_allowed(policy, "script-src-elem")
        assert not url_allowed(policy, "script-src-elem", "https://evil.example/x.js")


def test_admin_preview_is_the_public_page_under_the_public_policy_framable_by_the_admin(
    client, home, editor
):
    client.force_login(editor)
    response = client.get(f"/admin/pages/{home.pk}/view_draft/")
    assert response.status_code == 200
    assert_every_inline_element_has_the_nonce(response)
    policy = parse_policy(response[HEADER])
    # The preview panel frames it (Wagtail's preview views send X-Frame-Options: SAMEORIGIN).
    assert policy["frame-ancestors"] == ["'self'"]


def test_a_page_served_again_keeps_a_nonce_its_policy_allows(client, home, settings):
    """With the page cache on, a page served from the cache brings the policy it was stored with:
    header and HTML always agree, whether the page was rendered now or earlier."""
    settings.PAGE_CACHE_ENABLED = True
    for _ in range(3):
        response = client.get("/fi/")
        assert response.status_code == 200
        assert_every_inline_element_has_the_nonce(response)
