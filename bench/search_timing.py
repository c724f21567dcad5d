"""In-process timing of /en/search/?q=WORD for each WORD given: the median and the fastest of 8
requests, the queries of one and their database time, the response's size. Run it from the
checkout measured, with DATABASE_URL set to a database built once (migrate, load_demo,
generate_scale_data --scale default), so two commits are compared on the same data:

    DATABASE_URL=... PYTHONPATH=. .venv/bin/python bench/search_timing.py health returning
"""

import os
import statistics
import sys
import time


def main(words):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django  # noqa: PLC0415 (after the settings are chosen)

    django.setup()
    from django.conf import settings  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    for word in words:
        client.get("/en/search/", {"q": word})  # warm the process
        times = []
        for _ in range(8):
            started = time.perf_counter()
            response = client.get("/en/search/", {"q": word})
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get("/en/search/", {"q": word})
        db = sum(float(query["time"]) for query in queries.captured_queries) * 1000
        print(
            f"{word}: status {response.status_code} median {statistics.median(times):.0f} ms "
            f"min {min(times):.0f} ms queries {len(queries.captured_queries)} db {db:.0f} ms "
            f"bytes {len(response.content)}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
