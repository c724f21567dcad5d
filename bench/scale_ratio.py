"""Benchmark: each public URL alone at the demo and at the scale data set, and their ratio.

    .venv/bin/python bench/scale_ratio.py --demo DEMO_DATABASE_URL --scale SCALE_DATABASE_URL

Issue 16, point 3: "no public page except search takes more than twice its demo time alone" and
"the translation dashboard's first request after a change takes under 2 s". Both databases are
built beforehand, once (`migrate`, `update_translation_fields`, `load_demo`, and for the scale
one `generate_scale_data --scale default --seed 1`), e.g. two databases of one
`scripts/with-postgres.sh` server. For each database a child process (Django set up once per
database) asks every URL through Django's test client (config.settings.test: DEBUG off, no page
cache): two warm-up requests, then the median of 10. Then, as the demo admin, the translation
dashboard: one request to warm it, a change published (a new revision of the last article), and
the first request after it, the median of 3 such rounds. Writes its section of
bench/results-sizes.md (`--label`, default "alone, demo vs scale"); the other sections stay.
"""

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from sizes import setup_url as setup  # noqa: E402
from sizes import write  # noqa: E402

RUNS = 10
WARM = 2
DASHBOARD = "/admin/translations/"
EXCLUDED = ("search", "sitemap", "static")  # search has a target of its own; sitemaps by size


def urls():
    from run import find_urls  # noqa: PLC0415  (bench/run.py: the load test's URLs)

    return [(label, url) for label, url in find_urls() if not label.startswith(EXCLUDED)]


def median_ms(client, url):
    for _ in range(WARM):
        assert client.get(url).status_code == 200, url
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def publish_a_change():
    from portal.models import ArticlePage  # noqa: PLC0415

    page = ArticlePage.objects.live().order_by("-path").first()
    page.title_fr = (page.title_fr or page.title) + " ·"
    page.save_revision().publish()


def dashboard_first_ms(rounds=3):
    """The dashboard's first request after a published change (median of `rounds`)."""
    from django.contrib.auth import get_user_model  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415

    client = Client()
    client.force_login(get_user_model().objects.filter(is_superuser=True).order_by("pk").first())
    assert client.get(DASHBOARD).status_code == 200
    timings = []
    for _ in range(rounds):
        publish_a_change()
        started = time.perf_counter()
        assert client.get(DASHBOARD).status_code == 200
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def measure(database_url):
    """In a child process: {label: [url, ms]} and the dashboard's figure, as JSON on stdout."""
    setup(database_url)
    from django.test import Client  # noqa: PLC0415

    client = Client()
    result = {label: [url, median_ms(client, url)] for label, url in urls()}
    result["dashboard"] = ["", dashboard_first_ms()]
    print(json.dumps(result))


def child(database_url):
    out = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--measure", database_url],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def section(label, demo, scale):
    lines = [
        f"## {label}",
        "",
        f"`.venv/bin/python bench/scale_ratio.py --demo ... --scale ...` "
        f"({time.strftime('%Y-%m-%d')}); PostgreSQL (both databases of one "
        "`scripts/with-postgres.sh` server), Django's test client, no page cache: the median of "
        f"{RUNS} requests after {WARM} warm-ups, each URL alone; the dashboard: its first request "
        "after a published change (median of 3).",
        "",
        "| URL | demo ms | scale ms | ratio | |",
        "|---|---:|---:|---:|---|",
    ]
    for name, (url, scale_ms) in scale.items():
        demo_ms = demo.get(name, [url, 0])[1]
        ratio = scale_ms / demo_ms if demo_ms else 0
        if name == "dashboard":
            flag = "**over 2 s**" if scale_ms > 2000 else "under 2 s"  # noqa: PLR2004
            name = f"translation dashboard, first after a change `{DASHBOARD}`"  # noqa: PLW2901
        else:
            flag = "**over 2x**" if ratio > 2 else ""  # noqa: PLR2004
            name = f"{name} `{url}`"  # noqa: PLW2901
        lines.append(f"| {name} | {demo_ms:.0f} | {scale_ms:.0f} | {ratio:.1f} | {flag} |")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--demo", help="DATABASE_URL of the demo database")
    parser.add_argument("--scale", help="DATABASE_URL of the scale database")
    parser.add_argument("--label", default="alone, demo vs scale")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure)
        return
    demo, scale = child(args.demo), child(args.scale)
    text = section(args.label, demo, scale)
    print(text)
    write(args.label, text)


if __name__ == "__main__":
    main()
