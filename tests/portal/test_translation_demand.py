"""What visitors miss (portal/localization/demand.py, backlog.py): fallback and outdated views
counted per object, language and day, also from the page cache; "Request this page in
<language>"; the flood bound; the flush; the ranking and the dashboard's list."""

import datetime
import re
import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from portal.localization import backlog, demand
from portal.localization.models import TranslationDemand
from portal.localization.wordcount import analyse
from tests.support.helpers import url_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]

TOKEN = re.compile(r'name="token" value="([^"]+)"')


@pytest.fixture(autouse=True)
def fresh_counts(settings, monkeypatch):
    """Counting on, an empty buffer and a fresh rate limit; nothing flushed unless asked."""
    settings.TRANSLATION_DEMAND_COUNTING = True
    settings.TRANSLATION_DEMAND_FLUSH_SECONDS = 10**9
    demand.buffer.take()
    monkeypatch.setattr(demand, "limiter", demand.RateLimit())
    yield
    demand.buffer.take()


def buffered():
    return dict(demand.buffer.counts)


def key(page, language):
    return (page._meta.label_lower, page.pk, language, timezone.localdate())


def get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response


def test_a_fallback_page_is_counted_rendered_and_from_the_cache(client, portal, caching):
    page = portal["standard"]  # "About us": no French text
    url = url_in(page, "fr")
    first = get(client, url)
    assert first["X-Cache"] == "miss"
    assert buffered() == {key(page, "fr"): [1, 0, 0]}
    with CaptureQueriesContext(connection) as ctx:
        second = get(client, url)
    assert second["X-Cache"] == "hit"
    assert ctx.captured_queries == []  # counted without the database
    assert buffered() == {key(page, "fr"): [2, 0, 0]}


def test_a_page_in_the_visitors_language_is_not_counted(client, portal, caching):
    for key_ in ("standard", "home", "article"):
        get(client, url_in(portal[key_], "en"))
        get(client, url_in(portal[key_], "en"))
    assert buffered() == {}


def test_the_records_a_page_shows_are_counted_too(client, portal):
    office_page, office = portal["office_page"], portal["office"]
    get(client, url_in(office_page, "fi"))  # neither the page nor the office has Finnish text
    assert buffered()[key(office_page, "fi")] == [1, 0, 0]
    assert buffered()[key(office, "fi")] == [1, 0, 0]


def test_an_outdated_translation_is_counted(client, portal):
    page = portal["standard"]
    page.title_fr = "À propos"
    page.save_revision().publish()
    page.title_en = "About the portal"
    page.save_revision().publish()
    response = get(client, url_in(page, "fr"))
    assert "outdated-notice" in response.content.decode()
    assert buffered()[key(page, "fr")][demand.OUTDATED] == 1


def test_crawlers_and_counting_off_count_nothing(client, portal, settings):
    url = url_in(portal["standard"], "fr")
    get(client, url, HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1)")
    assert buffered() == {}
    settings.TRANSLATION_DEMAND_COUNTING = False
    get(client, url)
    assert buffered() == {}


def test_no_personal_data_is_kept(client, portal, caching):
    url = url_in(portal["standard"], "fr")
    response = get(client, url, REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Firefox/128")
    assert not response.cookies  # the page with its request form stays cacheable, sets no cookie
    token = TOKEN.search(response.content.decode()).group(1)
    client.post(reverse("translation_request"), {"token": token}, REMOTE_ADDR="203.0.113.7")
    demand.flush()
    fields = {f.name for f in TranslationDemand._meta.get_fields()}
    assert fields == {
        "id",
        "content_type",
        "object_id",
        "language",
        "day",
        "fallback_views",
        "outdated_views",
        "requests",
    }
    row = TranslationDemand.objects.get()
    assert (row.fallback_views, row.requests, row.day) == (1, 1, timezone.localdate())
    # The rate limit remembers a keyed hash of the address, in memory only.
    assert "203.0.113.7" not in repr(demand.limiter.seen)


# "Request this page in <language>"

THANKS = (
    "Thank you: your request for this page in %(language)s has been passed on to the translators."
)
LATER = "Thank you: you have already asked for several translations. Please try again later."
UNREADABLE = (
    "This request for a translation could not be read, so nothing was counted. "
    "Please go back to the page and press the button again."
)


def in_language(code, message, **values):
    """The message as the visitor reads it: in their language, HTML-escaped."""
    with translation.override(code):
        return escape(gettext(message) % values if values else gettext(message))


def request_form(client, page, language):
    html = get(client, url_in(page, language)).content.decode()
    assert 'class="fallback-notice__request"' in html
    return TOKEN.search(html).group(1)


def test_a_visitor_requests_the_page_in_their_language(client, portal, caching):
    page = portal["standard"]
    token = request_form(client, page, "fr")
    response = client.post(reverse("translation_request"), {"token": token})
    assert response.status_code == 303
    assert response["Location"] == url_in(page, "fr") + "?requested=1"
    thanks = get(client, response["Location"]).content.decode()
    assert in_language("fr", THANKS, language="français") in thanks
    assert "fallback-notice__request" not in thanks  # the button is gone
    # The request counted; the visit back to the page was counted already.
    assert buffered() == {key(page, "fr"): [1, 0, 1]}


def test_the_form_works_from_a_cached_page(client, portal, caching):
    page = portal["standard"]
    token = request_form(client, page, "es")
    html = get(client, url_in(page, "es"))
    assert html["X-Cache"] == "hit"
    assert TOKEN.search(html.content.decode()).group(1) == token  # the same for everyone
    assert client.post(reverse("translation_request"), {"token": token}).status_code == 303
    assert buffered()[key(page, "es")][demand.REQUESTED] == 1


def test_the_token_is_the_same_at_every_render(client, portal, monkeypatch):
    """No timestamp in it: a page renders the same bytes a second later (the page cache's and
    the crawl's comparisons rely on it), and a token on a page cached for days still works."""
    page = portal["standard"]
    first = request_form(client, page, "nl")
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 3 * 86400)
    assert request_form(client, page, "nl") == first
    assert client.post(reverse("translation_request"), {"token": first}).status_code == 303


def test_a_timestamped_token_from_before_the_change_still_works(client, portal):
    page = portal["standard"]
    value = [page._meta.label_lower, page.pk, "fr", url_in(page, "fr")]
    token = signing.dumps(value, salt=demand.SIGNER_SALT)
    assert client.post(reverse("translation_request"), {"token": token}).status_code == 303
    assert buffered()[key(page, "fr")][demand.REQUESTED] == 1


@pytest.mark.parametrize(
    "token",
    ["", "forged", "WyJwb3J0YWwuc3RhbmRhcmRwYWdlIiwgMSwgImZyIiwgIi8iXQ:1abc:bad"],
)
def test_a_forged_token_is_refused_and_counts_nothing(client, token):
    response = client.post("/fr/_translation-request/", {"token": token})
    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert in_language("fr", UNREADABLE) in html
    assert buffered() == {}


def test_a_token_cannot_send_the_visitor_elsewhere(client, portal):
    for path in ("https://evil.example/", "//evil.example/", "evil"):
        token = demand.request_token(portal["standard"], "fr", path)
        assert client.post("/fr/_translation-request/", {"token": token}).status_code == 400
    english = demand.request_token(portal["standard"], "en", "/en/about/")
    assert client.post("/en/_translation-request/", {"token": english}).status_code == 400
    assert buffered() == {}


def test_a_get_is_not_a_request(client):
    assert client.get("/fr/_translation-request/").status_code == 405


def not_bookkeeping(queries):
    """What the request wrote or read, leaving out the transaction every POST runs in
    (portal/core/faults.py): savepoints in the tests, nothing sent on a real connection."""
    return [q["sql"] for q in queries if "SAVEPOINT" not in q["sql"].upper()]


def test_a_flood_from_one_address_is_bounded_and_writes_nothing(client, portal):
    token = request_form(client, portal["standard"], "fr")
    with CaptureQueriesContext(connection) as ctx:
        for _ in range(50):
            response = client.post(
                "/fr/_translation-request/", {"token": token}, REMOTE_ADDR="198.51.100.9"
            )
            assert response.status_code == 303
    assert not_bookkeeping(ctx.captured_queries) == []
    assert buffered()[key(portal["standard"], "fr")][demand.REQUESTED] == demand.REQUEST_LIMIT
    assert response["Location"].endswith("?requested=later")
    thanks = get(client, response["Location"]).content.decode()
    assert in_language("fr", LATER) in thanks
    assert TranslationDemand.objects.count() == 0


def test_a_flood_from_many_addresses_is_bounded_too(client, portal, monkeypatch):
    monkeypatch.setattr(demand, "limiter", demand.RateLimit(limit=3, total=10))
    token = request_form(client, portal["standard"], "fr")
    with CaptureQueriesContext(connection) as ctx:
        for n in range(40):
            client.post("/fr/_translation-request/", {"token": token}, REMOTE_ADDR=f"10.0.0.{n}")
    assert not_bookkeeping(ctx.captured_queries) == []
    assert buffered()[key(portal["standard"], "fr")][demand.REQUESTED] == 10


def test_the_rate_limit_window_ends():
    limit = demand.RateLimit(limit=2, window=60, total=100)
    assert [limit.allow("192.0.2.1") for _ in range(3)] == [True, True, False]
    assert limit.allow("192.0.2.2")
    limit.started -= 61
    assert limit.allow("192.0.2.1")
    assert len(limit.seen) == 1  # the old window's addresses are forgotten


def test_the_buffer_holds_a_bounded_number_of_objects():
    small = demand.Buffer(limit=2)
    day = datetime.date(2026, 1, 1)
    assert small.add(("portal.standardpage", 1, "fr", day), demand.FALLBACK)
    assert small.add(("portal.standardpage", 2, "fr", day), demand.FALLBACK)
    assert not small.add(("portal.standardpage", 3, "fr", day), demand.FALLBACK)
    assert small.add(("portal.standardpage", 1, "fr", day), demand.FALLBACK)  # known: counted
    assert (len(small.counts), small.dropped) == (2, 1)


# The flush


def test_a_flush_writes_the_buffer_in_one_statement_and_adds_up(client, portal):
    page = portal["standard"]
    for language in ("fr", "es", "fi"):
        get(client, url_in(page, language))
    get(client, url_in(page, "fr"))
    with CaptureQueriesContext(connection) as ctx:
        assert demand.flush() == 3
    inserts = [q for q in ctx.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1
    assert buffered() == {}
    get(client, url_in(page, "fr"))
    demand.flush()
    stored = dict(TranslationDemand.objects.values_list("language", "fallback_views"))
    assert stored == {"fr": 3, "es": 1, "fi": 1}


def test_the_flush_comes_after_a_response_once_it_is_due(client, portal, settings):
    url = url_in(portal["standard"], "nl")
    get(client, url)
    assert TranslationDemand.objects.count() == 0  # not due yet
    settings.TRANSLATION_DEMAND_FLUSH_SECONDS = 0
    get(client, url)  # its end (request_finished) flushes both views
    row = TranslationDemand.objects.get()
    assert (row.language, row.fallback_views) == ("nl", 2)
    assert buffered() == {}


def test_a_failed_flush_keeps_the_counts(portal, monkeypatch):
    day = timezone.localdate()
    demand.buffer.add(("portal.standardpage", portal["standard"].pk, "fr", day), demand.FALLBACK)

    def broken(counts, replace=False):
        raise RuntimeError("database away")

    monkeypatch.setattr(demand, "upsert", broken)
    assert demand.flush() == 0
    assert sum(row[0] for row in buffered().values()) == 1


# The ranking


def demand_row(obj, language, views=0, requests=0, days_ago=0):
    TranslationDemand.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=obj.pk,
        language=language,
        day=timezone.localdate() - datetime.timedelta(days=days_ago),
        fallback_views=views,
        requests=requests,
    )


def test_the_backlog_ranks_by_views_words_and_age(portal):
    standard, article, home = portal["standard"], portal["article"], portal["home"]
    demand_row(standard, "fr", views=40)
    demand_row(standard, "fr", views=2, days_ago=3)
    demand_row(article, "fr", views=5)
    demand_row(article, "es", views=5, requests=3)
    demand_row(home, "nb", views=500)  # home has only its title translated in Norwegian
    demand_row(standard, "fi", views=999, days_ago=45)  # older than the window
    gaps = backlog.ranked()
    scores = [gap.score for gap in gaps]
    assert scores == sorted(scores, reverse=True)
    found = {(gap.obj.pk, gap.language): gap for gap in gaps}
    assert (standard.pk, "fi") not in found
    fr = found[(standard.pk, "fr")]
    assert (fr.views, fr.requests) == (42, 0)
    assert fr.words == analyse([standard], "fr", fuzzy_limit=0).total.total > 0
    assert fr.score == fr.views * fr.words * fr.age_days
    es = found[(article.pk, "es")]
    assert es.weight == 5 + backlog.REQUEST_WEIGHT * 3
    assert found[(article.pk, "es")].score > found[(article.pk, "fr")].score


def test_the_age_of_a_missing_page_translation_is_its_time_online(portal):
    page = portal["standard"]
    page.first_published_at = timezone.now() - datetime.timedelta(days=12)
    page.save(update_fields=["first_published_at"])
    demand_row(page, "sv", views=3)
    (gap,) = backlog.ranked()
    assert gap.age_days == 12
    # Visitors were counted missing it 20 days ago: the gap is at least that old.
    demand_row(page, "sv", views=1, days_ago=20)
    (gap,) = backlog.ranked()
    assert (gap.views, gap.age_days) == (4, 20)


def test_a_gap_closed_since_leaves_the_backlog(portal):
    page = portal["standard"]
    demand_row(page, "nl", views=10)
    assert [g.language for g in backlog.ranked()] == ["nl"]
    for field in ("title", "summary"):
        setattr(page, f"{field}_nl", getattr(page, f"{field}_en") or "")
    page.body_nl = page.body_en
    page.save()
    assert backlog.ranked() == []


def test_the_dashboard_lists_the_backlog_with_create_job_links(admin_client, portal):
    standard = portal["standard"]
    demand_row(standard, "fr", views=7, requests=1)
    html = admin_client.get(reverse("translations:dashboard")).content.decode()
    assert "What visitors miss" in html
    content_type = ContentType.objects.get_for_model(standard).pk
    job = f"/admin/translations/jobs/new/?language=fr&amp;object={content_type}:{standard.pk}"
    assert job in html
    row = re.search(
        rf'<tr data-object="{content_type}:{standard.pk}" data-language="fr">(.*?)</tr>',
        html,
        re.S,
    )
    cells = re.findall(r'<td class="tr-num">(\d+)</td>', row.group(1))
    assert cells[:2] == ["7", "1"]
    assert reverse("translations:edit", args=[content_type, standard.pk, "fr"]) in row.group(1)


def test_the_dashboard_says_when_nothing_was_missed(admin_client):
    html = admin_client.get(reverse("translations:dashboard")).content.decode()
    assert "No visitor has missed a translation lately." in html


def test_the_demo_seed_is_idempotent(portal):
    assert demand.seed_demo(days=3) > 0
    first = list(TranslationDemand.objects.order_by("pk").values())
    demand.seed_demo(days=3)
    assert list(TranslationDemand.objects.order_by("pk").values()) == first
