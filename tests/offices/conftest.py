"""Fixtures shared by the office tests: two offices with their groups, and their members."""

import pytest
from django.contrib.auth.models import Group

from offices.groups import sync_office_groups
from tests.support.portal import add_netherlands


@pytest.fixture
def two_offices(portal):
    """Norway (from the portal fixture) and the Netherlands, each with a page and a programme."""
    offices = add_netherlands(portal)
    # The pages came after the offices: this sync adds page permissions and workflows.
    offices["setups"] = {
        "norway": sync_office_groups(offices["office"]),
        "netherlands": sync_office_groups(offices["netherlands"]),
    }
    return offices


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
