"""Benchmark: XLIFF export of one language over the scale data set (target: under 30 s).

    .venv/bin/python bench/xliff.py [--language fi] [--scale default] [--database /tmp/x.sqlite3]

Builds a throwaway SQLite database (migrate, load_demo, generate_scale_data --no-index, then
rebuild_translation_memory so that pre-fill has a realistic memory), unless --database names one
already built that way (it is then reused, not changed). Times export_xliff for the whole site in
XLIFF 1.2 and 2.0, with and without pre-fill from the memory, and export_po for comparison
(wall-clock and CPU time: the machine may be shared). Writes bench/results-xliff.md.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(database, scale):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    steps = [
        ["migrate", "--noinput"],
        ["update_translation_fields"],
        ["load_demo"],
        ["generate_scale_data", "--scale", scale, "--no-index"],
        ["rebuild_translation_memory"],
    ]
    for command in steps:
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
            capture_output=True,
        )  # fmt: skip


def timed(function):
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--language", default="fi")
    parser.add_argument("--scale", default="default")
    parser.add_argument("--database", help="A database already built (see above).")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    database = args.database
    if not database:
        database = f"{tempfile.mkdtemp(prefix='bench-xliff-')}/bench.sqlite3"
        build(database, args.scale)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from portal.localization.memory import MemoryEntry
    from portal.localization.po import export_items, export_po
    from portal.localization.xliff import export_xliff

    lang = args.language
    items = export_items(lang)
    missing = sum(1 for item in items if not item.unit.target.strip())
    runs = [
        ("XLIFF 1.2", lambda: export_xliff(lang, version="1.2")),
        ("XLIFF 2.0", lambda: export_xliff(lang, version="2.0")),
        ("XLIFF 1.2, pre-filled", lambda: export_xliff(lang, version="1.2", prefill=True)),
        ("XLIFF 2.0, pre-filled", lambda: export_xliff(lang, version="2.0", prefill=True)),
        ("PO (for comparison)", lambda: str(export_po(lang)).encode()),
    ]
    rows = []
    for name, function in runs:
        data, wall, cpu = timed(function)
        rows.append(f"| {name} | {wall:.1f} s | {cpu:.1f} s | {len(data) / 1e6:.1f} MB |")
        print(rows[-1], flush=True)
    load = os.getloadavg()[0]
    result = (
        "# XLIFF export over the scale data set\n\n"
        f"`.venv/bin/python bench/xliff.py --language {lang} --scale {args.scale}`, SQLite, "
        f"on this machine ({os.cpu_count()} cores, load average {load:.1f} at the end: other "
        "work shared the cores, so CPU time is the steadier figure). Target: under 30 s.\n\n"
        f"{len(items):,} units in {lang} ({missing:,} without a translation), "
        f"{MemoryEntry.objects.filter(target_language=lang).count():,} memory entries for "
        f"en→{lang}. Pre-fill gives up fuzzy matching after memory.FUZZY_BUDGET seconds.\n\n"
        "| export | wall clock | CPU | size |\n|---|---|---|---|\n" + "\n".join(rows) + "\n"
    )
    (ROOT / "bench" / "results-xliff.md").write_text(result)
    print(result)


if __name__ == "__main__":
    main()
