"""Links that say their language, in real Chromium: the marker is part of the link's accessible
name, and it reads well at a phone's width and a desktop's (screenshots in the
test's tmp_path, for a person to look at: pytest --basetemp=DIR)."""

import pytest
from wagtail.rich_text import RichText

from tests.support.helpers import url_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_marker_is_in_the_links_accessible_name(live_server, portal, page, tmp_path):
    article = portal["article"]
    article.body_en = [("paragraph", RichText("<p>English text.</p>"))]
    article.save_revision().publish()
    english = "engelsk"  # the marker's words: lower case, as Norwegian writes them

    page.goto(live_server.url + url_in(portal["news"], "nb"))
    link = page.get_by_role("link", name=f"{article.title_en} ({english})", exact=True)
    assert link.count() == 1
    assert link.get_attribute("hreflang") == "en"
    assert link.get_attribute("lang") == "en"
    assert link.locator(".lang-marker").is_visible()

    # In English the same link has no marker: its name is the title alone.
    page.goto(live_server.url + url_in(portal["news"], "en"))
    assert page.get_by_role("link", name=article.title_en, exact=True).count() == 1

    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for name, key in (("news", "news"), ("programmes", "programme_index")):
            page.goto(live_server.url + url_in(portal[key], "nb") + "?mine=")
            page.screenshot(path=tmp_path / f"links-{name}-nb-{width}.png", full_page=True)
            # Nothing wider than the window: the markers wrap with their links.
            assert page.evaluate("document.documentElement.scrollWidth") <= width
