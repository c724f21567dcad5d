"""The translation tools learn of offices only through the scope provider offices registers."""

import pytest

from offices.scopes import OfficeScopes
from portal.localization import scopes
from portal.localization.coverage import compute
from portal.localization.panels import office_languages
from portal.localization.po_views import ExportForm

pytestmark = pytest.mark.django_db


def test_offices_register_their_scopes():
    assert isinstance(scopes.provider(), OfficeScopes)


@pytest.fixture
def no_scopes(monkeypatch):
    monkeypatch.setattr(scopes, "_provider", scopes.ScopeProvider())


def test_without_scopes_the_tools_work_on_the_whole_site(no_scopes, portal, admin_user):
    form = ExportForm(user=admin_user)
    assert "office" not in form.fields
    assert [value for value, _label in form.fields["scope"].choices] == ["site", "page"]
    coverage = compute()
    assert coverage.by_office == {}
    assert sum(cell.total for cell in coverage.totals.values())
    assert office_languages(portal["programme"], user=admin_user) == []
