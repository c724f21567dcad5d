"""The translation memory (portal/localization/memory.py): filled from published translations
that are not outdated, whole units and sentence by sentence; found again as in-context, exact and
fuzzy matches, on SQLite (rapidfuzz) and PostgreSQL (pg_trgm candidates)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from portal.localization import memory
from portal.localization.models import MemoryEntry
from tests.support.factories import ObjectiveFactory, PartnerFactory, StandardPageFactory

pytestmark = pytest.mark.django_db

SUMMARY_EN = (
    "Countries work together to save lives. They share information on missing migrants. "
    "Families get answers."
)
SUMMARY_NB = (
    "Landene samarbeider for å redde liv. De deler opplysninger om savnede migranter. "
    "Familier får svar."
)


def objective(number=8, **texts):
    return ObjectiveFactory(
        number=number,
        title_en=texts.get("title_en", "Save lives and establish coordinated efforts"),
        title_nb=texts.get("title_nb", "Redde liv og samordne innsatsen"),
        summary_en=texts.get("summary_en", SUMMARY_EN),
        summary_nb=texts.get("summary_nb", SUMMARY_NB),
    )


def entries(lang="nb", **filters):
    return MemoryEntry.objects.filter(target_language=lang, **filters)


def test_sentences_follow_each_language():
    assert memory.sentences("Dette er f.eks. én setning. Her er en til.", "nb") == [
        "Dette er f.eks. én setning.",
        "Her er en til.",
    ]
    assert memory.plain("<p>One <b>bold</b> word &amp; more.</p>", "richtext") == (
        "One bold word & more."
    )


def test_a_saved_record_fills_the_memory_with_units_and_sentences():
    saved = objective()
    units = entries(kind=MemoryEntry.Kind.UNIT)
    assert {(e.field, e.source_text, e.target_text) for e in units} == {
        ("title", saved.title_en, saved.title_nb),
        ("summary", SUMMARY_EN, SUMMARY_NB),
    }
    pairs = [(e.source_text, e.target_text) for e in entries(kind=MemoryEntry.Kind.SENTENCE)]
    assert ("They share information on missing migrants.",
            "De deler opplysninger om savnede migranter.") in pairs  # fmt: skip
    assert len(pairs) == 3
    assert not entries("fi").exists()  # nothing translated into Finnish


def test_sentences_are_not_paired_when_their_counts_differ():
    objective(summary_nb="Landene samarbeider for å redde liv og deler opplysninger.")
    assert not entries(kind=MemoryEntry.Kind.SENTENCE).exists()
    assert entries(kind=MemoryEntry.Kind.UNIT, field="summary").exists()


def test_an_outdated_translation_leaves_the_memory():
    saved = objective()
    saved.title_en = "Save lives: a new English title"
    saved.save()  # the Norwegian title now translates a text that is gone
    assert not entries(field="title").exists()
    assert entries(field="summary").exists()
    saved.title_nb = "Redde liv: en ny norsk tittel"
    saved.save()
    assert entries(field="title").get().source_text == "Save lives: a new English title"


def test_a_published_page_fills_the_memory_and_a_draft_does_not():
    page = StandardPageFactory(
        parent=None, title="About", slug="about", summary_en=SUMMARY_EN, summary_nb=SUMMARY_NB
    )
    page.save_revision().publish()
    assert entries(field="summary", kind=MemoryEntry.Kind.UNIT).count() == 1
    page.summary_nb = "Et utkast som ikke er publisert."
    page.save_revision()
    assert entries(field="summary", kind=MemoryEntry.Kind.UNIT).get().target_text == SUMMARY_NB


def context_of(obj, field, path=""):
    return (ContentType.objects.get_for_model(type(obj)).pk, obj.pk, field, path)


def test_in_context_exact_and_fuzzy_matches_in_that_order():
    first = objective(8)
    objective(9, title_en="Another objective", title_nb="Et annet mål")
    source = "Countries work together to save lives."
    found = memory.suggestions(source, "nb")
    assert [(m.kind, m.entry.target_text) for m in found][:1] == [
        ("exact", "Landene samarbeider for å redde liv.")
    ]
    in_context = memory.suggestions(SUMMARY_EN, "nb", context=context_of(first, "summary"))
    assert in_context[0].kind == "in-context"
    assert in_context[0].score == memory.IN_CONTEXT
    fuzzy = memory.suggestions("Countries work together to save many lives.", "nb")
    assert fuzzy[0].kind == "fuzzy"
    assert memory.threshold() <= fuzzy[0].score < memory.EXACT
    assert fuzzy[0].entry.target_text == "Landene samarbeider for å redde liv."


def test_the_fuzzy_threshold_is_a_setting(settings):
    objective()
    near = "Countries work together to save many lives."
    assert memory.suggestions(near, "nb")
    settings.TRANSLATION_MEMORY_FUZZY_THRESHOLD = 99
    assert memory.suggestions(near, "nb") == []


def test_unlike_texts_and_other_languages_find_nothing():
    objective()
    assert memory.suggestions("A completely different sentence about budgets.", "nb") == []
    assert memory.suggestions("Countries work together to save lives.", "fi") == []


def test_the_best_three_one_per_translation():
    for number in range(1, 6):
        PartnerFactory(name_en=f"Partner number {number}", name_nb=f"Partner nummer {number}")
    found = memory.suggestions("Partner number 7", "nb")
    assert len(found) == 3
    assert len({m.entry.target_text for m in found}) == 3
    assert all(m.kind == "fuzzy" for m in found)


def test_rebuild_fills_the_memory_from_the_whole_site():
    objective()
    MemoryEntry.objects.all().delete()
    call_command("rebuild_translation_memory", verbosity=0)
    assert entries(kind=MemoryEntry.Kind.UNIT).count() == 2


def test_a_failing_memory_never_breaks_a_save(monkeypatch):
    def broken(obj):
        raise RuntimeError("memory down")

    monkeypatch.setattr(memory, "remember", broken)
    saved = objective()
    saved.title_nb = "Redde liv"
    saved.save()
    saved.refresh_from_db()
    assert saved.title_nb == "Redde liv"


def test_paragraphs_do_not_run_into_each_other():
    text = "<p>It counts 175 member states.</p><p>Here you will find <b>us</b>.<br/>Today.</p>"
    assert memory.plain(text, "richtext") == (
        "It counts 175 member states. Here you will find us. Today."
    )


def test_a_one_sentence_paragraph_finds_the_sentence_as_an_exact_match_in_its_tags():
    objective()  # its summary's sentences are in the memory, one by one
    source = '<p data-block-key="a1">They share information on missing migrants.</p>'
    best = memory.suggestions(source, "nb")[0]
    assert best.kind == "exact"
    assert best.entry.target_text == (
        '<p data-block-key="a1">De deler opplysninger om savnede migranter.</p>'
    )
    assert best.entry.kind == MemoryEntry.Kind.UNIT  # inserted with its tags, as a whole text
    assert memory.best_matches([(source, None)], "nb")[0].entry.target_text == (
        best.entry.target_text
    )
    # The memory itself keeps the sentence as it was.
    assert entries(source_text="They share information on missing migrants.").get().target_text == (
        "De deler opplysninger om savnede migranter."
    )


def test_a_paragraph_with_inner_tags_is_not_matched_by_its_text_alone():
    objective()
    source = "<p>They share <b>information</b> on missing migrants.</p>"
    assert all(m.kind == "fuzzy" for m in memory.suggestions(source, "nb"))


def test_a_fuzzy_match_is_never_scored_as_exact():
    long_text = "Countries share what they know about missing migrants with the families. " * 6
    entry = MemoryEntry(source_text=long_text + "!", target_text="x")
    assert memory.score(long_text + ".", entry, None) == memory.EXACT - 1


def test_a_paragraph_is_put_together_from_the_translations_of_its_sentences():
    objective()  # "Countries work together… They share… Families get answers." sentence by sentence
    edited = "<p>Countries work together to save lives. It rains. Families get answers.</p>"
    together = memory.assembled(edited, "nb")
    assert together.sentences == (2, 3)
    assert together.entry.target_text == (
        "<p>Landene samarbeider for å redde liv. It rains. Familier får svar.</p>"
    )
    assert memory.threshold() <= together.score < memory.EXACT
    best = memory.suggestions(edited, "nb")[0]
    assert (best.sentences, best.entry.target_text) == ((2, 3), together.entry.target_text)
    # Too little of the text known: no match.
    assert (
        memory.assembled("<p>Families get answers. " + "Much else is new here. " * 3 + "</p>", "nb")
        is None
    )
    assert memory.assembled("<p>Families get answers.</p>", "nb") is None  # its own exact match


def test_the_editor_says_a_match_was_put_together_from_sentences(client, admin_user):
    objective()
    page = StandardPageFactory(
        title="Working together",
        body_en=[
            {
                "type": "paragraph",
                "value": "<p>Countries work together to save lives. Families get answers.</p>",
            }
        ],
    )
    page.save_revision().publish()
    client.force_login(admin_user)
    content_type = ContentType.objects.get_for_model(page)
    html = client.get(f"/admin/translations/edit/{content_type.pk}/{page.pk}/nb/").content.decode()
    assert "Put together from 2 of its 2 sentences" in html
    assert "Landene samarbeider for å redde liv. Familier får svar." in html
