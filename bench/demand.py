"""Benchmark: does counting what visitors miss slow a cached page? (portal/localization/demand.py)

    .venv/bin/python bench/demand.py [--rounds 5] [--duration 3]

Builds the demo on a throwaway SQLite database with the production settings (as bench/run.py
does, without PostgreSQL: the counts reach the database once every few seconds, not per request),
then starts two gunicorns side by side, the same code and page cache, one with
TRANSLATION_DEMAND_COUNTING=true and one with false. For each URL (a page served in a fallback
language, so every request is counted, and one in English, counted by neither) it runs wrk
against each server in turn, `--rounds` times alternating, so both see the same machine; the
figure per server is the median of its rounds. At the end it stops the servers (their workers
write what they still hold) and checks that the database counted every request the counting
server answered for the fallback page. Writes bench/results-demand.md.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]
from run import WRK_SCRIPT, Server, ensure_wrk, fetch, free_port, log, machine, manage  # noqa: E402

from tests.support.production import production_env  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
URLS = [
    ("fallback page (counted)", "/sv/om-oss/"),
    ("English page (nothing to count)", "/en/about-us/"),
]
CONNECTIONS, THREADS, WORKERS = 8, 2, 2


def wrk(url, seconds, script):
    import json
    import subprocess

    output = subprocess.run(  # noqa: S603
        [  # noqa: S607
            "wrk",
            "--threads",
            str(THREADS),
            "--connections",
            str(CONNECTIONS),
            "--duration",
            f"{seconds}s",
            "--script",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def in_process(env, path, blocks=6, size=300):
    """A cached hit through Django's whole stack (the test client), counting on and off in
    alternating blocks, in this process: µs per hit, median of the blocks; and the counter's own
    cost per call."""
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from portal.localization import demand

    client = Client(HTTP_HOST="127.0.0.1")
    assert client.get(path).status_code == 200
    assert client.get(path)["X-Cache"] == "hit"
    per_hit = {True: [], False: []}
    for _ in range(blocks):
        for counting in (True, False):
            settings.TRANSLATION_DEMAND_COUNTING = counting
            started = time.perf_counter()
            for _ in range(size):
                client.get(path)
            per_hit[counting].append((time.perf_counter() - started) / size * 1e6)
    settings.TRANSLATION_DEMAND_COUNTING = True
    request = client.get(path).wsgi_request
    marks = (("fallback", "portal.standardpage", 1, "sv"),)
    calls = 20000
    started = time.perf_counter()
    for _ in range(calls):
        demand.count(request, marks)
    counter_us = (time.perf_counter() - started) / calls * 1e6
    demand.buffer.take()  # not written: the database is the bench's scratch copy anyway
    return statistics.median(per_hit[True]), statistics.median(per_hit[False]), counter_us


def counted_views(env, path):
    """The fallback views the database holds for the page at `path`, today, in Swedish."""
    code = (
        "from django.db.models import Sum\n"
        "from django.utils import timezone\n"
        "from wagtail.models import Page\n"
        "from portal.localization.models import TranslationDemand\n"
        f"page = Page.objects.get(url_path_sv__endswith='/{path.strip('/').split('/')[-1]}/')\n"
        "rows = TranslationDemand.objects.filter(object_id=page.pk, language='sv',"
        " day=timezone.localdate())\n"
        "print(rows.aggregate(n=Sum('fallback_views'))['n'] or 0)\n"
    )
    out, _seconds = manage(env, "shell", "-c", code)
    return int(out.strip().splitlines()[-1])


def main():  # noqa: PLR0915 (one straight run)
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=int, default=3, help="seconds of wrk per round")
    args = parser.parse_args()
    ensure_wrk()
    tmp = Path(tempfile.mkdtemp(prefix="bench-demand-"))
    env = production_env(tmp, database_url=f"sqlite:///{tmp}/bench.sqlite3", LOG_LEVEL="ERROR")
    servers = {}
    before = Path("/proc/loadavg").read_text().split()[:3]
    try:
        log("building the demo (SQLite, production settings)")
        for command in (
            ["migrate", "--noinput"],
            ["update_translation_fields"],
            ["load_demo"],
            ["collectstatic", "--noinput"],
        ):
            manage(env, *command)
        manage(env, "shell", "-c", _CLEAR_DEMAND)  # the demo's made-up counts out of the way
        script = tmp / "report.lua"
        script.write_text(WRK_SCRIPT)
        for name, counting in (("on", "true"), ("off", "false")):
            port = free_port(0)
            server_env = {**env, "PAGE_CACHE": "true", "TRANSLATION_DEMAND_COUNTING": counting}
            server = Server(server_env, port, WORKERS, tmp / f"gunicorn-{name}.log")
            server.start()
            servers[name] = server
        answered = {"on": 0, "off": 0}
        results = {}  # (label, name) -> [req/s per round]
        for label, path in URLS:
            for name, server in servers.items():
                for _ in range(5):  # store the page, warm both workers
                    status, _body, headers = fetch(f"http://127.0.0.1:{server.port}{path}")
                    assert status == 200, (path, status)
                    answered[name] += path == URLS[0][1]
                assert headers.get("X-Cache") == "hit", headers
            for round_number in range(args.rounds):
                for name, server in servers.items():
                    log(f"{label}: counting {name}, round {round_number + 1}")
                    result = wrk(f"http://127.0.0.1:{server.port}{path}", args.duration, script)
                    assert result["non2xx"] == 0 and not result["timeout"], result
                    rate = result["requests"] / (result["duration_us"] / 1e6)
                    results.setdefault((label, name), []).append(rate)
                    if path == URLS[0][1]:
                        answered[name] += result["requests"]
        for server in servers.values():
            server.stop()  # each worker writes what it still holds as it exits
        counted = counted_views(env, URLS[0][1])
        log("in-process: a cached hit with counting on and off")
        results["in process"] = in_process({**env, "PAGE_CACHE": "true"}, URLS[0][1])
        after = Path("/proc/loadavg").read_text().split()[:3]
        loads = (" ".join(before), " ".join(after))
        write_results(args, results, answered, counted, loads)
    finally:
        for server in servers.values():
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


_CLEAR_DEMAND = (
    "from portal.localization.models import TranslationDemand\n"
    "TranslationDemand.objects.all().delete()\n"
)


def write_results(args, results, answered, counted, loads):  # noqa: PLR0913
    before, after = loads
    lines = [
        "# Counting what visitors miss: cached pages with counting on and off",
        "",
        f"`.venv/bin/python bench/demand.py --rounds {args.rounds} --duration {args.duration}` "
        f"on {time.strftime('%Y-%m-%d')}, {machine()}.",
        "",
        f"Two gunicorns side by side ({WORKERS} sync workers each, config.settings.production, "
        "the page cache in files, SQLite), one with `TRANSLATION_DEMAND_COUNTING=true`, one "
        f"with `false`; wrk ({THREADS} threads, {CONNECTIONS} connections, {args.duration} s) "
        f"against each in turn, {args.rounds} rounds alternating; every request a page cache "
        "hit. Requests per second, median of the rounds (each round in brackets).",
        "",
        "| URL | counting on | counting off | on / off |",
        "|---|---|---|---|",
    ]
    for label, path in URLS:
        on, off = results[(label, "on")], results[(label, "off")]
        ratio = statistics.median(on) / statistics.median(off)
        lines.append(
            f"| {label} `{path}` | {statistics.median(on):.0f} ({_rounds(on)}) "
            f"| {statistics.median(off):.0f} ({_rounds(off)}) | {ratio:.2f} |"
        )
    on_us, off_us, counter_us = results["in process"]
    lines += [
        "",
        f"In one process, without the network and gunicorn (Django's test client, a cached hit "
        f"of `{URLS[0][1]}` through every middleware, blocks of 300 alternating): "
        f"{on_us:.0f} µs per hit with counting on, {off_us:.0f} µs off; the counter itself "
        f"(`demand.count`, one mark) {counter_us:.2f} µs per call.",
        "",
        f"Fallback views of `{URLS[0][1]}` in the database after the run: {counted}, for "
        f"{answered['on']} answers of the counting server as wrk and the warm-up counted them "
        "(a few more are answered, and counted, while wrk stops); the other server answered "
        f"{answered['off']} and counted none. Load average: {before} before, {after} after.",
        "",
        "Read with the machine in mind: wrk and both servers share its cores with whatever else "
        "runs (other engineers' tests), so single rounds vary; the rounds alternate so that both "
        "servers see the same load.",
        "",
    ]
    text = "\n".join(lines)
    (ROOT / "bench" / "results-demand.md").write_text(text)
    print(text)


def _rounds(rates):
    return ", ".join(f"{rate:.0f}" for rate in rates)


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
