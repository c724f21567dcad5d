"""An editor of Norway tries everything against the Netherlands office: every attempt is refused.

Each attempt goes through the admin the way a browser would (GET and POST with the client), then
the test checks both the answer (refused, or the item simply not offered) and the database (nothing
changed: pages, revisions, live revisions, log entries, images, documents, the office record).
"""

import pytest
import wagtail_factories
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, PageLogEntry, Revision

from offices.models import Office

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]


@pytest.fixture
def netherlands(two_offices):
    """The Netherlands' programme with two revisions, and an image and a document of its own."""
    programme = two_offices["nl_programme"]
    programme.title = "Integration support"
    programme.save_revision().publish()
    programme.title = "Integration support (draft)"
    programme.save_revision()
    collection = Collection.objects.get(name="Netherlands")
    image = wagtail_factories.ImageFactory(title="Dutch harbour", collection=collection)
    document = wagtail_factories.DocumentFactory(title="Dutch report", collection=collection)
    programme = Page.objects.get(pk=programme.pk).specific
    return {
        **two_offices,
        "page": programme,
        "revisions": list(programme.revisions.order_by("pk").values_list("pk", flat=True)),
        "image": image,
        "document": document,
        "office": two_offices["netherlands"],
        "norway_office": two_offices["office"],
    }


def state():
    """Everything an attempt could have changed."""
    pages = Page.objects.order_by("pk").values_list(
        "pk", "title", "title_nb", "path", "live", "locked", "live_revision", "latest_revision"
    )
    images = get_image_model().objects.order_by("pk").values_list("pk", "title", "collection")
    documents = get_document_model().objects.order_by("pk").values_list("pk", "title", "collection")
    offices = Office.objects.order_by("pk").values_list("pk", "name", "city", "email", "languages")
    return {
        "pages": list(pages),
        "revisions": Revision.objects.count(),
        "log entries": PageLogEntry.objects.count(),
        "images": list(images),
        "documents": list(documents),
        "offices": list(offices),
        "groups": Group.objects.count(),
    }


def refused(client, response):
    """Wagtail answers a refused admin request with 403/404, or a redirect back to the dashboard
    (or the login page) with an error message: never with the thing asked for. A redirect
    elsewhere (revisions go to the history) is followed: it must lead to a refusal too."""
    for _hop in range(3):
        if response.status_code in (403, 404, 405):
            return True
        if response.status_code != 302:
            return False
        location = response["Location"].split("?")[0]
        if location in ("/admin/", reverse("wagtailadmin_login")):
            return True
        response = client.get(response["Location"])
    return False


def page_attempts(nl):
    page, (first, second) = nl["page"], nl["revisions"]
    norway_programmes = nl["programme_index"]
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    form = {"title_en": "Hacked", "slug_en": "hacked", "offices": [nl["office"].pk]}
    return [
        ("edit", "get", edit, None),
        ("save", "post", edit, form),
        ("publish", "post", edit, {**form, "action-publish": "action-publish"}),
        ("submit", "post", edit, {**form, "action-submit": "action-submit"}),
        ("preview", "post", reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]), form),
        ("preview get", "get", reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk]), None),
        ("view draft", "get", reverse("wagtailadmin_pages:view_draft", args=[page.pk]), None),
        ("copy", "get", reverse("wagtailadmin_pages:copy", args=[page.pk]), None),
        (
            "copy into Norway",
            "post",
            reverse("wagtailadmin_pages:copy", args=[page.pk]),
            {
                "new_title_en": "Copied",
                "new_slug_en": "copied",
                "new_parent_page": norway_programmes.pk,
                "publish_copies": "on",
            },
        ),
        ("move", "get", reverse("wagtailadmin_pages:move", args=[page.pk]), None),
        (
            "move into Norway",
            "post",
            reverse("wagtailadmin_pages:move_confirm", args=[page.pk, norway_programmes.pk]),
            {},
        ),
        ("delete", "get", reverse("wagtailadmin_pages:delete", args=[page.pk]), None),
        ("delete", "post", reverse("wagtailadmin_pages:delete", args=[page.pk]), {}),
        ("unpublish", "post", reverse("wagtailadmin_pages:unpublish", args=[page.pk]), {}),
        ("lock", "post", reverse("wagtailadmin_pages:lock", args=[page.pk]), {}),
        ("history", "get", reverse("wagtailadmin_pages:history", args=[page.pk]), None),
        ("revisions", "get", reverse("wagtailadmin_pages:revisions_index", args=[page.pk]), None),
        (
            "revision view",
            "get",
            reverse("wagtailadmin_pages:revisions_view", args=[page.pk, first]),
            None,
        ),
        (
            "revision compare",
            "get",
            reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, first, second]),
            None,
        ),
        (
            "revision revert",
            "get",
            reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, first]),
            None,
        ),
        (
            "add under",
            "get",
            reverse("wagtailadmin_pages:add_subpage", args=[page.get_parent().pk]),
            None,
        ),
        (
            "add programme under",
            "post",
            reverse(
                "wagtailadmin_pages:add",
                args=["offices", "programmepage", page.get_parent().pk],
            ),
            {"title_en": "Planted", "slug_en": "planted", "offices": [nl["office"].pk]},
        ),
        ("privacy", "get", reverse("wagtailadmin_pages:set_privacy", args=[page.pk]), None),
        (
            "workflow history",
            "get",
            reverse("wagtailadmin_pages:workflow_history", args=[page.pk]),
            None,
        ),
    ]


def media_attempts(nl):
    image, document = nl["image"], nl["document"]
    return [
        ("image edit", "get", reverse("wagtailimages:edit", args=[image.pk]), None),
        (
            "image save",
            "post",
            reverse("wagtailimages:edit", args=[image.pk]),
            {"title": "Hacked", "collection": image.collection_id},
        ),
        ("image delete", "post", reverse("wagtailimages:delete", args=[image.pk]), {}),
        ("image usage", "get", reverse("wagtailimages:image_usage", args=[image.pk]), None),
        ("image url", "get", reverse("wagtailimages:url_generator", args=[image.pk]), None),
        (
            "image chosen",
            "get",
            reverse("wagtailimages_chooser:chosen", args=[image.pk]),
            None,
        ),
        (
            "image format",
            "get",
            reverse("wagtailimages_chooser:select_format", args=[image.pk]),
            None,
        ),
        ("document edit", "get", reverse("wagtaildocs:edit", args=[document.pk]), None),
        (
            "document save",
            "post",
            reverse("wagtaildocs:edit", args=[document.pk]),
            {"title": "Hacked", "collection": document.collection_id},
        ),
        ("document delete", "post", reverse("wagtaildocs:delete", args=[document.pk]), {}),
        (
            "document usage",
            "get",
            reverse("wagtaildocs:document_usage", args=[document.pk]),
            None,
        ),
        (
            "document chosen",
            "get",
            reverse("wagtaildocs_chooser:chosen", args=[document.pk]),
            None,
        ),
    ]


def office_attempts(nl):
    office = nl["office"]
    name = "wagtailsnippets_offices_office"
    return [
        ("office edit", "get", reverse(f"{name}:edit", args=[office.pk]), None),
        (
            "office save",
            "post",
            reverse(f"{name}:edit", args=[office.pk]),
            {"name_en": "Hacked", "country": "NL", "city_en": "x", "languages": ["en"]},
        ),
        ("office delete", "post", reverse(f"{name}:delete", args=[office.pk]), {}),
        ("office history", "get", reverse(f"{name}:history", args=[office.pk]), None),
        ("office history list", "get", reverse(f"{name}:history_results", args=[office.pk]), None),
        ("office usage", "get", reverse(f"{name}:usage", args=[office.pk]), None),
        ("office copy", "get", reverse(f"{name}:copy", args=[office.pk]), None),
        (
            "office chosen",
            "get",
            reverse("wagtailsnippetchoosers_offices_office:chosen", args=[office.pk]),
            None,
        ),
    ]


@pytest.mark.parametrize("attempts", [page_attempts, media_attempts, office_attempts])
def test_norway_editor_is_refused_everything_on_the_netherlands(
    client, netherlands, norway_editor, attempts
):
    client.force_login(norway_editor)
    before = state()
    let_through = []
    for label, method, url, data in attempts(netherlands):
        response = getattr(client, method)(url, data) if method == "post" else client.get(url)
        if not refused(client, response):
            let_through.append(f"{label}: {method.upper()} {url} -> {response.status_code}")
    assert not let_through, "\n".join(let_through)
    assert state() == before


def chooser_listing(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    return response.content.decode()


def test_choosers_offer_only_the_editors_own_office(client, netherlands, norway_editor):
    collection = Collection.objects.get(name="Norway")
    own_image = wagtail_factories.ImageFactory(title="Fjord ferry", collection=collection)
    own_document = wagtail_factories.DocumentFactory(
        title="Norwegian report", collection=collection
    )
    client.force_login(norway_editor)

    images = chooser_listing(client, "wagtailimages_chooser:choose")
    assert own_image.title in images
    assert netherlands["image"].title not in images

    documents = chooser_listing(client, "wagtaildocs_chooser:choose")
    assert own_document.title in documents
    assert netherlands["document"].title not in documents

    for url_name in ("choose", "choose_results"):
        offices = chooser_listing(client, f"wagtailsnippetchoosers_offices_office:{url_name}")
        assert "Norway" in offices
        assert "Netherlands" not in offices

    for url_name in ("wagtailimages:index", "wagtaildocs:index"):
        listing = client.get(reverse(url_name)).content.decode()
        assert "Dutch" not in listing, url_name

    # The same attempts from the editor's own office are let through: the refusals above are not
    # the admin refusing everybody.
    assert client.get(reverse("wagtailimages:edit", args=[own_image.pk])).status_code == 200
    assert client.get(reverse("wagtaildocs:edit", args=[own_document.pk])).status_code == 200
    own_page = netherlands["programme"]
    for url_name in ("edit", "history"):
        url = reverse(f"wagtailadmin_pages:{url_name}", args=[own_page.pk])
        assert client.get(url).status_code == 200, url_name
    own_office = reverse(
        "wagtailsnippets_offices_office:history", args=[netherlands["norway_office"].pk]
    )
    assert client.get(own_office).status_code == 200
