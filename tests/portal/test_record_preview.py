"""A record's preview (portal/core/preview.py) is the public page that shows it, with this version
in place of the live one, in the language the previewer picks; it writes nothing, is never
cached and is not counted as a visitor's view."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry, Page, Revision

from compact.models import CountryAction, Objective
from offices.models import Office, Partner
from portal.core.cache import purge
from portal.localization import demand
from tests.support import factories as f
from tests.support.helpers import LANGUAGES, url_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]


def url_name(record, view):
    return record.snippet_viewset.get_url_name(view)


def preview(client, record, language, revision=None):
    """The admin's preview of a revision (the latest by default) in `language`: a 200's HTML."""
    revision = revision or record.latest_revision
    url = reverse(url_name(record, "revisions_view"), args=[record.pk, revision.pk])
    response = client.get(url, {"mode": language})
    assert response.status_code == 200
    return response.content.decode()


def public(client, page, language):
    response = client.get(url_in(page, language))
    assert response.status_code == 200
    return response.content.decode()


def html_lang(html):
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def state():
    """What a preview could have written."""
    return {
        "pages": list(Page.objects.order_by("pk").values_list("pk", "title", "live", "locked")),
        "revisions": Revision.objects.count(),
        "log entries": ModelLogEntry.objects.count(),
        "offices": list(Office.objects.order_by("pk").values()),
        "partners": list(Partner.objects.order_by("pk").values()),
        "objectives": list(Objective.objects.order_by("pk").values()),
        "actions": list(CountryAction.objects.order_by("pk").values()),
    }


@pytest.fixture
def office_draft(portal):
    """Norway's office, live with the old address; a draft with a new one."""
    office = portal["office"]
    office.email = "old@example.org"
    office.save_revision().publish()
    office.email = "new@example.org"
    office.save_revision()
    office.refresh_from_db()
    return office


def test_an_office_draft_is_previewed_on_its_page_in_norwegian(
    admin_client, client, portal, office_draft
):
    before = state()
    html = preview(admin_client, office_draft, "nb")
    assert html_lang(html) == "nb"
    assert "mailto:new@example.org" in html
    assert "old@example.org" not in html
    assert "Norge" in html  # the office's name in Norwegian, on its page
    with translation.override("nb"):
        assert portal["office_page"].get_url() in html  # the page's own links in Norwegian
    assert state() == before
    live = public(client, portal["office_page"], "nb")
    assert "old@example.org" in live and "new@example.org" not in live


def test_the_preview_panel_shows_what_the_editor_typed(admin_client, portal, office_draft):
    url = reverse(url_name(office_draft, "preview_on_edit"), args=[office_draft.pk])
    form = {
        "name_en": "Norway",
        "name_nb": "Norge",
        "country": "NO",
        "city_en": "Oslo",
        "email": "typed@example.org",
        "languages": ["nb", "en"],
    }
    assert admin_client.post(url, form).json() == {"is_valid": True, "is_available": True}
    response = admin_client.get(url, {"mode": "nb", "in_preview_panel": "true"})
    html = response.content.decode()
    assert html_lang(html) == "nb"
    assert "mailto:typed@example.org" in html
    assert 'href="?mode=fr&amp;in_preview_panel=true"' in html  # stays in the panel
    office_draft.refresh_from_db()
    assert office_draft.email == "old@example.org"


def test_every_language_has_a_preview_mode_and_renders(admin_client, office_draft):
    assert [code for code, _name in office_draft.preview_modes] == LANGUAGES
    assert dict(office_draft.preview_modes)["nb"] == "norsk (bokmål)"
    for language in LANGUAGES:
        html = preview(admin_client, office_draft, language)
        assert html_lang(html) == language
        assert "mailto:new@example.org" in html, language


def test_the_default_mode_is_the_admins_language(office_draft):
    with translation.override("fi"):
        assert office_draft.default_preview_mode == "fi"
    with translation.override("de"):
        assert office_draft.default_preview_mode == "en"


def test_an_objective_draft_is_previewed_on_its_page(admin_client, client, portal):
    page = portal["objective_page"]
    page.summary_en = ""
    page.save_revision().publish()  # the page shows the objective's own summary
    objective = portal["objective"]
    objective.save_revision().publish()
    objective.summary_en = "A new summary, still a draft."
    objective.save_revision()
    objective.refresh_from_db()
    before = state()
    html = preview(admin_client, objective, "en")
    assert "A new summary, still a draft." in html
    assert "What the objective asks of states." not in html
    assert state() == before
    assert "A new summary, still a draft." not in public(client, page, "en")


def test_a_country_action_draft_is_previewed_on_its_objectives_page(admin_client, client, portal):
    action = portal["action"]
    action.save_revision().publish()
    action.description_en = "Opened a second coordination office."
    action.save_revision()
    action.refresh_from_db()
    before = state()
    html = preview(admin_client, action, "en")
    assert "Opened a second coordination office." in html
    assert "Appointed a national coordinator" not in html  # replaced, not listed twice
    assert state() == before
    live = public(client, portal["objective_page"], "en")
    assert "Appointed a national coordinator" in live
    assert "Opened a second coordination office." not in live


def test_a_new_country_action_is_previewed_first_on_the_page_of_its_first_objective(
    admin_client, portal
):
    later = f.ObjectiveFactory(number=9, title_en="Strengthen the response to smuggling")
    f.ObjectivePageFactory(
        parent=portal["compact_index"], title="Objective 9", slug="objective-9", objective=later
    )
    action = CountryAction(country="SE", year=2024, description_en="Set up a new hotline.")
    action.live = False
    action.objectives = [later, portal["objective"]]  # objective 5 comes first
    action.save()
    action.save_revision()
    html = preview(admin_client, action, "en")
    assert "Objective 5" in html  # the page's title
    actions = re.findall(r'<h3 class="action__title">([^<]+)<', html)
    assert actions[0].strip() == "Sweden"
    assert "Appointed a national coordinator" in html  # the live ones follow


def test_a_partner_draft_is_previewed_on_a_programme_listing_it(admin_client, client, portal):
    partner = portal["partner"]
    partner.save_revision().publish()
    partner.name_en = "Business council for refugees"
    partner.website = "https://council.example.org/"
    partner.save_revision()
    partner.refresh_from_db()
    before = state()
    html = preview(admin_client, partner, "en")
    assert '<a href="https://council.example.org/">Business council for refugees</a>' in html
    assert state() == before
    live = public(client, portal["programme"], "en")
    assert "Business council" in live and "for refugees" not in live


def test_a_record_no_page_shows_gets_a_preview_of_its_own(admin_client, portal):
    office = f.OfficeFactory(
        name_en="Sweden",
        name_nb="Sverige",
        country="SE",
        city_en="Stockholm",
        email="sweden@example.org",
    )
    office.save_revision()
    html = preview(admin_client, office, "nb")
    assert html_lang(html) == "nb"
    assert "<h1>Sverige</h1>" in html
    assert "sweden@example.org" in html
    assert '<dd lang="en">Stockholm</dd>' in html  # no Norwegian city name: the English one
    assert "<dd>norsk (bokmål), English</dd>" in html  # the office's languages, by name
    assert html.count("Stockholm") == 1  # a translated field once, in the language asked for
    with translation.override("nb"):
        assert gettext("Details") in html


def test_a_preview_is_neither_cached_nor_counted(
    admin_client, client, portal, office_draft, settings
):
    settings.PAGE_CACHE_ENABLED = True
    settings.TRANSLATION_DEMAND_COUNTING = True
    purge()
    demand.buffer.take()
    page = portal["office_page"]
    # Stored; the Finnish page falls back to English: counted, and visitors may ask for it.
    assert 'name="token"' in public(client, page, "fi")
    counted = dict(demand.buffer.counts)
    assert counted

    revision = office_draft.latest_revision
    url = reverse(url_name(office_draft, "revisions_view"), args=[office_draft.pk, revision.pk])
    response = admin_client.get(url, {"mode": "fi"})
    html = response.content.decode()
    assert "mailto:new@example.org" in html
    assert "fallback-notice" in html and 'name="token"' not in html  # no "Request this page"
    assert "X-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert dict(demand.buffer.counts) == counted

    live = client.get(url_in(page, "fi"))
    assert live["X-Cache"] == "hit"
    assert "new@example.org" not in live.content.decode()
    demand.buffer.take()


def test_a_pages_own_preview_keeps_its_language_links(admin_client, portal):
    page = portal["standard"]
    html = page.make_preview_request().content.decode()
    with translation.override("fr"):
        assert f'href="{page.get_url()}"' in html
    assert "?mode=" not in html
