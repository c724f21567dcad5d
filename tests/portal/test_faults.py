"""The database down or read-only: a calm 503 at once, cached pages still served, admin saves that
write nothing, and recovery without a restart (portal/core/faults.py).

In this process, against the tests' own database: faults are made with an execute wrapper (every
query refused, as when the server is gone; or the Nth write refused, a write failing midway) and
with the database's own read-only modes (SQLite's query_only, PostgreSQL's transaction_read_only).
Under gunicorn, against a private PostgreSQL server (tests/support/scratch_site.py): the server
is made read-only, stopped and started again, as in production.
"""

import re
import runpy
import socket
import threading
import time
from contextlib import contextmanager

import psycopg
import pytest
from django.core.exceptions import PermissionDenied
from django.db import (
    DEFAULT_DB_ALIAS,
    DataError,
    IntegrityError,
    InternalError,
    OperationalError,
    ProgrammingError,
    connection,
    transaction,
)
from django.db.utils import ConnectionHandler
from django.http import HttpResponse, HttpResponseServerError
from django.test import Client
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext

from offices.models import Partner
from portal.core.cache import purge
from portal.core.faults import RETRY_AFTER, is_database_fault
from tests.support.helpers import url_in
from tests.support.scratch_site import ROOT, LivePortal, form_data

WRITES = ("INSERT", "UPDATE", "DELETE")
SAVEPOINTS = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


@contextmanager
def database_down():
    """Every query fails as it does when the server has gone away."""

    def refuse(execute, sql, params, many, context):
        raise OperationalError('connection to server on socket "/run/postgresql" failed')

    with connection.execute_wrapper(refuse):
        yield


@contextmanager
def nth_write_fails(n):
    """From the nth INSERT, UPDATE or DELETE on, every statement fails: the disk filled up or the
    server went away midway. (Savepoints still work: the test's own transaction must survive.
    A failure that only hit one statement would not be a fault: Wagtail's search indexing
    catches its own errors and carries on, and rightly so.) Yields a list that holds True once
    the failure came."""
    writes, failed = [], []

    def write_fails(execute, sql, params, many, context):
        statement = sql.lstrip().upper()
        if statement.startswith(WRITES):
            writes.append(sql)
        if len(writes) >= n and not statement.startswith(SAVEPOINTS):
            failed.append(True)
            raise OperationalError("could not extend file: No space left on device")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(write_fails):
        yield failed


@contextmanager
def read_only_database():
    """The database's own read-only mode, undone afterwards."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA query_only = ON")
        try:
            yield
        finally:  # on the driver's connection: even when the test's transaction is broken
            connection.connection.execute("PRAGMA query_only = OFF")
    else:
        # Read-only inside a savepoint: rolling back to it makes the transaction writable again.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET transaction_read_only = on")
            yield
            transaction.set_rollback(True)


def database_state():
    """Every row of every table."""
    state = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            state[table] = sorted(cursor.fetchall(), key=repr)
    return state


def without_nonces(html):
    """A cached page gets a fresh CSP nonce on every hit."""
    return re.sub(rb'nonce="[^"]*"', b'nonce=""', html)


def assert_calm_503(response, language):
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER)
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Language"] == language
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    with translation.override(language):
        assert gettext("Temporarily unavailable") in html
    assert "<nav" not in html  # nothing of base.html: no menu to read from the database


# The classification


@pytest.mark.parametrize(
    ("error", "fault"),
    [
        (OperationalError("server closed the connection unexpectedly"), True),
        (OperationalError("attempt to write a readonly database"), True),
        (InternalError("cannot execute UPDATE in a read-only transaction"), True),
        (psycopg.errors.ReadOnlySqlTransaction("cannot execute INSERT"), True),
        (psycopg.OperationalError("connection failed"), True),
        (IntegrityError("duplicate key value violates unique constraint"), False),
        (ProgrammingError("syntax error at or near"), False),
        (DataError("value too long for type character varying(255)"), False),
        (ValueError("read-only transaction"), False),
    ],
)
def test_what_counts_as_the_database_being_unavailable(error, fault):
    assert is_database_fault(error) is fault


def test_wrapped_read_only_error_is_a_fault():
    try:
        try:
            raise psycopg.errors.ReadOnlySqlTransaction("cannot execute INSERT")
        except psycopg.Error as driver_error:
            raise InternalError("wrapped") from driver_error
    except InternalError as error:
        assert is_database_fault(error)


# Down


@pytest.mark.django_db
def test_database_down_gives_a_quick_503_in_the_visitors_language(client, portal):
    url = url_in(portal["standard"], "fr")
    started = time.monotonic()
    with database_down():
        response = client.get(url)
    assert time.monotonic() - started < 2
    assert_calm_503(response, "fr")
    # The next request, with the database back, is answered as usual.
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_with_debug_on_developers_get_the_error_itself(client, portal, settings):
    settings.DEBUG = True
    with database_down(), pytest.raises(OperationalError):
        client.get(url_in(portal["standard"], "en"))


@pytest.mark.django_db
def test_database_down_on_the_api_is_a_json_503(client, portal):
    with database_down():
        response = client.get("/api/v1/offices/?lang=nb", HTTP_ACCEPT_LANGUAGE="nb")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER)
    with translation.override("nb"):
        expected = gettext("The service is temporarily unavailable. Please try again soon.")
    assert response.json() == {"detail": expected}


@pytest.mark.django_db
def test_database_down_in_a_middleware_is_a_503_too(portal):
    # No page matches: Wagtail's redirect middleware looks the path up in the database after
    # the view, and fails there; Django makes a 500 of it, which becomes the 503.
    client = Client(raise_request_exception=False)
    with database_down():
        response = client.get("/no-such-path.php", HTTP_ACCEPT_LANGUAGE="sv")
    assert_calm_503(response, "sv")


@pytest.mark.django_db
def test_cached_pages_are_served_while_the_database_is_down(
    client, portal, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_ENABLED = True
    purge()
    cached, uncached = url_in(portal["standard"], "nb"), url_in(portal["article"], "nb")
    first = client.get(cached)
    assert client.get(cached)["X-Cache"] == "hit"
    with database_down(), django_assert_num_queries(0):
        response = client.get(cached)
    assert response.status_code == 200
    assert response["X-Cache"] == "hit"
    assert without_nonces(response.content) == without_nonces(first.content)
    with database_down():
        assert_calm_503(client.get(uncached), "nb")


# Requests that may write are all or nothing


def write_then(request, outcome):
    """A view that writes, then ends as asked (this module is the URLconf of the test below)."""
    Partner.objects.create(name_en="Written by the request", kind="ngo")
    if outcome == "denied":
        raise PermissionDenied
    if outcome == "error":
        return HttpResponseServerError("failed after writing")
    return HttpResponse("saved")


urlpatterns = [path("write/<str:outcome>/", write_then)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("outcome", "status", "kept"),
    [("saved", 200, True), ("denied", 403, False), ("error", 500, False)],
)
def test_a_request_that_writes_keeps_its_writes_only_if_it_succeeds(
    client, settings, outcome, status, kept
):
    settings.ROOT_URLCONF = __name__
    response = client.post(f"/write/{outcome}/")
    assert response.status_code == status
    assert Partner.objects.filter(name_en="Written by the request").exists() is kept


# Read-only, and writes failing midway: the admin writes nothing


def page_publish(admin_client, page, title):
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = form_data(admin_client.get(edit).content.decode(), "page-edit-form")
    return edit, {**data, "title_en": title, "action-publish": "action-publish"}


def office_edit(admin_client, office, city):
    edit = reverse("wagtailsnippets_offices_office:edit", args=[office.pk])
    data = form_data(admin_client.get(edit).content.decode(), "w-editor-form")
    return edit, {**data, "city_en": city}


EDITS = {
    "page publish": lambda client, portal: page_publish(client, portal["standard"], "Changed"),
    "office edit": lambda client, portal: office_edit(client, portal["office"], "Bergen"),
}


def count_writes(client, url, data):
    """How many writes the edit makes when nothing fails (rolled back afterwards)."""
    writes = []

    def count(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(WRITES):
            writes.append(sql)
        return execute(sql, params, many, context)

    with transaction.atomic(), connection.execute_wrapper(count):
        assert client.post(url, data).status_code == 302
        transaction.set_rollback(True)
    return len(writes)


@pytest.mark.django_db
@pytest.mark.parametrize("edit", EDITS)
def test_admin_save_on_a_read_only_database_is_a_503_and_writes_nothing(admin_client, portal, edit):
    url, data = EDITS[edit](admin_client, portal)
    before = database_state()
    with read_only_database():
        response = admin_client.post(url, data, HTTP_ACCEPT_LANGUAGE="fi")
    assert_calm_503(response, "fi")
    assert database_state() == before
    # Writable again: the same form saves.
    assert admin_client.post(url, data).status_code == 302
    assert database_state() != before


@contextmanager
def read_only_from_the_search_index():
    """The database turns read-only just as the search index is written (a failover or a full
    disk between the record's write and its index entry's). Yields a list that holds True once
    the index write was refused."""
    refused = []

    def turn_read_only(execute, sql, params, many, context):
        statement = sql.lstrip().upper()
        if not refused and statement.startswith(WRITES) and "INDEXENTRY" in statement:
            refused.append(True)
            if connection.vendor == "sqlite":
                connection.connection.execute("PRAGMA query_only = ON")
            else:
                context["cursor"].execute("SET transaction_read_only = on")
        return execute(sql, params, many, context)

    if connection.vendor == "sqlite":
        try:
            with connection.execute_wrapper(turn_read_only):
                yield refused
        finally:
            connection.connection.execute("PRAGMA query_only = OFF")
    else:
        with transaction.atomic():  # read-only inside a savepoint, undone by rolling back to it
            with connection.execute_wrapper(turn_read_only):
                yield refused
            transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("edit", EDITS)
def test_read_only_during_the_search_index_write_is_a_503_and_writes_nothing(
    admin_client, portal, edit
):
    url, data = EDITS[edit](admin_client, portal)
    before = database_state()
    # What follows the refused write may fail in other ways (a row it needs is gone): Django
    # makes a 500 of it, which the middleware answers as the 503; the client must not re-raise.
    admin_client.raise_request_exception = False
    with read_only_from_the_search_index() as refused:
        response = admin_client.post(url, data, HTTP_ACCEPT_LANGUAGE="sv")
    assert refused  # the index was being written when the database turned read-only
    assert_calm_503(response, "sv")
    assert database_state() == before
    assert admin_client.post(url, data).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("edit", EDITS)
def test_admin_save_failing_at_any_write_leaves_the_database_as_it_was(admin_client, portal, edit):
    url, data = EDITS[edit](admin_client, portal)
    writes = count_writes(admin_client, url, data)
    assert writes >= 3  # several writes: a failure can fall between them
    before = database_state()
    for n in range(1, writes + 1):
        with nth_write_fails(n) as failed:
            response = admin_client.post(url, data)
        assert failed, n
        assert response.status_code == 503, n
        assert database_state() == before, f"write {n} of {writes} failed: changes were left"


# Under gunicorn, on a private PostgreSQL server: the same in either pass of `make test`, so
# these tests are `once` (tests/support/tiers.py).


@pytest.fixture(scope="session")
def live_portal(tmp_path_factory):
    yield LivePortal.acquire(tmp_path_factory)
    LivePortal.release()


# What an admin save could change.
SAVED_TABLES = [
    "wagtailcore_page",
    "portal_standardpage",
    "wagtailcore_revision",
    "wagtailcore_pagelogentry",
    "wagtailcore_modellogentry",
    "offices_office",
]


def worker_sessions(postgres):
    with postgres.connect() as conn:
        rows = conn.execute(
            "SELECT DISTINCT application_name FROM pg_stat_activity"
            " WHERE application_name LIKE 'portal-worker-%'"
        )
        return {row[0] for row in rows}


def connect_both_workers(live_portal):
    """Requests two at a time until each worker holds a database connection."""
    visitor = live_portal.browser()
    for n in range(50):
        pair = [
            threading.Thread(target=visitor.get, args=(f"/en/search/?q=pair{n}x{i}",))
            for i in range(2)
        ]
        for thread in pair:
            thread.start()
        for thread in pair:
            thread.join()
        if len(worker_sessions(live_portal.postgres)) == 2:
            return
    raise AssertionError("one worker never opened a database connection")


@pytest.mark.system
@pytest.mark.once
def test_read_only_database_under_gunicorn(live_portal):
    """Visitors still read every page; an admin save is a 503 and writes nothing."""
    postgres, ids = live_portal.postgres, live_portal.ids
    browser, visitor = live_portal.browser(), live_portal.browser()
    browser.login()
    page_edit = f"/admin/pages/{ids['about']}/edit/"
    office_edit = f"/admin/snippets/offices/office/edit/{ids['office']}/"
    page_form = {
        **form_data(browser.get(page_edit).text, "page-edit-form"),
        "title_en": "Written while read-only",
        "action-publish": "action-publish",
    }
    office_form = {**form_data(browser.get(office_edit).text, "w-editor-form"), "city_en": "Bodø"}
    before = live_portal.table_rows(SAVED_TABLES)
    postgres.set_read_only(True)
    try:
        assert visitor.get("/fr/about/").status == 200
        for url, data in [(page_edit, page_form), (office_edit, office_form)]:
            response = browser.post(url, data)
            assert response.status == 503, response.text[-1500:]
            assert response.headers["Retry-After"] == str(RETRY_AFTER)
        assert live_portal.table_rows(SAVED_TABLES) == before
    finally:
        postgres.set_read_only(False)
    # Writable again: the same forms save.
    for url, data in [(page_edit, page_form), (office_edit, office_form)]:
        assert browser.post(url, data).status == 302
    after = live_portal.table_rows(SAVED_TABLES)
    assert after["offices_office"] != before["offices_office"]
    assert after["wagtailcore_revision"] != before["wagtailcore_revision"]


@pytest.mark.system
@pytest.mark.once
def test_database_down_under_gunicorn(live_portal):
    """Cached pages are served; the rest is a 503 in the visitor's language, at once; when the
    database is back, so is the site."""
    postgres = live_portal.postgres
    browser, visitor = live_portal.browser(), live_portal.browser()
    browser.login()
    assert visitor.get("/nb/").status == 200
    assert visitor.get("/nb/").headers["X-Cache"] == "hit"
    postgres.stop()
    try:
        cached = visitor.get("/nb/")
        assert (cached.status, cached.headers["X-Cache"]) == (200, "hit")
        for _ in range(4):
            down = visitor.get("/fr/contact/")
            assert down.status == 503
            assert down.seconds < 5
            assert '<html lang="fr">' in down.text
            assert down.headers["Retry-After"] == str(RETRY_AFTER)
        assert browser.get("/admin/").status == 503
    finally:
        postgres.start()
    for _ in range(4):
        assert visitor.get("/fr/contact/").status == 200
    assert browser.get("/admin/").status == 200


@pytest.mark.system
@pytest.mark.once
def test_database_restart_needs_no_site_restart(live_portal):
    """Both workers hold a connection that a database restart has closed under them: the first
    request of each checks it (CONN_HEALTH_CHECKS) and opens a new one instead of failing."""
    postgres, visitor = live_portal.postgres, live_portal.browser()
    connect_both_workers(live_portal)
    postgres.stop()
    postgres.start()
    statuses = [visitor.get(f"/en/search/?q=after{n}").status for n in range(6)]
    assert statuses == [200] * 6


def test_a_database_that_does_not_answer_fails_in_seconds(monkeypatch, django_db_blocker):
    """A server that accepts the connection and then says nothing (a hung host, a dropped
    network path): the settings' connect_timeout ends the wait, not gunicorn's timeout."""
    outcome = {}
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        monkeypatch.setenv("DATABASE_URL", f"postgres://portal@127.0.0.1:{port}/portal")
        settings = runpy.run_path(str(ROOT / "config" / "settings" / "base.py"))
        database = ConnectionHandler(settings["DATABASES"])[DEFAULT_DB_ALIAS]
        assert database.settings_dict["CONN_HEALTH_CHECKS"] is True

        def connect():
            started = time.monotonic()
            try:
                with django_db_blocker.unblock():
                    database.ensure_connection()
            except OperationalError:
                outcome["seconds"] = time.monotonic() - started

        attempt = threading.Thread(target=connect, daemon=True)
        attempt.start()
        attempt.join(timeout=10)  # closing the socket then ends a wait without a timeout
    assert 1 <= outcome.get("seconds", 99) < 6, outcome
