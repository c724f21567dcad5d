"""What translators tripped over on the translation tools' screens, found while writing
docs/translators-guide.md: pages without a browser tab title, a drill-down with a checkbox per
field for one selection of items, memory suggestions diffed against the source's HTML, and the
termbase listing's column of English titles a few letters wide."""

import re

import pytest
from django.urls import reverse

from tests.portal.test_translation_memory import SUMMARY_EN, SUMMARY_NB, objective
from tests.portal.test_translator_editor import editor_url, translator
from tests.support import factories as f

pytestmark = pytest.mark.django_db


def title_of(response):
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def test_every_translation_page_names_itself_in_the_browser_tab(client, django_user_model, home):
    page = f.StandardPageFactory(parent=home, title="Never translated", slug="fresh")
    client.force_login(translator(django_user_model, "nb"))
    titles = {
        reverse("translations:dashboard"): "Translations",
        reverse("translations:drilldown", args=["portal.StandardPage", "nb"]): "Standard pages",
        reverse("translations:tbx"): "Termbase: TBX files",
        editor_url(page, "nb"): "Translate “Never translated” into",
    }
    for url, expected in titles.items():
        assert title_of(client.get(url)).startswith(expected), url


def test_the_drilldown_has_one_checkbox_per_item_not_per_field(client, django_user_model, home):
    page = f.StandardPageFactory(
        parent=home, title="Never translated", slug="fresh", summary_en="A summary to translate."
    )
    client.force_login(translator(django_user_model, "nb"))
    html = client.get(
        reverse("translations:drilldown", args=["portal.StandardPage", "nb"])
    ).content.decode()
    assert html.count(">Never translated</a>") >= 2  # its title and summary are listed
    assert html.count(f'name="objects" value="{page.pk}"') == 1


def test_a_suggestion_for_rich_text_is_diffed_as_the_translator_reads_it(
    client, django_user_model, home
):
    objective()  # the memory knows SUMMARY_EN's sentences in Norwegian
    assert "They share information on missing migrants." in SUMMARY_EN
    assert "De deler opplysninger om savnede migranter." in SUMMARY_NB
    rich = "<p>They share <b>information</b> on lost migrants.</p>"
    body = [{"type": "paragraph", "value": rich}]
    page = f.StandardPageFactory(parent=home, title="Fresh", slug="fresh", body_en=body)
    client.force_login(translator(django_user_model, "nb"))
    html = client.get(editor_url(page, "nb")).content.decode()
    assert "De deler opplysninger om savnede migranter." in html  # the suggestion
    diff = re.search(r'<p class="tr-memory__diff">(.*?)</p>', html, re.S).group(1)
    assert "&lt;" not in diff  # it showed the source's <p> and <b>
    assert diff.endswith("They share information on <del>missing</del><ins>lost</ins> migrants.")


def test_the_termbase_listing_keeps_its_titles_readable(client, django_user_model):
    client.force_login(translator(django_user_model, "nb"))
    html = client.get(reverse("wagtailsnippets_portal_concept:list")).content.decode()
    assert "tr-termbase" in html and "admin/css/translations.css" in html
