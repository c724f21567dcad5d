"""Bad structured data is refused with a clear message, and nothing is saved."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from wagtail.users.models import UserProfile

from compact.models import CountryAction, Objective
from tests.support.factories import ObjectiveFactory

pytestmark = pytest.mark.django_db


def objective_form(number, title="Title"):
    return {"number": number, "title_en": title, "summary_en": ""}


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (0, "The objective number must be between 1 and 23."),
        (24, "The objective number must be between 1 and 23."),
    ],
)
def test_out_of_range_number_refused_in_admin(admin_client, number, message):
    url = reverse("wagtailsnippets_compact_objective:add")
    response = admin_client.post(url, objective_form(number))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Objective.objects.exists()


def test_duplicate_number_refused_in_admin(admin_client):
    ObjectiveFactory(number=7, title_en="Address and reduce vulnerabilities")
    url = reverse("wagtailsnippets_compact_objective:add")
    response = admin_client.post(url, objective_form(7, "Another seven"))
    assert response.status_code == 200
    assert "An objective with this number already exists." in response.content.decode()
    assert list(Objective.objects.values_list("title_en", flat=True)) == [
        "Address and reduce vulnerabilities"
    ]


def test_valid_objective_saved_in_admin(admin_client):
    url = reverse("wagtailsnippets_compact_objective:add")
    response = admin_client.post(url, objective_form(3, "Provide information"))
    assert response.status_code == 302
    assert Objective.objects.get(number=3).title_en == "Provide information"


@pytest.mark.parametrize("number", [0, 24])
def test_database_refuses_out_of_range_number(number):
    with pytest.raises(IntegrityError), transaction.atomic():
        Objective.objects.create(number=number, title_en="Out of range")
    assert not Objective.objects.exists()


def test_database_refuses_duplicate_number():
    ObjectiveFactory(number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Objective.objects.create(number=1, title_en="Duplicate")
    assert Objective.objects.count() == 1


def test_unknown_country_refused_by_model_and_database():
    action = CountryAction(country="XX", year=2020, description_en="Something")
    with pytest.raises(ValidationError) as excinfo:
        action.full_clean()
    assert "country" in excinfo.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        CountryAction.objects.create(country="XX", year=2020, description_en="Something")
    assert not CountryAction.objects.exists()


def test_unknown_country_refused_in_admin(admin_client):
    objective = ObjectiveFactory(number=4)
    url = reverse("wagtailsnippets_compact_countryaction:add")
    response = admin_client.post(
        url,
        {
            "country": "XX",
            "year": 2020,
            "description_en": "Issued residence permits",
            "source_en": "",
            "source_url": "",
            "objectives": [objective.pk],
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice. XX is not one of the available choices." in (
        response.content.decode()
    )
    assert not CountryAction.objects.exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("nb", "Målnummeret må være mellom 1 og 23."),
        ("fi", "Tavoitteen numeron on oltava välillä 1–23."),
    ],
)
def test_refusal_is_in_the_editors_language(admin_client, django_user_model, language, message):
    profile = UserProfile.get_for_user(django_user_model.objects.get(username="boss"))
    profile.preferred_language = language
    profile.save()
    response = admin_client.post(
        reverse("wagtailsnippets_compact_objective:add"), objective_form(24)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Objective.objects.exists()
