"""Accessibility in real Chromium: axe-core finds no WCAG 2.2 A/AA or best-practice violation on
any page type, in English and Norwegian, on a phone and a desktop; the keyboard reaches
everything, starting with the skip link.

axe-core comes from npm (package.json; `make test` runs `npm ci`)."""

from pathlib import Path

import pytest
import wagtail_factories
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from wagtail.models import Collection, Page

from tests.support.helpers import url_in
from tests.support.portal import PAGE_KEYS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
WIDTHS = [390, 1280]

RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],  // passes and the rest: counted, not detailed (faster)
  });
  return {passes: results.passes.length, violations: results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => ({
      target: n.target.join(" "),
      html: n.html.slice(0, 200),
      summary: n.failureSummary,
    })),
    count: v.nodes.length,
  }))};
}"""

# Every element a keyboard user should reach with Tab, visible or not (a skip link hides
# until focused): links, form controls, buttons and anything given a tab stop.
FOCUSABLE = """() => {
  const selector = 'a[href], area[href], button, input:not([type="hidden"]), select, textarea,'
    + ' summary, iframe, [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';
  const seenRadioGroups = new Set();
  const found = [];
  document.querySelectorAll(selector).forEach((el, index) => {
    if (el.disabled || el.closest("[inert]")) return;
    if (!el.checkVisibility({visibilityProperty: true})) return;
    if (el.matches('input[type="radio"]')) {  // Tab stops once per radio group
      const group = (el.form ? el.form.id : "") + "/" + el.name;
      if (seenRadioGroups.has(group)) return;
      seenRadioGroups.add(group);
    }
    el.dataset.a11yIndex = String(index);
    found.push(String(index));
  });
  return found;
}"""

# The mark of the focused element (a radio group's first radio for any of its radios).
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  if (el.matches('input[type="radio"]')) {
    const first = document.querySelector(
      `input[type="radio"][name="${CSS.escape(el.name)}"][data-a11y-index]`);
    return first ? first.dataset.a11yIndex : el.dataset.a11yIndex || "?";
  }
  return el.dataset.a11yIndex || "unmarked";
}"""


@pytest.fixture(scope="module")
def migrated_rows(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def as_migrated(migrated_rows, transactional_db):
    """Each test starts from the rows the migrations made (root page, root collection, locale),
    which the flush after the previous live-server test took away. (Django's serialized
    rollback cannot do it here: Playwright's greenlet sees another connection object.)"""
    if Page.get_first_root_node() is None:
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(migrated_rows)
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(statement)
        ContentType.objects.clear_cache()


@pytest.fixture(scope="module")
def tab(browser):
    """One page for the whole module, resized per check."""
    assert AXE.exists(), f"{AXE} is missing: run `npm ci` (make test does)"
    # axe is injected as an inline script, which the pages' Content Security Policy rightly
    # blocks: the test's own tooling bypasses it (the pages themselves are unchanged).
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def enrich(portal):
    """Give the small portal every kind of body block, an image included, and a search hit."""
    image = wagtail_factories.ImageFactory(
        collection=Collection.get_first_root_node(),
        title="Fjord",
        file__width=1200,
        file__height=675,
    )
    document = wagtail_factories.DocumentFactory(
        collection=Collection.get_first_root_node(), title="Annual report"
    )
    office_page = portal["office_page"]
    body = [
        {"type": "heading", "value": {"text": "Who we are", "level": "h2"}},
        {
            "type": "paragraph",
            "value": f'<p>We run <a href="{office_page.url}">an office</a> and <b>advise</b>.</p>'
            "<ul><li>Free</li><li>Confidential</li></ul>",
        },
        {
            "type": "image",
            "value": {"image": image.pk, "alt_text": "Blue layers.", "caption": "A fjord"},
        },
        {"type": "quote", "value": {"text": "No one alone.", "attribution": "A visitor"}},
        {
            "type": "call_to_action",
            "value": {"text": "Find us.", "button": "Our offices", "page": office_page.pk},
        },
        {"type": "document", "value": {"document": document.pk, "label": "Read the report"}},
        {"type": "call_to_action", "value": {"text": "Read on.", "button": "News", "url": "/"}},
        {"type": "heading", "value": {"text": "Priorities", "level": "h3"}},
        {
            "type": "numbered_list",
            "value": {"items": [{"title": "Pathways", "points": ["Open", "Fair"]}]},
        },
        *(
            {"type": "data_listing", "value": {"kind": kind, "heading": kind.title()}}
            for kind in ("offices", "partners", "objectives", "country_actions")
        ),
    ]
    for key in ("standard", "article", "home"):
        page = portal[key].specific
        page.body_en = body
        page.save_revision().publish()


def urls(portal, lang):
    found = {key: url_in(portal[key], lang) for key in PAGE_KEYS}
    found["search"] = f"/{lang}/search/?q=office"
    found["accessibility"] = f"/{lang}/accessibility/"
    found["language_policy"] = f"/{lang}/language-policy/"
    # "Only in my language" checked (its checkbox, and links that say their language).
    found["news_mine"] = url_in(portal["news"], lang) + "?mine=1"
    found["programmes_mine"] = url_in(portal["programme_index"], lang) + "?mine=1"
    return found


def report(violations):
    lines = []
    for where, violation in violations:
        lines.append(
            f"{where}: {violation['id']} ({violation['impact']}, {violation['count']} nodes): "
            f"{violation['help']}"
        )
        for node in violation["nodes"]:
            lines.append(f"    {node['target']}\n      {node['html']}")
            lines.append("      " + node["summary"].replace("\n", "\n      "))
    return "\n".join(lines)


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_every_page_type_has_no_axe_violations(live_server, portal, tab, lang):
    enrich(portal)
    violations = []
    for name, url in urls(portal, lang).items():
        tab.set_viewport_size({"width": WIDTHS[0], "height": 900})
        response = tab.goto(live_server.url + url)
        assert response.status == 200, url
        assert tab.locator("html").get_attribute("lang") == lang
        tab.add_script_tag(path=str(AXE))
        for width in WIDTHS:  # the same document, laid out again at each width
            tab.set_viewport_size({"width": width, "height": 900})
            result = tab.evaluate(RUN_AXE, AXE_TAGS)
            assert result["passes"] > 20, url  # axe ran its rules on a real page
            for violation in result["violations"]:
                violations.append((f"{name} {url} @{width}px", violation))
    assert not violations, "axe found:\n" + report(violations)


def tab_through(tab, limit):
    """Press Tab until focus leaves the page; the marks of the elements it stopped on."""
    reached = []
    for _ in range(limit):
        tab.keyboard.press("Tab")
        key = tab.evaluate(FOCUSED)
        if key is None or (reached and key == reached[0]):
            break
        reached.append(key)
    return reached


def test_skip_link_comes_first_and_moves_focus_to_main(live_server, portal, tab):
    tab.set_viewport_size({"width": 390, "height": 800})
    tab.goto(live_server.url + url_in(portal["home"], "en"))

    tab.keyboard.press("Tab")
    skip = tab.locator(":focus")
    assert skip.get_attribute("class") == "skip-link"
    assert skip.get_attribute("href") == "#main"
    assert skip.is_visible()  # hidden until focused, then on screen
    box = skip.bounding_box()
    assert box["y"] >= 0 and box["x"] >= 0

    tab.keyboard.press("Enter")
    assert tab.evaluate("document.activeElement.id") == "main"
    # The next Tab goes on from the main content, not back to the header.
    tab.keyboard.press("Tab")
    assert tab.evaluate("!!document.activeElement.closest('main')")


@pytest.mark.parametrize("key", ["home", "programme_index"])
def test_tab_reaches_every_link_and_control(live_server, portal, tab, key):
    tab.set_viewport_size({"width": 1280, "height": 900})
    tab.goto(live_server.url + url_in(portal[key], "en"))
    focusable = tab.evaluate(FOCUSABLE)
    assert len(focusable) > 10  # the header alone has the switcher, search and menu

    reached = tab_through(tab, limit=len(focusable) + 20)

    assert reached[0] == focusable[0]  # the skip link
    missing = set(focusable) - set(reached)
    assert not missing, tab.evaluate(
        "(marks) => marks.map((m) => document.querySelector(`[data-a11y-index='${m}']`)"
        ".outerHTML.slice(0, 120))",
        sorted(missing),
    )
    # In document order: no positive tabindex pulls anything ahead.
    marked = [int(key) for key in reached if key != "unmarked"]
    assert marked == sorted(marked)
