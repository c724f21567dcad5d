"""Two commits side by side under the same load, in one run: uncached page rendering.

    bench/compare.sh OLD NEW [--rounds 3] [--duration 8] [--connections 16]
    bench/compare.sh f23d820 HEAD               # e.g. the commit before a change, and the change

1. exports both commits with `git archive` into a temporary directory and compiles their
   message catalogues;
2. builds ONE database with NEW's code (migrate, load_demo; plus generate_scale_data with
   --scale): SQLite in the temporary directory, or the PostgreSQL of DATABASE_URL when run under
   scripts/with-postgres.sh (bench/compare.sh --postgres). Both commits read it, so NEW must
   not need a migration that OLD lacks (the columns it adds are read by NEW only);
3. starts one gunicorn per commit (2 sync workers each, config.settings.production,
   PAGE_CACHE=false: every request renders), each with its own static files and file cache;
4. for each round, each URL (home, a country office, a programme, an objective), runs wrk
   (-t2 -c16 by default) against OLD then NEW (NEW first on odd rounds), after 5 warm-up
   requests each, so both see the same machine at nearly the same moment;
5. prints a table: median req/s of each commit over the rounds and the ratio NEW / OLD.
   --output FILE appends it to FILE as Markdown.

Only one gunicorn takes load at a time; the idle one costs nothing.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from run import (  # noqa: E402
    WRK_SCRIPT,
    Server,
    ensure_wrk,
    fetch,
    free_port,
    log,
    machine,
    wait_until_idle,
)
from run import manage as run_manage  # noqa: E402

from tests.support.production import production_env  # noqa: E402

FIND_URLS = """
import json
from django.utils import translation
from wagtail.models import Site
from compact.models import ObjectivePage
from offices.models import CountryOfficePage, ProgrammePage
def url(page):
    with translation.override("en"):
        return page.specific.get_url()
def last(model):
    return model.objects.live().order_by("-path").first()
print(json.dumps([
    ["home", "/en/"],
    ["country office", url(last(CountryOfficePage))],
    ["programme", url(last(ProgrammePage))],
    ["objective", url(ObjectivePage.objects.order_by("path").first())],
]))
"""


def export(commit, target):
    """`git archive` of `commit` into `target`, with its catalogues compiled."""
    target.mkdir(parents=True)
    archive = subprocess.run(  # noqa: S603
        ["git", "archive", "--format=tar", commit],  # noqa: S607
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)  # noqa: S603,S607
    subprocess.run(  # noqa: S603
        [sys.executable, "scripts/catalogues.py", "compile"],
        cwd=target,
        check=True,
        capture_output=True,
    )


def manage(tree, env, *args):
    return run_manage(env, *args, cwd=tree)[0]


def tree_env(tmp, name, database_url):
    """Production settings on this commit's own static files and file cache; uncached pages."""
    env = production_env(tmp / name, database_url, PAGE_CACHE="false")
    env["SECRET_KEY"] = "compare-" + "x" * 50  # the same for both: nothing signed differs
    return env


def build(args, tmp):
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp / 'db.sqlite3'}"
    trees = {}
    for name, commit in (("old", args.old), ("new", args.new)):
        log(f"exporting {commit} ({name})")
        trees[name] = tmp / f"tree-{name}"
        export(commit, trees[name])
    envs = {name: tree_env(tmp, name, database_url) for name in trees}
    new_env = envs["new"]
    log("migrating and loading the demo with NEW's code")
    manage(trees["new"], new_env, "migrate", "--noinput")
    manage(trees["new"], new_env, "update_translation_fields")
    manage(trees["new"], new_env, "load_demo")
    if args.scale:
        manage(trees["new"], new_env, "generate_scale_data", "--scale", args.scale, "--no-index")
    for name, tree in trees.items():
        manage(tree, envs[name], "collectstatic", "--noinput")
        (tmp / name / "media").mkdir(parents=True, exist_ok=True)
    # Both read the same media: the demo's images were written under NEW's MEDIA_ROOT.
    envs["old"]["MEDIA_ROOT"] = new_env["MEDIA_ROOT"]
    out = manage(trees["new"], new_env, "shell", "--no-imports", "-c", FIND_URLS)
    urls = json.loads(out.strip().splitlines()[-1])
    return trees, envs, urls


def wrk(url, args, script):
    output = subprocess.run(  # noqa: S603
        [  # noqa: S607
            "wrk",
            "--threads",
            str(args.threads),
            "--connections",
            str(args.connections),
            "--duration",
            f"{args.duration}s",
            "--timeout",
            "30s",
            "--script",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=args.duration + 120,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    errors = sum(result[k] for k in ("connect", "read", "write", "timeout", "non2xx"))
    return result["requests"] / (result["duration_us"] / 1e6), errors


def measure(args, servers, urls, script):
    rates = {(label, name): [] for label, _ in urls for name in servers}
    errors = 0
    for round_number in range(args.rounds):
        order = ["old", "new"] if round_number % 2 == 0 else ["new", "old"]
        for label, path in urls:
            for name in order:
                port = servers[name].port
                base = f"http://127.0.0.1:{port}"
                for _ in range(5):
                    status, _, _ = fetch(base + path)
                    if status != 200:
                        raise SystemExit(f"{name} answered {status} for {path}")
                rate, failed = wrk(base + path, args, script)
                errors += failed
                wait_until_idle(port)
                rates[label, name].append(rate)
                log(f"round {round_number + 1} {label:15} {name}: {rate:7.1f} req/s")
    return rates, errors


def report(args, urls, rates, errors):
    lines = [
        f"`bench/compare.sh {args.old} {args.new} --rounds {args.rounds} "
        f"--duration {args.duration} --connections {args.connections}`"
        + (f" `--scale {args.scale}`" if args.scale else ""),
        "",
        f"{machine()}; database: "
        + ("PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite")
        + f"; gunicorn 2 sync workers, production settings, PAGE_CACHE=false; wrk -t{args.threads} "
        f"-c{args.connections}, {args.duration} s per run, old and new alternating, "
        f"{args.rounds} rounds; median req/s; errors: {errors}.",
        "",
        f"| Page (uncached) | {args.old} req/s | {args.new} req/s | ratio |",
        "|---|---:|---:|---:|",
    ]
    for label, path in urls:
        old = statistics.median(rates[label, "old"])
        new = statistics.median(rates[label, "new"])
        lines.append(f"| {label} (`{path}`) | {old:.1f} | {new:.1f} | {new / old:.2f} |")
    return "\n".join(lines) + "\n"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", help="commit-ish measured as OLD")
    parser.add_argument("new", help="commit-ish measured as NEW (builds the database)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=8, help="seconds of wrk per run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--scale", choices=["small", "default"], help="add generate_scale_data")
    parser.add_argument("--output", type=Path, help="append the table to this Markdown file")
    return parser.parse_args()


def main():
    args = parse_args()
    ensure_wrk()
    servers = {}
    with tempfile.TemporaryDirectory(prefix="portal-compare-") as tmp_name:
        tmp = Path(tmp_name)
        script = tmp / "report.lua"
        script.write_text(WRK_SCRIPT)
        try:
            trees, envs, urls = build(args, tmp)
            for name, tree in trees.items():
                port = free_port(0)
                servers[name] = Server(envs[name], port, 2, tmp / f"{name}.log", cwd=tree)
                servers[name].start()
                log(f"{name}: gunicorn on port {port}")
            time.sleep(1)
            rates, errors = measure(args, servers, urls, script)
        finally:
            for server in servers.values():
                server.stop()
    text = report(args, urls, rates, errors)
    print("\n" + text)
    if args.output:
        with args.output.open("a") as out:
            out.write("\n" + text)


if __name__ == "__main__":
    main()
