"""When the database is down or read-only: a calm 503 page at once, and no half-written change.

`DatabaseFaultMiddleware` sits right after the page cache (config/settings/base.py), so a page
the cache holds is served without reaching it or the database: visitors keep reading cached pages
through an outage. Everything after it runs inside it:

* A database fault anywhere in the request (no connection, connection lost, the database
  read-only, a disk that refuses writes) gives a 503 page in the visitor's language, with
  `Retry-After`, instead of a 500. The page is a template of its own (templates/503.html) that
  reads nothing from the database. Faults raised by the view reach `process_exception`; those
  raised in another middleware (a session saved, a redirect looked up) are turned into a 500 by
  Django before they come back here: a `got_request_exception` receiver marks the request, and
  the 500 becomes the 503. With DEBUG on (development), Django's error page shows instead: a
  "no such table" is a missing `migrate`, not an outage.
* Every request that may write (any method but GET, HEAD, OPTIONS and TRACE) runs in one
  transaction, committed only if the view did not raise and the answer is not a server error.
  Wagtail's editor publishes a page in separate steps (the revision, the page, the search index,
  the log entries); an office edit saves the record, its index entry and a log entry. If the
  database goes away or turns read-only between two of those writes, or the worker is killed
  mid-request, the transaction rolls back and nothing of the change is left behind. A fault that
  the code meeting it catches and carries on after (the search index is written by a task whose
  failure django-tasks only records) is still seen, by an execute wrapper: the request rolls back
  and answers 503 all the same.

  Why this and not ATOMIC_REQUESTS: that wraps every view, reads included, in a transaction,
  which public pages do not need (they write nothing, and most are served by the page cache
  before any view runs), and it leaves the writes of middleware (the session) outside. Wrapping
  the requests that may write, here, covers every admin and form view, Wagtail's included,
  without touching each one, and rolls back the view's writes on the same terms ATOMIC_REQUESTS
  does (an exception, even one answered with a 403 or 404).

Recovery needs no restart: CONN_HEALTH_CHECKS (config/settings/base.py) checks a persistent
connection before a request reuses it, so the first request after the database is back opens a
new one instead of failing on the dead one; PostgreSQL's connect_timeout makes "down" fail in
seconds rather than hang until gunicorn's timeout.
"""

import logging
import re
import sqlite3
import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    InterfaceError,
    OperationalError,
    connections,
    transaction,
)
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from portal.core.security import nonce_of

try:
    import psycopg
except ImportError:  # SQLite only
    psycopg = None

logger = logging.getLogger(__name__)

# Seconds a client (or a load balancer, or a crawler) is asked to wait before trying again.
RETRY_AFTER = 30

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}

# Django wraps driver errors in its own classes; some arrive unwrapped (raised outside a cursor).
UNAVAILABLE = (OperationalError, InterfaceError, sqlite3.OperationalError, sqlite3.InterfaceError)
if psycopg is not None:
    UNAVAILABLE += (psycopg.OperationalError, psycopg.InterfaceError)
DRIVER_ERRORS = (DatabaseError, sqlite3.DatabaseError) + ((psycopg.Error,) if psycopg else ())

# PostgreSQL: "cannot execute UPDATE in a read-only transaction" (SQLSTATE 25006, an
# InternalError), on a read-only server or a standby. SQLite: "attempt to write a readonly
# database" (an OperationalError, already above).
READ_ONLY_SQLSTATE = "25006"
READ_ONLY_MESSAGE = re.compile(r"read-?only (?:sql )?(?:transaction|database)", re.IGNORECASE)

FAULT_ATTRIBUTE = "portal_database_fault"
VIEW_RAISED_ATTRIBUTE = "portal_view_raised"
SEEN_ATTRIBUTE = "portal_database_fault_seen"


def is_database_fault(exc):
    """Whether the error says the database cannot be reached or cannot be written to now (not a
    bug in a query, not a constraint): worth a 503 and a retry, not a 500."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, UNAVAILABLE):
            return True
        if isinstance(exc, DRIVER_ERRORS) and (
            getattr(exc, "sqlstate", None) == READ_ONLY_SQLSTATE
            or READ_ONLY_MESSAGE.search(str(exc))
        ):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def unavailable(request):
    """The 503 answer, in the language the visitor asked for, rendered without the database."""
    language = translation.get_language_from_request(request, check_path=True)
    with translation.override(language):
        if request.path_info.startswith("/api/"):
            response = JsonResponse(
                {"detail": _("The service is temporarily unavailable. Please try again soon.")},
                status=503,
            )
        else:
            # The page's language is the one active here (templates/errors/base.html).
            html = loader.render_to_string("503.html", {"CSP_NONCE": nonce_of(request)})
            response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Content-Language"] = language
    add_never_cache_headers(response)  # neither a browser nor a CDN keeps the outage
    return response


def note_fault(sender, request=None, **kwargs):
    """got_request_exception receiver: remember that the 500 Django is about to send for this
    request was a database fault."""
    exc = sys.exc_info()[1]
    if request is not None and exc is not None and is_database_fault(exc):
        setattr(request, FAULT_ATTRIBUTE, exc)


class FaultWatch:
    """An execute wrapper for the requests that may write: remembers a database fault even when
    the code that met it catches it and carries on, so that the request still rolls back and
    answers 503 (a read-only database during a search-index write, for one)."""

    def __init__(self, request):
        self.request = request

    def __call__(self, execute, sql, params, many, context):
        try:
            return execute(sql, params, many, context)
        except Exception as exc:
            if is_database_fault(exc) and getattr(self.request, SEEN_ATTRIBUTE, None) is None:
                setattr(self.request, SEEN_ATTRIBUTE, exc)
            raise


class DatabaseFaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        got_request_exception.connect(note_fault, dispatch_uid="portal-database-fault")

    def __call__(self, request):
        try:
            if request.method in SAFE_METHODS:
                response = self.get_response(request)
            else:
                response = self.all_or_nothing(request)
        except Exception as exc:
            # Opening the transaction, or committing it, found the database gone or read-only.
            if settings.DEBUG or not is_database_fault(exc):
                raise
            return self.fault(request, exc)
        fault = getattr(request, FAULT_ATTRIBUTE, None)
        if fault is not None and response.status_code == 500 and not settings.DEBUG:
            return self.fault(request, fault, logged=True)
        return response

    def all_or_nothing(self, request):
        with (
            transaction.atomic(using=DEFAULT_DB_ALIAS),
            connections[DEFAULT_DB_ALIAS].execute_wrapper(FaultWatch(request)),
        ):
            response = self.get_response(request)
            seen = getattr(request, SEEN_ATTRIBUTE, None)
            if seen is not None and not settings.DEBUG:
                # A fault some code caught and carried on after (Wagtail's search indexing, run
                # as a task whose failure is only recorded): the change is not whole.
                transaction.set_rollback(True, using=DEFAULT_DB_ALIAS)
                setattr(request, FAULT_ATTRIBUTE, seen)
                return self.fault(request, seen)
            if response.status_code >= 500 or getattr(request, VIEW_RAISED_ATTRIBUTE, False):
                transaction.set_rollback(True, using=DEFAULT_DB_ALIAS)
        return response

    def process_exception(self, request, exception):
        # As with ATOMIC_REQUESTS, a view that raises writes nothing, even when Django answers
        # with a 403 or a 404 (PermissionDenied, Http404).
        setattr(request, VIEW_RAISED_ATTRIBUTE, True)
        if is_database_fault(exception) and not settings.DEBUG:  # DEBUG: Django's error page
            setattr(request, FAULT_ATTRIBUTE, exception)
            return self.fault(request, exception)
        return None

    @staticmethod
    def fault(request, exc, logged=False):
        if not logged:  # Django logged the 500 it made of it, with the traceback
            logger.error(
                "Database unavailable: %s %s answered 503",
                request.method,
                request.path,
                exc_info=(type(exc), exc, exc.__traceback__),
            )
        return unavailable(request)
