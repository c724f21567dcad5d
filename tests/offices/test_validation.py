"""Bad office, partner and programme data is refused with a clear message, nothing saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from offices.models import Office, Partner
from tests.support.factories import OfficeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(user)
    return client


def office_form(**overrides):
    data = {
        "name_en": "Finland",
        "country": "FI",
        "city_en": "Helsinki",
        "covers": ["SE", "IS"],
        "year_opened": 1993,
        "address_en": "",
        "phone": "",
        "email": "",
        "website": "",
        "languages": ["fi", "sv", "en"],
    }
    data.update(overrides)
    return data


def test_valid_office_saved_in_admin(admin_client):
    response = admin_client.post(reverse("wagtailsnippets_offices_office:add"), office_form())
    assert response.status_code == 302
    office = Office.objects.get()
    assert [c.code for c in office.covers] == ["IS", "SE"]
    assert office.languages == ["fi", "sv", "en"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"country": "XX"}, "Select a valid choice. XX is not one of the available choices."),
        (
            {"covers": ["SE", "QQ"]},
            "Select a valid choice. QQ is not one of the available choices.",
        ),
        ({"year_opened": 1900}, "The year opened must be between 1951 and 2100."),
        ({"languages": ["de"]}, "Select a valid choice. de is not one of the available choices."),
    ],
)
def test_bad_office_refused_in_admin(admin_client, overrides, message):
    response = admin_client.post(
        reverse("wagtailsnippets_offices_office:add"), office_form(**overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Office.objects.exists()


def test_database_refuses_unknown_office_country():
    with pytest.raises(IntegrityError), transaction.atomic():
        Office.objects.create(name_en="Nowhere", country="XX", city_en="Atlantis")
    assert not Office.objects.exists()


def test_model_refuses_unknown_language():
    office = OfficeFactory.build(languages=["en", "xx"])
    with pytest.raises(ValidationError) as excinfo:
        office.full_clean()
    assert "languages" in excinfo.value.message_dict


def test_database_refuses_unknown_partner_kind():
    with pytest.raises(IntegrityError), transaction.atomic():
        Partner.objects.create(name_en="Mystery", kind="secret_society")
    assert not Partner.objects.exists()


def test_programme_cannot_end_before_it_starts(portal):
    programme = portal["programme"]
    programme.start_date = datetime.date(2022, 1, 1)
    programme.end_date = datetime.date(2021, 1, 1)
    with pytest.raises(ValidationError) as excinfo:
        programme.full_clean()
    assert "The end date cannot come before the start date." in str(excinfo.value)
