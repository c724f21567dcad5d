"""Gettext catalogues without GNU gettext at run time.

    python scripts/catalogues.py compile   # locale/*/LC_MESSAGES/django.po -> .mo (polib)
    python scripts/catalogues.py check     # every visible string extracted and translated
    python scripts/catalogues.py update    # re-extract strings into the .po files (needs xgettext)
    python scripts/catalogues.py missing F # the strings missing from a catalogue, to F (JSON)
    python scripts/catalogues.py add F     # add the translations in F; drop unused strings

`make run` only compiles, with polib (a pip package), so a fresh machine needs no gettext tools.
`check` extracts strings with Django's makemessages in a scratch copy of the sources, so it never
touches the working tree, and fails on any string missing from a catalogue, untranslated, fuzzy
or with placeholders that differ from the source.
"""

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
LANGUAGES = ["fr", "es", "nb", "nl", "fi", "sv"]
SOURCES = ["manage.py", "config", "portal", "offices", "compact", "templates", "locale"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def po_path(base, lang):
    return base / lang / "LC_MESSAGES" / "django.po"


def compile_all():
    for lang in LANGUAGES:
        po = polib.pofile(str(po_path(LOCALE, lang)))
        po.save_as_mofile(str(po_path(LOCALE, lang).with_suffix(".mo")))
    print(f"compiled {len(LANGUAGES)} catalogues")


def makemessages(workdir):
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--no-location",
            "--no-obsolete",
            "--ignore=.venv/*",
            *[f"--locale={lang}" for lang in LANGUAGES],
        ],
        cwd=workdir,
        check=True,
        capture_output=True,
    )


def entries(po):
    return {(e.msgctxt, e.msgid, e.msgid_plural or None) for e in po if not e.obsolete}


def _extracted_by_language():
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name in SOURCES:
            src = ROOT / name
            if src.is_dir():
                shutil.copytree(src, work / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(src, work / name)
        makemessages(work)
        return {
            lang: polib.pofile(str(po_path(work / "locale", lang)), wrapwidth=79)
            for lang in LANGUAGES
        }


def _catalogue_problems(lang, catalogue, extracted):
    problems = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        if (entry.msgctxt, entry.msgid, entry.msgid_plural or None) not in extracted:
            problems.append(f"{lang}: no longer used: {entry.msgid!r}")
            continue
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if "fuzzy" in entry.flags or not all(t.strip() for t in translations):
            problems.append(f"{lang}: untranslated: {entry.msgid!r}")
            continue
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        for text in translations:
            if sorted(PLACEHOLDER.findall(text)) != wanted and entry.msgid_plural is None:
                problems.append(f"{lang}: placeholders differ: {entry.msgid!r}")
    return problems


def check():
    problems = []
    for lang, extracted_po in _extracted_by_language().items():
        extracted = entries(extracted_po)
        catalogue = polib.pofile(str(po_path(LOCALE, lang)))
        for missing_entry in sorted(extracted - entries(catalogue), key=str):
            problems.append(f"{lang}: not in the catalogue: {missing_entry[1]!r}")
        problems += _catalogue_problems(lang, catalogue, extracted)
    for problem in problems:
        print(problem)
    print(f"catalogues: {len(problems)} problem(s)")
    return 1 if problems else 0


def missing(path):
    """[{"msgctxt", "msgid", "msgid_plural", "languages": [...]}]: the strings to translate."""
    found = {}
    for lang, extracted in _extracted_by_language().items():
        catalogue = entries(polib.pofile(str(po_path(LOCALE, lang))))
        for entry in extracted:
            key = (entry.msgctxt, entry.msgid, entry.msgid_plural or None)
            if key not in catalogue:
                item = found.setdefault(
                    key,
                    {"msgctxt": key[0], "msgid": key[1], "msgid_plural": key[2], "languages": []},
                )
                item["languages"].append(lang)
    Path(path).write_text(json.dumps(list(found.values()), ensure_ascii=False, indent=1))
    print(f"{len(found)} string(s) to translate written to {path}")


def add(path):
    """Add translations ({"msgid", "msgctxt", "msgid_plural", "fr": ..., "es": [one, other]})
    to the catalogues, appended so existing entries keep their place, and drop strings no
    longer extracted."""
    items = json.loads(Path(path).read_text())
    extracted = _extracted_by_language()
    for lang in LANGUAGES:
        po = polib.pofile(str(po_path(LOCALE, lang)))
        known = entries(extracted[lang])
        for entry in [e for e in po if not e.obsolete]:
            if (entry.msgctxt, entry.msgid, entry.msgid_plural or None) not in known:
                po.remove(entry)
        have = entries(po)
        for item in items:
            key = (item.get("msgctxt"), item["msgid"], item.get("msgid_plural") or None)
            if key in have or lang not in item:
                continue
            text = item[lang]
            entry = polib.POEntry(msgctxt=item.get("msgctxt"), msgid=item["msgid"])
            if key[2]:
                entry.msgid_plural = key[2]
                entry.msgstr_plural = dict(enumerate(text))
            else:
                entry.msgstr = text
            po.append(entry)
        po.save()
    compile_all()


def update():
    makemessages(ROOT)
    print(
        "updated " + ", ".join(str(po_path(LOCALE, lang).relative_to(ROOT)) for lang in LANGUAGES)
    )


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else "check"
    if action == "compile":
        compile_all()
    elif action == "update":
        update()
    elif action == "missing":
        missing(sys.argv[2])
    elif action == "add":
        add(sys.argv[2])
    else:
        sys.exit(check())
