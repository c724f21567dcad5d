"""Login throttling (django-axes) on the Wagtail admin's sign-in form.

Five wrong passwords for one username from one address lock that pair out for the cool-off
(AXES_COOLOFF_TIME, 15 minutes by default); the answer is the same page for a real account and for
an unknown one, before the lockout and during it, and it is in the visitor's language. The
password reset form does not tell accounts apart either.
"""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.db.models import F
from django.test import Client, RequestFactory, override_settings
from django.utils import translation

from portal.core.security import client_ip, lockout_message

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "right-horse-battery-7"
LIMIT = settings.AXES_FAILURE_LIMIT


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(
        "ingrid", "ingrid@example.org", PASSWORD, is_superuser=True
    )


def attempt(client, username, password="wrong-password", address="192.0.2.10", **extra):  # noqa: S107
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def normalised(response, username=None):
    """The page as a visitor sees it, without what differs per request (the CSRF token) and
    without the username the visitor typed in."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "CSRF", html)
    html = re.sub(r'"CSRF_TOKEN": "[^"]*"', "CSRF", html)
    if username:
        html = html.replace(username, "USERNAME")
    return response.status_code, html


def age_attempts(minutes):
    """Move the clock forward: the recorded failures become this much older."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


def test_lockout_after_the_limit_for_that_username_and_address(client, editor):
    for _ in range(LIMIT - 1):
        assert attempt(client, "ingrid").status_code == 200  # the form again, with its error
    assert attempt(client, "ingrid").status_code == 429
    # Now even the right password is refused, with the same page.
    response = attempt(client, "ingrid", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # The same username from another address, and another username from this one, still may.
    assert attempt(client, "ingrid", PASSWORD, address="198.51.100.7").status_code == 302
    assert attempt(Client(), "someone-else", address="192.0.2.10").status_code == 200


def test_real_and_unknown_accounts_get_the_same_answers(client, editor):
    """No account enumeration: step by step, a wrong password for a real account and any
    password for an account that does not exist get byte-identical pages."""
    other = Client()
    for step in range(LIMIT + 2):
        real = attempt(client, "ingrid", address="192.0.2.10")
        unknown = attempt(other, "nobody-here", address="192.0.2.11")
        assert normalised(real, "ingrid") == normalised(unknown, "nobody-here"), step
        assert real.status_code == (200 if step < LIMIT - 1 else 429)
    # The right password during the lockout changes nothing either.
    real = attempt(client, "ingrid", PASSWORD, address="192.0.2.10")
    unknown = attempt(other, "nobody-here", PASSWORD, address="192.0.2.11")
    assert normalised(real, "ingrid") == normalised(unknown, "nobody-here")
    # The lockout page neither names the account nor fills it in.
    html = real.content.decode()
    assert "ingrid" not in html


def test_lockout_page_is_in_the_visitors_language(client, editor):
    for _ in range(LIMIT):
        response = attempt(client, "ingrid", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 429
    html = response.content.decode()
    assert re.search(r'<html[^>]*\blang="fr"', html)
    with translation.override("fr"):
        expected = lockout_message()
    assert expected in html.replace("&#x27;", "'")
    assert "15" in expected
    assert 'name="username"' in html  # the sign-in form is there, empty, for later


def test_recovery_after_the_cool_off(client, editor):
    for _ in range(LIMIT):
        attempt(client, "ingrid")
    age_attempts(14)  # 14 minutes on: still within the 15-minute cool-off
    assert attempt(client, "ingrid", PASSWORD).status_code == 429
    age_attempts(2)  # 16 minutes on
    response = attempt(client, "ingrid", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)
    # A success starts the count afresh.
    client.logout()
    for _ in range(LIMIT - 1):
        assert attempt(client, "ingrid").status_code == 200
    assert attempt(client, "ingrid", PASSWORD).status_code == 302


@override_settings(AXES_COOLOFF_TIME=timedelta(minutes=2))
def test_the_cool_off_comes_from_the_settings(client, editor):
    for _ in range(LIMIT):
        response = attempt(client, "ingrid")
    assert response.status_code == 429
    assert "2" in lockout_message() and "15" not in lockout_message()
    age_attempts(3)
    assert attempt(client, "ingrid", PASSWORD).status_code == 302


def test_wagtail_login_view_hands_the_request_to_axes(client, editor):
    """Axes needs the request in authenticate(): a failure through Wagtail's view is recorded
    under the username and the client's address."""
    attempt(client, "ingrid", address="203.0.113.5")
    [record] = AccessAttempt.objects.all()
    assert record.username == "ingrid"
    assert record.ip_address == "203.0.113.5"
    assert record.failures_since_start == 1
    assert "password" not in record.post_data or PASSWORD not in record.post_data


def test_front_end_login_is_throttled_too(client, editor):
    """Wagtail's sign-in for private pages (/<lang>/_util/login/) shares the count."""
    for _ in range(LIMIT):
        response = client.post(
            "/nb/_util/login/", {"username": "ingrid", "password": "x"}, REMOTE_ADDR="192.0.2.9"
        )
    assert response.status_code == 429
    html = response.content.decode()
    with translation.override("nb"):
        assert lockout_message() in html.replace("&#x27;", "'")
    assert 'lang="nb"' in html


def test_password_reset_does_not_tell_accounts_apart(client, editor):
    real = client.post("/admin/password_reset/", {"email": "ingrid@example.org"})
    unknown = client.post("/admin/password_reset/", {"email": "nobody@example.org"})
    assert real.status_code == unknown.status_code == 302
    assert real["Location"] == unknown["Location"]
    assert normalised(client.get(real["Location"])) == normalised(client.get(unknown["Location"]))
    assert [m.to for m in mail.outbox] == [["ingrid@example.org"]]


# --- The client's address behind load balancers -------------------------------------------------


def request_from(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post(LOGIN, **extra)


def test_client_address_is_remote_addr_without_trusted_proxies():
    assert client_ip(request_from("192.0.2.1", "203.0.113.9")) == "192.0.2.1"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_client_address_is_what_the_load_balancer_saw():
    # The client may send any X-Forwarded-For; the balancer appends the address it saw.
    assert client_ip(request_from("10.0.0.1", "1.2.3.4, 203.0.113.9")) == "203.0.113.9"
    assert client_ip(request_from("10.0.0.1", "203.0.113.9")) == "203.0.113.9"
    assert client_ip(request_from("10.0.0.1")) == "10.0.0.1"  # not through the balancer
    assert client_ip(request_from("10.0.0.1", "1.2.3.4, not-an-ip")) == "10.0.0.1"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_a_forged_forwarded_for_does_not_buy_more_attempts(client, editor):
    for number in range(LIMIT):
        response = attempt(
            client,
            "ingrid",
            address="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}, 203.0.113.9",
        )
    assert response.status_code == 429
