"""Offices and partners, editable in the admin as snippets."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from offices.models import Office, Partner


class OfficeViewSet(SnippetViewSet):
    model = Office
    icon = "home"
    list_display = ["name", "country", "city", "year_opened"]
    search_fields = ["name", "city"]


class PartnerViewSet(SnippetViewSet):
    model = Partner
    icon = "group"
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


class OfficesGroup(SnippetViewSetGroup):
    menu_label = _("Offices and partners")
    menu_icon = "home"
    menu_order = 200
    items = (OfficeViewSet, PartnerViewSet)


register_snippet(OfficesGroup)
