"""Quality checks (portal/localization/checks.py) and the termbase look-up (termbase.py): every
check positive and negative, the editor's terms and warnings, PO import warnings, the
check_translations command and the dashboard's warning counts."""

import polib
import pytest
from django.core.management import CommandError, call_command

from portal.localization import termbase
from portal.localization.checks import Checker, check_unit, errors_of
from portal.localization.models import Concept, MemoryEntry, Term
from portal.localization.po import WRAPWIDTH, export_po, import_po
from portal.localization.units import fingerprint
from tests.portal.test_translator_editor import editor_url, translator
from tests.support import factories as f

pytestmark = pytest.mark.django_db

P, A, F = Term.Status.PREFERRED, Term.Status.ADMITTED, Term.Status.FORBIDDEN


def concept(*terms, definition=""):
    made = Concept.objects.create(definition=definition)
    for lang, text, status in terms:
        Term.objects.create(concept=made, language=lang, text=text, status=status)
    return made


@pytest.fixture
def irregular():
    return concept(
        ("en", "irregular migrant", P),
        ("en", "migrant in an irregular situation", A),
        ("en", "illegal migrant", F),
        ("fr", "migrant en situation irrégulière", P),
        ("fr", "migrant illégal", F),
        ("nb", "irregulær migrant", P),
        ("nb", "ulovlig migrant", F),
    )


def codes(findings):
    return {finding.code for finding in findings}


# --- The termbase look-up --------------------------------------------------------------------


def test_terms_are_found_case_insensitively_on_word_boundaries_with_plurals(irregular):
    hits = termbase.terms_in("Support for Irregular Migrants in Europe.", "fr")
    assert [(h.source_term, h.approved, h.forbidden) for h in hits] == [
        ("irregular migrant", ("migrant en situation irrégulière",), ("migrant illégal",))
    ]
    assert termbase.terms_in("<p>An <b>irregular</b> migrant&#39;s rights</p>", "fr", "richtext")
    assert not termbase.terms_in("Nonirregular migrantology is not a word.", "fr")
    assert not termbase.terms_in("An illegal migrant", "fr")  # forbidden English: not approved


def test_forbidden_terms_are_found_in_inflected_forms(irregular):
    index = termbase.index("fr")
    assert index.forbidden_in("Les migrants illégaux arrivent.") == [
        ("migrant illégal", ("migrant en situation irrégulière",))
    ]
    assert index.forbidden_in("Les migrants en situation irrégulière.") == []


def test_the_index_follows_changes_to_the_termbase(irregular):
    assert not termbase.terms_in("A stateless person", "nb")
    concept(("en", "stateless person", P), ("nb", "statsløs person", P))
    assert termbase.terms_in("A stateless person", "nb")[0].approved == ("statsløs person",)


# --- Each check, positive and negative -------------------------------------------------------


def test_errors_unsafe_markup_tags_and_length():
    assert codes(errors_of("Hi", "<script>x</script>")) == {"unsafe-markup"}
    assert codes(errors_of("<p>Hi <b>you</b></p>", "<p>Hei du</p>", "richtext")) == {"tags"}
    assert codes(errors_of("Hi", "Hei på deg", max_length=5)) == {"too-long"}
    assert errors_of("<p>Hi <b>you</b></p>", "<p>Hei <b>du</b></p>", "richtext", 50) == []


def test_missing_approved_term_warns(irregular):
    source = "Rights of an irregular migrant."
    assert "term-missing" in codes(check_unit(source, "Rettighetene til en migrant.", "nb"))
    assert "term-missing" not in codes(
        check_unit(source, "Rettighetene til irregulære migranter.", "nb")
    )


def test_forbidden_term_warns(irregular):
    findings = check_unit("Rights of migrants.", "Droits des migrants illégaux.", "fr")
    assert "term-forbidden" in codes(findings)
    assert "migrant en situation irrégulière" in " ".join(f.message for f in findings)
    assert "term-forbidden" not in codes(check_unit("Rights.", "Droits des migrants.", "fr"))


def test_numbers_urls_and_emails_must_match():
    assert "numbers" in codes(check_unit("Since 1951, 175 states.", "Depuis 1952, 175.", "fr"))
    source, target = "1,000 people on 19 December 2018.", "1 000 personnes le 19 décembre 2018."
    assert "numbers" not in codes(check_unit(source, target, "fr"))
    assert "links" in codes(
        check_unit("Write to info@example.org.", "Écrivez à contact@example.org.", "fr")
    )
    assert "links" not in codes(
        check_unit("See https://example.org/a.", "Voir https://example.org/a.", "fr")
    )


def test_spaces_and_final_punctuation():
    assert "spaces" in codes(check_unit("Hello ", "Hei", "nb"))
    assert "spaces" not in codes(check_unit("Hello", "Hei", "nb"))
    assert "punctuation" in codes(check_unit("Who are we?", "Hvem er vi", "nb"))
    assert "punctuation" not in codes(check_unit("Who are we?", "Qui sommes-nous ?", "fr"))
    assert "punctuation" not in codes(check_unit("“Go.”", "« Allez. »", "fr"))


def test_a_long_text_left_in_english_warns():
    text = "The office gives free advice in many languages."
    assert "untranslated" in codes(check_unit(text, text, "nb"))
    assert "untranslated" not in codes(check_unit("IOM Norway", "IOM Norway", "nb"))


def test_the_same_source_translated_differently_elsewhere_warns():
    source = "Free advice in many languages"
    MemoryEntry.objects.create(
        source_language="en", target_language="nb", source_text=source,
        target_text="Gratis råd på mange språk", source_hash=fingerprint(source),
    )  # fmt: skip
    assert "inconsistent" in codes(check_unit(source, "Gratis rådgivning på flere språk", "nb"))
    assert "inconsistent" not in codes(check_unit(source, "Gratis råd på mange språk", "nb"))
    unchecked = Checker("nb", consistency=False)
    assert "inconsistent" not in codes(unchecked.check(source, "Noe", "text"))


def test_a_clean_translation_has_no_findings(irregular):
    assert check_unit("Help for irregular migrants.", "Hjelp til irregulære migranter.", "nb") == []


# --- Editor, PO import, command, dashboard ---------------------------------------------------


def test_editor_lists_terms_before_typing_and_warnings_after_saving(
    client, django_user_model, irregular
):
    objective = f.ObjectiveFactory(
        number=7, title_en="Protect irregular migrants", summary_en="Since 2018."
    )
    client.force_login(translator(django_user_model, "nb"))
    url = editor_url(objective, "nb")
    html = client.get(url).content.decode()
    assert "Terms in this text:" in html and "irregulær migrant" in html
    assert "tr-editor-warnings" not in html

    response = client.post(url, {"t:title": "Beskytte ulovlige migranter", "t:summary": "Fra 2019"})
    assert response.status_code == 302  # warnings do not refuse the save
    objective.refresh_from_db()  # a draft of the record (tests/portal/test_record_translations.py)
    assert objective.get_latest_revision_as_object().title_nb == "Beskytte ulovlige migranter"
    html = client.get(url).content.decode()
    for code in ("term-missing", "term-forbidden", "numbers", "punctuation"):
        assert f'data-code="{code}"' in html


def test_po_import_reports_warnings_and_imports_anyway(irregular):
    objective = f.ObjectiveFactory(number=9, title_en="Protect irregular migrants")
    po = polib.pofile(str(export_po("nb", objects=[objective])), wrapwidth=WRAPWIDTH)
    for entry in po:
        if entry.msgctxt.endswith(":title"):
            entry.msgstr = "Beskytte ulovlige migranter"
    report = import_po(str(po), "nb")
    assert report.ok and report.written == 1
    assert {p.context for p in report.warnings} == {f"compact.objective:{objective.pk}:title"}
    assert any("ulovlig migrant" in line for line in report.lines())
    objective.refresh_from_db()  # a draft of the record
    assert objective.get_latest_revision_as_object().title_nb == "Beskytte ulovlige migranter"


def test_command_exits_non_zero_on_errors_only(capsys):
    objective = f.ObjectiveFactory(number=3, title_en="Provide information", summary_en="Hi.")
    objective.title_nb = "Gi informasjon"
    objective.summary_nb = "Hei"  # a warning: final punctuation
    objective.save()
    call_command("check_translations", "--language", "nb")
    out = capsys.readouterr().out
    assert "punctuation" in out and "0 error(s), 1 warning(s) in nb." in out

    type(objective).objects.filter(pk=objective.pk).update(summary_nb="<script>x</script>")
    with pytest.raises(CommandError, match="1 error"):
        call_command("check_translations", "--language", "nb")
    with pytest.raises(CommandError):
        call_command("check_translations", "--language", "en")


def test_dashboard_counts_published_translations_with_warnings(admin_client, irregular):
    objective = f.ObjectiveFactory(number=4, title_en="Protect irregular migrants.")
    objective.title_fr = "Protéger les migrants illégaux."
    objective.save()  # fills the translation memory
    assert MemoryEntry.objects.filter(target_language="fr").exists()
    html = admin_client.get("/admin/translations/").content.decode()
    assert 'data-language="fr" data-warnings="1"' in html
    assert 'data-language="nb" data-warnings="0"' in html
