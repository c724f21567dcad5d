"""The Global Compact's 23 objectives, the country actions that advance them, and their pages.

This app knows nothing of offices: programmes and articles point at objectives, and what the
objective pages show of them is added by those apps (compact/extensions.py).
"""

from functools import cached_property

from django import forms
from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, PublishingPanel
from wagtail.fields import StreamField
from wagtail.search import index

from compact import extensions
from portal.core.blocks import BodyBlock
from portal.core.countries import valid_country
from portal.core.memo import remember
from portal.core.pages import BasePage, paginate
from portal.core.query import (
    in_language,
    live_record,
    outside_private_sections,
    with_page_in_language,
    without_bodies,
)
from portal.core.records import Record

OBJECTIVE_COUNT = 23


class Objective(Record):
    number = models.PositiveSmallIntegerField(
        _("number"),
        unique=True,
        help_text=_("The objective's number in the Global Compact, from 1 to 23."),
        error_messages={"unique": _("An objective with this number already exists.")},
    )
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"), blank=True)

    panels = [FieldPanel("number"), FieldPanel("title"), FieldPanel("summary"), PublishingPanel()]
    search_fields = [index.SearchField("title"), index.SearchField("summary")]

    class Meta:
        ordering = ["number"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=OBJECTIVE_COUNT),
                name="objective_number_1_to_23",
                violation_error_message=_("The objective number must be between 1 and 23."),
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def preview_page(self):
        """The objective's live page, showing this version of it (portal/core/preview.py)."""
        page = ObjectivePage.objects.live().filter(objective_id=self.pk).first()
        if page is not None:
            page.objective = self
        return page


class CountryAction(Record, ClusterableModel):
    """Something a country did that advances one or more objectives.

    A cluster, so that a draft (a revision) carries its objectives too: a plain many-to-many
    field would be saved at once, draft or not, and left out of the revisions."""

    country = CountryField(_("country"))
    year = models.PositiveSmallIntegerField(_("year"))
    description = models.TextField(_("what was done"))
    source = models.CharField(_("source"), max_length=255, blank=True)
    source_url = models.URLField(_("source address"), blank=True)
    objectives = ParentalManyToManyField(
        Objective, related_name="country_actions", verbose_name=_("objectives it advances")
    )

    panels = [
        FieldPanel("country"),
        FieldPanel("year"),
        FieldPanel("description"),
        FieldPanel("source"),
        FieldPanel("source_url"),
        FieldPanel("objectives", widget=forms.CheckboxSelectMultiple),
        PublishingPanel(),
    ]
    search_fields = [index.SearchField("description"), index.FilterField("year")]

    class Meta:
        ordering = ["-year", "country"]
        verbose_name = _("country action")
        verbose_name_plural = _("country actions")
        # An objective's page lists its live actions newest first: with this index PostgreSQL
        # walks them in that order until the page is full, instead of reading all 10,000 (scale).
        indexes = [
            models.Index(
                models.F("year").desc(),
                "country",
                "id",
                condition=models.Q(live=True),
                name="compact_action_live_order_idx",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=valid_country("country"),
                name="country_action_valid_country",
                violation_error_message=_("Choose a country from the list."),
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=1951, year__lte=2100),
                name="country_action_plausible_year",
                violation_error_message=_("The year must be between 1951 and 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.country.name} {self.year}: {self.description[:60]}"

    def preview_page(self):
        """The live page of this version's first objective that has one (by number)."""
        numbers = {objective.pk: objective.number for objective in self.objectives.all()}
        pages = ObjectivePage.objects.live().filter(objective_id__in=numbers)
        return min(pages, key=lambda page: numbers[page.objective_id], default=None)

    def adjust_preview_context(self, context):
        """This version in the objective page's country actions: in place of the live one, or
        first when it is not live yet."""
        actions = context.get("country_actions")
        if actions is None:
            return
        listed = list(actions.object_list)
        if any(action.pk == self.pk for action in listed):
            listed = [self if action.pk == self.pk else action for action in listed]
        else:
            listed.insert(0, self)
        actions.object_list = listed


class CompactIndexPage(BasePage):
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["compact.ObjectivePage", "portal.StandardPage"]
    max_count = 1
    cache_parameters = (*BasePage.cache_parameters, "page")  # the matrix, a page of offices

    class Meta:
        verbose_name = _("Global Compact index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["objectives"] = without_bodies(
            Objective.objects.live().select_related("page"), "page"
        ).order_by("number")
        return extensions.extend("index", self, context)


COUNTRY_ACTIONS_PER_PAGE = 20


def objectives_with_pages():
    """The live objectives with their pages, in number order: what the objective matrix's
    columns and an objective page's previous and next links show, kept in the memo under
    "matrix-objectives" (portal/core/memo.py)."""
    return list(
        without_bodies(Objective.objects.live().select_related("page"), "page").order_by("number")
    )


class ObjectivePage(BasePage):
    cache_parameters = (*BasePage.cache_parameters, "page")  # its country actions
    objective = models.OneToOneField(
        Objective,
        verbose_name=_("objective"),
        on_delete=models.PROTECT,
        related_name="page",
        help_text=_("The objective this page presents."),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    parent_page_types = ["compact.CompactIndexPage"]
    subpage_types = []
    content_panels = [*BasePage.content_panels, FieldPanel("objective"), FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("objective page")

    @property
    def shown_objective(self):
        """The objective the page presents: None while it is not live (unpublished), so the
        page shows none of its record."""
        return live_record(self.objective)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        objective = self.objective
        actions = (
            in_language(objective.country_actions.filter(live=True))
            .prefetch_related(
                Prefetch("objectives", queryset=with_page_in_language(Objective.objects.live()))
            )
            .order_by("-year", "country", "pk")
        )
        context["country_actions"] = paginate(
            request, actions, COUNTRY_ACTIONS_PER_PAGE, count_name=("actions", self.pk)
        )
        around = {objective.number - 1, objective.number + 1}
        neighbours = {
            o.number: o
            for o in remember(request, "matrix-objectives", objectives_with_pages)
            if o.number in around
        }
        context["neighbours"] = {
            "previous": neighbours.get(objective.number - 1),
            "next": neighbours.get(objective.number + 1),
        }
        return extensions.extend("objective", self, context)

    @cached_property
    def private_sections(self):
        """The condition that picks pages in private sections: looked up once per page view and
        shared by the lists of pages the providers add (compact/extensions.py). A subquery of
        their statements (portal/core/query.py), not a query of its own for the restrictions."""
        return ~outside_private_sections()
