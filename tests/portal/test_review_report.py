"""The report of pages whose facts were not reviewed in a year."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from portal.models import StandardPage
from portal.site.reports import pages_not_reviewed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "b@example.org", "pw")
    client.force_login(user)
    return client, user


def reviewed(page, days_ago):
    StandardPage.objects.filter(pk=page.pk).update(
        last_reviewed=timezone.localdate() - datetime.timedelta(days=days_ago)
    )


def test_lists_pages_reviewed_over_a_year_ago_or_never(admin_client, portal):
    _client, user = admin_client
    for key in portal:
        page = portal[key]
        if hasattr(page, "last_reviewed"):
            type(page).objects.filter(pk=page.pk).update(last_reviewed=timezone.localdate())
    reviewed(portal["standard"], 400)
    type(portal["news"]).objects.filter(pk=portal["news"].pk).update(last_reviewed=None)
    pages, _cutoff = pages_not_reviewed(user)
    assert [p.pk for p in pages] == [portal["news"].pk, portal["standard"].pk]


def test_report_page_in_the_admin(admin_client, portal):
    client, _user = admin_client
    reviewed(portal["standard"], 800)
    response = client.get(reverse("portal_not_reviewed"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[portal["standard"].pk]) in html


def test_people_without_page_rights_cannot_see_it(client, django_user_model, home):
    user = django_user_model.objects.create_user("reader", "r@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(reverse("portal_not_reviewed"))
    assert response.status_code == 302
