"""The tests' portal (tests/support/portal.py) holds what the tests that loop over PAGE_KEYS
claim to cover: one live page of every page type of the project, in a sound page tree."""

import pytest
from wagtail.models import Page, get_page_models

from tests.support.portal import PAGE_KEYS

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"portal", "offices", "compact"}


def test_one_page_of_every_page_type_of_the_project(portal):
    project_types = {m for m in get_page_models() if m._meta.app_label in PROJECT_APPS}
    built = [type(portal[key].specific) for key in PAGE_KEYS]
    assert len(built) == len(set(built))  # no page type twice
    assert set(built) == project_types


def test_every_page_is_live_where_its_type_may_stand(portal):
    for key in PAGE_KEYS:
        page = Page.objects.get(pk=portal[key].pk).specific
        assert page.live, key
        parent = page.get_parent().specific_class
        assert parent in type(page).allowed_parent_page_models(), key


def test_the_page_tree_is_sound(portal):
    assert Page.find_problems() == ([], [], [], [], [])
