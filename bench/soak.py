"""Soak test: the portal under steady load for a long while, with an editor publishing all along.

    make soak                        (10 minutes; SOAK_ARGS="--minutes 2" for a short run)
    scripts/with-postgres.sh .venv/bin/python bench/soak.py --minutes 10

In a scratch PostgreSQL (scripts/with-postgres.sh), with the helpers of bench/run.py:

1. migrates, loads the demo portal and collects static files with config.settings.production;
2. starts gunicorn (production settings, 2 sync workers, the page cache on, in files; with
   --nodes 2, `make soak NODES=2`: two gunicorn instances behind nginx, sharing a redis-server
   that is stopped a third into the soak and started again --redis-down seconds later) and lists
   the public URLs: every live page in all seven languages, searches, the news feeds, the
   sitemap and the JSON API; each must answer 200 before the soak starts;
3. runs wrk for --minutes at --connections connections, each connection going round the URLs
   from its own starting point;
4. meanwhile an editor signs in to the admin and, every --publish-every seconds, publishes a new
   title for a page (an article, a programme or a standard page in turn), then at once asks, as
   an anonymous visitor, for the page and for a listing that shows it (its index) and checks
   that both show the new title: an old title is a stale read. And every 10 s it reads the
   resident memory (VmRSS) of each worker;
5. writes bench/soak-results.md (soak-results-nodes-2.md with --nodes 2): requests, requests
   per second, latency percentiles, errors, publishes and stale reads, and each worker's memory
   from minute 2 to the end. Exits 1 when there were errors or stale reads, a worker was
   replaced, or memory moved more than 10%.

gunicorn runs without max_requests here (config/gunicorn.conf.py sets it in production, to
replace workers now and then): a worker that lives the whole soak is what shows a leak.
"""

import argparse
import datetime
import json
import os
import random
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]
from run import Cluster, ensure_wrk, fetch, log, machine, manage, rss_kib  # noqa: E402

from tests.support.production import production_env  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "soak-results.md"
SAMPLE_EVERY = 10  # seconds between two memory samples
STEADY_AFTER = 120  # memory is compared from minute 2 on: imports and caches are warm by then
MEMORY_LIMIT = 10  # percent

# Each connection goes round the list from its own place; status codes other than 2xx are counted.
WRK_SCRIPT = """
local paths = {}
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines("%(paths)s") do
    table.insert(paths, line)
  end
  counter = id * 997
  non2xx = 0
  hits = 0
  misses = 0
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
  if headers["X-Cache"] == "hit" then
    hits = hits + 1
  elseif headers["X-Cache"] == "miss" then
    misses = misses + 1
  end
end

function done(summary, latency, requests)
  local bad, hit, miss = 0, 0, 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
    hit = hit + thread:get("hits")
    miss = miss + thread:get("misses")
  end
  io.write(string.format(
    'RESULT {"requests": %%d, "duration_us": %%d, "bytes": %%d, "connect": %%d, "read": %%d, '
    .. '"write": %%d, "timeout": %%d, "non2xx": %%d, "p50": %%d, "p95": %%d, "p99": %%d, '
    .. '"max": %%d, "hits": %%d, "misses": %%d}\\n',
    summary.requests, summary.duration, summary.bytes, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout, bad,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, hit, miss))
end
"""

# Run with the site's settings: the public URLs, and the pages the editor changes, each with a
# listing whose HTML shows its title now (its parent index, or any page when it is in the menu).
LIST_URLS = """
import json
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from wagtail.models import Page

from offices.models import ProgrammePage
from portal.models import ArticlePage, StandardPage

if not StandardPage.objects.live().filter(depth__gt=3).exists():
    # Below the main menu, as most of a site's standard pages are (the demo's are menu pages).
    section = StandardPage.objects.live().order_by("path").first()
    page = section.add_child(instance=StandardPage(title="How we choose partners", slug="partners"))
    page.save_revision().publish()

urls = set()
for page in Page.objects.live().public().filter(depth__gt=1).specific():
    for lang, _name in settings.LANGUAGES:
        with translation.override(lang):
            urls.add(page.get_url())
client = Client(HTTP_HOST="127.0.0.1")
edited = []
for model in (ArticlePage, ProgrammePage, StandardPage):
    # Below the main menu where there is one: a title in the menu shows on every page, and
    # editors rename menu sections far more rarely than they edit the pages under them.
    for page in model.objects.live().order_by("-depth", "path"):
        with translation.override("en"):
            url, listing = page.get_url(), page.get_parent().specific.get_url()
        if model is StandardPage:
            listing = url  # no listing: its own page, and its breadcrumbs
        if escape(page.title_en) in client.get(listing).content.decode():
            edited.append({"id": page.pk, "url": url, "listing": listing})
            break
print(json.dumps({"urls": sorted(urls), "edited": edited}))
"""
EXTRA_URLS = [
    "/en/search/?q=migration",
    "/fr/search/?q=travail",
    "/nb/search/?q=kontor",
    "/en/feeds/news/rss/",
    "/fr/feeds/news/atom/",
    "/sitemap.xml",
    "/sitemap-1.xml",
    "/robots.txt",
    "/api/v1/offices/",
    "/api/v1/programmes/?lang=fr",
    "/api/v1/objectives/",
]
DEMO_ADMIN = ("admin", "portal-demo")  # portal/tooling/demo/loader.py


class Editor(threading.Thread):
    """Publishes a new title every `every` seconds, then checks what visitors are served: the
    editor on the first node, the visitor on the last (the same one without --nodes)."""

    def __init__(self, ports, pages, every, stop):
        super().__init__(daemon=True)
        from tests.support.scratch_site import Browser

        self.admin, self.visitor = Browser(ports[0]), Browser(ports[-1])
        self.pages, self.every, self.stop = pages, every, stop
        self.publishes, self.failures, self.stale, self.checks = 0, [], [], 0
        self.publish_ms = []
        self.error = None

    def run(self):
        try:
            self.admin.login(*DEMO_ADMIN)
            n = 0
            next_publish = time.monotonic()
            while not self.stop.wait(max(0, next_publish - time.monotonic())):
                next_publish += self.every
                self.publish(self.pages[n % len(self.pages)], n)
                n += 1
        except Exception as error:  # reported, and the soak fails
            self.error = repr(error)
            self.stop.set()

    def publish(self, page, n):
        from tests.support.scratch_site import form_data

        title = f"Soak edit {n} {secrets.token_hex(3)}"
        edit = f"/admin/pages/{page['id']}/edit/"
        started = time.monotonic()
        data = form_data(self.admin.get(edit).text, "page-edit-form")
        response = self.admin.post(edit, {**data, "title_en": title, "action-publish": "1"})
        self.publish_ms.append((time.monotonic() - started) * 1000)
        if response.status != 302:
            self.failures.append(f"publish {n}: {response.status}")
            return
        self.publishes += 1
        # At once, as a visitor: the page and its listing, twice (a miss, then a hit).
        for url in (page["url"], page["listing"]) * 2:
            seen = self.visitor.get(url)
            self.checks += 1
            if seen.status != 200 or title not in seen.text:
                self.stale.append(
                    f"{url} after publish {n}: {seen.status}, X-Cache {seen.headers.get('X-Cache')}"
                )


class RedisFault(threading.Thread):
    """Stops the cluster's redis-server a third into the soak and starts it again (empty, as a
    Redis without persistence comes back) `down` seconds later."""

    def __init__(self, redis, at, down, stop):
        super().__init__(daemon=True)
        self.redis, self.at, self.down, self.stop = redis, at, down, stop
        self.events = []

    def run(self):
        started = time.monotonic()
        if self.stop.wait(self.at):
            return
        self.redis.stop()
        self.events.append(("stopped", time.monotonic() - started))
        self.stop.wait(self.down)  # started again even when the soak ends meanwhile
        self.redis.start()
        self.events.append(("started", time.monotonic() - started))

    def describe(self):
        return ", ".join(f"{what} at {seconds:.0f} s" for what, seconds in self.events)


def sample_memory(server, started, samples, stop):
    while not stop.wait(SAMPLE_EVERY):
        samples.append(
            (time.monotonic() - started, {pid: rss_kib(pid) for pid in server.worker_pids()})
        )


def memory_report(samples, worker_pids):
    """Per worker, from minute 2 to the end: min, max, first and last, change in percent."""
    steady = [(t, rss) for t, rss in samples if t >= STEADY_AFTER]
    rows, within = [], True
    for pid in worker_pids:
        values = [rss[pid] for _t, rss in steady if pid in rss]
        if len(values) < 2:
            return [], False
        first, last = values[0], values[-1]
        low, high = min(values), max(values)
        change = (last - first) / first * 100
        spread = max(abs(low - first), abs(high - first)) / first * 100
        within &= spread <= MEMORY_LIMIT
        rows.append((pid, first, last, low, high, change, spread))
    return rows, within


def mib(kib):
    return f"{kib / 1024:.1f}"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per node")
    parser.add_argument(
        "--nodes", type=int, default=1, help="gunicorn instances; 2: behind nginx, with Redis"
    )
    parser.add_argument(
        "--redis-down",
        type=float,
        default=20,
        help="with --nodes 2, seconds Redis is stopped a third into the soak (0: never)",
    )
    parser.add_argument("--publish-every", type=float, default=10, help="seconds")
    parser.add_argument("--port", type=int, default=8117, help="preferred port")
    parser.add_argument("--no-write", action="store_true", help="do not write the results")
    return parser.parse_args()


def prepare(env):
    """The demo in a fresh database; the public URLs and the pages the editor will change."""
    log("migrating, loading the demo portal, collecting static files")
    for command in (
        ["migrate", "--noinput"],
        ["update_translation_fields"],
        ["load_demo"],
        ["collectstatic", "--noinput"],
    ):
        manage(env, *command)
    return json.loads(manage(env, "shell", "-c", LIST_URLS)[0].strip().splitlines()[-1])


def write_paths(tmp, base, listing):
    """Every URL answers 200 before the soak starts; wrk goes round them in a shuffled order."""
    urls = []
    for path in listing["urls"] + EXTRA_URLS:
        status, _body, _headers = fetch(base + path)
        if status != 200:
            raise SystemExit(f"{path} answers {status} before the soak: fix that first")
        urls.append(path)
    random.Random(7).shuffle(urls)  # noqa: S311 (an order, not a secret)
    (tmp / "paths.txt").write_text("\n".join(urls) + "\n")
    (tmp / "soak.lua").write_text(WRK_SCRIPT % {"paths": tmp / "paths.txt"})
    return urls


def run_wrk(args, tmp, base, seconds):
    wrk = subprocess.run(  # noqa: S603
        [  # noqa: S607 (ensure_wrk installs it on the PATH)
            "wrk",
            f"--threads={min(args.threads, args.connections)}",
            f"--connections={args.connections}",
            f"--duration={seconds}s",
            "--timeout=30s",
            f"--script={tmp / 'soak.lua'}",
            base,
        ],
        check=False,
        capture_output=True,
        text=True,
        timeout=seconds + 300,
    )
    line = next((ln for ln in wrk.stdout.splitlines() if ln.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk failed:\n{wrk.stdout}\n{wrk.stderr}")
    return json.loads(line.removeprefix("RESULT "))


def soak(args, tmp, server, listing, stop):
    """The load, the editor and the memory sampler together; what they saw, as a report."""
    base = f"http://127.0.0.1:{server.port}"
    urls = write_paths(tmp, base, listing)
    workers = sorted(server.worker_pids())
    seconds = int(args.minutes * 60)
    log(
        f"soak: {seconds} s, {args.connections} connections over {len(urls)} URLs, "
        f"a publish every {args.publish_every:g} s"
    )
    load_before = os.getloadavg()
    started = time.monotonic()
    samples = [(0.0, {pid: rss_kib(pid) for pid in workers})]
    sampler = threading.Thread(
        target=sample_memory, args=(server, started, samples, stop), daemon=True
    )
    ports = [node.port for node in server.servers]
    editor = Editor(ports, listing["edited"], args.publish_every, stop)
    fault = None
    if server.redis and args.redis_down > 0:
        fault = RedisFault(server.redis, seconds / 3, args.redis_down, stop)
        fault.start()
    sampler.start()
    editor.start()
    run = run_wrk(args, tmp, base, seconds)
    stop.set()
    editor.join(timeout=60)
    sampler.join(timeout=30)
    if fault:
        fault.join(timeout=args.redis_down + 30)
    samples.append(
        (time.monotonic() - started, {pid: rss_kib(pid) for pid in server.worker_pids()})
    )
    memory = {
        "samples": samples,
        "workers": workers,
        "replaced": sorted(server.worker_pids()) != workers,
    }
    report = write_report(run, editor, memory, len(urls))
    report["load"] = (load_before, os.getloadavg())
    report["fault"] = fault.describe() if fault else ""
    if fault and len(fault.events) < 2:  # the fault was not injected whole: no pass
        report["passed"] = False
    return report


def main():
    args = parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Run through `make soak`: scripts/with-postgres.sh starts PostgreSQL.")
    ensure_wrk()
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    tmp = Path(tempfile.mkdtemp(prefix="portal-soak-"))
    server = None
    stop = threading.Event()
    try:
        env = production_env(tmp, PAGE_CACHE="true")
        listing = prepare(env)
        server = Cluster(env, tmp, args.nodes, args.workers, args.port)
        server.start()
        report = soak(args, tmp, server, listing, stop)
        text = render(args, report)
        print("\n" + text)
        if not args.no_write:
            results = (
                RESULTS
                if args.nodes == 1
                else RESULTS.with_stem(f"soak-results-nodes-{args.nodes}")
            )
            results.write_text(text)
            log(f"wrote {results.relative_to(ROOT)}")
        return 0 if report["passed"] else 1
    finally:
        stop.set()
        if server is not None:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def write_report(run, editor, memory_seen, url_count):
    socket_errors = run["connect"] + run["read"] + run["write"] + run["timeout"]
    memory, memory_ok = memory_report(memory_seen["samples"], memory_seen["workers"])
    replaced = memory_seen["replaced"]
    errors = run["non2xx"] + socket_errors + len(editor.failures)
    passed = (
        errors == 0
        and not editor.stale
        and editor.error is None
        and editor.publishes > 0
        and not replaced
        and memory_ok
    )
    return {
        "run": run,
        "socket_errors": socket_errors,
        "errors": errors,
        "editor": editor,
        "memory": memory,
        "memory_ok": memory_ok,
        "replaced": replaced,
        "url_count": url_count,
        "passed": passed,
    }


def render(args, report):
    run, editor = report["run"], report["editor"]
    seconds = run["duration_us"] / 1e6
    before, after = report["load"]
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    command = "make soak" + (f" NODES={args.nodes}" if args.nodes > 1 else "")
    if args.minutes != 10:
        command += f' SOAK_ARGS="--minutes {args.minutes:g}"'
    server = (
        f"gunicorn, {args.workers} sync workers, config.settings.production, the page cache on "
        "(files)"
    )
    if args.nodes > 1:
        server = (
            f"{args.nodes} gunicorn instances of {args.workers} sync workers, as {args.nodes} "
            "machines would run them, behind nginx (deploy/nginx/portal.conf; wrk asks nginx), "
            "config.settings.production, the page cache on in one shared redis-server; the editor "
            "publishes through the first instance and its visitor checks read the last"
        )
    publish_ms = editor.publish_ms or [0]
    cacheable = run.get("hits", 0) + run.get("misses", 0)
    lines = [
        "# Soak test results",
        "",
        "Written by `bench/soak.py` (`make soak`); see its docstring for what it does.",
        "",
        f"- Command: `{command}` — {when}",
        f"- Machine: {machine()}; load average {'/'.join(f'{x:.1f}' for x in before)} before, "
        f"{'/'.join(f'{x:.1f}' for x in after)} after. wrk, gunicorn and PostgreSQL share it.",
        f"- Server: {server}; PostgreSQL on a Unix socket, the demo portal.",
        f"- Load: wrk, {args.connections} connections, {seconds / 60:.1f} minutes, over "
        f"{report['url_count']} public URLs (every live page in 7 languages, searches, feeds, "
        "sitemaps, robots.txt, the JSON API), each connection going round them from its own "
        "place.",
        f"- Editor: signed in to the admin, published a new title every {args.publish_every:g} s "
        "(an article, a programme, a standard page below the main menu, in turn), then at once "
        "fetched, as a visitor, the page and its listing, twice each (the first after the purge, "
        "the second from the cache). Each publish purges the responses tagged with the page or "
        "with a column of its type that it changed (portal/core/cache.py, tags.py); searches are "
        "never cached.",
        "",
        "| | |",
        "|---|---:|",
        f"| Requests | {run['requests']:,} |",
        f"| Requests per second | {run['requests'] / seconds:.1f} |",
        f"| Served from the page cache | {run['hits'] / max(run['requests'], 1):.1%} |",
        f"| ... of the requests it may serve (searches never: {cacheable:,}) | "
        f"{run['hits'] / max(cacheable, 1):.1%} |",
        f"| Latency p50 / p95 / p99 / max | {run['p50'] / 1000:.1f} / {run['p95'] / 1000:.1f} / "
        f"{run['p99'] / 1000:.1f} / {run['max'] / 1000:.1f} ms |",
        f"| Errors (non-2xx, socket, failed publishes) | {run['non2xx']}, "
        f"{report['socket_errors']}, {len(editor.failures)} |",
        f"| Publishes | {editor.publishes} (admin save-and-publish: median "
        f"{statistics.median(publish_ms):.0f} ms, max {max(publish_ms):.0f} ms) |",
        f"| Visitor checks after a publish | {editor.checks} |",
        f"| Stale reads (must be 0) | {len(editor.stale)} |",
        f"| Workers replaced during the soak | {'yes' if report['replaced'] else 'none'} |",
        f"| Injected fault: Redis stopped, then started again (empty) | "
        f"{report['fault'] or 'none'} |",
        "",
        f"Resident memory (VmRSS) of each worker, sampled every {SAMPLE_EVERY} s, from minute "
        f"{STEADY_AFTER // 60} to the end (limit: within ±{MEMORY_LIMIT}% of the minute-"
        f"{STEADY_AFTER // 60} value):",
        "",
        "| worker | at minute 2 MiB | at the end MiB | min MiB | max MiB | change | widest swing |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for pid, first, last, low, high, change, spread in report["memory"]:
        lines.append(
            f"| {pid} | {mib(first)} | {mib(last)} | {mib(low)} | {mib(high)} | "
            f"{change:+.1f}% | {spread:.1f}% |"
        )
    if not report["memory"]:
        lines.append("| (the soak was shorter than 2 minutes: no steady-state samples) ||||||| ")
    problems = [*editor.failures, *editor.stale] + ([editor.error] if editor.error else [])
    lines += [
        "",
        f"**Result: {'pass' if report['passed'] else 'FAIL'}** — errors {report['errors']}, "
        f"stale reads {len(editor.stale)}, memory "
        f"{'within' if report['memory_ok'] else 'OUTSIDE'} ±{MEMORY_LIMIT}%.",
    ]
    if problems:
        lines += ["", "Problems:", "", *[f"- {p}" for p in problems[:50]]]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
