from django.http import HttpResponsePermanentRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.pages import PagePermissionPolicy

from portal.reports import not_reviewed_report
from portal.routing import REDIRECT_ATTR


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
