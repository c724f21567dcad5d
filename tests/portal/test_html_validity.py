"""The W3C HTML checker (the Nu Html Checker, vnu.jar from npm's vnu-jar, run with Debian's
Java) finds no error on any page type, the search page and the footer's two pages, in English
and Norwegian: the pages the accessibility tests check (tests/browser/test_accessibility.py)."""

import json
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.test_accessibility import enrich, urls

pytestmark = [pytest.mark.system, pytest.mark.once, pytest.mark.django_db]

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def check(files):
    """The checker's errors for the files, as "file: line: message" strings."""
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        f"{Path(m.get('url', '?')).name}: {m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m["type"] in {"error", "non-document-error"}
    ]


def test_the_html_checker_finds_no_error(client, portal, tmp_path):
    assert VNU.exists(), f"{VNU} is missing: run `npm ci` (make test does)"
    enrich(portal)
    files = []
    for lang in ("en", "nb"):
        for name, url in urls(portal, lang).items():
            response = client.get(url)
            assert response.status_code == 200, url
            files.append(tmp_path / f"{lang}-{name}.html")
            files[-1].write_bytes(response.content)
    assert len(files) > 20
    errors = check(files)
    assert not errors, "\n".join(errors)


def test_the_checker_reports_an_error(tmp_path):
    """The check above can fail: a page with a duplicate id and a stray end tag is reported."""
    page = tmp_path / "broken.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>x</title></head>'
        '<body><p id="a">one</p><p id="a">two</p></span></body></html>'
    )
    errors = check([page])
    assert any("Duplicate ID" in error for error in errors), errors
    assert any("Stray end tag" in error for error in errors), errors
