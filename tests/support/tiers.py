"""The test tiers, as a pytest plugin (loaded by tests/conftest.py).

- `system`: the test starts a program (gunicorn, PostgreSQL, Redis, manage.py in a child process,
  msgfmt, the backup scripts...) and needs what `make system-deps` installs;
- `browser`: the test drives Chromium (every test under tests/browser/, marked here);
- `once`: what the test checks does not depend on the database of `make test`'s pass: it starts
  servers with databases of their own (or none), or it checks what the browser or the HTML
  checker sees (every browser test is marked here: the database work behind each of their steps
  is tested in process on both databases). `make test` runs it in its SQLite pass only;
- the rest is the fast tier, `make test-fast` (`-m "not system and not browser"`): in process, on
  SQLite.

A test that starts a program without the `system` mark fails, in every tier, with a message
saying so: while its fixtures are set up and while it runs, starting a program through
`subprocess` or `os.system` raises. (Fixture teardown is left alone: a shared server of the
system tests may stop after the last test of the run, whatever that test is. A bare `os.fork`,
as tests/portal/test_uploads.py uses to measure memory in a child, starts no program.)
"""

import os
import subprocess
from pathlib import Path

import pytest

BROWSER_TESTS = Path(__file__).resolve().parents[1] / "browser"


def pytest_collection_modifyitems(items):
    for item in items:
        if BROWSER_TESTS in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.once)


def _refusal(item):
    def refuse(*args, **kwargs):
        pytest.fail(
            f"{item.nodeid} starts a program: mark it @pytest.mark.system "
            "(tests/support/tiers.py), or keep it in process",
            pytrace=True,
        )

    return refuse


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    return (yield from _guarded(item))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    return (yield from _guarded(item))


def _guarded(item):
    if item.get_closest_marker("system") or item.get_closest_marker("browser"):
        return (yield)
    refuse = _refusal(item)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(subprocess.Popen, "_execute_child", refuse)
        patch.setattr(os, "system", refuse)
        patch.setattr(os, "posix_spawn", refuse)
        patch.setattr(os, "posix_spawnp", refuse)
        return (yield)
