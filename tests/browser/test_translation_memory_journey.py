"""Issue 13's "done when", in real Chromium: a Finnish translator opens a page that has never been
translated but whose sentences exist elsewhere. They see exact and fuzzy suggestions from the
translation memory, insert one, see a term warning, fix it, and publish."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from playwright.sync_api import expect
from wagtail.models import GroupPagePermission

from portal.localization.models import Concept, MemoryEntry, Term
from portal.models import StandardPage
from tests.support import factories as f
from tests.support.portal import build_home

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

USERNAME, PASSWORD = "kaantaja", "kaanna-turvallisesti-42"
TITLE = "Tracing missing migrants"
TITLE_FI = "Kadonneiden siirtolaisten jäljittäminen"
HEADING = "How to ask for help"
HEADING_FI = "Miten pyytää apua"
SUMMARY_OLD = "We help families find relatives who went missing on their way to Europe."
SUMMARY_OLD_FI = "Autamme perheitä löytämään omaisensa, jotka katosivat matkalla Eurooppaan."
SUMMARY_NEW = "We help families find relatives who went missing on their way to Finland."
SUMMARY_NEW_FI = "Autamme perheitä löytämään omaisensa, jotka katosivat matkalla Suomeen."
IOM, IOM_FI = "International Organization for Migration", "Kansainvälinen siirtolaisuusjärjestö"
PARAGRAPH = f"<p>The {IOM} shares what it learns with the families.</p>"
WITHOUT_TERM = "{1}IOM kertoo perheille kaiken, minkä se saa selville.{/1}"
WITH_TERM = f"{{1}}{IOM_FI} kertoo perheille kaiken, minkä se saa selville.{{/1}}"


def body(heading, paragraph):
    return [
        {"type": "heading", "value": {"text": heading, "level": "h2"}},
        {"type": "paragraph", "value": paragraph},
    ]


def finnish_translator(home):
    """May translate into Finnish, and edit and publish the pages under the home page."""
    group = Group.objects.create(name="Finnish translators")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="portal", codename="translate_fi"),
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
    )
    for codename in ("change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=home, permission=Permission.objects.get(codename=codename)
        )
    user = get_user_model().objects.create_user(USERNAME, password=PASSWORD)
    user.groups.add(group)
    return user


@pytest.fixture
def pages():
    """A page published in English and Finnish (so the memory holds its units and sentences),
    a new English page that shares its title and heading and almost its summary, and the
    termbase entry of the organisation's name."""
    home = build_home()
    translated = f.StandardPageFactory(
        parent=home,
        title=TITLE,
        slug="tracing",
        summary_en=SUMMARY_OLD,
        body_en=body(HEADING, "<p>Call our office or write to us. Every request is secret.</p>"),
    )
    translated.title_fi, translated.slug_fi, translated.summary_fi = (
        TITLE_FI,
        "jaljitys",
        (SUMMARY_OLD_FI),
    )
    translated.body_fi = body(
        HEADING_FI, "<p>Soita toimistoomme tai kirjoita meille. Jokainen pyyntö on salainen.</p>"
    )
    translated.save_revision().publish()
    assert MemoryEntry.objects.filter(target_language="fi", source_text=SUMMARY_OLD).exists()

    new = f.StandardPageFactory(
        parent=home,
        title=TITLE,
        slug="tracing-in-finland",
        summary_en=SUMMARY_NEW,
        body_en=body(HEADING, PARAGRAPH),
    )
    new.save_revision().publish()
    assert not new.title_fi and not new.summary_fi and not new.body_fi

    name = Concept.objects.create(definition="The organisation's name.")
    Term.objects.create(concept=name, language="en", text=IOM, status=Term.Status.PREFERRED)
    Term.objects.create(concept=name, language="fi", text=IOM_FI, status=Term.Status.PREFERRED)
    finnish_translator(home)
    return {"translated": translated, "new": new}


def log_in(page, live_server):
    page.goto(live_server.url + "/admin/login/")
    page.fill('input[name="username"]', USERNAME)
    page.fill('input[name="password"]', PASSWORD)
    page.locator('form button[type="submit"]').first.click()
    page.wait_for_url(live_server.url + "/admin/")


def unit(page, name):
    """The editor's row of one unit, found by the name of its box."""
    return page.locator(".tr-editor-row").filter(has=page.locator(f'[name="{name}"]'))


def suggestion(row, label):
    """The memory match of `row` whose score reads `label` ("Exact", "91% match"...)."""
    return row.locator(".tr-memory__match").filter(
        has=row.page.locator(".tr-memory__score", has_text=label)
    )


def open_editor_from_the_dashboard(page, live_server, pages):
    """Dashboard -> Finnish standard pages -> the new page, listed as missing -> its editor."""
    page.goto(live_server.url + "/admin/translations/")
    cell = page.locator('td.tr-cell[data-kind="portal.StandardPage"][data-language="fi"]')
    cell.get_by_role("link").click()
    page.wait_for_url("**/admin/translations/portal.StandardPage/fi/")
    content_type = ContentType.objects.get_for_model(StandardPage)
    editor_path = f"/admin/translations/edit/{content_type.pk}/{pages['new'].pk}/fi/"
    missing = page.locator("tr.tr-row-missing").filter(has=page.locator(f'a[href="{editor_path}"]'))
    expect(missing.first).to_be_visible()
    # Its words by what the memory holds: the paragraph new, the summary fuzzy, the title and
    # the heading exact.
    words = page.locator("table.tr-words tbody tr").filter(has_text=TITLE).locator("td")
    expect(words).to_have_text([TITLE, "12", "13", str(3 + 5), "0", "33"])
    # The page translated already is not listed.
    expect(page.locator(f'a[href$="/{pages["translated"].pk}/fi/"]')).to_have_count(0)
    missing.first.get_by_role("link", name="Translate").click()
    page.wait_for_url(live_server.url + editor_path)


def see_the_suggestions_and_terms(page):
    """Exact matches beside the title and the heading; a fuzzy one beside the summary, with the
    English words that differ; the term beside the paragraph, before anything is typed."""
    exact = suggestion(unit(page, "t:title"), "Exact")
    expect(exact.locator(".tr-memory__text")).to_have_text(TITLE_FI)
    heading = suggestion(unit(page, "t:body::0:heading/text"), "Exact")
    expect(heading.locator(".tr-memory__text")).to_have_text(HEADING_FI)
    summary = unit(page, "t:summary")
    fuzzy = suggestion(summary, re.compile(r"^\d\d% match$"))
    expect(fuzzy.locator(".tr-memory__text")).to_have_text(SUMMARY_OLD_FI)
    expect(fuzzy.locator(".tr-memory__diff del")).to_have_text("Europe.")
    expect(fuzzy.locator(".tr-memory__diff ins")).to_have_text("Finland.")
    expect(suggestion(summary, "Exact")).to_have_count(0)
    paragraph = unit(page, "t:body::1:paragraph")
    expect(paragraph.locator(".tr-memory__match")).to_have_count(0)  # a new text
    expect(paragraph.locator(".tr-terms")).to_contain_text(f"{IOM} → {IOM_FI}")
    return exact, heading, fuzzy


def insert(match, box, expected):
    """One click on a match's Insert fills the unit's box with it."""
    match.get_by_role("button", name="Insert").click()
    expect(box).to_have_value(expected)


def save(page, button, message):
    page.get_by_role("button", name=button).click()
    expect(page.locator(".messages .success")).to_contain_text(message)


def test_finnish_translator_uses_the_memory_fixes_a_term_and_publishes(live_server, page, pages):
    new = pages["new"]
    log_in(page, live_server)
    open_editor_from_the_dashboard(page, live_server, pages)
    exact, heading, fuzzy = see_the_suggestions_and_terms(page)

    # The exact matches inserted as they are; the fuzzy one inserted, then corrected.
    title_box, summary_box = page.locator('[name="t:title"]'), page.locator('[name="t:summary"]')
    expect(title_box).to_have_value("")
    insert(exact, title_box, TITLE_FI)
    insert(heading, page.locator('[name="t:body::0:heading/text"]'), HEADING_FI)
    insert(fuzzy, summary_box, SUMMARY_OLD_FI)
    summary_box.fill(summary_box.input_value().replace("Eurooppaan", "Suomeen"))

    # The paragraph typed without the organisation's approved Finnish name: saved anyway, as a
    # draft, with a warning beside it naming the term.
    paragraph_box = page.locator('[name="t:body::1:paragraph"]')
    paragraph_box.fill(WITHOUT_TERM)
    save(page, "Save draft", "saved as a draft")
    warning = unit(page, "t:body::1:paragraph").locator(
        '.tr-editor-warnings [data-code="term-missing"]'
    )
    expect(warning).to_have_text(f"“{IOM}” should be translated as “{IOM_FI}”.")
    expect(page.locator(".tr-editor-warnings li")).to_have_count(1)
    expect(paragraph_box).to_have_value(WITHOUT_TERM)
    draft = StandardPage.objects.get(pk=new.pk).get_latest_revision_as_object()
    assert (draft.title_fi, draft.summary_fi) == (TITLE_FI, SUMMARY_NEW_FI)
    assert "IOM kertoo" in draft.body_fi[1].value.source
    assert not StandardPage.objects.get(pk=new.pk).title_fi  # not live yet

    # Fixed with the approved term and published: no warning is left.
    paragraph_box.fill(WITH_TERM)
    save(page, "Save and publish", "has been published")
    expect(page.locator(".tr-editor-warnings")).to_have_count(0)

    # The Finnish translation is live, and the memory has learnt it for the next page.
    live = StandardPage.objects.get(pk=new.pk)
    assert live.live and not live.has_unpublished_changes
    assert (live.title_fi, live.summary_fi) == (TITLE_FI, SUMMARY_NEW_FI)
    assert [block.block_type for block in live.body_fi] == ["heading", "paragraph"]
    assert live.body_fi[0].value["text"] == HEADING_FI
    assert IOM_FI in live.body_fi[1].value.source
    learnt = MemoryEntry.objects.filter(target_language="fi", object_id=new.pk)
    assert learnt.filter(source_text=SUMMARY_NEW, target_text=SUMMARY_NEW_FI).exists()

    # The editor's link to the live Finnish page opens it in a new tab, in Finnish.
    link = page.get_by_role("link", name=re.compile("View the live page in"))
    expect(link).to_have_attribute("hreflang", "fi")
    with page.context.expect_page() as opened:
        link.click()
    public = opened.value
    public.wait_for_load_state()
    assert public.url.startswith(live_server.url + "/fi/")
    expect(public.locator("html")).to_have_attribute("lang", "fi")
    expect(public.get_by_role("heading", level=1)).to_have_text(TITLE_FI)
    expect(public.get_by_role("heading", name=HEADING_FI)).to_be_visible()
    expect(public.get_by_text(f"{IOM_FI} kertoo perheille")).to_be_visible()
    expect(public.get_by_text(SUMMARY_NEW_FI)).to_be_visible()
