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
from wagtail.models import Collection, ModelLogEntry, Page, PageLogEntry, Revision

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
    # The office record: a published revision, then a draft on top.
    office = two_offices["netherlands"]
    office.save_revision().publish()
    office.city_en = "The Hague (draft)"
    office.save_revision()
    office.get_workflow().start(office, None)  # awaiting the Netherlands moderators
    office.refresh_from_db()
    return {
        **two_offices,
        "page": programme,
        "revisions": list(programme.revisions.order_by("pk").values_list("pk", flat=True)),
        "image": image,
        "document": document,
        "office": office,
        "office_revisions": list(office.revisions.order_by("pk").values_list("pk", flat=True)),
        "norway_office": two_offices["office"],
    }


def state():
    """Everything an attempt could have changed."""
    pages = Page.objects.order_by("pk").values_list(
        "pk", "title", "title_nb", "path", "live", "locked", "live_revision", "latest_revision"
    )
    images = get_image_model().objects.order_by("pk").values_list("pk", "title", "collection")
    documents = get_document_model().objects.order_by("pk").values_list("pk", "title", "collection")
    offices = Office.objects.order_by("pk").values_list(
        "pk",
        "name",
        "city",
        "city_en",
        "email",
        "languages",
        "live",
        "has_unpublished_changes",
        "latest_revision",
        "live_revision",
        "locked",
        "locked_by",
    )
    return {
        "pages": list(pages),
        "revisions": Revision.objects.count(),
        "log entries": PageLogEntry.objects.count(),
        "record log entries": ModelLogEntry.objects.count(),
        "scheduled revisions": Revision.objects.filter(approved_go_live_at__isnull=False).count(),
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
    first, second = nl["office_revisions"]
    name = "wagtailsnippets_offices_office"
    compare = reverse(f"{name}:revisions_compare", args=[office.pk, first, second])
    revert = reverse(f"{name}:revisions_revert", args=[office.pk, first])
    unschedule = reverse(f"{name}:revisions_unschedule", args=[office.pk, second])
    form = {"name_en": "Hacked", "country": "NL", "city_en": "x", "languages": ["en"]}
    preview = reverse(f"{name}:preview_on_edit", args=[office.pk])
    task = nl["setups"]["netherlands"].task
    return [
        ("office preview", "post", preview, form),
        ("office preview get", "get", f"{preview}?mode=nb&in_preview_panel=true", None),
        (
            "office revision preview",
            "get",
            reverse(f"{name}:revisions_view", args=[office.pk, second]),
            None,
        ),
        (
            "office task preview",
            "get",
            reverse(f"{name}:workflow_preview", args=[office.pk, task.pk]),
            None,
        ),
        (
            "office publish",
            "post",
            reverse(f"{name}:edit", args=[office.pk]),
            {**form, "action-publish": "action-publish"},
        ),
        ("office revision compare", "get", compare, None),
        (
            "office revision compare live",
            "get",
            reverse(f"{name}:revisions_compare", args=[office.pk, "live", "latest"]),
            None,
        ),
        ("office revert", "get", revert, None),
        ("office revert save", "post", revert, form),
        ("office revert publish", "post", revert, {**form, "action-publish": "action-publish"}),
        ("office unschedule", "get", unschedule, None),
        ("office unschedule", "post", unschedule, {}),
        ("office unpublish", "get", reverse(f"{name}:unpublish", args=[office.pk]), None),
        ("office unpublish", "post", reverse(f"{name}:unpublish", args=[office.pk]), {}),
        ("office lock", "post", reverse(f"{name}:lock", args=[office.pk]), {}),
        ("office unlock", "post", reverse(f"{name}:unlock", args=[office.pk]), {}),
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


def test_norway_moderator_is_refused_the_netherlands_office_record(
    client, netherlands, norway_moderator
):
    """The moderator may publish, unpublish, lock and unlock: their own office's record only."""
    client.force_login(norway_moderator)
    before = state()
    let_through = []
    for label, method, url, data in office_attempts(netherlands):
        response = getattr(client, method)(url, data) if method == "post" else client.get(url)
        if not refused(client, response):
            let_through.append(f"{label}: {method.upper()} {url} -> {response.status_code}")
    assert not let_through, "\n".join(let_through)
    assert state() == before


def office_urls_with_a_pk(office, revisions, task):
    """Every URL of the office snippet's viewset that names one office, whatever views drafts,
    revisions, locking (or later previews and workflows) add: filled in with the office's
    revisions, so a view added to the viewset is tried without being listed here."""
    first, second = revisions
    values = {
        "pk": office.pk,
        "revision_id": first,
        "revision_id_a": first,
        "revision_id_b": second,
        "action_name": "approve",
        "task_state_id": 1,
        "workflow_state_id": 1,
        "task_id": task.pk,
    }
    urls = []
    for pattern in Office.snippet_viewset.get_urlpatterns():
        names = list(pattern.pattern.regex.groupindex)
        if "pk" not in names:
            continue
        kwargs = {name: values[name] for name in names}
        urls.append(reverse(f"wagtailsnippets_offices_office:{pattern.name}", kwargs=kwargs))
    return urls


@pytest.mark.parametrize("who", ["norway_editor", "norway_moderator"])
def test_every_view_of_the_office_snippet_refuses_another_office(client, netherlands, who, request):
    client.force_login(request.getfixturevalue(who))
    task = netherlands["setups"]["netherlands"].task
    urls = office_urls_with_a_pk(netherlands["office"], netherlands["office_revisions"], task)
    assert any("/unpublish/" in url for url in urls)  # the drafts' views are among them
    before = state()
    let_through = []
    for url in urls:
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if not refused(client, response):
                let_through.append(f"{method.upper()} {url} -> {response.status_code}")
    assert not let_through, "\n".join(let_through)
    assert state() == before
    # ...and the same views serve the moderator's own office.
    own = netherlands["norway_office"]
    own.save_revision().publish()
    compare = reverse(
        "wagtailsnippets_offices_office:revisions_compare", args=[own.pk, "earliest", "latest"]
    )
    assert client.get(compare).status_code == 200


def test_a_lock_on_the_netherlands_office_stays(
    client, netherlands, norway_moderator, django_user_model
):
    office = netherlands["office"]
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    office.locked, office.locked_by = True, admin
    office.save(update_fields=["locked", "locked_by"])
    client.force_login(norway_moderator)
    url = reverse("wagtailsnippets_offices_office:unlock", args=[office.pk])
    assert refused(client, client.post(url))
    office.refresh_from_db()
    assert office.locked and office.locked_by == admin


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
