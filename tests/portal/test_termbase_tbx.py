"""The termbase's TBX export and import (portal/localization/tbx.py), its admin listing and TBX
page, the commands, and the demo's seed: hostile XML refused quickly without leaking anything,
a broken file changes nothing, a round trip changes nothing, fuzzed files get a clean report."""

import random
import time

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from portal.localization.models import Concept, Term
from portal.localization.tbx import TbxReport, export_tbx, import_tbx
from portal.tooling.demo import termbase as demo_termbase
from tests.support import factories as f

pytestmark = pytest.mark.django_db

P, A, F = Term.Status.PREFERRED, Term.Status.ADMITTED, Term.Status.FORBIDDEN


def make(*terms, subject="", definition=""):
    concept = Concept.objects.create(subject=subject, definition=definition)
    for lang, text, status in terms:
        Term.objects.create(concept=concept, language=lang, text=text, status=status)
    return concept


@pytest.fixture
def termbase():
    return [
        make(("en", "irregular migrant", P), ("en", "illegal migrant", F),
             ("fr", "migrant en situation irrégulière", P), ("fr", "migrant illégal", F),
             subject="Terminology", definition="A person outside the rules."),
        make(("en", "International Organization for Migration", P), ("en", "IOM", A),
             ("nb", "Den internasjonale organisasjonen for migrasjon", P)),
    ]  # fmt: skip


def state():
    return (
        sorted(Concept.objects.values_list("pk", "subject", "definition")),
        sorted(Term.objects.values_list("concept_id", "language", "text", "status", "note")),
    )


def tbx(entries):
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX-Basic" xml:lang="en">'
        f"<text><body>{entries}</body></text></martif>"
    ).encode()


def entry(terms, entry_id=None):
    head = f'<termEntry id="{entry_id}">' if entry_id else "<termEntry>"
    return head + terms + "</termEntry>"


def lang_set(lang, term, status="preferredTerm-admn-sts"):
    return (
        f'<langSet xml:lang="{lang}"><tig><term>{term}</term>'
        f'<termNote type="administrativeStatus">{status}</termNote></tig></langSet>'
    )


# --- Export and round trip -------------------------------------------------------------------


def test_export_has_the_tbx_basic_structure(termbase):
    data = export_tbx().decode()
    assert f'<termEntry id="c{termbase[0].pk}">' in data
    assert '<descrip type="subjectField">Terminology</descrip>' in data
    assert '<langSet xml:lang="fr">' in data
    assert "<term>migrant illégal</term>" in data
    assert "deprecatedTerm-admn-sts" in data and "admittedTerm-admn-sts" in data


def test_round_trip_changes_nothing(termbase):
    before = state()
    report = import_tbx(export_tbx())
    assert report.ok, report.lines()
    assert (report.unchanged, report.created, report.updated) == (2, 0, 0)
    assert state() == before


def test_matching_ids_update_and_others_create(termbase):
    first = termbase[0]
    data = tbx(
        entry(lang_set("en", "irregular migrant") + lang_set("nb", "irregulær migrant"),
              f"c{first.pk}")
        + entry(lang_set("en", "stateless person") + lang_set("fr-FR", "apatride"), "other-7")
    )  # fmt: skip
    report = import_tbx(data)
    assert report.ok, report.lines()
    assert (report.updated, report.created) == (1, 1)
    assert set(first.terms.values_list("language", "text")) == {
        ("en", "irregular migrant"), ("nb", "irregulær migrant"),
    }  # fmt: skip
    assert Term.objects.filter(language="fr", text="apatride").exists()


# --- Bad files: refused, named, nothing changed ----------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (tbx(entry(lang_set("xx", "word"), "c1")), "Unknown language “xx”"),
        (tbx(entry(lang_set("en", " "), "c1")), "A term is empty"),
        (tbx(entry(lang_set("en", "<b>bold</b>"), "c1")), "contains markup"),
        (tbx(entry(lang_set("en", "&lt;script&gt;x"), "c1")), "contains markup"),
        (tbx(entry(lang_set("en", "word", "fancyTerm"), "c1")), "Unknown status"),
        (tbx(entry(lang_set("en", "a"), "e") + entry(lang_set("en", "b"), "e")), "appears twice"),
        (tbx(entry("", "c1")), "no terms"),
        (b"<martif><text><body><termEntry>", "not well-formed"),
        (b"<html><body/></html>", "not a TBX file"),
    ],
)
def test_a_bad_file_is_refused_naming_the_entry_and_changes_nothing(termbase, data, expected):
    before = state()
    report = import_tbx(data)
    assert not report.ok
    assert expected in " ".join(report.lines())
    assert state() == before


def test_a_problem_in_the_last_entry_leaves_the_earlier_ones_unwritten(termbase):
    before = state()
    good, bad = (
        entry(lang_set("en", "stateless person"), "new-1"),
        entry(lang_set("zz", "x"), "bad"),
    )
    data = tbx(good + bad)
    report = import_tbx(data)
    assert [p.context for p in report.errors] == ["entry bad"]
    assert report.errors[0].line == 2
    assert state() == before


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE martif [
 <!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
]>
<martif><text><body><termEntry><langSet xml:lang="en"><tig><term>&h;</term></tig></langSet>
</termEntry></body></text></martif>"""


def test_billion_laughs_is_refused_quickly(termbase):
    before = state()
    started = time.monotonic()
    report = import_tbx(BILLION_LAUGHS)
    assert time.monotonic() - started < 1
    assert not report.ok and "document type" in report.lines()[1]
    assert "lollol" not in " ".join(report.lines())
    assert state() == before


def test_an_external_entity_is_refused_without_reading_the_file(termbase, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-42")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<martif><text><body><termEntry><langSet xml:lang="en"><tig><term>&x;</term></tig>'
        "</langSet></termEntry></body></text></martif>"
    ).encode()
    passwd = data.replace(f"file://{secret}".encode(), b"file:///etc/passwd")
    before = state()
    for hostile in (data, passwd):
        report = import_tbx(hostile)
        text = " ".join(report.lines())
        assert not report.ok
        assert "TOP-SECRET" not in text and "root:" not in text
    assert not Term.objects.filter(text__contains="SECRET").exists()
    assert state() == before


def test_fuzzed_files_get_a_clean_report(termbase):
    valid = export_tbx()
    rng = random.Random(1313)
    for _ in range(300):
        before = state()
        data = bytearray(valid)
        if rng.random() < 0.3:
            data = data[: rng.randrange(len(data))]
        for _flip in range(rng.randint(1, 8)):
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
        report = import_tbx(bytes(data))
        assert isinstance(report, TbxReport)
        assert all(line for line in report.lines())
        if not report.ok:
            assert state() == before


# --- Admin, commands, demo seed --------------------------------------------------------------


def translator(django_user_model):
    group = Group.objects.create(name="Translators (nb)")
    group.permissions.add(
        Permission.objects.get(codename="translate_nb"),
        Permission.objects.get(codename="access_admin"),
    )
    user = django_user_model.objects.create_user("tr-nb", password="pw")
    user.groups.add(group)
    return user


def test_translators_see_the_termbase_but_may_not_change_it(client, django_user_model, termbase):
    client.force_login(translator(django_user_model))
    listing = client.get(reverse("wagtailsnippets_portal_concept:list"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "irregular migrant" in html and "Den internasjonale organisasjonen" in html
    assert reverse("translations:tbx") in html
    assert client.get(reverse("wagtailsnippets_portal_concept:add")).status_code in (302, 403)
    assert client.get(reverse("translations:tbx_export")).status_code == 200
    before = state()
    upload = SimpleUploadedFile("t.tbx", tbx(entry(lang_set("en", "asylum seeker"), "n1")))
    response = client.post(reverse("translations:tbx_import"), {"file": upload})
    assert response.status_code in (302, 403)  # Wagtail redirects a PermissionDenied
    assert state() == before


def test_admin_uploads_a_tbx_file(admin_client, termbase):
    search = admin_client.get(reverse("wagtailsnippets_portal_concept:list") + "?q=irregular")
    assert "irregular migrant" in search.content.decode()
    upload = SimpleUploadedFile("t.tbx", tbx(entry(lang_set("en", "asylum seeker"), "n1")))
    response = admin_client.post(reverse("translations:tbx_import"), {"file": upload})
    assert response.status_code == 200
    assert "1 created" in response.content.decode()
    bad = SimpleUploadedFile("t.tbx", BILLION_LAUGHS)
    response = admin_client.post(reverse("translations:tbx_import"), {"file": bad})
    assert response.status_code == 400 and "Nothing was imported" in response.content.decode()


def test_commands_export_and_import(termbase, tmp_path, capsys):
    path = tmp_path / "termbase.tbx"
    call_command("export_tbx", "-o", str(path))
    call_command("import_tbx", str(path))
    assert "2 unchanged" in capsys.readouterr().out
    path.write_bytes(b"<martif>")
    with pytest.raises(CommandError):
        call_command("import_tbx", str(path))


def test_demo_seed_takes_objective_titles_from_the_records_and_runs_twice():
    objectives = [
        f.ObjectiveFactory(number=n, title_en=f"Objective title {n}", title_fi=f"Tavoite {n}")
        for n in (1, 2)
    ]
    notes = []
    demo_termbase.seed(objectives, ["en", "fi"], lambda kind, what: notes.append(kind))
    assert notes.count("created") == 6
    assert Term.objects.filter(language="fi", text="Tavoite 2", status=P).exists()
    assert Term.objects.filter(language="fr", text="migrant illégal", status=F).exists()
    assert Term.objects.filter(text="Global Compact for Safe, Orderly and Regular Migration")
    notes.clear()
    demo_termbase.seed(objectives, ["en", "fi"], lambda kind, what: notes.append(kind))
    assert set(notes) == {"unchanged"}
