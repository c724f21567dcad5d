"""Records with drafts (offices, partners, objectives, country actions): a draft never shows
publicly, a record that is not live shows nowhere, every language is kept in a revision, and
the page cache is purged by publishing, not by saving a draft."""

import pytest
from django.urls import reverse
from django.utils import translation

from compact.models import CountryAction, Objective
from offices.models import Office, Partner
from tests.support import factories as f
from tests.support.helpers import LANGUAGES, url_in, x_cache

pytestmark = pytest.mark.django_db


def texts(client, urls):
    """Each URL's answer, which must be a 200."""
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        found[url] = response.content.decode()
    return found


def showing(client, urls, text):
    return [url for url, content in texts(client, urls).items() if text in content]


def test_an_office_draft_never_shows_until_it_is_published(client, portal):
    office = portal["office"]
    office.email = "old@example.org"
    office.save_revision().publish()
    pages = [url_in(portal["office_page"], lang) for lang in LANGUAGES]
    api = reverse("api:office-detail", args=[office.pk])
    urls = [*pages, api]
    assert showing(client, urls, "old@example.org") == urls

    office.email = "new@example.org"
    office.save_revision()  # a draft
    office.refresh_from_db()
    assert office.email == "old@example.org" and office.has_unpublished_changes
    assert showing(client, urls, "new@example.org") == []
    assert showing(client, urls, "old@example.org") == urls

    office.latest_revision.publish()
    assert showing(client, urls, "new@example.org") == urls
    assert showing(client, urls, "old@example.org") == []


def surfaces(portal):
    """The public URLs that show structured data: pages in every language, the finder and its
    CSV, search, the API."""
    pages = [
        url_in(portal[key], lang)
        for key in ("home", "offices_index", "programme", "programme_index", "objective_page")
        for lang in LANGUAGES
    ]
    finder = url_in(portal["programme_index"], "en")
    return [
        *pages,
        url_in(portal["compact_index"], "en"),
        f"{finder}?format=csv",
        reverse("api:office-list"),
        reverse("api:objective-list"),
        reverse("api:countryaction-list"),
        reverse("api:programme-list"),
    ]


def search_url(term):
    with translation.override("en"):
        return f"{reverse('search')}?q={term}"


def assert_hidden_once_unpublished(client, record, text, expected):
    """`text` shows on the `expected` surfaces while the record is live, and nowhere public
    (surfaces and search) once it is unpublished, or was never published."""
    urls = [*expected["surfaces"], search_url(text.split()[0])]
    shown = showing(client, urls, text)
    for url in expected["shown"]:
        assert url in shown, url
    record.save_revision().publish()
    record.unpublish()
    assert showing(client, urls, text) == []


@pytest.fixture
def extra(portal):
    """One more record of each kind, linked to the portal's programme and objective."""
    programme, objective = portal["programme"], portal["objective"]
    office = f.OfficeFactory(name_en="Thule liaison", country="IS", city_en="Akureyri")
    partner = f.PartnerFactory(name_en="Zanzibar fund", kind="ngo")
    other = f.ObjectiveFactory(number=7, title_en="Quixotic vulnerabilities")
    programme.offices.add(office)
    programme.partners.add(partner)
    programme.objectives.add(other)
    programme.save_revision().publish()
    action = f.CountryActionFactory(
        country="IS", description_en="Opened a xylophone helpline", objectives=[objective]
    )
    return {"office": office, "partner": partner, "objective": other, "action": action}


def test_an_unpublished_office_shows_nowhere(client, portal, extra):
    urls = surfaces(portal)
    expected = {
        "surfaces": urls,
        "shown": [
            url_in(portal["programme"], "en"),
            url_in(portal["offices_index"], "en"),
            reverse("api:office-list"),
            reverse("api:programme-list"),
        ],
    }
    assert_hidden_once_unpublished(client, extra["office"], "Thule liaison", expected)


def test_an_unpublished_partner_shows_nowhere(client, portal, extra):
    urls = surfaces(portal)
    expected = {
        "surfaces": urls,
        "shown": [url_in(portal["programme"], "nb"), reverse("api:programme-list")],
    }
    assert_hidden_once_unpublished(client, extra["partner"], "Zanzibar fund", expected)


def test_an_unpublished_objective_shows_nowhere(client, portal, extra):
    urls = surfaces(portal)
    expected = {
        "surfaces": urls,
        "shown": [
            url_in(portal["programme"], "en"),
            url_in(portal["compact_index"], "en"),
            reverse("api:objective-list"),
        ],
    }
    assert_hidden_once_unpublished(client, extra["objective"], "Quixotic vulnerabilities", expected)


def test_an_unpublished_country_action_shows_nowhere(client, portal, extra):
    urls = surfaces(portal)
    expected = {
        "surfaces": urls,
        "shown": [url_in(portal["objective_page"], "fr"), reverse("api:countryaction-list")],
    }
    assert_hidden_once_unpublished(client, extra["action"], "xylophone helpline", expected)


def test_a_record_created_as_a_draft_is_not_live(portal):
    """Wagtail's default makes a row saved directly live; one saved from the editor's "Save
    draft" is not, and shows nowhere."""
    partner = Partner(name_en="Drafty", kind="ngo", live=False)
    partner.save()
    partner.save_revision()
    assert not Partner.objects.live().filter(pk=partner.pk).exists()
    assert Partner.objects.live().filter(pk=portal["partner"].pk).exists()


@pytest.mark.parametrize("model_key", ["office", "partner", "objective", "action"])
def test_a_revision_keeps_every_language(portal, model_key):
    record = portal[model_key]
    field = {"office": "name", "partner": "name", "objective": "title", "action": "description"}[
        model_key
    ]
    setattr(record, f"{field}_nb", "Norsk tekst")
    setattr(record, f"{field}_sv", "")
    with translation.override("sv"):  # the active language's fallback must not leak in
        revision = record.save_revision()
    for lang in LANGUAGES:
        assert f"{field}_{lang}" in revision.content
    with translation.override("fi"):
        restored = revision.as_object()
    assert getattr(restored, f"{field}_nb") == "Norsk tekst"
    assert not getattr(restored, f"{field}_sv")
    assert not getattr(restored, f"{field}_fi")
    assert getattr(restored, f"{field}_en") == getattr(record, f"{field}_en")


def test_a_country_actions_draft_keeps_its_objectives_out_of_the_live_row(portal):
    action = portal["action"]
    other = f.ObjectiveFactory(number=9, title_en="Transnational response")
    action.objectives.add(other)
    action.save_revision()
    assert set(CountryAction.objects.get(pk=action.pk).objectives.all()) == {portal["objective"]}
    CountryAction.objects.get(pk=action.pk).latest_revision.publish()
    linked = set(CountryAction.objects.get(pk=action.pk).objectives.all())
    assert linked == {portal["objective"], other}


# The page cache (portal/core/cache.py)


@pytest.mark.parametrize("model_key", ["office", "objective"])
def test_a_draft_purges_nothing_publishing_and_unpublishing_do(
    client, portal, caching, django_capture_on_commit_callbacks, model_key
):
    page = {"office": "office_page", "objective": "objective_page"}[model_key]
    url = url_in(portal[page], "en")
    record = {"office": Office, "objective": Objective}[model_key].objects.get(
        pk=portal[model_key].pk
    )
    assert x_cache(client.get(url)) == "miss"
    assert x_cache(client.get(url)) == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        record.save_revision()
    with django_capture_on_commit_callbacks(execute=True):
        record.locked = True
        record.save(update_fields=["locked"])
    assert x_cache(client.get(url)) == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        record.latest_revision.publish()
    assert x_cache(client.get(url)) == "miss"
    assert x_cache(client.get(url)) == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        record.unpublish()
    assert x_cache(client.get(url)) == "miss"
