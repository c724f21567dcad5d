"""Slow clients: how long a normal visitor waits for /en/ while connections send their headers
one line a second, against gunicorn alone and behind nginx.

    .venv/bin/python bench/slow_clients.py          (about 2 minutes; needs nginx, PostgreSQL)

1. a small portal on a private PostgreSQL server (tests/support/scratch_site.py), production
   settings, static files collected;
2. gunicorn alone, as docs/deployment.md ran it before nginx: config/gunicorn.conf.py, 5 sync
   workers (2 cores), facing the clients itself. --alone slow clients (12) connect, then a normal
   GET /en/ is timed (up to 120 s);
3. two gunicorn instances of 2 sync workers behind nginx with the shipped configuration
   (deploy/nginx/, tests/support/nginx.py). --behind slow clients (100) connect, then a normal
   GET /en/ is timed 5 times, a second apart;
4. writes bench/results-slow-clients.md (--no-write: prints only).
"""

import argparse
import datetime
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]
from run import machine  # noqa: E402

from tests.support.nginx import Nginx, readable_dir  # noqa: E402
from tests.support.production import production_env  # noqa: E402
from tests.support.scratch_site import ROOT, Gunicorn, PrivatePostgres, build_site  # noqa: E402
from tests.support.slow_clients import SlowClients, timed_get  # noqa: E402

RESULTS = ROOT / "bench" / "results-slow-clients.md"
GUNICORN_CONF = ROOT / "config" / "gunicorn.conf.py"


def wait_with_slow_clients(port, count, probes, timeout):
    """Seconds each normal request waited while `count` slow clients were connected."""
    slow = SlowClients(port, count)
    try:
        waits = []
        for _ in range(probes):
            time.sleep(1)
            waits.append(timed_get(port, "/en/", timeout=timeout))
        return waits
    finally:
        slow.close()


def alone(env, tmp, args):
    (tmp / "alone").mkdir()
    server = Gunicorn({**env, "WEB_CONCURRENCY": "5"}, tmp / "alone", 5, GUNICORN_CONF)
    server.start()
    try:
        timed_get(server.port, "/en/", timeout=30)  # warm
        return wait_with_slow_clients(server.port, args.alone, 1, 120)
    finally:
        server.stop()


def behind_nginx(env, tmp, files, args):
    servers = []
    nginx = None
    try:
        for name in ("a", "b"):
            (tmp / name).mkdir()
            servers.append(Gunicorn(env, tmp / name, 2, GUNICORN_CONF))
            servers[-1].start()
        nginx = Nginx([s.port for s in servers], files / "static", files / "media")
        nginx.start()
        timed_get(nginx.port, "/en/", timeout=30)  # warm
        return wait_with_slow_clients(nginx.port, args.behind, 5, 30)
    finally:
        if nginx:
            nginx.destroy()
        for server in servers:
            server.stop()


def shown(wait):
    return "no answer in 120 s" if wait is None else f"{wait * 1000:,.0f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--alone", type=int, default=12, help="slow clients against gunicorn")
    parser.add_argument("--behind", type=int, default=100, help="slow clients against nginx")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="portal-slow-clients."))
    files = readable_dir("portal-slow-clients-files.")
    postgres = PrivatePostgres()
    try:
        env = production_env(
            tmp,
            postgres.url,
            STATIC_ROOT=str(files / "static"),
            MEDIA_ROOT=str(files / "media"),
            PYTHONWARNINGS="ignore",
        )
        postgres.create()
        build_site(env)
        collect = [sys.executable, "manage.py", "collectstatic", "--noinput"]
        subprocess.run(collect, cwd=ROOT, env=env, check=True, capture_output=True)  # noqa: S603
        waits_alone = alone(env, tmp, args)
        waits_behind = behind_nginx(env, tmp, files, args)
    finally:
        postgres.destroy()
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(files, ignore_errors=True)
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = "\n".join(
        [
            "# Slow clients",
            "",
            "Written by `bench/slow_clients.py`; see its docstring. Slow clients send a request's "
            "headers one line a second and never end them; meanwhile a normal visitor asks for "
            "`/en/` (a small portal, production settings, PostgreSQL, the page cache in files).",
            "",
            f"- Command: `.venv/bin/python bench/slow_clients.py` — {when}",
            f"- Machine: {machine()}.",
            "",
            "| Set-up | slow clients | a normal GET /en/ waited |",
            "|---|---:|---|",
            f"| gunicorn alone, 5 sync workers (config/gunicorn.conf.py) | {args.alone} | "
            f"{shown(waits_alone[0])} |",
            f"| nginx (deploy/nginx/portal.conf) in front of 2 gunicorn × 2 sync workers | "
            f"{args.behind} | {', '.join(shown(w) for w in waits_behind)} |",
        ]
    )
    print(text)
    if not args.no_write:
        RESULTS.write_text(text + "\n")


if __name__ == "__main__":
    main()
