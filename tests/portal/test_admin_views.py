"""Editors can open every page type and every kind of structured data in the admin."""

import pytest
from django.urls import reverse

from tests.support.helpers import LANGUAGES
from tests.support.portal import PAGE_KEYS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", "b@example.org", "pw"))
    return client


@pytest.mark.parametrize("key", PAGE_KEYS)
def test_page_editor_opens_with_every_language(admin_client, portal, key):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[portal[key].pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for lang in LANGUAGES:
        assert f'name="title_{lang}"' in html


@pytest.mark.parametrize(
    ("viewset", "key"),
    [
        ("offices_office", "office"),
        ("offices_partner", "partner"),
        ("compact_objective", "objective"),
        ("compact_countryaction", "action"),
    ],
)
def test_structured_data_editor_opens(admin_client, portal, viewset, key):
    listing = admin_client.get(reverse(f"wagtailsnippets_{viewset}:list"))
    assert listing.status_code == 200
    edit = admin_client.get(reverse(f"wagtailsnippets_{viewset}:edit", args=[portal[key].pk]))
    assert edit.status_code == 200
