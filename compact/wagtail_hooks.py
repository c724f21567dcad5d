"""The objectives and country actions, editable in the admin as snippets."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from compact.models import CountryAction, Objective
from portal.core.record_admin import RecordViewSet


class ObjectiveViewSet(RecordViewSet):
    model = Objective
    icon = "list-ol"
    list_display = ["number", "title"]
    ordering = ["number"]
    search_fields = ["title"]


class CountryActionViewSet(RecordViewSet):
    model = CountryAction
    icon = "site"
    list_display = ["country", "year", "description"]
    list_filter = ["year", "objectives"]


class CompactGroup(SnippetViewSetGroup):
    menu_label = _("Global Compact")
    menu_icon = "list-ol"
    menu_order = 210
    items = (ObjectiveViewSet, CountryActionViewSet)


register_snippet(CompactGroup)
