"""The password form of private pages (Wagtail's PageViewRestriction) is throttled like the
sign-in form: after AXES_FAILURE_LIMIT wrong passwords for one restriction from one address, it
answers 429 with a message in the visitor's language, even to the right password, until the
cool-off has passed. Other addresses and other restrictions keep their own count."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from wagtail.models import PageViewRestriction

from portal.core.security import private_page_lockout_message
from tests.support.helpers import url_in

pytestmark = pytest.mark.django_db

LIMIT = settings.AXES_FAILURE_LIMIT
PASSWORD = "open-sesame-42"  # noqa: S105


@pytest.fixture
def restriction(portal):
    return PageViewRestriction.objects.create(
        page=portal["standard"], restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
    )


def form_url(client, page, language):
    """The password form's action, as the private page shows it."""
    html = client.get(url_in(page, language)).content.decode()
    return re.search(r'action="([^"]*authenticate_with_password[^"]*)"', html).group(1)


def attempt(client, url, password="wrong", address="192.0.2.10"):  # noqa: S107
    return client.post(url, {"password": password, "return_url": "/"}, REMOTE_ADDR=address)


def test_wrong_passwords_are_throttled_then_the_pause_ends(portal, restriction):
    client = Client()
    url = form_url(client, portal["standard"], "en")
    for _ in range(LIMIT - 1):
        response = attempt(client, url)
        assert response.status_code == 200  # the form again, with its error
    response = attempt(client, url)
    assert response.status_code == 429
    with translation.override("en"):
        message = escape(private_page_lockout_message())
    assert message in response.content.decode()
    # Locked out: even the right password is refused, and says so.
    response = attempt(client, url, password=PASSWORD)
    assert response.status_code == 429
    assert message in response.content.decode()
    # Another address, another count: the right password still opens the page.
    assert attempt(client, url, password=PASSWORD, address="192.0.2.99").status_code == 302
    # After the cool-off, the right password works again.
    minutes = settings.AXES_COOLOFF_TIME.total_seconds() / 60 + 1
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))
    assert attempt(client, url, password=PASSWORD).status_code == 302


def test_the_message_is_in_the_visitors_language(portal, restriction):
    client = Client()
    url = form_url(client, portal["standard"], "nb")
    assert url.startswith("/nb/")
    for _ in range(LIMIT):
        response = attempt(client, url)
    assert response.status_code == 429
    with translation.override("nb"):
        message = escape(private_page_lockout_message())
    html = response.content.decode()
    assert message in html
    assert '<html lang="nb"' in html


def test_the_right_password_before_the_limit_opens_the_page(portal, restriction):
    client = Client()
    page = portal["standard"]
    url = form_url(client, page, "en")
    for _ in range(LIMIT - 1):
        attempt(client, url)
    response = attempt(client, url, password=PASSWORD)
    assert response.status_code == 302
    assert "About us" in client.get(url_in(page, "en")).content.decode()
