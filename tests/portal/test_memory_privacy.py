"""Suggestions and pre-fills only show text the translator may read (portal/localization/
readable.py): no private page of another office; imported entries and public pages for all."""

import pytest
from wagtail.models import PageViewRestriction

from offices.models import OfficeGroup
from portal.localization import memory
from portal.localization.models import MemoryEntry
from portal.localization.units import fingerprint
from tests.portal.test_translator_editor import editor_url, translator
from tests.support import factories as f

pytestmark = pytest.mark.django_db

PRIVATE_EN = "Our shelter is at a secret address in Bergen."
PRIVATE_NB = "Krisesenteret vårt ligger på en hemmelig adresse i Bergen."


@pytest.fixture
def office_page(home):
    return f.CountryOfficePageFactory(parent=home, title="Norway office", slug="norway")


@pytest.fixture
def private_page(office_page):
    page = f.StandardPageFactory(
        parent=office_page, title="Staff only", slug="staff", summary_en=PRIVATE_EN,
        summary_nb=PRIVATE_NB,
    )  # fmt: skip
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    page.save_revision().publish()
    assert MemoryEntry.objects.filter(target_text=PRIVATE_NB).exists()
    return page


def found(user, source=PRIVATE_EN):
    return [m.entry.target_text for m in memory.suggestions(source, "nb", user=user)]


def test_another_office_translator_does_not_see_a_private_page(django_user_model, private_page):
    outsider = translator(django_user_model, "nb")
    assert found(outsider) == []
    assert found(None) == [PRIVATE_NB]  # no user: every entry (the memory's own use)


def test_the_office_own_translators_and_superusers_see_it(
    django_user_model, private_page, office_page
):
    insider = translator(django_user_model, "nb")
    editors = OfficeGroup.objects.get(office=office_page.office, role=OfficeGroup.Role.EDITORS)
    insider.groups.add(editors.group)
    assert found(insider) == [PRIVATE_NB]
    boss = django_user_model.objects.create_superuser("boss", password="pw")
    assert found(boss) == [PRIVATE_NB]


def test_a_login_restriction_and_imported_entries_are_readable(django_user_model, private_page):
    PageViewRestriction.objects.filter(page=private_page).update(
        restriction_type=PageViewRestriction.LOGIN
    )
    assert found(translator(django_user_model, "nb")) == [PRIVATE_NB]
    MemoryEntry.objects.create(
        source_language="en", target_language="nb", source_text="Imported text.",
        target_text="Importert tekst.", source_hash=fingerprint("Imported text."),
        origin=MemoryEntry.Origin.IMPORTED,
    )  # fmt: skip
    assert found(django_user_model.objects.get(username="translator-nb"), "Imported text.") == [
        "Importert tekst."
    ]


def test_the_editor_hides_private_suggestions(client, django_user_model, private_page, home):
    fresh = f.StandardPageFactory(parent=home, title="Public", slug="public", summary_en=PRIVATE_EN)
    client.force_login(translator(django_user_model, "nb"))
    html = client.get(editor_url(fresh, "nb")).content.decode()
    assert PRIVATE_NB not in html
    client.post(editor_url(fresh, "nb") + "prefill/")
    assert PRIVATE_NB not in client.get(editor_url(fresh, "nb")).content.decode()
