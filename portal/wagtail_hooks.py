from django.http import HttpResponsePermanentRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.pages import PagePermissionPolicy

from portal.core import cache
from portal.core.rich_text_links import MarkedPageLinkHandler
from portal.core.routing import REDIRECT_ATTR
from portal.site.reports import not_reviewed_report


# After Wagtail's own view-restriction check (order 0): a private page's URL is not given away.
@hooks.register("before_serve_page", order=1)
def redirect_to_the_pages_url(page, request, serve_args, serve_kwargs):
    """The router found the page under another URL (another language's slugs, an old slug):
    send the visitor, permanently, to its URL in the active language."""
    target = getattr(request, REDIRECT_ATTR, None)
    if target is None or target.pk != page.pk:
        return None
    url = page.get_url(request)
    if url is None:
        return None
    query_string = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query_string}" if query_string else url)


@hooks.register("before_serve_page")
def declare_query_parameters(page, request, serve_args, serve_kwargs):
    """The page cache keys the response by the query parameters its page type reads."""
    cache.reads(request, *getattr(page, "cache_parameters", ()))


def _numeric_id_only(entity_decorator):
    """A Draftail entity decorator that keeps a page or document link only when its id is a
    number. Wagtail stores the id as the editor's POST sends it; a crafted one ("1 onclick=...")
    is escaped, so it cannot run, but every later look-up of the page or document by it raises,
    and every page showing the text (and its edit form) answers 500. Such a link is dropped and
    its text kept."""

    def decorator(props):
        link_id = props.get("id")
        if link_id is not None and not str(link_id).isdigit():
            return props["children"]
        return entity_decorator(props)

    return decorator


# After Wagtail's own rules (order 0), which this wraps.
@hooks.register("register_rich_text_features", order=1)
def refuse_crafted_link_ids(features):
    rules = features.converter_rules_by_converter.get("contentstate", {})
    for feature, entity in (("link", "LINK"), ("document-link", "DOCUMENT")):
        rule = rules.get(feature)
        if rule is None:
            continue
        to_db = rule["to_database_format"]
        decorators = {**to_db["entity_decorators"]}
        decorators[entity] = _numeric_id_only(decorators[entity])
        features.register_converter_rule(
            "contentstate",
            feature,
            {**rule, "to_database_format": {**to_db, "entity_decorators": decorators}},
        )


# After Wagtail's own "page" link type (order 0), which this replaces.
@hooks.register("register_rich_text_features", order=2)
def page_links_name_their_page(features):
    features.register_link_type(MarkedPageLinkHandler)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("reports/not-reviewed/", not_reviewed_report, name="portal_not_reviewed")]


class NotReviewedMenuItem(MenuItem):
    def is_shown(self, request):
        return PagePermissionPolicy().user_has_any_permission(request.user, ["change", "publish"])


@hooks.register("register_reports_menu_item")
def register_not_reviewed_menu_item():
    return NotReviewedMenuItem(
        _("Pages not reviewed in a year"),
        reverse("portal_not_reviewed"),
        icon_name="date",
        order=750,
    )
