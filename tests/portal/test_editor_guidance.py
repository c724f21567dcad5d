"""The page editor guides office staff: four tabs, their languages first, copy from English."""

import json
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from offices.groups import sync_office_groups
from portal.localization.panels import office_languages

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]


@pytest.fixture
def norway_editor(portal, django_user_model):
    office = portal["office"]
    office.languages = ["nb", "en"]
    office.save()
    sync_office_groups(office)
    user = django_user_model.objects.create_user("nora", "nora@example.org", "pw")
    user.groups.add(Group.objects.get(name="Norway editors"))
    return user


def office_languages_in(html):
    match = re.search(r'<script id="portal-office-languages" type="application/json">(.*?)<', html)
    return json.loads(match.group(1))


def test_edit_view_has_four_tabs_and_the_office_languages_first(client, portal, norway_editor):
    programme = portal["programme"]
    programme.title_nb = "Frivillig retur"
    programme.save_revision().publish()
    client.force_login(norway_editor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[programme.pk]))
    assert response.status_code == 200
    html = response.content.decode()

    tabs = re.findall(r'role="tab"[^>]*>\s*([^<]+?)\s*<', html)
    assert tabs[:4] == ["Content", "Languages", "Promotion", "Settings"]
    assert office_languages_in(html) == ["en", "nb"]
    rows = re.findall(r'<tr data-language="(\w+)">', html)
    assert rows == ["en", "nb", "fr", "es", "nl", "fi", "sv"]
    nb_row = html.split('<tr data-language="nb">')[1].split("</tr>")[0]
    assert "office language" in nb_row
    fr_row = html.split('<tr data-language="fr">')[1].split("</tr>")[0]
    assert "Not translated: visitors see English" in fr_row
    # The editor script and its translated labels come with every editor page.
    assert "admin/js/portal_editor.js" in html
    config = re.search(r'<script id="portal-editor-config" type="application/json">(.*?)<', html)
    assert json.loads(config.group(1))["copyLabel"] == "Copy from English"


def test_labels_follow_the_editors_language(client, portal, norway_editor):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(norway_editor)
    profile.preferred_language = "nb"
    profile.save()
    client.force_login(norway_editor)
    html = client.get(
        reverse("wagtailadmin_pages:edit", args=[portal["programme"].pk])
    ).content.decode()
    config = re.search(r'<script id="portal-editor-config" type="application/json">(.*?)<', html)
    assert json.loads(config.group(1))["copyLabel"] == "Kopier fra engelsk"


def test_outdated_translation_is_counted_in_the_languages_tab(client, portal, norway_editor):
    programme = portal["programme"]
    programme.summary_en = "Help to go home."
    programme.summary_nb = "Hjelp til å reise hjem."
    programme.save_revision().publish()
    programme.refresh_from_db()
    programme.summary_en = "Help to go home safely."
    programme.save_revision().publish()
    client.force_login(norway_editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[programme.pk])).content.decode()
    nb_row = html.split('<tr data-language="nb">')[1].split("</tr>")[0]
    assert "1 text outdated" in nb_row


def test_new_page_knows_its_office_from_the_parent(client, portal, norway_editor):
    client.force_login(norway_editor)
    url = reverse(
        "wagtailadmin_pages:add", args=["offices", "programmepage", portal["programme_index"].pk]
    )
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert office_languages_in(html) == ["en", "nb"]
    assert "Save a draft first" in html


def test_outside_an_office_the_users_office_languages_come_first(portal, norway_editor):
    assert office_languages(portal["news"], user=norway_editor) == ["en", "nb"]
    assert office_languages(portal["programme"]) == ["en", "nb"]
    assert office_languages(portal["news"]) == []
