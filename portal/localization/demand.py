"""What visitors miss: how often a public page is served with text in a fallback language or with
an outdated translation, and how often a visitor asks for a page in their language.

Counted per object (the page, and the records it shows such as its office), language and day in
`TranslationDemand`. Nothing about the visitor is kept: no cookie is set, no address, user agent
or time of day is stored. Requests from crawlers (a user agent naming itself a bot, crawler or
spider) are not counted.

The cost on a cached page: the page cache hands on the marks its entry carries
(portal/core/demand.py) and `count` adds one to a counter in this worker's memory. Every
TRANSLATION_DEMAND_FLUSH_SECONDS, at the end of the request that notices it is time, the buffer
is written in one upsert (INSERT ... ON CONFLICT DO UPDATE adding the counts), after the response
has gone out. The buffer holds at most BUFFER_LIMIT distinct objects: beyond that, new ones are
dropped until the next flush, so no flood can grow a worker's memory. Counts still in a worker's
buffer when it stops are written at exit; a worker killed outright loses at most a few seconds.

"Request this page in <language>": a small form on the fallback notice posts a signed token (the
object, the language and the page's path; the same for every visitor, so the page stays
cacheable) to `request_translation`. Each address may count REQUEST_LIMIT requests per
REQUEST_WINDOW seconds, and a worker counts at most REQUEST_TOTAL_LIMIT a window from all
addresses together; addresses are held in memory only, as keyed hashes whose key is made afresh
by each worker, and forgotten when the window ends. A request is counted through the same buffer:
no database write per request, however many are forged.
"""

import atexit
import datetime
import hashlib
import logging
import os
import re
import threading
import time

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.signals import request_finished
from django.db import connection, transaction
from django.utils import timezone

from portal.core import demand as marks
from portal.core.security import client_ip
from portal.localization.models import TranslationDemand
from portal.localization.units import target_languages

logger = logging.getLogger(__name__)

BUFFER_LIMIT = 5000  # distinct (object, language, day) a worker holds between flushes
REQUEST_LIMIT = 3  # requests counted per address and window
REQUEST_WINDOW = 600  # seconds
REQUEST_TOTAL_LIMIT = 300  # requests counted per worker and window, all addresses together
REQUEST_ADDRESSES = 10000  # addresses a worker remembers per window
BOTS = re.compile(r"bot|crawl|spider|slurp|preview|monitor", re.IGNORECASE)

FALLBACK, OUTDATED, REQUESTED = 0, 1, 2  # positions in a buffered count
COLUMNS = ("fallback_views", "outdated_views", "requests")
WHAT = {marks.FALLBACK: FALLBACK, marks.OUTDATED: OUTDATED}


class Buffer:
    """Counts in this worker's memory: {(model label, object id, language, day): [3 ints]}."""

    def __init__(self, limit=BUFFER_LIMIT):
        self.limit = limit
        self.lock = threading.Lock()
        self.counts = {}
        self.dropped = 0
        self.flushed_at = time.monotonic()

    def add(self, key, position):
        with self.lock:
            row = self.counts.get(key)
            if row is None:
                if len(self.counts) >= self.limit:
                    self.dropped += 1
                    return False
                row = self.counts[key] = [0, 0, 0]
            row[position] += 1
            return True

    def take(self):
        with self.lock:
            counts, self.counts = self.counts, {}
            self.flushed_at = time.monotonic()
            return counts

    def give_back(self, counts):
        """A flush failed: keep its counts for the next one (as far as the limit allows)."""
        with self.lock:
            for key, values in counts.items():
                row = self.counts.get(key)
                if row is None:
                    if len(self.counts) >= self.limit:
                        continue
                    row = self.counts[key] = [0, 0, 0]
                for position, value in enumerate(values):
                    row[position] += value

    def due(self):
        return bool(self.counts) and (
            time.monotonic() - self.flushed_at >= settings.TRANSLATION_DEMAND_FLUSH_SECONDS
        )


buffer = Buffer()


def count(request, found):
    """The counter the page cache calls (portal/core/demand.py): one view per mark."""
    if not settings.TRANSLATION_DEMAND_COUNTING:
        return
    if BOTS.search(request.META.get("HTTP_USER_AGENT", "")):
        return
    day = timezone.localdate()
    for what, label, object_id, language in found:
        buffer.add((label, object_id, language, day), WHAT[what])


def flush():
    """Write the buffered counts in one statement, adding them to the stored ones. Returns the
    number of rows written."""
    counts = buffer.take()
    if not counts:
        return 0
    try:
        upsert(counts)
    except Exception:
        logger.exception("Could not write %d translation demand counts", len(counts))
        buffer.give_back(counts)
        return 0
    return len(counts)


def content_type_ids(labels):
    """{model label: content type id} (Django keeps content types in memory once read)."""
    found = {}
    for label in labels:
        try:
            found[label] = ContentType.objects.get_by_natural_key(*label.split(".", 1)).pk
        except ContentType.DoesNotExist:
            logger.warning("Translation demand for an unknown model %r left out", label)
    return found


def upsert(counts, replace=False):
    """INSERT ... ON CONFLICT DO UPDATE (PostgreSQL and SQLite alike): each row's counts are added
    to the stored ones (or, with `replace`, put in their place)."""
    table = connection.ops.quote_name(TranslationDemand._meta.db_table)
    columns = ["content_type_id", "object_id", "language", "day", *COLUMNS]
    ids = content_type_ids({label for label, *_rest in counts})
    rows = [
        (ids[label], object_id, language, day, *values)
        for (label, object_id, language, day), values in counts.items()
        if label in ids
    ]
    if not rows:
        return
    if replace:
        update = ", ".join(f"{c} = excluded.{c}" for c in COLUMNS)
    else:
        update = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in COLUMNS)
    conflict = "content_type_id, object_id, language, day"
    chunk = 500
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(rows), chunk):
            part = rows[start : start + chunk]
            values = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(part))
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES {values} "  # noqa: S608
                f"ON CONFLICT ({conflict}) DO UPDATE SET {update}",
                [value for row in part for value in row],
            )


def flush_if_due(**kwargs):
    """After a response has gone out (request_finished): flush when it is time."""
    if buffer.due():
        flush()


def flush_at_exit():
    if not getattr(settings, "TRANSLATION_DEMAND_FLUSH_AT_EXIT", True):
        return
    try:
        flush()
    except Exception:  # noqa: BLE001
        logger.exception("Could not write the translation demand counts at exit")


# "Request this page in <language>"

SIGNER_SALT = "portal.localization.demand.request"


def request_token(obj, language, path):
    """The form's token: which object, in which language, and where to send the visitor back.
    The same for every visitor and every render (no timestamp: it never expires), so the page
    that carries it stays cacheable and renders the same bytes twice."""
    value = [obj._meta.label_lower, obj.pk, language, path]
    return signing.Signer(salt=SIGNER_SALT).sign_object(value, compress=True)


def unsign(token):
    try:
        return signing.Signer(salt=SIGNER_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError):
        # A timestamped token from a page rendered before the change (still cached somewhere):
        # its signature is valid for the payload and the timestamp, which do not decode.
        return signing.loads(token, salt=SIGNER_SALT)


def read_token(token):
    """(model label, object id, language, path), or None for a token this site did not make."""
    try:
        label, object_id, language, path = unsign(token)
        found = (str(label), int(object_id), str(language), str(path))
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if found[2] not in target_languages() or not found[3].startswith("/"):
        return None
    if found[3].startswith("//"):  # another site's address
        return None
    return found


class RateLimit:
    """At most `limit` per address and `total` from everyone per window of `window` seconds, in
    memory: addresses as hashes keyed afresh per worker, forgotten when the window ends."""

    def __init__(self, limit=REQUEST_LIMIT, window=REQUEST_WINDOW, total=REQUEST_TOTAL_LIMIT):
        self.limit, self.window, self.total = limit, window, total
        self.key = os.urandom(16)
        self.lock = threading.Lock()
        self.started = time.monotonic()
        self.seen = {}
        self.counted = 0

    def allow(self, address):
        digest = hashlib.blake2b(address.encode(), key=self.key, digest_size=8).digest()
        with self.lock:
            now = time.monotonic()
            if now - self.started >= self.window:
                self.started, self.seen, self.counted = now, {}, 0
            used = self.seen.get(digest, 0)
            if used >= self.limit or self.counted >= self.total:
                return False
            if not used and len(self.seen) >= REQUEST_ADDRESSES:
                return False
            self.seen[digest] = used + 1
            self.counted += 1
            return True


limiter = RateLimit()


def add_request(request, token):
    """Count one request for a translation. Returns (path to go back to, counted) or None when
    the token is not one of ours. Touches no database."""
    found = read_token(token)
    if found is None:
        return None
    label, object_id, language, path = found
    counted = settings.TRANSLATION_DEMAND_COUNTING and limiter.allow(client_ip(request))
    if counted:
        counted = buffer.add((label, object_id, language, timezone.localdate()), REQUESTED)
    return path, counted


# The demo


def seed_demo(days=7, gaps=60, today=None):
    """A few days of demand counts for the demo portal: for up to `gaps` pages and languages
    where a translation is missing or outdated, made-up views per day for the last `days` days
    (the same figures every run: they are set, not added, so loading the demo again changes
    nothing that day). Returns the number of rows written."""
    from wagtail.models import Page

    from portal.localization.coverage import compute
    from portal.localization.units import content_models

    page_models = [model for model in content_models() if issubclass(model, Page)]
    found = {}
    for item in compute(models=page_models, items=True).items:
        found.setdefault((item.model._meta.label_lower, item.pk, item.language), item.status)
    chosen = sorted(found.items(), key=lambda gap: _spread(*gap[0]))[:gaps]
    today = today or timezone.localdate()
    counts = {}
    for (label, pk, language), status in chosen:
        for back in range(days):
            day = today - datetime.timedelta(days=back)
            views = _spread(label, pk, language, day) % 23
            requests = 1 if _spread(day, label, pk, language) % 9 == 0 else 0
            if views or requests:
                position = OUTDATED if status == "outdated" else FALLBACK
                row = counts.setdefault((label, pk, language, day), [0, 0, 0])
                row[position], row[REQUESTED] = views, requests
    upsert(counts, replace=True)
    return len(counts)


def _spread(*parts):
    """A stable number made from `parts` (the demo's made-up figures)."""
    text = ":".join(str(part) for part in parts)
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=4).digest(), "big")


def connect():
    """From the translation tools' register(): count what pages serve, flush after responses."""
    marks.register(count)
    request_finished.connect(flush_if_due, dispatch_uid="translation-demand-flush")
    atexit.register(flush_at_exit)
