"""Production settings come from the environment and refuse to start without a secret key."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_check(**env):
    environment = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check()
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_production_reads_its_settings_from_the_environment():
    result = run_check(
        SECRET_KEY="a-long-random-production-secret-0123456789-abcdefghijklmnop",
        ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
