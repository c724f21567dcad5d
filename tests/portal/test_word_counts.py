"""Word counts per object and language (portal/localization/wordcount.py): new, fuzzy, exact
and repeated, on the drill-down and the PO page."""

import pytest
from django.urls import reverse

from portal.localization import wordcount
from tests.portal.test_translator_editor import translator
from tests.support import factories as f

pytestmark = pytest.mark.django_db

KNOWN_EN = "Countries work together to save lives."


@pytest.fixture
def pages(home):
    f.ObjectiveFactory(number=8, title_en=KNOWN_EN, title_nb="Landene samarbeider for å redde liv.")
    first = f.StandardPageFactory(
        parent=home, title="Brand new words here", slug="one",
        summary_en="Countries work together to save many lives.",  # fuzzy, 7 words
        body_en=[{"type": "heading", "value": {"text": KNOWN_EN}}],  # exact, 6 words
    )  # fmt: skip
    second = f.StandardPageFactory(
        parent=home,
        title="Brand new words here",
        slug="two",
        summary_en="Nothing to match",
        body_en=[],
    )
    return first, second


def test_words_are_counted_on_the_plain_text():
    assert wordcount.words("<p>Save <b>2,500</b> lives, don't wait.</p>", "richtext") == 5  # noqa: PLR2004
    assert wordcount.words("") == 0


def test_new_fuzzy_exact_and_repeated(pages):
    analysis = wordcount.analyse(pages, "nb")
    first, second = (counts for _obj, counts in analysis.rows)
    assert (first.new, first.fuzzy, first.exact, first.repeated) == (4, 7, 6, 0)
    assert (second.new, second.fuzzy, second.exact, second.repeated) == (3, 0, 0, 4)
    assert analysis.total.total == 24  # noqa: PLR2004
    capped = wordcount.analyse(pages, "nb", fuzzy_limit=0)
    assert capped.fuzzy_capped and capped.total.not_analysed == 14  # noqa: PLR2004


def test_the_drilldown_and_the_po_page_show_the_counts(client, django_user_model, pages):
    client.force_login(translator(django_user_model, "nb"))
    html = client.get(reverse("translations:drilldown", args=["portal.StandardPage", "nb"]))
    assert "Word count" in html.content.decode()
    response = client.get(
        reverse("translations:po_word_counts"),
        {"language": "nb", "scope": "page", "page": pages[0].pk},
    )
    text = response.content.decode()
    assert response.status_code == 200 and "Word count" in text
    assert "<td>17</td>" in text  # 4 new + 7 fuzzy + 6 exact
