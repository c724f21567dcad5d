"""Benchmark: translation memory look-ups and pre-fill.

    scripts/with-postgres.sh .venv/bin/python bench/memory.py [--entries 100000]
    .venv/bin/python bench/memory.py --entries 20000          # SQLite, a temporary file

On the database of DATABASE_URL (a throwaway one: it is migrated and filled), or a temporary
SQLite file when DATABASE_URL is unset: migrates, loads the demo, adds `--entries` memory
entries English → Norwegian made of the demo's sentences recombined (varied, realistic lengths),
then times (a) memory.suggestions for 50 units (median and p95, and the query plan on
PostgreSQL) and (b) prefill of a 30-unit page (10 runs). Writes its section of
bench/results-memory.md.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(env):
    for command in (["migrate", "--noinput"], ["update_translation_fields"], ["load_demo"]):
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
            capture_output=True,
        )  # fmt: skip
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django  # noqa: PLC0415

    django.setup()


def demo_sentences():
    from portal.localization import memory  # noqa: PLC0415
    from portal.localization.units import content_models, specific_objects, units  # noqa: PLC0415

    found = set()
    for model in content_models():
        for obj in specific_objects(model)[:200]:
            for unit in units(obj, "nb"):
                for sentence in memory.sentences(memory.plain(unit.source, unit.kind), "en"):
                    if 3 <= len(sentence.split()) <= 40:  # noqa: PLR2004
                        found.add(sentence)
    return sorted(found)


SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]


def varied(sentences, rng, vocabulary=60_000):
    """The demo's sentences with about a third of their words drawn from a large vocabulary of
    made-up words (Zipf-like: a few common, most rare), as in a memory gathered over years from
    many texts; the default recombines the demo's ~500 sentences, the worst case for trigrams."""
    words = [
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(vocabulary)
    ]
    weights = [1 / (rank + 1) for rank in range(vocabulary)]

    def one():
        base = rng.choice(sentences).split()
        picks = rng.choices(words, weights, k=len(base))
        mixed = [p if rng.random() < 0.35 else w for w, p in zip(base, picks, strict=True)]  # noqa: PLR2004
        return " ".join(mixed)

    return one


def recombined(sentences, rng):
    """The demo's sentences with a few words swapped for others of the demo, sometimes two
    joined: every trigram is common, the worst case for pg_trgm's index."""
    words = " ".join(sentences).split()

    def one():
        base = rng.choice(sentences).split()
        for _ in range(rng.randint(1, 4)):
            base[rng.randrange(len(base))] = rng.choice(words)
        if rng.random() < 0.2:  # noqa: PLR2004
            base += rng.choice(sentences).split()
        return " ".join(base)

    return one


def fill(count, make):
    from portal.localization.models import MemoryEntry  # noqa: PLC0415
    from portal.localization.units import fingerprint  # noqa: PLC0415

    batch = []
    for number in range(count):
        source = make()
        batch.append(
            MemoryEntry(
                source_language="en", target_language="nb", source_text=source,
                target_text=f"[nb {number}] {source}", source_hash=fingerprint(source),
                origin=MemoryEntry.Origin.IMPORTED,
            )
        )  # fmt: skip
        if len(batch) == 5000:  # noqa: PLR2004
            MemoryEntry.objects.bulk_create(batch)
            batch = []
    MemoryEntry.objects.bulk_create(batch)


def timed(function, runs):
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)], timings[-1]


def thirty_unit_page(sentences, rng):
    from portal.models import StandardPage  # noqa: PLC0415

    home = StandardPage.objects.first().get_parent()
    body = [{"type": "heading", "value": {"text": s}} for s in rng.sample(sentences, 28)]
    page = StandardPage(title="Benchmark page", slug="bench-prefill", summary_en=sentences[0],
                        body_en=body)  # fmt: skip
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def previous_suggestions(source):
    """The candidates' query before commit "memory: pg_trgm floor by length" (same run, same data):
    similarity above 0.5, ordered by SIMILARITY() in the query, 200 entries read whole."""
    from django.db import connection  # noqa: PLC0415

    from portal.localization import memory  # noqa: PLC0415

    low, high = memory.length_window(source, memory.threshold() / 100)
    with connection.cursor() as cursor:
        cursor.execute("SET pg_trgm.similarity_threshold = 0.5")
        cursor.execute(
            "SELECT * FROM portal_memoryentry WHERE source_language = 'en' "
            "AND target_language = 'nb' AND length(source_text) BETWEEN %s AND %s "
            "AND source_text %% %s ORDER BY similarity(source_text, %s) DESC LIMIT 200",
            [low, high, source, source],
        )
        cursor.fetchall()


def _points(source, text, points):
    return 100 if text.strip() == source.strip() else min(int(round(points)), 99)


def recall(probes):
    """Units whose best three scores differ from those of rapidfuzz over every entry."""
    from rapidfuzz import fuzz, process  # noqa: PLC0415

    from portal.localization import memory  # noqa: PLC0415
    from portal.localization.models import MemoryEntry  # noqa: PLC0415

    pair = MemoryEntry.objects.filter(target_language="nb")
    texts = list(pair.values_list("source_text", flat=True))
    differ = 0
    for source in probes:
        found = process.extract(source, texts, scorer=fuzz.ratio, score_cutoff=memory.threshold())
        truth = sorted((_points(source, t, p) for t, p, _i in found), reverse=True)[:3]
        got = [match.score for match in memory.suggestions(source, "nb")]
        differ += got != truth
    return differ


def explain(source):
    from django.db import connection  # noqa: PLC0415

    from portal.localization import memory  # noqa: PLC0415

    with connection.cursor() as cursor:
        low, high = memory.length_window(source, memory.threshold() / 100)
        cursor.execute("SET pg_trgm.similarity_threshold = %s", [memory.trigram_floor(source)])
        cursor.execute(
            "EXPLAIN ANALYZE SELECT id, source_text FROM portal_memoryentry "
            "WHERE source_language = 'en' AND target_language = 'nb' "
            "AND length(source_text) BETWEEN %s AND %s AND source_text %% %s LIMIT 5000",
            [low, high, source],
        )
        return "\n".join(row[0] for row in cursor.fetchall())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--corpus", choices=["recombined", "varied"], default="recombined",
        help="recombined: the demo's sentences, worst case; varied: a large vocabulary",
    )  # fmt: skip
    args = parser.parse_args()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    if not env.get("DATABASE_URL"):
        env["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='bench-memory-')}/db.sqlite3"
    setup(env)
    from django.db import connection  # noqa: PLC0415

    from portal.localization import memory  # noqa: PLC0415
    from portal.localization.models import MemoryEntry  # noqa: PLC0415
    from portal.localization.prefill import prefill  # noqa: PLC0415

    rng = random.Random(args.seed)  # noqa: S311 (reproducible data, not secrets)
    sentences = demo_sentences()
    make = varied(sentences, rng) if args.corpus == "varied" else recombined(sentences, rng)
    fill(args.entries, make)
    total = MemoryEntry.objects.filter(target_language="nb").count()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE portal_memoryentry")
    probes = [" ".join(rng.choice(sentences).split()[:-1]) + " today." for _ in range(50)]
    queue = iter(probes * 100)
    suggestions = timed(lambda: memory.suggestions(next(queue), "nb"), len(probes))
    before = None
    if connection.vendor == "postgresql":
        queue = iter(probes * 100)
        before = timed(lambda: previous_suggestions(next(queue)), len(probes))
    edited = []  # a word replaced: the other kind of near match
    for _ in range(30):
        words = rng.choice(sentences).split()
        words[rng.randrange(len(words))] = "something"
        edited.append(" ".join(words))
    differ = recall(probes + edited)
    page = thirty_unit_page(sentences, rng)
    prefill_times = timed(lambda: prefill([page], "nb"), 10)
    plan = explain(probes[0]) if connection.vendor == "postgresql" else ""
    extra = {"before": before, "differ": differ, "units": len(probes) + len(edited)}
    extra["corpus"] = args.corpus
    write(connection.vendor, args.entries, total, suggestions, prefill_times, plan, extra)


def write(vendor, entries, total, suggestions, prefill_times, plan, extra):  # noqa: PLR0913
    command = (
        "scripts/with-postgres.sh .venv/bin/python bench/memory.py"
        if vendor == "postgresql"
        else ".venv/bin/python bench/memory.py"
    ) + f" --entries {entries} --corpus {extra['corpus']}"
    section = (
        f"## {vendor}, {extra['corpus']} corpus, {total:,} entries en → nb\n\n`{command}`\n\n"
        "| measure | median | p95 | max | target |\n|---|---|---|---|---|\n"
        f"| suggestions for one unit (50 units) | {suggestions[0]:.1f} ms | "
        f"{suggestions[1]:.1f} ms | {suggestions[2]:.1f} ms | < 50 ms |\n"
        f"| pre-fill of a 30-unit page (10 runs) | {prefill_times[0]:.1f} ms | "
        f"{prefill_times[1]:.1f} ms | {prefill_times[2]:.1f} ms | < 1 s |\n"
    )
    if extra["before"]:
        before = extra["before"]
        section += (
            f"| the previous candidates' query alone, same run | {before[0]:.1f} ms | "
            f"{before[1]:.1f} ms | {before[2]:.1f} ms | |\n"
        )
    section += (
        f"\nMatch quality: {extra['differ']} of {extra['units']} units (the 50 above and 30 with "
        "one word replaced) get best three scores other than rapidfuzz's over every entry.\n"
    )
    if plan:
        section += f"\nThe candidates' query plan:\n\n```\n{plan}\n```\n"
    path = ROOT / "bench" / "results-memory.md"
    old = path.read_text() if path.exists() else "# Translation memory benchmarks\n\n"
    heading = f"## {vendor}, {extra['corpus']} corpus,"
    kept = [part for part in old.split("\n## ")[1:] if not ("## " + part).startswith(heading)]
    body = "# Translation memory benchmarks\n\n"
    body += "".join("## " + part.rstrip() + "\n\n" for part in kept)
    path.write_text(body + section)
    print(section)


if __name__ == "__main__":
    main()
