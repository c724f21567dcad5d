"""Load test of the portal as production serves it: gunicorn, production settings, PostgreSQL.

    bench/run.sh [--scale small|default] [--duration 10] [--connections 8]    (or: make bench)

bench/run.sh starts a scratch PostgreSQL (scripts/with-postgres.sh) and runs this script in it,
which:

1. migrates, loads the demo portal (and `generate_scale_data --scale ...` with --scale), collects
   static files, all with config.settings.production (DEBUG off) into a temporary directory;
2. counts the SQL queries of one request to each URL (Django's test client and
   CaptureQueriesContext, a warm second request, against the same database);
3. starts gunicorn (2 sync workers) on a free port (--nodes 2: two gunicorn instances behind
   nginx, sharing a Redis: run.py's Cluster), warms it and runs wrk against each URL for
   --duration seconds with --connections connections: requests per second, latency percentiles,
   errors (socket errors and non-2xx answers), bytes per response; then reads the resident memory
   of each worker from /proc. URLs that answer 404 (the API before it exists) are skipped with a
   note. When the settings have the full-page cache (PAGE_CACHE_ENABLED), a second pass runs with
   it on (the first has it off);
4. writes its section of bench/results.md (one per data set: demo, scale-small, scale-default),
   leaving the other sections as they are, and stops everything it started, also on Ctrl-C.
"""

import argparse
import datetime
import json
import math
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.support.production import production_env  # noqa: E402

RESULTS = ROOT / "bench" / "results.md"
SINGLE_REQUESTS = 10
MAX_DURATION = 90  # seconds of load for the slowest URLs

# wrk: latency percentiles (microseconds), errors and, per thread, the non-2xx answers.
WRK_SCRIPT = """
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  non2xx = 0
end
function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end
function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
  end
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, '
    .. '"write": %d, "timeout": %d, "non2xx": %d, "p50": %d, "p95": %d, "p99": %d, '
    .. '"max": %d}\\n',
    summary.requests, summary.duration, summary.bytes, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout, bad,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


# What a visitor asks for most, one URL per kind of page (found in the database at run time).
def find_urls():
    from django.utils import translation
    from wagtail.models import Site

    from compact.models import CompactIndexPage, ObjectivePage
    from offices.models import CountryOfficePage, OfficeIndexPage, ProgrammeIndexPage, ProgrammePage
    from portal.models import ArticlePage, NewsIndexPage

    home = Site.objects.get(is_default_site=True).root_page

    def url(page, lang="en"):
        with translation.override(lang):
            return page.specific.get_url()

    def last(model):  # the last in tree order: a generated page when there are any
        return model.objects.live().order_by("-path").first()

    return [
        ("home", "/en/"),
        ("home (nb)", "/nb/"),
        ("office index", url(OfficeIndexPage.objects.child_of(home).get())),
        ("country office", url(last(CountryOfficePage))),
        ("country office (fr)", url(last(CountryOfficePage), "fr")),
        ("programme index", url(ProgrammeIndexPage.objects.child_of(home).get())),
        ("programme", url(last(ProgrammePage))),
        ("compact index", url(CompactIndexPage.objects.child_of(home).get())),
        ("objective", url(ObjectivePage.objects.order_by("path").first())),
        ("news index", url(NewsIndexPage.objects.child_of(home).get())),
        ("article", url(last(ArticlePage))),
        ("search", "/en/search/?q=health"),
        ("sitemap.xml", "/sitemap.xml"),
        ("sitemap-1.xml", "/sitemap-1.xml"),
        ("API root", "/api/v1/"),
        ("API programmes", "/api/v1/programmes/"),
        ("API offices", "/api/v1/offices/"),
        ("static file (whitenoise)", "/static/css/portal.css"),
    ]


@dataclass
class Target:
    label: str
    path: str
    status: int = 0
    queries: dict = field(default_factory=dict)  # pass name -> SQL queries per request
    single: dict = field(default_factory=dict)  # pass name -> median ms, one request at a time
    seconds: dict = field(default_factory=dict)  # pass name -> seconds of load
    runs: dict = field(default_factory=dict)  # pass name -> wrk result
    note: str = ""


STARTED = time.monotonic()


def log(message):
    print(f"[bench +{time.monotonic() - STARTED:4.0f} s] {message}", flush=True)


def free_port(preferred):
    for port in [preferred, 0]:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError("no free port")


def manage(env, *args, cwd=ROOT):
    """manage.py's output and how long it took (in the checkout `cwd`); stops the bench if it
    fails."""
    started = time.monotonic()
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        check=False,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"manage.py {' '.join(args)} failed in {cwd}")
    return result.stdout, time.monotonic() - started


def ensure_wrk():
    if shutil.which("wrk"):
        return
    log("installing wrk (apt-get)")
    subprocess.run(["apt-get", "update", "-qq"], check=True)  # noqa: S607
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "wrk"],  # noqa: S607
        check=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (loopback)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


class Server:
    """gunicorn with the production settings, in its own process group."""

    def __init__(self, env, port, workers, log_path, cwd=ROOT):
        self.env, self.port, self.workers, self.log_path = env, port, workers, log_path
        self.cwd = cwd  # the checkout served (bench/compare.py serves two)
        self.process = None

    def start(self):
        self.log_file = open(self.log_path, "ab")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                "120",
            ],
            cwd=self.cwd,
            env=self.env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {self.log_path}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        raise SystemExit("gunicorn did not start in 60 s")

    def worker_pids(self):
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children")
        return [int(p) for p in children.read_text().split()] if children.exists() else []

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        except ProcessLookupError:
            pass
        finally:
            self.log_file.close()


class Cluster:
    """The app as the bench and the soak serve it. One node: gunicorn alone, on `port`. --nodes
    2: two gunicorn instances (as two machines would run them) behind nginx with the shipped
    configuration (deploy/nginx/, tests/support/nginx.py), sharing PostgreSQL and a redis-server
    of their own (REDIS_URL: the page cache, its generation and the memo's). `port` is where
    visitors go; `servers[0]` takes the editor's publishes, `servers[-1]` the visitors' checks."""

    def __init__(self, env, tmp, nodes, workers, port):
        from tests.support.nginx import Nginx
        from tests.support.redis_server import PrivateRedis

        self.redis = self.nginx = None
        if nodes > 1:
            self.redis = PrivateRedis(persist=False)
            env = {**env, "REDIS_URL": self.redis.url}
        ports = [free_port(port)] + [free_port(0) for _ in range(nodes - 1)]
        self.servers = [
            Server(env, node_port, workers, tmp / f"gunicorn-{n + 1}.log")
            for n, node_port in enumerate(ports)
        ]
        if nodes > 1:
            tmp.chmod(0o755)  # nginx (www-data when we are root) reads STATIC_ROOT in it
            self.nginx = Nginx(ports, env["STATIC_ROOT"], env["MEDIA_ROOT"])

    @property
    def port(self):
        return self.nginx.port if self.nginx else self.servers[0].port

    def start(self):
        if self.redis:
            self.redis.start()
        for server in self.servers:
            server.start()
        if self.nginx:
            self.nginx.start()

    def worker_pids(self):
        return [pid for server in self.servers for pid in server.worker_pids()]

    def master_pids(self):
        return [server.process.pid for server in self.servers]

    def stop(self):
        if self.nginx:
            self.nginx.destroy()
        for server in self.servers:
            server.stop()
        if self.redis:
            self.redis.destroy()


def rss_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


# /proc/net/tcp states of a connection a server has yet to finish: SYN_RECV, ESTABLISHED, and
# CLOSE_WAIT (the client has gone, but a sync worker still renders what it asked for).
BUSY_STATES = {"03", "01", "08"}


def connections_in_progress(port):
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            if int(local.rsplit(":", 1)[1], 16) == port and state in BUSY_STATES:
                count += 1
    return count


def wait_until_idle(port, limit=300):
    """When wrk stops, gunicorn still has the requests it queued: wait until it has answered
    them all, so that they do not slow down the next URL's run."""
    deadline = time.monotonic() + limit
    while connections_in_progress(port) and time.monotonic() < deadline:
        time.sleep(0.2)


def load_seconds(args, alone_ms):
    """--duration, or longer for a slow URL: long enough for each connection to get a few
    answers while it queues behind the others for a worker."""
    queued = alone_ms / 1000 * args.connections / args.workers
    return max(args.duration, min(MAX_DURATION, math.ceil(3 * queued)))


def run_wrk(url, args, script, duration, alone_ms):
    timeout = max(30, math.ceil(10 * alone_ms / 1000))
    command = [
        "wrk",
        "--threads",
        str(min(args.threads, args.connections)),
        "--connections",
        str(args.connections),
        "--duration",
        f"{duration}s",
        "--timeout",
        f"{timeout}s",
        "--script",
        str(script),
        url,
    ]
    output = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, check=True, timeout=duration + timeout + 60
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def count_queries(targets, passes):
    """SQL queries of one warm request per URL, through Django's test client, in this process
    (production settings, the same database)."""
    from django.conf import settings
    from django.db import connection, connections
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    for name, page_cache in passes:
        overrides = (
            {"PAGE_CACHE_ENABLED": page_cache} if hasattr(settings, "PAGE_CACHE_ENABLED") else {}
        )
        with override_settings(**overrides):
            for target in targets:
                if target.note:
                    continue
                client.get(target.path)  # warm: caches, and the page cache when it is on
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(target.path)
                target.queries[name] = len(queries.captured_queries)
                if name == passes[0][0]:
                    target.status = response.status_code
    connections.close_all()


def time_dashboard(runs=10):
    """The admin's translation coverage dashboard, as the demo admin, through Django's test
    client (same settings and database): the first request, which computes the figures, then
    the median and slowest of `runs` more (served from the memo) and their queries."""
    from django.contrib.auth import get_user_model
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.filter(is_superuser=True).order_by("pk").first())
    url = "/admin/translations/"
    started = time.perf_counter()
    assert client.get(url).status_code == 200, url
    first = (time.perf_counter() - started) * 1000
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    connections.close_all()
    return (
        f"Admin translation coverage dashboard (`{url}`, Django test client, logged in, "
        f"requests one at a time): the first {first:.0f} ms (it computes the figures, as the first "
        f"request after any change does; cold templates too), then {runs} more: median "
        f"{statistics.median(timings):.0f} ms, slowest {max(timings):.0f} ms, "
        f"{len(queries.captured_queries)} SQL queries."
    )


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    mem = next(
        int(line.split()[1]) // 1024
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return f"{cpu}, {os.cpu_count()} cores, {mem / 1024:.0f} GiB RAM, Linux {platform.release()}"


def versions():
    import django
    import gunicorn
    import wagtail
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    wrk = subprocess.run(["wrk", "--version"], check=False, capture_output=True, text=True)  # noqa: S607
    wrk_version = (wrk.stdout or wrk.stderr).split()[1] if (wrk.stdout or wrk.stderr) else "?"
    return (
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"Wagtail {wagtail.__version__}, gunicorn {gunicorn.__version__}, "
        f"PostgreSQL {postgres}, wrk {wrk_version}"
    )


def data_counts():
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count
    from wagtail.models import Page

    from compact.models import CountryAction, Objective
    from offices.models import Office, Partner

    per_type = (
        Page.objects.filter(depth__gt=1)
        .values("content_type")
        .annotate(n=Count("id"))
        .order_by("-n")
    )
    names = {ct.pk: ct.model_class()._meta.verbose_name_plural for ct in ContentType.objects.all()}
    pages = ", ".join(f"{row['n']:,} {names[row['content_type']]}" for row in per_type)
    records = (
        f"{Office.objects.count():,} offices, {Partner.objects.count():,} partners, "
        f"{Objective.objects.count()} objectives, {CountryAction.objects.count():,} country actions"
    )
    total = Page.objects.filter(depth__gt=1).count()
    return f"{total:,} pages ({pages}); {records}; every page in 7 languages"


def loads(averages):
    return " / ".join(f"{x:.1f}" for x in averages)


def ms(microseconds):
    return f"{microseconds / 1000:.1f}"


def table(targets, name):
    rows = [
        "| URL | path | alone ms | load s | req/s | p50 ms | p95 ms | p99 ms | errors | SQL/req "
        "| bytes/resp |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for target in targets:
        run = target.runs.get(name)
        path = f"`{target.path}`"
        if run is None:
            rows.append(f"| {target.label} | {path} | {target.note or 'not run'} ||||||||| ")
            continue
        start = f"| {target.label} | {path} | {target.single[name]:.1f} | {target.seconds[name]} |"
        if not run["requests"]:
            rows.append(
                f"{start} 0 | – | – | – | no answer in the run | "
                f"{target.queries.get(name, '–')} | – |"
            )
            continue
        seconds = run["duration_us"] / 1e6
        socket_errors = run["connect"] + run["read"] + run["write"] + run["timeout"]
        errors = f"{run['non2xx']} non-2xx, {socket_errors} socket"
        if not run["non2xx"] and not socket_errors:
            errors = "0"
        per_response = run["bytes"] // run["requests"]
        rows.append(
            f"{start} {run['requests'] / seconds:.1f} | {ms(run['p50'])} | "
            f"{ms(run['p95'])} | {ms(run['p99'])} | {errors} | "
            f"{target.queries.get(name, '–')} | {per_response:,} |"
        )
    return "\n".join(rows)


def write_results(section_key, text):
    start, end = f"<!-- bench:{section_key} -->", f"<!-- /bench:{section_key} -->"
    header = (
        "# Load test results\n\n"
        "Written by `bench/run.sh` (`make bench`); see bench/README.md. Each section is one data "
        "set and is replaced when the benchmark runs again on that data set.\n"
    )
    current = RESULTS.read_text() if RESULTS.exists() else header
    block = f"{start}\n{text.strip()}\n{end}"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if pattern.search(current):
        current = pattern.sub(lambda _m: block, current)
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    order = ["demo", "scale-small", "scale-default"]
    order += [f"{key}-nodes-2" for key in order]
    blocks = {
        key: re.search(
            re.escape(f"<!-- bench:{key} -->") + r".*?" + re.escape(f"<!-- /bench:{key} -->"),
            current,
            re.S,
        )
        for key in order
    }
    present = [blocks[key].group(0) for key in order if blocks[key]]
    RESULTS.write_text(header + "\n" + "\n\n".join(present) + "\n")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=["small", "default"], help="add generate_scale_data")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per URL")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per node")
    parser.add_argument(
        "--nodes", type=int, default=1, help="gunicorn instances; 2: behind nginx, with Redis"
    )
    parser.add_argument("--port", type=int, default=8106, help="preferred port")
    parser.add_argument("--no-write", action="store_true", help="do not update bench/results.md")
    return parser.parse_args()


@dataclass
class Run:
    """One benchmark run: what it was asked, what it built and what it measured."""

    args: argparse.Namespace
    env: dict
    tmp: Path
    steps: list = field(default_factory=list)  # the set-up commands and their times
    targets: list = field(default_factory=list)
    passes: list = field(default_factory=list)  # (name, page cache on)
    has_page_cache: bool = False
    dashboard: str = ""
    described: str = ""
    software: str = ""
    memory: dict = field(default_factory=dict)  # pass name: {pid: KiB}
    cache_status: dict = field(default_factory=dict)  # (pass name, target label): X-Cache
    load_before: tuple = ()
    load_after: tuple = ()


def build_data(run):
    """A fresh PostgreSQL database with the demo (and the scale data), and the static files."""
    args, env = run.args, run.env
    log("migrating a fresh PostgreSQL database")
    _, seconds = manage(env, "migrate", "--noinput")
    run.steps.append(f"migrate {seconds:.0f} s")
    manage(env, "update_translation_fields")
    log("loading the demo portal")
    _, seconds = manage(env, "load_demo")
    run.steps.append(f"load_demo {seconds:.0f} s")
    if args.scale:
        log(f"generating scale data ({args.scale})")
        out, seconds = manage(
            env, "generate_scale_data", "--scale", args.scale, "--seed", str(args.seed)
        )
        print(out, end="")
        run.steps.append(f"generate_scale_data --scale {args.scale} {seconds:.0f} s")
    _, seconds = manage(env, "collectstatic", "--noinput")
    run.steps.append(f"collectstatic {seconds:.0f} s")


def measure_in_process(run):
    """What needs Django in this process: the URLs, their query counts, the dashboard's time."""
    os.environ.update(run.env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connections

    run.targets = [Target(label, path) for label, path in find_urls()]
    if run.args.nodes > 1:  # nginx serves the static files before gunicorn would
        for target in run.targets:
            target.label = target.label.replace("(whitenoise)", "(nginx)")
    run.has_page_cache = hasattr(settings, "PAGE_CACHE_ENABLED")
    run.passes = [("uncached", False)] + ([("page cache", True)] if run.has_page_cache else [])
    log("counting SQL queries per request")
    count_queries(run.targets, run.passes)
    log("timing the admin's translation dashboard")
    run.dashboard = time_dashboard()
    run.described = data_counts()
    run.software = versions()
    connections.close_all()
    for target in run.targets:
        if target.status == 404:
            target.note = "404: skipped"
        elif target.status != 200:
            target.note = f"answers {target.status}"


def time_alone(base, target, name, run):
    """Warm both workers (and the page cache), then the median time of a request made alone:
    without queueing behind others."""
    for _ in range(5):
        status, _body, headers = fetch(base + target.path)
    run.cache_status[name, target.label] = headers.get("X-Cache", "")
    if status != target.status:
        target.note = f"gunicorn answered {status}"
        return
    timings = []
    for _ in range(SINGLE_REQUESTS):
        started = time.perf_counter()
        fetch(base + target.path)
        timings.append((time.perf_counter() - started) * 1000)
    target.single[name] = statistics.median(timings)


def load_one_pass(run, server, name, script):
    args, port = run.args, server.port
    base = f"http://127.0.0.1:{port}"
    for target in run.targets:
        if not target.note:
            time_alone(base, target, name, run)
    for target in run.targets:
        if target.note:
            continue
        log(f"{name}: {target.label} {target.path}")
        alone = target.single[name]
        target.seconds[name] = load_seconds(args, alone)
        target.runs[name] = run_wrk(base + target.path, args, script, target.seconds[name], alone)
        wait_until_idle(port)
    pids = [*server.master_pids(), *server.worker_pids()]
    run.memory[name] = {pid: rss_kib(pid) for pid in pids}


def load_all_passes(run):
    """Each pass (uncached, page cache) under its own gunicorn; stopped whatever happens."""
    args, tmp = run.args, run.tmp
    port = free_port(args.port)
    script = tmp / "report.lua"
    script.write_text(WRK_SCRIPT)
    for name, page_cache in run.passes:
        server_env = {**run.env, "PAGE_CACHE": "true" if page_cache else "false"}
        shutil.rmtree(tmp / "cache", ignore_errors=True)
        server = Cluster(server_env, tmp, args.nodes, args.workers, port)
        log(f"{args.nodes} gunicorn node(s), {args.workers} workers each, {name}")
        server.start()
        try:
            load_one_pass(run, server, name, script)
        finally:
            server.stop()


def report_header(run):
    args = run.args
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    command = "bench/run.sh" + (f" --scale {args.scale}" if args.scale else "")
    if (args.duration, args.connections) != (10, 8):
        command += f" --duration {args.duration} --connections {args.connections}"
    server = f"gunicorn, {args.workers} sync workers"
    if args.nodes > 1:
        command += f" --nodes {args.nodes}"
        server = (
            f"{args.nodes} gunicorn instances of {args.workers} sync workers behind nginx "
            "(deploy/nginx/portal.conf), sharing a Redis (REDIS_URL)"
        )
    return [
        f"## {'Demo data' if not args.scale else f'Scale data ({args.scale})'}"
        + (f", {args.nodes} nodes behind nginx" if args.nodes > 1 else ""),
        "",
        f"- Command: `{command}` — {when}",
        f"- Machine: {machine()}; load average (1, 5, 15 min) {loads(run.load_before)} before "
        f"the run, {loads(run.load_after)} after it. wrk runs on the same machine.",
        f"- Software: {run.software}",
        f"- Data: {run.described}. Set-up: {', '.join(run.steps)}.",
        f"- Server: {server}, config.settings.production "
        f"(DEBUG off), PostgreSQL on a Unix socket; wrk {args.threads} threads, "
        f"{args.connections} connections for {args.duration} s per URL (load s: longer for "
        f"slow URLs, up to {MAX_DURATION} s) after 5 warm-up requests. alone: median of "
        f"{SINGLE_REQUESTS} requests made one at a time (no queueing). SQL/req: queries of "
        "one warm request (Django test client, CaptureQueriesContext). bytes/resp: headers "
        "and body, uncompressed.",
    ]


def report_pass(run, name):
    lines = ["", f"### {name.capitalize()}", ""]
    if name == "page cache":
        hits = sum(1 for (n, _), value in run.cache_status.items() if n == name and value == "hit")
        where = "Redis" if run.args.nodes > 1 else "file cache in a temporary directory"
        lines += [
            f"PAGE_CACHE=true ({where}). {hits} of the URLs "
            "said `X-Cache: hit` after the warm-up; the others are not cached "
            "(search, static).",
            "",
        ]
    elif run.has_page_cache:
        lines += ["PAGE_CACHE=false: every request renders.", ""]
    lines.append(table(run.targets, name))
    values, nodes = list(run.memory[name].values()), run.args.nodes
    rss = ", ".join(f"{kib / 1024:.0f} MiB" for kib in values[nodes:])
    master = ", ".join(f"{kib / 1024:.0f} MiB" for kib in values[:nodes])
    masters = "master" if nodes == 1 else "masters"
    return [*lines, "", f"Resident memory after the load: workers {rss}; {masters} {master}."]


def report(run):
    lines = report_header(run)
    for name, _page_cache in run.passes:
        lines += report_pass(run, name)
    lines += ["", "### Admin", "", run.dashboard]
    notes = [f"- {t.label} (`{t.path}`): {t.note}" for t in run.targets if t.note]
    if notes:
        lines += ["", "Not measured:", "", *notes]
    return "\n".join(lines)


def main():
    args = parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        raise SystemExit("Run through bench/run.sh: it starts the scratch PostgreSQL.")
    ensure_wrk()

    # Ctrl-C and kill both end up in the `finally` below (SIGINT too when started in the
    # background, where the shell makes it ignored).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    tmp = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    try:
        run = Run(args, production_env(tmp), tmp, load_before=os.getloadavg())
        build_data(run)
        measure_in_process(run)
        load_all_passes(run)
        run.load_after = os.getloadavg()
        result = report(run)
        print("\n" + result)
        if not args.no_write:
            section = f"scale-{args.scale}" if args.scale else "demo"
            section += f"-nodes-{args.nodes}" if args.nodes > 1 else ""
            write_results(section, result)
            log(f"wrote {RESULTS.relative_to(ROOT)}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
