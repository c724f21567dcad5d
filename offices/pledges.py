"""Global Compact pledges and reviews: who promised what against which objectives (the UN
Network on Migration hub's pledge form), and the voluntary national and regional reviews of the
Compact, each with its document. Records with drafts and the "Global Compact data" workflow,
like country actions; listed on office and objective pages and on their own index pages
(offices/pledge_finder.py)."""

from django import forms
from django.conf import global_settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PublishingPanel
from wagtail.search import index

from compact.models import Objective
from portal.core.countries import valid_country
from portal.core.pages import BasePage
from portal.core.records import Record

FIRST_YEAR, LAST_YEAR = 1951, 2100
YEAR_VALIDATORS = [
    MinValueValidator(FIRST_YEAR, _("Enter a year from 1951 to 2100.")),
    MaxValueValidator(LAST_YEAR, _("Enter a year from 1951 to 2100.")),
]


class PledgerKind(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    LOCAL = "local_authority", _("Local or regional authority")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    MIGRANTS = "migrants", _("Migrant or diaspora organisation")
    UN = "un_entity", _("UN entity")
    INTERNATIONAL = "international", _("Regional or international organisation")
    PRIVATE = "private_sector", _("Private sector")
    ACADEMIA = "academia", _("Academia")
    TRADE_UNION = "trade_union", _("Trade union")
    OTHER = "other", _("Other stakeholder")


class PledgeStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    FULFILLED = "fulfilled", _("Fulfilled")


class ReviewKind(models.TextChoices):
    NATIONAL = "national", _("Voluntary national review")
    REGIONAL = "regional", _("Regional review")


class Region(models.TextChoices):
    """The regions the Global Compact is reviewed in (the UN regional economic commissions)."""

    AFRICA = "africa", _("Africa")
    AMERICAS = "americas", _("Latin America and the Caribbean")
    ARAB = "arab", _("Arab region")
    ASIA_PACIFIC = "asia_pacific", _("Asia and the Pacific")
    UNECE = "unece", _("Europe, North America and Central Asia")


def _objectives_field(**kwargs):
    return ParentalManyToManyField(Objective, verbose_name=_("Global Compact objectives"), **kwargs)


class Pledge(Record, ClusterableModel):
    """A pledge to advance objectives of the Global Compact. A cluster, so that a draft carries
    its objectives and partners (as a country action does)."""

    Kind = PledgerKind
    Status = PledgeStatus

    title = models.CharField(_("title"), max_length=255)
    pledger = models.CharField(
        _("who pledges"), max_length=255, help_text=_("The pledging entity's name.")
    )
    pledger_kind = models.CharField(
        _("kind of pledging entity"), max_length=20, choices=PledgerKind.choices
    )
    country = CountryField(
        _("country"), blank=True, help_text=_("Leave empty for a regional or global pledge.")
    )
    office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("office"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pledges",
        help_text=_("The office whose page lists the pledge, if any."),
    )
    objectives = _objectives_field(
        related_name="pledges",
        help_text=_("Tick at least one: the pledge is listed on each objective's page."),
    )
    partners = ParentalManyToManyField(
        "offices.Partner", related_name="pledges", blank=True, verbose_name=_("partners")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PledgeStatus.choices, default=PledgeStatus.PLANNED
    )
    start_year = models.PositiveSmallIntegerField(_("start year"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(
        _("end year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    description = models.TextField(_("description"))

    panels = [
        FieldPanel("title"),
        MultiFieldPanel(
            [
                FieldPanel("pledger"),
                FieldPanel("pledger_kind"),
                FieldRowPanel([FieldPanel("country"), FieldPanel("office")]),
            ],
            heading=_("Who pledges"),
        ),
        FieldPanel("description"),
        FieldPanel("objectives", widget=forms.CheckboxSelectMultiple),
        FieldPanel("partners", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel(
            [FieldPanel("status"), FieldPanel("start_year"), FieldPanel("end_year")],
            heading=_("Status and timeframe"),
        ),
        PublishingPanel(),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("pledger"),
        index.SearchField("description"),
        index.FilterField("status"),
    ]

    class Meta:
        ordering = ["-start_year", "pk"]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(country="") | valid_country("country"),
                name="pledge_valid_country",
                violation_error_message=_("Choose a country from the list."),
            ),
            models.CheckConstraint(
                condition=models.Q(pledger_kind__in=PledgerKind.values),
                name="pledge_known_pledger_kind",
                violation_error_message=_("Choose a kind of pledging entity from the list."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=PledgeStatus.values),
                name="pledge_known_status",
                violation_error_message=_("Choose a status from the list."),
            ),
            models.CheckConstraint(
                condition=models.Q(start_year__gte=FIRST_YEAR, start_year__lte=LAST_YEAR),
                name="pledge_plausible_start_year",
                violation_error_message=_("Enter a year from 1951 to 2100."),
            ),
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True)
                | models.Q(end_year__gte=models.F("start_year"), end_year__lte=LAST_YEAR),
                name="pledge_ends_after_start",
                violation_error_message=_("The end year cannot come before the start year."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        start, end = self.start_year, self.end_year
        if start is not None and end is not None and end < start:
            raise ValidationError(
                {"end_year": _("The end year cannot come before the start year.")}
            )


class Review(Record, ClusterableModel):
    """A voluntary national review or a regional review of the Global Compact, with its
    document (one file, in the language it was written in)."""

    Kind = ReviewKind

    kind = models.CharField(_("kind"), max_length=20, choices=ReviewKind.choices)
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"), blank=True)
    country = CountryField(_("country"), blank=True, help_text=_("For a national review."))
    region = models.CharField(
        _("region"),
        max_length=20,
        choices=Region.choices,
        blank=True,
        help_text=_("For a regional review."),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("office"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviews",
        help_text=_("The office whose page lists the review, if any."),
    )
    objectives = _objectives_field(related_name="reviews", blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    document_language = models.CharField(
        _("language of the document"),
        max_length=12,
        choices=global_settings.LANGUAGES,
        blank=True,
    )

    panels = [
        FieldPanel("kind"),
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("country"), FieldPanel("region"), FieldPanel("year")]),
        FieldPanel("office"),
        FieldPanel("objectives", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel(
            [FieldPanel("document"), FieldPanel("document_language")], heading=_("Document")
        ),
        PublishingPanel(),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("summary"),
        index.FilterField("kind"),
    ]

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ReviewKind.values),
                name="review_known_kind",
                violation_error_message=_("Choose a kind of review from the list."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind=ReviewKind.REGIONAL) | valid_country("country"),
                name="review_national_has_country",
                violation_error_message=_("A voluntary national review needs its country."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind=ReviewKind.NATIONAL) | models.Q(region__in=Region.values),
                name="review_regional_has_region",
                violation_error_message=_("A regional review needs its region."),
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="review_plausible_year",
                violation_error_message=_("Enter a year from 1951 to 2100."),
            ),
            models.CheckConstraint(
                condition=models.Q(document__isnull=True) | ~models.Q(document_language=""),
                name="review_document_has_language",
                violation_error_message=_("Say which language the document is in."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == ReviewKind.NATIONAL and not self.country:
            errors["country"] = _("A voluntary national review needs its country.")
        if self.kind == ReviewKind.REGIONAL and not self.region:
            errors["region"] = _("A regional review needs its region.")
        if self.document_id and not self.document_language:
            errors["document_language"] = _("Say which language the document is in.")
        if errors:
            raise ValidationError(errors)

    @property
    def place(self):
        """The country's or the region's name."""
        return self.country.name if self.country else self.get_region_display()


class RecordIndexPage(BasePage):
    """A filterable list of records of one kind (offices/pledge_finder.py), with its CSV."""

    parent_page_types = ["portal.HomePage"]
    subpage_types = []
    max_count = 1
    finder_name = None

    class Meta:
        abstract = True

    def finder(self):
        from offices import pledge_finder

        return pledge_finder.FINDERS[self.finder_name]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.finder().context(request))
        return context

    def serve(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            return self.finder().csv(request)
        return super().serve(request, *args, **kwargs)


class PledgeIndexPage(RecordIndexPage):
    finder_name = "pledges"
    cache_parameters = (
        *BasePage.cache_parameters,
        *("page", "format", "office", "country", "objective", "year"),
        *("pledge_status", "pledger_kind"),
    )

    class Meta:
        verbose_name = _("pledge index page")


class ReviewIndexPage(RecordIndexPage):
    finder_name = "reviews"
    cache_parameters = (
        *BasePage.cache_parameters,
        *("page", "format", "office", "country", "objective", "year", "review_kind"),
    )

    class Meta:
        verbose_name = _("review index page")
