"""A gunicorn worker killed in the middle of an admin publish loses nothing that was committed and
leaves nothing half-written; the master starts a new worker and the site answers.

The portal runs under gunicorn with 2 workers on a private PostgreSQL server
(tests/support/scratch_site.py). The test locks the page's row in its page type's table, which
only the publish step writes: a publish sent to the admin stops there, after it has saved the
new revision (its own transaction in Wagtail) and begun to publish it. pg_stat_activity says
which worker's session waits (each worker names its sessions after its process id), and that
worker gets SIGKILL. Without one transaction around the request, the revision would be left
behind, saved but never published.
"""

import os
import signal
import threading
import time

import pytest

from tests.support.scratch_site import LivePortal, form_data

pytestmark = [pytest.mark.system, pytest.mark.once]


@pytest.fixture(scope="session")
def live_portal(tmp_path_factory):
    yield LivePortal.acquire(tmp_path_factory)
    LivePortal.release()


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.05)
    raise AssertionError(f"waited {seconds} s for {what}")


def publish_form(browser, page_id, title):
    edit = f"/admin/pages/{page_id}/edit/"
    data = form_data(browser.get(edit).text, "page-edit-form")
    return edit, {**data, "title_en": title, "action-publish": "action-publish"}


def test_worker_killed_mid_publish_loses_nothing_committed(live_portal):
    postgres, server, page_id = live_portal.postgres, live_portal.server, live_portal.ids["contact"]
    browser, visitor = live_portal.browser(), live_portal.browser()
    browser.login()

    # Committed before: a publish that went through.
    edit, data = publish_form(browser, page_id, "Committed before the kill")
    assert browser.post(edit, data).status == 302
    assert "Committed before the kill" in visitor.get("/en/contact/").text
    edit, data = publish_form(browser, page_id, "Never committed")
    before = live_portal.table_rows()

    with postgres.connect() as lock:
        lock.execute("BEGIN")
        lock.execute(
            "SELECT 1 FROM portal_standardpage WHERE page_ptr_id = %s FOR UPDATE", [page_id]
        )
        answer = {}

        def publish():
            try:
                answer["status"] = browser.post(edit, data).status
            except OSError as error:  # the worker died with the connection open
                answer["error"] = error

        thread = threading.Thread(target=publish)
        thread.start()

        def waiting_session():
            with postgres.connect() as conn:
                return conn.execute(
                    "SELECT pid, application_name, backend_xid IS NOT NULL FROM pg_stat_activity"
                    " WHERE wait_event_type = 'Lock' AND application_name LIKE 'portal-worker-%'"
                ).fetchone()

        backend, application, has_written = wait_for(waiting_session, 30, "the publish to block")
        assert has_written  # it stopped midway: the revision and the page written, uncommitted
        worker = int(application.rsplit("-", 1)[1])
        assert worker in server.worker_pids()
        os.kill(worker, signal.SIGKILL)
        thread.join(timeout=30)
        assert "status" not in answer, answer  # no answer came: the worker died mid-request
        lock.execute("ROLLBACK")

    def session_gone():
        with postgres.connect() as conn:
            rows = conn.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [backend])
            return rows.fetchone() is None

    wait_for(session_gone, 30, "PostgreSQL to end the dead worker's session")

    # None of the publish is there; everything committed before is.
    assert live_portal.table_rows() == before

    # The master has started a new worker; the site answers, with the committed text.
    def replaced():
        pids = server.worker_pids()
        return len(pids) == 2 and worker not in pids

    wait_for(replaced, 30, "gunicorn to replace the worker")
    for _ in range(4):
        response = visitor.get("/en/contact/")
        assert response.status == 200
        assert "Committed before the kill" in response.text
        assert "Never committed" not in response.text
    assert browser.get(edit).status == 200
