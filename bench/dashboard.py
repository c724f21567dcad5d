"""Benchmark: the translation dashboard on the demo site (7 languages, every page and record).

    .venv/bin/python bench/dashboard.py [--runs 50]

Builds a throwaway SQLite database with the demo content, then requests /admin/translations/
as the demo admin through Django's test client (DEBUG off) and reports the time per request
(median, p95, max) and the number of SQL queries. Writes bench/results-dashboard.md.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="bench-dashboard-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
    }
    for command in (["migrate", "--noinput"], ["update_translation_fields"], ["load_demo"]):
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    client.get("/admin/translations/")  # warm caches and template loading
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        response = client.get("/admin/translations/")
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        client.get("/admin/translations/")
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    rows = [
        ("runs", f"{args.runs}"),
        ("median", f"{statistics.median(timings):.1f} ms"),
        ("p95", f"{p95:.1f} ms"),
        ("max", f"{timings[-1]:.1f} ms"),
        ("SQL queries per request", f"{len(ctx.captured_queries)}"),
    ]
    table = "\n".join(f"| {name} | {value} |" for name, value in rows)
    result = (
        "# Translation dashboard on the demo site\n\n"
        "`.venv/bin/python bench/dashboard.py` on this machine (2 cores), SQLite, DEBUG off, "
        "Django test client (no network), logged in as the demo admin.\n\n"
        "| measure | value |\n|---|---|\n" + table + "\n"
    )
    (ROOT / "bench" / "results-dashboard.md").write_text(result)
    print(result)


if __name__ == "__main__":
    main()
