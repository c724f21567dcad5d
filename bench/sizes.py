"""Benchmark: how big the public listing pages and the sitemap's files are, at a scale.

    .venv/bin/python bench/sizes.py --scale default          # demo + 25,000 generated pages
    .venv/bin/python bench/sizes.py --scale none             # the demo alone
    .venv/bin/python bench/sizes.py --database /tmp/x.sqlite3 --label scale-default

Builds a throwaway SQLite database (migrate, update_translation_fields, load_demo and, with
--scale, generate_scale_data --no-index), or reads an existing one with --database, then asks
each URL through Django's test client (DEBUG off, no page cache) and reports the body's size,
the time of one uncached request and, for the sitemap's files, how many URLs each holds.
Writes its section of bench/results-sizes.md (the other sections stay).
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results-sizes.md"
LIMIT_KB = 200
DATA_URLS = [("matrix CSV", "/en/compact-matrix.csv"), ("matrix JSON", "/en/compact-matrix.json")]


def build(database, scale):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    env["DATABASE_URL"] = f"sqlite:///{database}"
    commands = [["migrate", "--noinput"], ["update_translation_fields"], ["load_demo"]]
    if scale != "none":
        commands.append(["generate_scale_data", "--scale", scale, "--no-index"])
    for command in commands:
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True
        )


def setup(database):
    setup_url(f"sqlite:///{database}")


def setup_url(database_url):
    """Django set up on this database, as the benchmarks read it: no page cache, any host."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = database_url
    os.environ["PAGE_CACHE"] = "false"
    sys.path.insert(0, str(ROOT))
    import django  # noqa: PLC0415

    django.setup()
    from django.conf import settings  # noqa: PLC0415

    settings.PAGE_CACHE_ENABLED = False
    settings.ALLOWED_HOSTS = ["*"]


def page_urls():
    """(label, URL) of the listing pages and of one page of each kind, in English."""
    from compact.models import CompactIndexPage, ObjectivePage  # noqa: PLC0415
    from offices.models import (  # noqa: PLC0415
        CountryOfficePage,
        OfficeIndexPage,
        ProgrammeIndexPage,
    )
    from portal.models import HomePage, NewsIndexPage  # noqa: PLC0415

    home = HomePage.objects.live().order_by("path").first()
    top = {"depth": home.depth + 1, "path__startswith": home.path}
    pages = [
        ("home", home),
        ("office index", OfficeIndexPage.objects.live().filter(**top).first()),
        ("compact index", CompactIndexPage.objects.live().filter(**top).first()),
        ("programme index", ProgrammeIndexPage.objects.live().filter(**top).first()),
        ("news index", NewsIndexPage.objects.live().filter(**top).first()),
        ("country office (last)", CountryOfficePage.objects.live().order_by("path").last()),
        ("objective", ObjectivePage.objects.live().order_by("path").first()),
    ]
    urls = [(label, page.url) for label, page in pages if page is not None]
    compact = dict(urls).get("compact index")
    if compact:
        urls += [("compact index, page 2", compact + "?page=2")]
    return urls


def measure(client, url, runs=3):
    """(status, body, the fastest of `runs` requests in ms): the machine is shared."""
    elapsed = []
    for _run in range(runs):
        started = time.monotonic()
        response = client.get(url)
        elapsed.append((time.monotonic() - started) * 1000)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body, min(elapsed)


def rows(client):
    table = []
    for label, url in page_urls():
        status, body, ms = measure(client, url)
        table.append((label, url, status, len(body), ms, ""))
    for label, url in DATA_URLS:
        status, body, ms = measure(client, url)
        if status == 200:
            table.append((label, url, status, len(body), ms, ""))
    status, body, ms = measure(client, "/sitemap.xml")
    files = re.findall(rb"<loc>[^<]*/(sitemap-\d+\.xml)</loc>", body)
    table.append(("sitemap.xml", "/sitemap.xml", status, len(body), ms, f"{len(files)} files"))
    sizes, counts, times = [], [], []
    for name in files:
        status, body, ms = measure(client, "/" + name.decode())
        sizes.append(len(body) if status == 200 else 0)
        counts.append(body.count(b"<url>"))
        times.append(ms)
    if files:
        note = f"largest of {len(files)} files; at most {max(counts)} URLs in one"
        table.append(("sitemap-N.xml", "/sitemap-1.xml", 200, max(sizes), max(times), note))
    return table


def section(label, table):
    lines = [
        f"## {label}",
        "",
        f"`.venv/bin/python bench/sizes.py` ({time.strftime('%Y-%m-%d')}); bytes of the body, "
        "the fastest of three uncached requests through Django's test client "
        "(SQLite, no page cache).",
        "",
        "| URL | status | size | ms | |",
        "|---|---:|---:|---:|---|",
    ]
    for name, url, status, size, ms, note in table:
        html = "xml" not in url and "matrix." not in url
        flag = " **over 200 KB**" if size > LIMIT_KB * 1000 and html else ""
        size_kb = f"{size / 1000:.1f} KB{flag}"
        lines.append(f"| {name} `{url}` | {status} | {size_kb} | {ms:.0f} | {note} |")
    return "\n".join(lines) + "\n"


def write(label, text):
    old = RESULTS.read_text() if RESULTS.exists() else "# Page sizes at scale (bench/sizes.py)\n"
    parts = re.split(r"(?m)^(?=## )", old)
    kept = [part for part in parts if not part.startswith(f"## {label}\n")]
    RESULTS.write_text("".join(kept).rstrip("\n") + "\n\n" + text)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="default", choices=["none", "small", "default"])
    parser.add_argument("--database", help="an existing SQLite database (skips the build)")
    parser.add_argument("--label", help="the section of the results (default: the scale)")
    args = parser.parse_args()
    label = args.label or (f"scale-{args.scale}" if args.scale != "none" else "demo")
    database = args.database
    if database is None:
        database = Path(tempfile.mkdtemp(prefix="bench-sizes-")) / "sizes.sqlite3"
        build(database, args.scale)
    setup(database)
    from django.test import Client  # noqa: PLC0415

    text = section(label, rows(Client()))
    print(text)
    write(label, text)


if __name__ == "__main__":
    main()
