import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.utils import translation

from portal.core.cache import purge
from tests.support.portal import build_home, build_portal, forget_site_root_paths, shared

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
    """What a test's pages showed (portal/core/memo.py) and the site root paths Wagtail cached were
    read from data its rolled-back transaction took away: the next test starts without them."""
    from portal.core import memo

    memo.forget()
    forget_site_root_paths()
    yield
    memo.forget()
    forget_site_root_paths()


@pytest.fixture(scope="module")
def module_portal(django_db_setup, django_db_blocker):
    """The `portal`, built once for a test module that asks for it with
    `pytestmark = [..., pytest.mark.usefixtures("module_portal")]`: then every test of the
    module, whatever it asks for, runs on that portal, in a savepoint rolled back after it (no
    test sees another's writes), and `home` and `portal` give it instances of its own, read
    afresh. For modules whose tests mostly read: building the portal is most of their time."""
    with shared(django_db_blocker) as portal:
        yield {key: (type(instance), instance.pk) for key, instance in portal.items()}


def from_module_portal(request):
    if "module_portal" not in request.fixturenames:
        return None
    built = request.getfixturevalue("module_portal")
    return {key: model.objects.get(pk=pk) for key, (model, pk) in built.items()}


@pytest.fixture
def home(request, db):
    """The home page of the default site (tests/support/portal.py); the module's, in a module
    using `module_portal`."""
    shared_portal = from_module_portal(request)
    return shared_portal["home"] if shared_portal else build_home()


@pytest.fixture
def portal(request, home):
    """A small portal with one page of every type, cross-linked through the structured data
    (tests/support/portal.py); the module's, in a module using `module_portal`."""
    shared_portal = from_module_portal(request)
    return {**shared_portal, "home": home} if shared_portal else build_portal(home)


@pytest.fixture(scope="module")
def leave_the_database_as_found(django_db_setup, django_db_blocker):
    """A transactional test ends by emptying every table, taking the rows the migrations made
    (root page, root collection, default workflow) that other tests rely on: put back
    what was there before this module ran."""
    with django_db_blocker.unblock():
        before = connection.creation.serialize_db_to_string()

    def restore():
        """Also for a test of the module that needs those rows back (another test flushed)."""
        # The rows post_migrate made again after the flush would clash with the saved ones.
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(before)
        # The flush restarted the id sequences (PostgreSQL): move them past the restored rows.
        statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        ContentType.objects.clear_cache()

    yield restore
    with django_db_blocker.unblock():
        restore()


@pytest.fixture
def caching(settings):
    """The page cache on, starting empty: a generation no other test has written under."""
    settings.PAGE_CACHE_ENABLED = True
    purge()


def pytest_terminal_summary(terminalreporter, config):
    """The order's seed, also under -q (which hides pytest-randomly's header): a failure that
    depends on the order is replayed with `-p randomly --randomly-seed=N`."""
    seed = getattr(config.option, "randomly_seed", None)
    if seed is not None and terminalreporter.stats.get("failed"):
        terminalreporter.write_line(f"Test order: --randomly-seed={seed}")
