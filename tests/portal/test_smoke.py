import pytest

pytestmark = pytest.mark.django_db


def test_portal_fixture_builds(portal):
    assert portal["programme"].live
