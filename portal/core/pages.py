"""The base page every page type of every app extends, and the body mixin."""

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList, TabbedInterface
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.utils.decorators import cached_classmethod

from portal.core.blocks import BodyBlock
from portal.core.memo import remember
from portal.core.query import key_first

PAGE_SIZE = 12

# Tabs a higher layer adds to every page editor, after Content: (heading, panel class). The
# translation tools add "Languages" (portal/localization/apps hook); see add_editor_tab.
EDITOR_TABS = []


def add_editor_tab(heading, panel):
    if all(existing is not panel for _heading, existing in EDITOR_TABS):
        EDITOR_TABS.append((heading, panel))


def paginate(request, queryset, per_page=PAGE_SIZE, count_name=None):
    """The request's page of `queryset` (`?page=`). With `count_name`, an unfiltered listing's
    count is kept in the memo until the next change: at scale, counting 20,000 articles was a
    third of the news index's time. A filtered one is counted each time (its parameters would
    key the memo by whatever a visitor types)."""
    rows = listing = key_first(queryset)
    if count_name is not None and set(request.GET) <= {"page"}:
        listing = _Counted(rows, lambda: remember(request, count_name, rows.count))
    return Paginator(listing, per_page).get_page(request.GET.get("page"))


class _Counted:
    """A listing for Django's Paginator whose count comes from `count()` given."""

    ordered = True

    def __init__(self, listing, count):
        self.listing, self.count = listing, count

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        return self.listing[index]


class BasePage(Page):
    """Every page of the portal: a translated summary and the date its facts were last checked."""

    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("One or two sentences shown under the title and in lists and search results."),
    )
    last_reviewed = models.DateField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_("When someone last checked that the facts on this page are still true."),
    )

    # The query parameters the page's response depends on: part of the page cache's key, every
    # other parameter is ignored (portal/core/cache.py; a listing adds "page", the finder its
    # filters). "requested": back from "Request this page in <language>", a thank-you.
    cache_parameters = ("requested",)

    content_panels = [*Page.content_panels, FieldPanel("summary")]
    settings_panels = [*Page.settings_panels, FieldPanel("last_reviewed")]
    search_fields = [*Page.search_fields, index.SearchField("summary")]

    class Meta:
        abstract = True

    def get_template(self, request, *args, **kwargs):
        return f"pages/{self._meta.model_name}.html"

    @cached_classmethod
    def get_edit_handler(cls):
        """Four tabs: what the page says, where it stands in each language, how it is found
        (slug, SEO title, menus) and when and how it is published and reviewed."""
        tabs = [
            ObjectList(cls.content_panels, heading=_("Content")),
            *(ObjectList([panel()], heading=heading) for heading, panel in EDITOR_TABS),
            ObjectList(cls.promote_panels, heading=_("Promotion")),
            ObjectList(cls.settings_panels, heading=_("Settings")),
        ]
        return TabbedInterface(tabs, base_form_class=cls.base_form_class).bind_to_model(cls)


class BodyMixin(models.Model):
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    body_panels = [FieldPanel("body")]

    class Meta:
        abstract = True
