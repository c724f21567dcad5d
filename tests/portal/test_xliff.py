"""XLIFF round trip: export a language as XLIFF 1.2 or 2.0, translate in a CAT tool, import back.

Exports are validated against the OASIS schemas shipped in portal/localization/schemas/ (offline:
the schemas import xml.xsd from the same folder), read by translate-toolkit, changed and saved
by it, and imported again through the PO import's checks."""

import random
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from lxml import etree
from translate.storage.xliff import ID_SEPARATOR, xlifffile
from translate.storage.xliff2 import Xliff2File
from wagtail.models import Page, Revision

from portal.localization import memory
from portal.localization.models import MemoryEntry
from portal.localization.po import export_po
from portal.localization.xliff import MTC, NS, export_xliff, import_xliff, unit_id
from tests.portal.test_po import snapshot, translator
from tests.support import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]

SCHEMAS = Path(__file__).resolve().parents[2] / "portal" / "localization" / "schemas"
SCHEMA_FILES = {"1.2": "xliff-core-1.2-strict.xsd", "2.0": "xliff-core-2.0.xsd"}
VERSIONS = ["1.2", "2.0"]


def paragraph_html(home_pk):
    return (
        f'<p>Read <a href="https://example.org/guide?a=1&amp;b=2">the guide</a>, '
        f'<a linktype="page" id="{home_pk}">our home</a> or <b>call us</b>.<br/>Now.</p>'
    )


@pytest.fixture
def article(portal):
    body = [
        {"type": "heading", "value": {"text": "What we offer", "level": "h2"}},
        {"type": "paragraph", "value": paragraph_html(portal["home"].pk)},
    ]
    page = f.ArticlePageFactory(
        parent=portal["news"], title="Help desk opens", slug="help-desk", body_en=body
    )
    page.save_revision().publish()
    return Page.objects.get(pk=page.pk).specific


@pytest.fixture
def memorized(article):
    """Memory entries matching the article's untranslated title (exact) and heading (fuzzy)."""
    pair = {"source_language": "en", "target_language": "nb"}
    for source, target in [
        ("Help desk opens", "Hjelpetelefonen åpner"),
        ("What we offer here", "Hva vi tilbyr her"),
    ]:
        MemoryEntry.objects.create(
            **pair,
            source_text=source,
            target_text=target,
            source_hash=memory.fingerprint(source),
            origin=MemoryEntry.Origin.IMPORTED,
        )
    return article


def ctx(article, rest):
    return f"portal.articlepage:{article.pk}:{rest}"


def schema(version):
    return etree.XMLSchema(etree.parse(str(SCHEMAS / SCHEMA_FILES[version])))


def units_by_id(data, version):
    root = etree.fromstring(data)
    tag = "trans-unit" if version == "1.2" else "unit"
    return {u.get("id"): u for u in root.iter(f"{{{NS[version]}}}{tag}")}


def q(version, name):
    return f"{{{NS[version]}}}{name}"


# --- Export ------------------------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
def test_a_whole_site_export_with_rich_text_and_matches_passes_the_schema(
    portal, memorized, version
):
    portal["objective"].title_en = "Enhance availability and flexibility of pathways"
    portal["objective"].save()  # an outdated translation
    data = export_xliff("nb", version=version, prefill=True)
    document = etree.fromstring(data)
    assert schema(version).validate(document), schema(version).error_log
    found = units_by_id(data, version)
    paragraph = found[unit_id(ctx(memorized, "body:1:paragraph"), version)]
    assert b"example.org" not in etree.tostring(paragraph.find(f".//{q(version, 'source')}"))
    if version == "1.2":
        assert [g.get("id") for g in paragraph.iter(q(version, "g"))] == ["1", "2", "3", "4"]
        assert [x.get("ctype") for x in paragraph.iter(q(version, "x"))] == ["lb"]
    else:
        data_items = {d.get("id"): d.text for d in paragraph.iter(q(version, "data"))}
        assert data_items["d2"] == '<a href="https://example.org/guide?a=1&amp;b=2">'
        assert paragraph.get("name") == ctx(memorized, "body:1:paragraph")
        matches = document.findall(f".//{{{MTC}}}match")
        assert {m.get("matchQuality") for m in matches} >= {"100.0"}
    description = "".join(paragraph.find(f".//{q(version, 'note')}").itertext())
    assert "Help desk opens" in description and "Rich text" in description


def test_states_notes_and_pre_filled_matches_in_1_2(portal, memorized):
    portal["objective"].title_en = "Enhance availability and flexibility of pathways"
    portal["objective"].save()
    found = units_by_id(export_xliff("nb", version="1.2", prefill=True), "1.2")
    title = found[ctx(memorized, "title")]
    target = title.find(q("1.2", "target"))
    assert target.text == "Hjelpetelefonen åpner"
    assert target.get("state") == "needs-review-translation"
    assert target.get("state-qualifier") == "exact-match"
    alt = title.find(q("1.2", "alt-trans"))
    assert alt.get("match-quality") == "100" and "Imported" in alt.get("origin")
    heading = found[ctx(memorized, "body:0:heading/text")]
    assert heading.find(q("1.2", "alt-trans")).get("match-quality") == "84"
    assert heading.find(q("1.2", "target")).get("state-qualifier") == "fuzzy-match"
    outdated = found[f"compact.objective:{portal['objective'].pk}:title"]
    assert outdated.find(q("1.2", "target")).get("state") == "needs-translation"
    assert "Outdated" in "".join(outdated.itertext())
    home = found[f"portal.homepage:{portal['home'].pk}:title"]
    assert home.find(q("1.2", "target")).get("state") == "translated"
    assert found[ctx(memorized, "summary")].find(q("1.2", "target")) is None
    # Without pre-fill, the untranslated title has no target.
    plain = units_by_id(export_xliff("nb", version="1.2", objects=[memorized]), "1.2")
    assert plain[ctx(memorized, "title")].find(q("1.2", "target")) is None


def test_po_export_pre_fills_fuzzy_entries_naming_the_match(memorized):
    po = {e.msgctxt: e for e in export_po("nb", objects=[memorized], prefill=True)}
    title, heading = po[ctx(memorized, "title")], po[ctx(memorized, "body:0:heading/text")]
    assert title.msgstr == "Hjelpetelefonen åpner" and "fuzzy" in title.flags
    assert "exact match, 100%" in title.tcomment
    assert heading.msgstr == "Hva vi tilbyr her" and "84%" in heading.tcomment
    assert heading.previous_msgid == "What we offer here"
    assert not po[ctx(memorized, "summary")].msgstr


def test_rich_text_is_pre_filled_only_by_a_match_with_its_tags(portal, article):
    """A match without the paragraph's tags (a sentence of it, say) would only be refused on
    import: it stays out of the file; one with the same tags pre-fills it."""
    source = paragraph_html(portal["home"].pk)
    entry = MemoryEntry.objects.create(
        source_language="en",
        target_language="nb",
        source_text=source,
        target_text="Les veiledningen eller ring oss. Nå.",
        source_hash=memory.fingerprint(source),
        origin=MemoryEntry.Origin.IMPORTED,
    )
    context = ctx(article, "body:1:paragraph")
    assert not {e.msgctxt: e for e in export_po("nb", objects=[article], prefill=True)}[
        context
    ].msgstr
    entry.target_text = source.replace("Read", "Les").replace("Now", "Nå")
    entry.save()
    po = {e.msgctxt: e for e in export_po("nb", objects=[article], prefill=True)}
    assert po[context].msgstr == entry.target_text and "fuzzy" in po[context].flags


def test_missing_and_outdated_only(portal, article):
    objective = portal["objective"]
    objective.title_en = "Enhance availability and flexibility of pathways"
    objective.save()
    missing = units_by_id(export_xliff("nb", version="2.0", only="missing"), "2.0")
    assert unit_id(ctx(article, "title"), "2.0") in missing
    assert f"portal.homepage:{portal['home'].pk}:title" not in missing
    outdated = units_by_id(export_xliff("nb", version="1.2", only="outdated"), "1.2")
    assert set(outdated) == {f"compact.objective:{objective.pk}:title"}


def test_memory_best_matches_in_context_exact_and_fuzzy(memorized):
    items = [("Help desk opens", None), ("What we offer", None), ("Nothing like it", None)]
    found = memory.best_matches(items, "nb")
    assert found[0].score == memory.EXACT and found[0].entry.target_text == "Hjelpetelefonen åpner"
    assert found[1].score == 84 and found[1].kind == "fuzzy"
    assert 2 not in found


# --- Round trip ----------------------------------------------------------------------------------


def fill(element, version, texts):
    """Replace the text of an XLIFF source/target copy, keeping its inline elements."""
    nodes = [element, *element.iter(q(version, "g"), q(version, "pc"))]
    for node, text in zip(nodes, texts, strict=False):
        node.text = text
    return element


def translated_target(unit, version, texts):
    """Give a unit a target: a copy of its source with the given texts, state translated."""
    holder = unit if version == "1.2" else unit.find(q(version, "segment"))
    old = holder.find(q(version, "target"))
    if old is not None:
        holder.remove(old)
    source = holder.find(q(version, "source"))
    target = etree.fromstring(etree.tostring(source))
    target.tag = q(version, "target")
    for node in target.iter():
        node.tail = node.tail  # keep tails
    source.addnext(fill(target, version, texts))
    (target if version == "1.2" else holder).set("state", "translated")
    return target


@pytest.mark.parametrize("version", VERSIONS)
def test_rich_text_round_trip_keeps_tags_and_attributes_exactly(portal, article, version):
    data = export_xliff("nb", version=version, objects=[article])
    root = etree.fromstring(data)
    tag = "trans-unit" if version == "1.2" else "unit"
    for unit in root.iter(q(version, tag)):
        if unit.get("id") == unit_id(ctx(article, "body:1:paragraph"), version):
            target = translated_target(unit, version, [])
            para = target[0]  # <p>: the link, the internal link, bold, the line break
            para.text, para[0].text, para[0].tail = "Les ", "veiledningen", ", "
            para[1].text, para[1].tail = "hjemmesiden", " eller "
            para[2].text, para[2].tail, para[3].tail = "ring oss", ".", "Nå."
    report = import_xliff(etree.tostring(root), "nb", publish=True)
    assert report.ok and report.written == 1, report.lines()
    body = Page.objects.get(pk=article.pk).specific.body_nb
    home = portal["home"].pk
    assert body.raw_data[1]["value"] == (
        f'<p>Les <a href="https://example.org/guide?a=1&amp;b=2">veiledningen</a>, '
        f'<a linktype="page" id="{home}">hjemmesiden</a> eller <b>ring oss</b>.<br/>Nå.</p>'
    )


@pytest.mark.parametrize("version", VERSIONS)
def test_translate_toolkit_reads_the_export_and_its_saved_file_imports_back(
    portal, memorized, version
):
    data = export_xliff("nb", version=version, objects=[memorized], prefill=True)
    store = (xlifffile if version == "1.2" else Xliff2File).parsestring(data)
    by_id = {u.getid().split(ID_SEPARATOR)[-1].split("::")[0]: u for u in store.units}
    title = by_id[unit_id(ctx(memorized, "title"), version)]
    assert title.source == "Help desk opens"
    assert len(store.units) == len(units_by_id(data, version))
    # Untouched, the pre-filled title needs review: nothing is imported.
    before = snapshot()
    report = import_xliff(bytes(store), "nb")
    assert report.ok and report.written == 0 and report.skipped_fuzzy >= 2
    assert snapshot() == before
    # The translator confirms the title and writes the summary; the tool saves the file.
    title.settarget("Hjelpetelefonen har åpnet")
    title.markfuzzy(False)
    summary = by_id[unit_id(ctx(memorized, "summary"), version)]
    summary.settarget("Vi svarer på spørsmål.")
    summary.markfuzzy(False)
    report = import_xliff(bytes(store), "nb", publish=True)
    assert report.ok and report.written == 2, report.lines()
    page = Page.objects.get(pk=memorized.pk).specific
    assert (page.title_nb, page.summary_nb) == (
        "Hjelpetelefonen har åpnet",
        "Vi svarer på spørsmål.",
    )


# --- Bad input -----------------------------------------------------------------------------------


def with_target(article, version, context, texts, state="translated"):
    data = export_xliff("nb", version=version, objects=[article])
    root = etree.fromstring(data)
    for unit in root.iter(q(version, "trans-unit" if version == "1.2" else "unit")):
        if unit.get("id") == unit_id(context, version):
            target = translated_target(unit, version, texts)
            (target if version == "1.2" else target.getparent()).set("state", state)
            return root, target
    raise AssertionError(context)


def bad_files(article, version):
    """{kind: (file bytes, what the report must name)}, each refused as a whole."""
    title, paragraph = ctx(article, "title"), ctx(article, "body:1:paragraph")
    good_root, _t = with_target(article, version, title, ["Hjelpetelefonen åpner"])
    good = etree.tostring(good_root)
    files = {}
    root, target = with_target(article, version, paragraph, ["Les"])
    target[0].remove(target[0][1])  # a tag dropped
    files["missing tag"] = (etree.tostring(root), unit_id(paragraph, version))
    root, target = with_target(article, version, paragraph, ["Les"])
    target[0][0].set("id", "9")  # a tag invented
    files["unknown tag"] = (etree.tostring(root), unit_id(paragraph, version))
    root, target = with_target(article, version, title, ["Hei<script>alert(1)</script>"])
    files["script"] = (etree.tostring(root), title)
    root, target = with_target(article, version, title, ["x"])
    target.append(etree.Element("{http://www.w3.org/1999/xhtml}script"))
    files["foreign element"] = (etree.tostring(root), title)
    stale = good.replace(b"Help desk opens</source>", b"An old title</source>")
    files["stale source"] = (stale, title)
    files["unknown id"] = (
        good.replace(str(article.pk).encode() + b":title", b"99999:title"),
        "99999",
    )
    lang_attr = b'target-language="nb"' if version == "1.2" else b'trgLang="nb"'
    files["wrong language"] = (good.replace(lang_attr, lang_attr.replace(b"nb", b"fi")), "fi")
    files["malformed"] = (good.replace(b"</source>", b"</sauce>", 1), "line")
    files["not xliff"] = (b"<?xml version='1.0'?><tmx version='1.4'/>", "XLIFF")
    return files


BAD = [
    "missing tag",
    "unknown tag",
    "script",
    "foreign element",
    "stale source",
    "unknown id",
    "wrong language",
    "malformed",
    "not xliff",
]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("kind", BAD)
def test_a_bad_file_is_refused_naming_the_unit_and_changes_nothing(article, version, kind):
    data, named = bad_files(article, version)[kind]
    before = snapshot()
    report = import_xliff(data, "nb", publish=True)
    assert not report.ok
    assert any(named in str(problem) for problem in report.errors), report.lines()
    assert report.written == 0 and snapshot() == before


def test_the_good_file_of_the_bad_tests_imports(article):
    root, _target = with_target(article, "1.2", ctx(article, "title"), ["Hjelpetelefonen åpner"])
    report = import_xliff(etree.tostring(root), "nb", publish=True)
    assert report.ok and report.written == 1
    assert Page.objects.get(pk=article.pk).specific.title_nb == "Hjelpetelefonen åpner"


SECRET = "this-secret-must-never-show"


@pytest.mark.parametrize("version", VERSIONS)
def test_billion_laughs_and_external_entities_are_refused_quickly(article, tmp_path, version):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(10))
    head = '<?xml version="1.0"?>'
    xliff = f'<xliff xmlns="{NS[version]}" version="{version}"><file>&{{}};</file></xliff>'
    attacks = [
        f"{head}<!DOCTYPE xliff [{lol}]>" + xliff.format("l9"),
        f'{head}<!DOCTYPE xliff [<!ENTITY s SYSTEM "file://{secret}">]>' + xliff.format("s"),
        f'{head}<!DOCTYPE xliff SYSTEM "file://{secret}"><xliff/>',
    ]
    for attack in attacks:
        before = snapshot()
        started = time.perf_counter()
        report = import_xliff(attack.encode(), "nb")
        assert time.perf_counter() - started < 1
        assert not report.ok
        if "[" in attack:  # declarations are refused as such; an external DTD is never read
            assert "DOCTYPE" in report.lines()[1]
        assert SECRET not in "".join(report.lines())
        assert snapshot() == before


def test_seeded_random_mutations_give_a_clean_report(portal, memorized):
    """A few hundred random mutations of real exports: never an exception, never a half write."""
    rng = random.Random(13)
    bases = [export_xliff("nb", version=v, objects=[memorized], prefill=True) for v in VERSIONS]
    junk = [b"<", b">", b"&", b"&amp;", b"<g id='1'>", b"</g>", b'state="final"', b"\x00", b"]]>"]
    for _round in range(300):
        data = bytearray(rng.choice(bases))
        for _edit in range(rng.randint(1, 4)):
            at = rng.randrange(len(data))
            choice = rng.random()
            if choice < 0.3:
                del data[at : at + rng.randint(1, 20)]
            elif choice < 0.6:
                data[at:at] = rng.choice(junk)
            elif choice < 0.8:
                data[at] = rng.randrange(256)
            else:
                data = data.replace(b'state="needs-review-translation"', b'state="translated"')
                data = data.replace(b'state="initial"', b'state="final"')
        revisions = Revision.objects.count()
        report = import_xliff(bytes(data), rng.choice(["nb", "nb", "fi", "en"]))
        assert all(isinstance(line, str) for line in report.lines())
        if not report.ok:
            assert report.written == 0 and report.pages_saved == 0
            assert Revision.objects.count() == revisions


# --- Admin and commands --------------------------------------------------------------------------


def test_admin_page_exports_and_imports_xliff(client, django_user_model, portal, article):
    client.force_login(translator(django_user_model, "nb"))
    page = client.get(reverse("translations:po")).content.decode()
    assert "Files for translators" in page and "XLIFF 2.0" in page and "Missing only" in page
    response = client.get(
        reverse("translations:po_export"),
        {"language": "nb", "scope": "page", "page": article.pk, "format": "xliff20"},
    )
    assert response.status_code == 200
    assert f'portal-page-{article.pk}-nb.xlf"' in response["Content-Disposition"]
    assert schema("2.0").validate(etree.fromstring(response.content))
    root, _target = with_target(article, "2.0", ctx(article, "title"), ["Hjelpetelefonen åpner"])
    upload = SimpleUploadedFile("nb.xlf", etree.tostring(root), content_type="application/xml")
    response = client.post(reverse("translations:po_import"), {"language": "nb", "file": upload})
    assert "1 translation(s) imported" in response.content.decode()


def test_commands_export_and_import_xliff(portal, article, tmp_path):
    out = tmp_path / "nb.xlf"
    call_command(
        "export_xliff", "--language", "nb", "--page", str(article.pk), "--version", "2.0",
        "-o", str(out),
    )  # fmt: skip
    assert schema("2.0").validate(etree.parse(str(out)))
    root, _target = with_target(article, "1.2", ctx(article, "title"), ["Hjelpetelefonen åpner"])
    out.write_bytes(etree.tostring(root))
    call_command("import_xliff", str(out), "--language", "nb", "--publish")
    assert Page.objects.get(pk=article.pk).specific.title_nb == "Hjelpetelefonen åpner"
    po_format = tmp_path / "site.xlf"
    call_command("export_po", "--language", "nb", "--format", "xliff", "-o", str(po_format))
    assert schema("1.2").validate(etree.parse(str(po_format)))
    broken = tmp_path / "broken.xlf"
    broken.write_bytes(b"<xliff")
    before = snapshot()
    with pytest.raises(CommandError):
        call_command("import_po", str(broken), "--language", "nb", "--format", "xliff")
    assert snapshot() == before
