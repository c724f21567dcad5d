"""PO round trip: export a language's units, translate them in any PO tool, import them back."""

import re
import subprocess

import polib
import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import Page, Revision

from portal.localization import status
from portal.localization.models import TranslationState
from portal.localization.po import WRAPWIDTH, export_po, import_po
from portal.localization.units import (
    content_fields,
    content_models,
    localized,
    specific_objects,
    stream_segments,
    units,
)
from tests.support import factories as f
from tests.support.helpers import url_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]

LIST_BODY = [
    {"type": "heading", "value": {"text": "What we offer", "level": "h2"}},
    {
        "type": "paragraph",
        "value": '<p>Read <a href="https://example.org/guide">the guide</a> or <b>call us</b>.</p>',
    },
    {
        "type": "numbered_list",
        "value": {
            "items": [
                {"title": "Advice", "points": ["Free of charge", "In many languages"]},
                {"title": "Training", "points": []},
            ]
        },
    },
]


@pytest.fixture
def article(portal):
    page = f.ArticlePageFactory(
        parent=portal["news"], title="Help desk opens", slug="help-desk", body_en=LIST_BODY
    )
    page.save_revision().publish()
    return Page.objects.get(pk=page.pk).specific


def entries(po):
    return {e.msgctxt: e for e in po}


def snapshot(lang="nb"):
    """Every `lang` column of every translated object, and every revision and state count."""
    data = {}
    for model in content_models():
        columns = [localized(name, lang) for name in content_fields(model)]
        if issubclass(model, Page):
            columns += [localized("slug", lang), localized("url_path", lang)]
        for obj in specific_objects(model):
            data[(model._meta.label, obj.pk)] = [str(getattr(obj, c)) for c in columns]
    data["revisions"] = Revision.objects.count()
    data["states"] = TranslationState.objects.count()
    return data


def translated(po_text, texts, lang="nb"):
    """The PO text with msgstr set for the given {msgctxt: msgstr}."""
    po = polib.pofile(po_text, wrapwidth=WRAPWIDTH)
    found = entries(po)
    for context, text in texts.items():
        found[context].msgstr = text
    return str(po)


# --- Export --------------------------------------------------------------------------------------


def test_export_has_every_unit_with_source_text(portal, article):
    po = export_po("nb")
    found = entries(po)
    expected = {}
    for model in content_models():
        for obj in specific_objects(model):
            for unit in units(obj, "nb"):
                expected[unit.context] = unit
    assert set(found) == set(expected)
    for context, unit in expected.items():
        assert found[context].msgid == unit.source
        assert found[context].msgstr == unit.target
    assert found[f"portal.homepage:{portal['home'].pk}:title"].msgstr == "Hjem"
    assert po.metadata["Language"] == "nb"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert "Plural-Forms" in po.metadata and "X-Generator" in po.metadata
    sub_point = found[f"portal.articlepage:{article.pk}:body:2:numbered_list/items/0/points/1"]
    assert sub_point.msgid == "In many languages"
    assert "Help desk opens" in sub_point.comment
    assert [e.msgctxt for e in export_po("nb")] == [e.msgctxt for e in po]  # deterministic


def test_export_scopes(portal, article):
    office_page = portal["office_page"]
    office_po = entries(export_po("nb", scope=portal["office"]))
    assert f"offices.office:{portal['office'].pk}:name" in office_po
    assert f"offices.countryofficepage:{office_page.pk}:title" in office_po
    assert f"offices.programmepage:{portal['programme'].pk}:title" in office_po
    assert f"portal.articlepage:{article.pk}:title" not in office_po
    assert f"offices.partner:{portal['partner'].pk}:name" not in office_po
    page_po = entries(export_po("nb", objects=[Page.objects.get(pk=article.pk)]))
    assert {c.split(":")[1] for c in page_po} == {str(article.pk)}


def test_outdated_translations_are_fuzzy(portal, article):
    objective = portal["objective"]
    status.record(objective)
    objective.title_en = "Enhance availability and flexibility of pathways"
    objective.save()
    article.title_nb = "Hjelpetelefonen åpner"
    article.save_revision().publish()
    article.title_en = "The help desk opens"
    article.save_revision().publish()

    found = entries(export_po("nb"))
    title = found[f"compact.objective:{objective.pk}:title"]
    assert "fuzzy" in title.flags
    assert title.msgid == "Enhance availability and flexibility of pathways"
    assert title.msgstr == "Lovlige veier"
    assert "fuzzy" in found[f"portal.articlepage:{article.pk}:title"].flags
    assert "fuzzy" not in found[f"portal.homepage:{portal['home'].pk}:title"].flags
    assert "fuzzy" not in found[f"compact.objective:{objective.pk}:summary"].flags


# --- Tools ---------------------------------------------------------------------------------------


@pytest.fixture
def exported(portal, article, tmp_path):
    """A realistic export: some translations, one outdated, rich text and stream units."""
    portal["objective"].title_en = "Enhance availability and flexibility of pathways"
    portal["objective"].save()
    path = tmp_path / "nb.po"
    export_po("nb").save(str(path))
    return path


@pytest.mark.system  # msgfmt, msgcat (gettext)
def test_export_passes_msgfmt_check(exported):
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(exported)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # not even a warning about the header
    assert "fuzzy" in exported.read_text()


@pytest.mark.system  # msgfmt, msgcat (gettext)
def test_msgcat_keeps_every_entry(exported, tmp_path):
    out = tmp_path / "msgcat.po"
    subprocess.run(["msgcat", "-o", str(out), str(exported)], check=True)

    def essence(path):
        return [
            (e.msgctxt, e.msgid, e.msgstr, sorted(e.flags))
            for e in polib.pofile(str(path), wrapwidth=WRAPWIDTH)
        ]

    assert essence(out) == essence(exported)


def test_polib_load_and_save_is_byte_identical(exported, tmp_path):
    again = tmp_path / "again.po"
    polib.pofile(str(exported), wrapwidth=WRAPWIDTH).save(str(again))
    assert again.read_bytes() == exported.read_bytes()


# --- Import --------------------------------------------------------------------------------------


def test_round_trip_writes_translations_and_publishes(portal, article, client):
    ctx = f"portal.articlepage:{article.pk}"
    objective = portal["objective"]
    po_text = translated(
        str(export_po("nb")),
        {
            f"{ctx}:title": "Hjelpetelefonen åpner",
            f"{ctx}:body:1:paragraph": (
                '<p>Les <a href="https://example.org/guide">veiledningen</a> eller '
                "<b>ring oss</b>.</p>"
            ),
            f"{ctx}:body:2:numbered_list/items/0/points/1": "På mange språk",
            f"compact.objective:{objective.pk}:summary": "Hva målet krever av statene.",
        },
    )
    report = import_po(po_text, "nb", publish=True)
    assert report.ok, report.lines()
    assert report.written == 4
    assert report.pages_published == 1 and report.records_saved == 1

    article = Page.objects.get(pk=article.pk).specific
    assert article.title_nb == "Hjelpetelefonen åpner"
    assert article.slug_nb == "hjelpetelefonen-åpner"
    body = stream_segments(type(article), "body", article.body_nb)
    assert body["1:paragraph"][1].startswith("<p>Les <a")
    assert body["2:numbered_list/items/0/points/1"][1] == "På mange språk"
    assert body["2:numbered_list/items/0/points/0"][1] == "Free of charge"  # copied from source
    objective.refresh_from_db()
    assert objective.summary_nb == "Hva målet krever av statene."

    response = client.get(url_in(article, "nb"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hjelpetelefonen åpner" in html
    assert "På mange språk" in html
    assert "veiledningen" in html

    # Imported translations count as current: nothing about them is outdated.
    assert status.outdated_fields(article, "nb") == {}


def test_import_without_publish_saves_a_draft(article):
    ctx = f"portal.articlepage:{article.pk}"
    po_text = translated(str(export_po("nb", objects=[article])), {f"{ctx}:title": "Utkast"})
    revisions = Revision.objects.count()
    report = import_po(po_text, "nb")
    assert report.ok, report.lines()
    assert Revision.objects.count() == revisions + 1
    page = Page.objects.get(pk=article.pk).specific
    assert page.title_nb in (None, "")  # live page unchanged
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().title_nb == "Utkast"


def test_fuzzy_and_empty_entries_are_skipped(article):
    ctx = f"portal.articlepage:{article.pk}"
    po = export_po("nb", objects=[article])
    entries(po)[f"{ctx}:title"].msgstr = "Uklar"
    entries(po)[f"{ctx}:title"].flags.append("fuzzy")
    before = snapshot()
    report = import_po(str(po), "nb")
    assert report.ok and report.written == 0 and report.skipped_fuzzy == 1
    assert report.skipped_empty == len(po) - 1
    assert snapshot() == before


def _bad_files(portal, article):
    """{kind: (po text, what the report must name)} each with ONE bad entry among good ones."""
    ctx = f"portal.articlepage:{article.pk}"
    good = {
        f"{ctx}:title": "Hjelpetelefonen åpner",
        f"{ctx}:body:0:heading/text": "Hva vi tilbyr",
        f"compact.objective:{portal['objective'].pk}:summary": "Hva målet krever.",
    }
    base = str(export_po("nb"))

    def with_bad(context, msgstr, msgid=None):
        po = polib.pofile(translated(base, good), wrapwidth=WRAPWIDTH)
        found = entries(po)
        if context not in found:
            po.append(polib.POEntry(msgctxt=context, msgid=msgid or "Text", msgstr=msgstr))
        else:
            found[context].msgstr = msgstr
            if msgid is not None:
                found[context].msgid = msgid
        return str(po)

    paragraph = f"{ctx}:body:1:paragraph"
    return {
        "stale": (with_bad(f"{ctx}:summary", "Kort", msgid="An old summary."), f"{ctx}:summary"),
        "unknown object": (with_bad("portal.articlepage:99999:title", "Tittel"), "99999"),
        "unknown model": (with_bad("auth.user:1:username", "root"), "auth.user:1:username"),
        "unknown field": (with_bad(f"{ctx}:author", "Noen"), f"{ctx}:author"),
        "unknown path": (
            with_bad(f"{ctx}:body:7:paragraph", "<p>x</p>", msgid="<p>x</p>"),
            f"{ctx}:body:7:paragraph",
        ),
        "tags": (with_bad(paragraph, "<p>Les veiledningen eller ring oss.</p>"), paragraph),
        "foreign link": (
            with_bad(
                paragraph,
                '<p>Les <a href="https://evil.example/">veiledningen</a> eller <b>ring</b>.</p>',
            ),
            paragraph,
        ),
        "script": (
            with_bad(f"{ctx}:summary", "Hei<script>alert(1)</script>"),
            f"{ctx}:summary",
        ),
        "onerror": (
            with_bad(f"{ctx}:summary", '<img src="x" onerror="alert(1)">'),
            f"{ctx}:summary",
        ),
        "javascript url": (
            with_bad(
                paragraph,
                '<p>Les <a href="javascript:alert(1)">veiledningen</a> eller <b>ring</b>.</p>',
            ),
            paragraph,
        ),
        "too long": (with_bad(f"{ctx}:title", "x" * 256), f"{ctx}:title"),
        "wrong language": (base.replace('"Language: nb\\n"', '"Language: fi\\n"'), "fi"),
        "broken syntax": (translated(base, good) + '\nmsgctxt "x"\nmsgid "y\nmsgstr "z"\n', "line"),
    }


BAD_KINDS = [
    "stale",
    "unknown object",
    "unknown model",
    "unknown field",
    "unknown path",
    "tags",
    "foreign link",
    "script",
    "onerror",
    "javascript url",
    "too long",
    "wrong language",
    "broken syntax",
]


@pytest.mark.parametrize("kind", BAD_KINDS)
def test_one_bad_entry_changes_nothing(portal, article, kind):
    po_text, named = _bad_files(portal, article)[kind]
    before = snapshot()
    report = import_po(po_text, "nb", publish=True)
    assert not report.ok
    assert snapshot() == before
    assert any(named in str(problem) for problem in report.errors), report.lines()
    assert report.written == 0


def test_good_file_of_the_bad_tests_imports(portal, article):
    """The bad files above fail only because of their one bad entry."""
    ctx = f"portal.articlepage:{article.pk}"
    po_text = translated(str(export_po("nb")), {f"{ctx}:title": "Hjelpetelefonen åpner"})
    assert import_po(po_text, "nb", publish=True).ok


def test_publishing_an_import_publishes_its_language_only(article):
    """With an English draft pending, the import publishes Norwegian alone; the draft stays a
    draft, with the Norwegian merged in (portal/localization/publishing.py)."""
    ctx = f"portal.articlepage:{article.pk}"
    po_text = translated(str(export_po("nb", objects=[article])), {f"{ctx}:title": "Tittel"})
    draft = Page.objects.get(pk=article.pk).specific
    draft.summary_en = "A draft summary."
    draft.save_revision()
    report = import_po(po_text, "nb", publish=True)
    assert report.ok and report.pages_published == 1
    page = Page.objects.get(pk=article.pk).specific
    assert page.title_nb == "Tittel" and page.summary_en != "A draft summary."
    assert page.has_unpublished_changes
    pending = page.get_latest_revision_as_object()
    assert (pending.summary_en, pending.title_nb) == ("A draft summary.", "Tittel")


# --- Admin views ---------------------------------------------------------------------------------


def translator(django_user_model, lang, username="translator"):
    group = Group.objects.create(name=f"Translators {lang}")
    group.permissions.add(
        Permission.objects.get(codename=f"translate_{lang}", content_type__app_label="portal"),
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
    )
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(group)
    return user


def test_po_admin_page_and_export(client, django_user_model, portal):
    client.force_login(translator(django_user_model, "nl"))
    page = client.get(reverse("translations:po"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="language"' in html
    # Wagtail's icon buttons: the icon in its wrapper, the label beside it (a bare icon in a
    # button grows to the button's size and hides the label).
    for label in ("Download file", "Check and import"):
        assert re.search(
            r'class="button bicolor button--icon"><span class="icon-wrapper">'
            r"<svg[^>]*>.*?</svg></span>" + label,
            html,
        ), label
    response = client.get(
        reverse("translations:po_export"),
        {"language": "nl", "scope": "office", "office": portal["office"].pk},
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    po = polib.pofile(response.content.decode())
    assert po.metadata["Language"] == "nl"
    assert f"offices.office:{portal['office'].pk}:name" in entries(po)


def test_translator_imports_their_language_in_the_admin(client, django_user_model, article):
    client.force_login(translator(django_user_model, "nl"))
    ctx = f"portal.articlepage:{article.pk}"
    po_text = translated(str(export_po("nl", objects=[article])), {f"{ctx}:title": "Hulpbalie"})
    upload = SimpleUploadedFile("nl.po", po_text.encode(), content_type="text/x-gettext")
    response = client.post(reverse("translations:po_import"), {"language": "nl", "file": upload})
    assert response.status_code == 200
    assert "1 translation(s) imported" in response.content.decode()
    draft = Page.objects.get(pk=article.pk).specific.get_latest_revision_as_object()
    assert draft.title_nl == "Hulpbalie"

    # Publishing needs Wagtail's publish permission as well: refused up front, nothing written.
    before = snapshot("nl")
    upload = SimpleUploadedFile("nl.po", po_text.encode(), content_type="text/x-gettext")
    response = client.post(
        reverse("translations:po_import"), {"language": "nl", "file": upload, "publish": "on"}
    )
    assert "You may not publish this page" in response.content.decode()
    assert snapshot("nl") == before


def test_admin_import_lists_every_problem(client, django_user_model, portal, article):
    client.force_login(translator(django_user_model, "nb"))
    po_text, named = _bad_files(portal, article)["script"]
    before = snapshot()
    upload = SimpleUploadedFile("nb.po", po_text.encode())
    response = client.post(reverse("translations:po_import"), {"language": "nb", "file": upload})
    assert response.status_code == 200
    assert named in response.content.decode()
    assert snapshot() == before


def test_translator_for_nl_cannot_import_fi(client, django_user_model, article):
    client.force_login(translator(django_user_model, "nl"))
    ctx = f"portal.articlepage:{article.pk}"
    po_text = translated(
        str(export_po("fi", objects=[article])), {f"{ctx}:title": "Neuvonta"}, lang="fi"
    )
    before = snapshot("fi")
    upload = SimpleUploadedFile("fi.po", po_text.encode())
    response = client.post(reverse("translations:po_import"), {"language": "fi", "file": upload})
    assert response.status_code == 403
    assert snapshot("fi") == before
    assert client.get(reverse("translations:po_export"), {"language": "fi"}).status_code == 403


# --- Management commands -------------------------------------------------------------------------


def test_management_commands_round_trip(portal, article, tmp_path):
    out = tmp_path / "nb.po"
    call_command("export_po", "--language", "nb", "--page", str(article.pk), "-o", str(out))
    ctx = f"portal.articlepage:{article.pk}"
    out.write_text(translated(out.read_text(), {f"{ctx}:title": "Hjelpetelefonen åpner"}))
    call_command("import_po", str(out), "--language", "nb", "--publish")
    assert Page.objects.get(pk=article.pk).specific.title_nb == "Hjelpetelefonen åpner"

    office = tmp_path / "office.po"
    call_command("export_po", "--language", "nb", "--office", "NO", "-o", str(office))
    assert f"offices.office:{portal['office'].pk}:name" in office.read_text()


def test_import_po_command_refuses_a_bad_file(portal, article, tmp_path, capsys):
    po_text, named = _bad_files(portal, article)["stale"]
    path = tmp_path / "bad.po"
    path.write_text(po_text)
    before = snapshot()
    with pytest.raises(CommandError):
        call_command("import_po", str(path), "--language", "nb", "--publish")
    assert snapshot() == before
    assert named in capsys.readouterr().out
