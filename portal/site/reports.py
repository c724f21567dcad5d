"""Admin report: pages whose facts nobody has checked for a year (or ever).

Facts age: the oldest source page counted 165 member states where the newer ones say 175. Each
page has a "last reviewed" date; this report lists the pages an editor can change that were last
reviewed more than REVIEW_INTERVAL_DAYS ago, or never, oldest first.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.permission_policies.pages import PagePermissionPolicy

from portal.core.pages import BasePage

REVIEW_INTERVAL_DAYS = 365


def page_models():
    """Every concrete page type built on BasePage (they hold the last_reviewed column)."""
    found, pending = [], list(BasePage.__subclasses__())
    while pending:
        model = pending.pop()
        pending.extend(model.__subclasses__())
        if not model._meta.abstract and model not in found:
            found.append(model)
    return found


def pages_not_reviewed(user, today=None):
    cutoff = (today or timezone.localdate()) - datetime.timedelta(days=REVIEW_INTERVAL_DAYS)
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    rows = []
    for model in page_models():
        stale = model.objects.filter(pk__in=editable.values("pk")).filter(
            Q(last_reviewed__lt=cutoff) | Q(last_reviewed__isnull=True)
        )
        rows.extend(stale.only("id", "title", "title_en", "last_reviewed", "live", "depth"))
    never = datetime.date.min
    rows.sort(key=lambda page: (page.last_reviewed or never, page.title))
    return rows, cutoff


def not_reviewed_report(request):
    if not PagePermissionPolicy().user_has_any_permission(request.user, ["change", "publish"]):
        raise PermissionDenied
    pages, cutoff = pages_not_reviewed(request.user)
    return TemplateResponse(
        request,
        "reports/not_reviewed.html",
        {
            "page_title": _("Pages not reviewed in a year"),
            "header_icon": "date",
            "pages": pages,
            "cutoff": cutoff,
        },
    )
