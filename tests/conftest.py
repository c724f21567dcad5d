import pytest
from django.core.management import call_command
from django.utils import translation

from tests.support.portal import build_home, build_portal

pytest_plugins = ["tests.support.tiers"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Wagtail's initial root page predates the translation columns: fill title_en, url_path_en...
    with django_db_blocker.unblock():
        call_command("update_translation_fields", verbosity=0)


@pytest.fixture(autouse=True)
def reset_language():
    """No test's active language leaks into the next."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def forget_memo():
    """What a test's pages showed (portal/memo.py) was built from data its rolled-back
    transaction took away: the next test starts without it."""
    from portal.core import memo

    memo.forget()
    yield
    memo.forget()


@pytest.fixture
def home(db):
    """The home page of the default site (tests/support/portal.py)."""
    return build_home()


@pytest.fixture
def portal(home):
    """A small portal with one page of every type, cross-linked through the structured data
    (tests/support/portal.py)."""
    return build_portal(home)
