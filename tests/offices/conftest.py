"""Fixtures shared by the office tests: two offices with their groups, and their members."""

import pytest
from django.contrib.auth.models import Group

from offices.groups import sync_office_groups
from tests.support import factories as f


@pytest.fixture
def two_offices(portal):
    """Norway (from the portal fixture) and the Netherlands, each with a page and a programme."""
    netherlands = f.OfficeFactory(name_en="Netherlands", country="NL", city_en="The Hague")
    nl_page = f.CountryOfficePageFactory(
        parent=portal["offices_index"], title="Netherlands", slug="netherlands", office=netherlands
    )
    nl_programmes = f.ProgrammeIndexPageFactory(
        parent=nl_page, title="Programmes", slug="programmes"
    )
    nl_programme = f.ProgrammePageFactory(
        parent=nl_programmes, title="Integration", slug="integration"
    )
    nl_programme.offices.add(netherlands)
    # The pages came after the offices: this sync adds page permissions and workflows.
    setups = {
        "norway": sync_office_groups(portal["office"]),
        "netherlands": sync_office_groups(netherlands),
    }
    return {**portal, "netherlands": netherlands, "nl_programme": nl_programme, "setups": setups}


def member_of(django_user_model, group_name, username):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(Group.objects.get(name=group_name))
    return django_user_model.objects.get(pk=user.pk)  # fresh permission caches


@pytest.fixture
def norway_editor(two_offices, django_user_model):
    return member_of(django_user_model, "Norway editors", "nora")


@pytest.fixture
def norway_moderator(two_offices, django_user_model):
    return member_of(django_user_model, "Norway moderators", "magnus")
