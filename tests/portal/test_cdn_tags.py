"""The CDN purged by tag (portal/core/cdn.py): a Cloudflare zone is told the Cache-Tag values of
the responses a change purges, or to purge everything; other backends get the URLs. Cloudflare's
API is out of reach here: a local HTTP server answers as its purge_cache endpoint does."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client

from portal.core.cache import cdn_tag
from portal.core.tags import page_tag
from tests.support.helpers import url_in, x_cache

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]


class PurgeApi(BaseHTTPRequestHandler):
    """Cloudflare's purge_cache: notes each call's JSON body; answers success unless told."""

    calls = []
    status = 200

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        type(self).calls.append(
            {"auth": self.headers["Authorization"], **json.loads(self.rfile.read(length))}
        )
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps({"success": self.status == 200, "errors": []}).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def zone(settings):
    PurgeApi.calls, PurgeApi.status = [], 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeApi)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.CDN_MAX_AGE = 300
    settings.WAGTAILFRONTENDCACHE = {
        "cdn": {
            "BACKEND": "portal.core.cdn.CloudflareTagBackend",
            "BEARER_TOKEN": "secret",
            "ZONEID": "zone",
            "ENDPOINT": f"http://127.0.0.1:{server.server_port}/zones/zone/purge_cache",
        }
    }
    yield PurgeApi
    server.shutdown()
    server.server_close()


def publish(page, **fields):
    page = page.specific
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()


def purged_tags(calls):
    return {tag for call in calls for tag in call.get("tags", ())}


def test_a_new_version_purges_the_tags_of_what_showed_it(
    portal, zone, caching, django_capture_on_commit_callbacks
):
    office_page = Client().get(url_in(portal["office_page"], "nb"))  # it lists the programme
    assert x_cache(office_page) == "miss"
    shown = set(office_page["Cache-Tag"].split(","))
    with django_capture_on_commit_callbacks(execute=True):
        publish(portal["programme"], summary_en="A new summary")
    purged = purged_tags(zone.calls)
    assert cdn_tag(page_tag(portal["programme"].pk)) in purged & shown
    assert all(call["auth"] == "Bearer secret" for call in zone.calls)
    assert any("files" in call for call in zone.calls)  # its URLs too
    assert not any(call.get("purge_everything") for call in zone.calls)


def test_what_tags_cannot_see_purges_the_whole_zone(
    portal, zone, caching, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(portal["standard"], title_en="About the organisation")  # in the main menu
    assert {"purge_everything": True, "auth": "Bearer secret"} in zone.calls
    assert purged_tags(zone.calls) == set()


def test_many_tags_go_in_calls_of_thirty(zone):
    from portal.core import cdn

    cdn.purge(tags={f"page-{n}" for n in range(75)})
    assert [len(call["tags"]) for call in zone.calls] == [30, 30, 15]


def test_a_failing_purge_is_logged_and_the_publish_stands(
    portal, zone, caching, caplog, django_capture_on_commit_callbacks
):
    zone.status = 500
    with django_capture_on_commit_callbacks(execute=True):
        publish(portal["programme"], summary_en="Published anyway")
    assert "Could not purge the CDN by tag" in caplog.text
    portal["programme"].refresh_from_db()
    assert portal["programme"].specific.summary_en == "Published anyway"
