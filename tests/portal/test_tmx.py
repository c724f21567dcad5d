"""TMX export and import of the translation memory (portal/localization/tmx.py)."""

import random
import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from translate.storage.tmx import tmxfile

from portal.localization.models import MemoryEntry
from portal.localization.tmx import export_tmx, import_tmx
from portal.localization.units import fingerprint
from tests.portal.test_translator_editor import translator

pytestmark = pytest.mark.django_db


def entry(source, target, lang="nb", origin=MemoryEntry.Origin.PUBLISHED):
    return MemoryEntry.objects.create(
        source_language="en", target_language=lang, source_text=source, target_text=target,
        source_hash=fingerprint(source), origin=origin,
    )  # fmt: skip


def tmx(*units, srclang="en"):
    body = "".join(
        "<tu>" + "".join(f'<tuv xml:lang="{lang}"><seg>{text}</seg></tuv>' for lang, text in unit)
        + "</tu>"
        for unit in units
    )  # fmt: skip
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="{srclang}" '
        f'datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="t" '
        f'creationtoolversion="1"/><body>{body}</body></tmx>'
    ).encode()


def test_round_trip_through_translate_toolkit():
    entry("Save lives.", "Redde liv.")
    entry("Save lives.", "Redde liv.")  # the same pair twice: exported once
    entry("Families get answers.", "Les familles obtiennent des réponses.", "fr")
    data = export_tmx()
    assert b"<!DOCTYPE" not in data
    store = tmxfile.parsestring(data)
    assert len(store.units) == 2
    assert export_tmx("nb").count(b"<tu ") == 1
    MemoryEntry.objects.all().delete()
    report = import_tmx(data)
    assert report.ok, report.problems
    assert report.created == {"fr": 1, "nb": 1}
    imported = MemoryEntry.objects.get(target_language="nb")
    assert imported.origin == MemoryEntry.Origin.IMPORTED
    assert (imported.source_text, imported.target_text) == ("Save lives.", "Redde liv.")
    again = import_tmx(data)
    assert again.ok and again.total == 0 and again.duplicates == 2  # noqa: PLR2004


def test_regional_codes_and_inline_codes_are_read():
    data = tmx(
        [("en-US", "A <bpt i='1'>&lt;b&gt;</bpt>bold<ept i='1'>&lt;/b&gt;</ept> word"),
         ("nb-NO", "Et <bpt i='1'>&lt;b&gt;</bpt>fett<ept i='1'>&lt;/b&gt;</ept> ord"),
         ("fi", "Lihavoitu sana")],
    )  # fmt: skip
    report = import_tmx(data, "nb")
    assert report.ok, report.problems
    assert MemoryEntry.objects.get().target_text == "Et <b>fett</b> ord"


@pytest.mark.parametrize(
    ("units", "message"),
    [
        ([[("en", "Hello"), ("nb", "Hei")], [("en", "Bye"), ("de", "Tschüss")]],
         "translation unit 2 (line 1): the language “de” is not one of the portal's"),
        ([[("en", "Hello"), ("nb", "   ")]], "translation unit 1 (line 1): the nb text is empty"),
        ([[("nb", "Hei"), ("fi", "Hei")]], "translation unit 1 (line 1): it has no en text"),
        ([[("en", "Hello"), ("nb", "&lt;script&gt;alert(1)&lt;/script&gt;")]], "Scripts"),
    ],
)  # fmt: skip
def test_a_bad_unit_refuses_the_file_with_nothing_changed(units, message):
    entry("Kept.", "Beholdt.")
    report = import_tmx(tmx(*units))
    assert not report.ok
    assert any(message in problem for problem in report.problems), report.problems
    assert MemoryEntry.objects.count() == 1


def test_malformed_and_foreign_files_are_refused():
    broken = import_tmx(b'<?xml version="1.0"?><tmx><body><tu></body></tmx>')
    assert not broken.ok and "not well-formed" in broken.problems[0]
    foreign = import_tmx(b"<xliff><file/></xliff>")
    assert not foreign.ok and "not a TMX file" in foreign.problems[0]
    assert not MemoryEntry.objects.exists()


def test_billion_laughs_and_external_entities_are_refused_quickly(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 or "")) * 10}">' for i in range(1, 10))
        + ']><tmx><body><tu><tuv xml:lang="en"><seg>&lol9;</seg></tuv></tu></body></tmx>'
    ).encode()
    external = (
        f'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<tmx><body><tu><tuv xml:lang="en"><seg>&x;</seg></tuv>'
        '<tuv xml:lang="nb"><seg>&x;</seg></tuv></tu></body></tmx>'
    ).encode()
    for data in (laughs, external):
        started = time.perf_counter()
        report = import_tmx(data)
        assert time.perf_counter() - started < 1
        assert not report.ok and "document type" in report.problems[0]
        assert "TOP-SECRET" not in " ".join(report.problems)
    assert not MemoryEntry.objects.exists()


def test_a_document_type_naming_an_external_dtd_is_read_without_loading_it(tmp_path):
    """OmegaT and translate-toolkit write <!DOCTYPE tmx SYSTEM "tmx14.dtd">: such files import,
    and the DTD is never read (here it would define the entity the file uses)."""
    dtd = tmp_path / "tmx14.dtd"
    dtd.write_text('<!ENTITY name "TOP-SECRET-VALUE">')
    data = tmx([("en", "Save lives."), ("nb", "Redde liv.")]).decode()
    plain = data.replace("<tmx ", '<!DOCTYPE tmx SYSTEM "tmx14.dtd"><tmx ', 1)
    assert import_tmx(plain.encode()).ok
    assert MemoryEntry.objects.get(source_text="Save lives.").target_text == "Redde liv."
    hostile = data.replace("<tmx ", f'<!DOCTYPE tmx SYSTEM "file://{dtd}"><tmx ', 1)
    hostile = hostile.replace("Redde liv.", "Redde &name;")
    report = import_tmx(hostile.encode())
    assert "TOP-SECRET" not in " ".join(report.problems)
    assert not MemoryEntry.objects.filter(target_text__contains="TOP-SECRET").exists()


def test_seeded_fuzz_never_raises():
    seed = tmx(
        [("en", "Save lives &amp; more."), ("nb", "Redde liv.")],
        [("en", "Families <ph>&lt;br/&gt;</ph> get answers."), ("fr", "Des réponses.")],
    )
    rng = random.Random(1913)
    pieces = [b"<", b">", b"&", b"<tu>", b"</tuv>", b'xml:lang="xx"', b"\x00", b"\xff", b"]]>"]
    for _round in range(300):
        data = bytearray(seed)
        for _change in range(rng.randint(1, 4)):
            at = rng.randrange(len(data))
            choice = rng.random()
            if choice < 0.4:  # noqa: PLR2004
                del data[at : at + rng.randint(1, 20)]
            elif choice < 0.8:  # noqa: PLR2004
                data[at:at] = rng.choice(pieces)
            else:
                data[at] = rng.randrange(256)
        report = import_tmx(bytes(data))
        assert report.ok or report.problems
    # Whatever was accepted is in the memory as imported entries only.
    assert set(MemoryEntry.objects.values_list("origin", flat=True)) <= {"imported"}


def test_the_admin_page_counts_exports_and_imports(client, django_user_model):
    entry("Save lives.", "Redde liv.")
    client.force_login(translator(django_user_model, "nb"))
    page = client.get(reverse("translations:memory"))
    assert page.status_code == 200 and "Translation memory" in page.content.decode()
    download = client.get(reverse("translations:memory_export"), {"language": "nb"})
    assert download.status_code == 200 and b"Redde liv." in download.content
    assert client.get(reverse("translations:memory_export"), {"language": "fi"}).status_code == 400
    upload = tmx([("en", "Families get answers."), ("nb", "Familier får svar.")])
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415

    response = client.post(
        reverse("translations:memory_import"),
        {"language": "nb", "file": SimpleUploadedFile("m.tmx", upload)},
    )
    assert response.status_code == 200
    assert "1 translation memory entries imported" in response.content.decode()
    bad = client.post(
        reverse("translations:memory_import"),
        {"language": "nb", "file": SimpleUploadedFile("m.tmx", b"<tmx>")},
    )
    assert bad.status_code == 400 and "Nothing was changed" in bad.content.decode()
    assert MemoryEntry.objects.count() == 2  # noqa: PLR2004


def test_the_commands(tmp_path):
    entry("Save lives.", "Redde liv.")
    out = tmp_path / "memory.tmx"
    call_command("export_tmx", "--language", "nb", "--output", str(out))
    MemoryEntry.objects.all().delete()
    call_command("import_tmx", str(out), verbosity=0)
    assert MemoryEntry.objects.get().origin == "imported"
    (tmp_path / "bad.tmx").write_bytes(b"<tmx")
    from django.core.management.base import CommandError  # noqa: PLC0415

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_tmx", str(tmp_path / "bad.tmx"))
