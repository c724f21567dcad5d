"""Rich text in the translator's editor as numbered tokens (portal/localization/tokens.py):
{1}…{/1} for a paired tag, {2/} for an empty one, token n always the source's n-th tag."""

import json
import re
from html import unescape

import pytest
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.models import Revision

from portal.localization import memory
from portal.localization.models import MemoryEntry
from portal.localization.tokens import TokenError, expected, from_tokens, to_tokens
from portal.localization.units import SOURCE_LANGUAGE
from portal.models import StandardPage
from tests.portal.test_translator_editor import editor_url, translator
from tests.support import factories as f

pytestmark = pytest.mark.django_db

# What Wagtail's Draftail editor stores for a paragraph with bold, italic, a page link, a link
# with an address, a list and a line break (made by Wagtail's own converter, as the admin does).
CONTENTSTATE = {
    "entityMap": {
        "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"id": 3, "url": "/about/"}},
        "1": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "https://ex.org/?a=1&b=2"}},
    },
    "blocks": [
        {
            "key": "a1b2c", "type": "unstyled", "depth": 0, "data": {},
            "text": 'We give free advice & help in many tongues "here" <now>.',
            "inlineStyleRanges": [{"offset": 8, "length": 4, "style": "BOLD"}],
            "entityRanges": [{"offset": 30, "length": 12, "key": 0}],
        },
        {
            "key": "d3e4f", "type": "unordered-list-item", "depth": 0, "data": {},
            "text": "See our partners",
            "inlineStyleRanges": [{"offset": 0, "length": 3, "style": "ITALIC"}],
            "entityRanges": [{"offset": 8, "length": 8, "key": 1}],
        },
        {
            "key": "g5h6i", "type": "unordered-list-item", "depth": 0, "data": {},
            "text": "Call us\nany day", "inlineStyleRanges": [], "entityRanges": [],
        },
    ],
}  # fmt: skip
FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


@pytest.fixture
def draftail_html():
    return ContentstateConverter(FEATURES).to_database_format(json.dumps(CONTENTSTATE))


def test_tags_become_numbered_tokens_and_entities_characters(draftail_html):
    text, tags = to_tokens(draftail_html)
    assert text == (
        '{1}We give {2}free{/2} advice & help in {3}many tongues{/3} "here" <now>.{/1}\n'
        "{4}\n"
        "{5}{6}See{/6} our {7}partners{/7}{/5}\n"
        "{8}Call us{9/}any day{/8}{/4}"
    )
    assert [(tag.number, tag.name, tag.paired) for tag in tags] == [
        (1, "p", True), (2, "b", True), (3, "a", True), (4, "ul", True), (5, "li", True),
        (6, "i", True), (7, "a", True), (8, "li", True), (9, "br", False),
    ]  # fmt: skip
    assert tags[2].start == '<a linktype="page" id="3">'
    assert tags[6].start == '<a href="https://ex.org/?a=1&amp;b=2">'


def test_round_trip_is_exact(draftail_html):
    assert from_tokens(to_tokens(draftail_html)[0], draftail_html) == draftail_html


@pytest.mark.parametrize(
    "html",
    [
        "<p>Plain.</p>",
        "<p>One</p><p>Two &amp; three</p>",
        '<p><a href="https://example.org/">A link</a> at the start</p>',
        "<ol><li>First</li><li><b>Second</b></li></ol>",
        '<p>Image: <embed embedtype="image" id="7" format="left" alt="A boat"/> done</p>',
        "<p>Line<br/>break and <i>italic <b>bold italic</b></i></p>",
        "<p>Spaces <b>between</b> <i>inline</i> tags stay</p>",
        "Text without tags",
    ],
)
def test_round_trip_of_rich_text_shapes(html):
    text, _tags = to_tokens(html)
    assert "<" not in text.replace("<now>", "")
    assert from_tokens(text, html) == html


def test_what_a_translator_types_is_text_not_html():
    source = "<p>Fish <b>and</b> chips</p>"
    html = from_tokens('{1}Fisk <script>x</script> & {2}"chips"{/2} <3{/1}', source)
    assert html == '<p>Fisk &lt;script&gt;x&lt;/script&gt; &amp; <b>"chips"</b> &lt;3</p>'


def test_each_token_is_the_source_tag_with_its_exact_attributes():
    source = '<p data-block-key="k1">See <a linktype="page" id="42">our offices</a></p>'
    assert from_tokens("{1}{2}Våre kontorer{/2} finner du her{/1}", source) == (
        '<p data-block-key="k1"><a linktype="page" id="42">Våre kontorer</a> finner du her</p>'
    )


def test_whitespace_between_blocks_is_layout():
    source = "<p>One</p><ul><li>Two</li></ul>"
    assert from_tokens("  {1}En{/1}\n\n{2}\n   {3}To{/3}\n{/2}\n", source) == (
        "<p>En</p><ul><li>To</li></ul>"
    )
    assert from_tokens("", source) == ""  # left empty: untranslated


SOURCE = '<p>We give <b>free</b> advice in <a href="https://example.org/">many tongues</a>.</p>'


UNKNOWN = "These tags are not in the English text: %s."
TWICE = "Each tag once: %s is there more than once."
NESTED = "Badly nested tags at {/%s}: close each tag inside the one around it."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{1}Vi gir {2}gratis{/2} råd på mange språk.{/1}", "Missing tags: {3} {/3}."),
        ("{1}Vi gir gratis råd{/1}", "Missing tags: {2} {/2} {3} {/3}."),
        ("Vi gir gratis råd", "Missing tags: {1} {2} {/2} {3} {/3} {/1}."),
        ("{1}Vi {2}gir{/2} {3}råd{/3}{4}.{/4}{/1}", UNKNOWN % "{4} {/4}"),
        ("{1}Vi {2}gir{/2} {3}råd{/3}{3/}{/1}", UNKNOWN % "{3/}"),
        ("{1}Vi {2}gir{/2} {2}x{/2} {3}råd{/3}{/1}", TWICE % "{2} {/2}"),
        ("{1}Vi {3}gir{/3} {2}råd{/2}{/1}", "Keep the tags in the order of the English text: "
         "{1} {2} {/2} {3} {/3} {/1}."),
        ("{1}Vi {2}gir {3}råd{/2}{/3}{/1}", NESTED % 2),
        ("{1}Vi {/2}gir{2} {3}råd{/3}{/1}", NESTED % 2),
        ("{1}Vi {2}gir {3}råd{/3}{/1}{/2}", NESTED % 1),
    ],
)  # fmt: skip
def test_tokens_that_do_not_keep_the_source_tags_are_refused(text, message):
    with pytest.raises(TokenError) as refused:
        from_tokens(text, SOURCE)
    assert str(refused.value) == message


# --- The editor --------------------------------------------------------------------------------


@pytest.fixture
def linked(home):
    partners = f.StandardPageFactory(parent=home, title="Partners", slug="partners")
    paragraph = (
        f'<p data-block-key="p1">Read about <a linktype="page" id="{partners.pk}">our partners</a>'
        ' and <a href="https://www.un.org/">the UN</a>, <b>today</b>.</p>'
        '<ul><li data-block-key="l1">Free &amp; confidential</li></ul>'
    )
    page = f.StandardPageFactory(
        parent=home,
        title="Help",
        slug="help",
        body_en=[{"type": "paragraph", "value": paragraph}],
    )
    return page, partners


PARAGRAPH = "t:body::0:paragraph"
NB_TOKENS = (
    "{1}Les om {2}våre partnere{/2} og {3}FN{/3}, {4}i dag{/4}.{/1}\n"
    "{5}\n{6}Gratis & fortrolig{/6}{/5}"
)


def test_the_editor_shows_tokens_and_the_rendered_source(client, django_user_model, linked):
    page, partners = linked
    page.body_nb = [
        {
            "type": "paragraph",
            "value": (
                f'<p data-block-key="p1">Les om <a linktype="page" id="{partners.pk}">våre '
                'partnere</a> og <a href="https://www.un.org/">FN</a>, <b>i dag</b>.</p>'
                '<ul><li data-block-key="l1">Gratis &amp; fortrolig</li></ul>'
            ),
        }
    ]
    page.save()
    client.force_login(translator(django_user_model, "nb"))
    html = client.get(editor_url(page, "nb")).content.decode()
    box = re.search(
        rf'<textarea[^>]*name="{re.escape(PARAGRAPH)}"[^>]*>(.*?)</textarea>', html, re.S
    )
    assert unescape(box.group(1)) == NB_TOKENS  # tokens, not HTML
    assert "data-block-key" not in box.group(1)
    # The source as a reader sees it: the page link expanded to its address, opening a new tab.
    assert (
        f'<a target="_blank" rel="noopener noreferrer" href="{partners.url}">our partners</a>'
        in (html)
    )
    assert "{2}…{/2}</code> link to “Partners”" in html
    assert "{3}…{/3}</code> link to https://www.un.org/" in html
    assert "{4}…{/4}</code> bold" in html
    assert "saved translation do not match" not in html


def test_a_translation_whose_tags_differ_is_shown_as_tokens_with_a_warning(
    client, django_user_model, linked
):
    page, _partners = linked
    page.body_nb = [{"type": "paragraph", "value": "<p>Les om <b>våre partnere</b>.</p>"}]
    page.save()
    client.force_login(translator(django_user_model, "nb"))
    html = client.get(editor_url(page, "nb")).content.decode()
    assert "{1}Les om {2}våre partnere{/2}.{/1}" in html
    assert "The tags of the saved translation do not match the English text" in html


def test_saving_tokens_writes_the_source_tags(client, django_user_model, linked):
    page, partners = linked
    client.force_login(translator(django_user_model, "nb"))
    response = client.post(
        editor_url(page, "nb"), {"t:title": "Hjelp", PARAGRAPH: NB_TOKENS, "action": "save"}
    )
    assert response.status_code == 302
    draft = StandardPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert draft.body_nb.raw_data[0]["value"] == (
        f'<p data-block-key="p1">Les om <a linktype="page" id="{partners.pk}">våre partnere</a>'
        ' og <a href="https://www.un.org/">FN</a>, <b>i dag</b>.</p>'
        '<ul><li data-block-key="l1">Gratis &amp; fortrolig</li></ul>'
    )


def test_bad_tokens_are_refused_by_field_and_nothing_is_saved(client, django_user_model, linked):
    page, _partners = linked
    client.force_login(translator(django_user_model, "nb"))
    revisions = Revision.objects.count()
    typed = NB_TOKENS.replace("{3}FN{/3}", "FN")
    response = client.post(
        editor_url(page, "nb"), {"t:title": "Hjelp", PARAGRAPH: typed, "action": "save"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "could not be saved" in html
    errors = re.search(r'<ul class="tr-editor-errors[^"]*" id="err-body-1">(.*?)</ul>', html, re.S)
    assert "Missing tags: {3} {/3}." in errors.group(1)
    assert unescape(typed) in unescape(html)  # what was typed is shown again, to fix
    assert Revision.objects.count() == revisions  # the valid title was not saved either
    assert not StandardPage.objects.get(pk=page.pk).title_nb


def test_tokens_are_checked_against_the_current_source(client, django_user_model, linked):
    page, _partners = linked
    latest = page.get_latest_revision_as_object()
    value = latest.body_en.raw_data[0]["value"].replace("<b>today</b>", "<i>now</i> <b>today</b>")
    latest.body_en = [{"type": "paragraph", "value": value}]
    latest.save_revision()  # the English text now has one more tag in its latest draft
    client.force_login(translator(django_user_model, "nb"))
    response = client.post(editor_url(page, "nb"), {PARAGRAPH: NB_TOKENS, "action": "save"})
    assert response.status_code == 200
    assert "Missing tags" in response.content.decode()
    assert expected(value)[:6] == ["{1}", "{2}", "{/2}", "{3}", "{/3}", "{4}"]


def test_memory_matches_of_rich_text_are_inserted_as_tokens(client, django_user_model, linked):
    page, _partners = linked
    source = page.body_en.raw_data[0]["value"]
    MemoryEntry.objects.create(
        source_language=SOURCE_LANGUAGE,
        target_language="nb",
        origin=MemoryEntry.Origin.IMPORTED,  # from a TMX file: no page whose privacy applies
        source_text=source,
        target_text=source.replace("Read about", "Les om"),
        source_hash=memory.fingerprint(source),
        kind=MemoryEntry.Kind.UNIT,
    )
    client.force_login(translator(django_user_model, "nb"))
    html = client.get(editor_url(page, "nb")).content.decode()
    insert = re.search(r'data-tr-insert="tr-body-1" data-tr-text="([^"]*)"', html)
    assert unescape(insert.group(1)).startswith("{1}Les om {2}our partners{/2} and {3}the UN{/3}")
    assert "&lt;a linktype" not in html
