"""Privacy: no public page makes the visitor's browser ask another site for anything, and no
editor's e-mail address goes to a third party (Gravatar) from the admin.

Plain <a href> links to other websites (an office's or a partner's site) are navigation the
visitor chooses, not requests the page makes: they are the one exception.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from wagtail.models import Collection

from tests.support.helpers import url_in
from tests.support.portal import PAGE_KEYS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]

# The hosts a page may load from: the test client's and the Site's (absolute canonical URLs).
OWN_HOSTS = {"testserver", "localhost"}
AVATAR_IN_SIDEBAR = re.compile(r'"avatarUrl": "([^"]*)"')
AVATAR_IMG = re.compile(r'class="avatar[^"]*"[^>]*>\s*<img src="([^"]*)"')
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.I)


class Resources(HTMLParser):
    """Every URL in a page that the browser would fetch (or post to) by itself."""

    URL_ATTRIBUTES = {"src", "srcset", "action", "formaction", "poster", "data", "background"}

    def __init__(self, html):
        super().__init__()
        self.urls = []  # (tag, attribute, url)
        self.links = []  # <a href>: navigation
        self._in_style = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if value is None:
                continue
            if name in self.URL_ATTRIBUTES:
                urls = [c.strip().split()[0] for c in value.split(",") if c.strip()]
                if name != "srcset":
                    urls = [value.strip()]
                self.urls += [(tag, name, url) for url in urls]
            if name == "style":
                self.urls += [(tag, "style", url) for url in css_urls(value)]
        if tag == "link" and attrs.get("href"):
            self.urls.append((tag, f"href rel={attrs.get('rel')}", attrs["href"]))
        if tag == "meta" and (attrs.get("property") or attrs.get("name", "")).endswith(":image"):
            self.urls.append((tag, attrs.get("property") or attrs.get("name"), attrs["content"]))
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.urls += [("style", "url()", url) for url in css_urls(data)]


def css_urls(css):
    return [a or b for a, b in CSS_URL.findall(css)]


def off_site(url):
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob"):
        return False
    if parts.scheme and parts.scheme not in ("http", "https"):
        return True
    return bool(parts.netloc) and parts.hostname not in OWN_HOSTS


def assert_nothing_off_site(client, html, where):
    found = Resources(html)
    bad = [(tag, attribute, url) for tag, attribute, url in found.urls if off_site(url)]
    assert bad == [], where
    # The stylesheets the page loads: no url() or @import to another site either.
    for tag, attribute, url in found.urls:
        if tag == "link" and "stylesheet" in attribute:
            path = urlsplit(url).path
            assert path.startswith("/static/"), url
            css = open(finders.find(path.removeprefix("/static/")), encoding="utf-8").read()  # noqa: SIM115
            assert [u for u in css_urls(css) if off_site(u)] == [], url
    return found


def test_checker_sees_what_a_browser_would_fetch():
    """The check can fail: each way a page could reach out is caught; links are not."""
    html = """
      <link rel="stylesheet" href="https://fonts.example/css">
      <script src="//cdn.example/lib.js"></script>
      <img src="/media/a.jpg" srcset="/media/a.jpg 1x, https://img.example/b.jpg 2x">
      <form action="https://forms.example/post"></form>
      <div style="background: url('https://track.example/p.gif')"></div>
      <style>@import "https://fonts.example/x.css"; p { background: url(/ok.png) }</style>
      <meta property="og:image" content="https://elsewhere.example/share.png">
      <a href="https://www.office.example/">The office's website</a>
    """
    found = Resources(html)
    assert sorted(url for _t, _a, url in found.urls if off_site(url)) == [
        "//cdn.example/lib.js",
        "https://elsewhere.example/share.png",
        "https://fonts.example/css",
        "https://fonts.example/x.css",
        "https://forms.example/post",
        "https://img.example/b.jpg",
        "https://track.example/p.gif",
    ]
    assert found.links == ["https://www.office.example/"]


def test_no_public_page_makes_a_request_to_another_site(client, portal):
    # Everything a page can show: an image in a body (a <picture> with srcset, a share image),
    # an office's and a partner's website, e-mail.
    image = wagtail_factories.ImageFactory(
        collection=Collection.get_first_root_node(), file__width=1200, file__height=675
    )
    for key in ("standard", "article", "office_page"):
        page = portal[key]
        page.body_en = [
            {"type": "paragraph", "value": '<p>See <a href="https://un.example/">the UN</a>.</p>'},
            {"type": "image", "value": {"image": image.pk, "alt_text": "A fjord", "caption": ""}},
        ]
        page.save_revision().publish()
    office = portal["office"]
    office.website, office.email = "https://www.norway-office.example/", "oslo@example.org"
    office.save()
    portal["partner"].website = "https://partner.example/"
    portal["partner"].save()

    links = []
    for key in PAGE_KEYS:
        response = client.get(url_in(portal[key], "nb"))
        assert response.status_code == 200, key
        links += assert_nothing_off_site(client, response.content.decode(), key).links
    for url in ("/fr/search/?q=return", "/en/no-such-page/"):
        response = client.get(url)
        assert_nothing_off_site(client, response.content.decode(), url)
    # The pictures were there to be checked, and so were the links that may leave the site.
    html = client.get(url_in(portal["standard"], "en")).content.decode()
    assert "srcset=" in html
    assert "https://www.norway-office.example/" in links
    assert "https://un.example/" in links


def test_admin_sends_no_editor_email_to_gravatar(client, home, settings):
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    editor = get_user_model().objects.create_superuser(
        "astrid", "astrid.editor@example.org", "pw-1234567"
    )
    client.force_login(editor)
    for url in ("/admin/", "/admin/account/", "/admin/users/"):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "gravatar" not in html.lower(), url
        # No avatar nor anything else the admin loads comes from another site...
        found = Resources(html)
        assert [u for _t, _a, u in found.urls if off_site(u)] == [], url
        # The avatars: in the sidebar's data and in <span class="avatar"><img src=...>.
        avatars = AVATAR_IN_SIDEBAR.findall(html) + AVATAR_IMG.findall(html)
        assert avatars, url
        assert all(a.startswith("/static/wagtailadmin/images/default-user-avatar") for a in avatars)
    # ...and the dashboard does not ask wagtail.org for news of releases from the browser.
    assert "w-upgrade" not in client.get("/admin/").content.decode()
