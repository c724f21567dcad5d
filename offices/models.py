"""Offices, partners, the programmes offices run, and their pages."""

from django import forms
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PublishingPanel
from wagtail.fields import StreamField
from wagtail.models import AbstractGroupApprovalTask, TaskState
from wagtail.search import index

from compact.models import CountryAction, Objective
from portal.core import availability
from portal.core.blocks import BodyBlock
from portal.core.countries import valid_country
from portal.core.fields import LanguagesField
from portal.core.pages import BasePage, paginate
from portal.core.query import (
    in_language,
    link_count,
    live_record,
    public_pages,
    with_page_in_language,
    without_bodies,
)
from portal.core.records import Record


class PartnerKind(models.TextChoices):
    EU = "eu", _("EU institution or agency")
    UN = "un", _("UN agency")
    TRADE_UNION = "trade_union", _("Trade union")
    PRIVATE = "private", _("Private sector")
    ACADEMIA = "academia", _("Academia or think tank")
    NGO = "ngo", _("NGO")
    INTERNATIONAL = "international", _("Regional or international organisation")
    MEDIA = "media", _("Media")
    GOVERNMENT = "government", _("Government")


class Partner(Record):
    Kind = PartnerKind

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("kind"), FieldPanel("website"), PublishingPanel()]
    search_fields = [index.SearchField("name"), index.FilterField("kind")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=PartnerKind.values),
                name="partner_known_kind",
                violation_error_message=_("Choose a kind of partner from the list."),
            )
        ]

    def __str__(self):
        return self.name

    def preview_page(self):
        """A live programme page listing the partner (portal/core/preview.py)."""
        if self.pk is None:
            return None
        return (
            ProgrammePage.objects.live().public().filter(partners=self.pk).order_by("path").first()
        )

    def adjust_preview_context(self, context):
        """This version in the programme's partners, in place of the live one."""
        partners = list(context.get("partners_list", ()))
        if any(partner.pk == self.pk for partner in partners):
            partners = [self if partner.pk == self.pk else partner for partner in partners]
        else:  # not live yet: listed where it will be
            partners = sorted([*partners, self], key=lambda p: (p.kind, p.name.casefold()))
        context["partners_list"] = partners


class Office(Record):
    name = models.CharField(_("name"), max_length=255)
    country = CountryField(_("country"), help_text=_("The country the office is in."))
    city = models.CharField(_("city"), max_length=120)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    year_opened = models.PositiveSmallIntegerField(_("year opened"), null=True, blank=True)
    covers = CountryField(
        _("also covers"),
        multiple=True,
        blank=True,
        help_text=_("Other countries this office works for."),
    )
    languages = LanguagesField(
        _("languages"), help_text=_("The languages the office works and publishes in.")
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("country"), FieldPanel("city")]),
        FieldPanel("covers"),
        FieldPanel("year_opened"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("website"),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("languages"),
        PublishingPanel(),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("city")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        constraints = [
            models.CheckConstraint(
                condition=valid_country("country"),
                name="office_valid_country",
                violation_error_message=_("Choose a country from the list."),
            ),
            models.CheckConstraint(
                condition=models.Q(year_opened__isnull=True)
                | models.Q(year_opened__gte=1951, year_opened__lte=2100),
                name="office_plausible_year_opened",
                violation_error_message=_("The year opened must be between 1951 and 2100."),
            ),
        ]

    def __str__(self):
        return self.name

    def preview_page(self):
        """The office's live page, showing this version of the office (portal/core/preview.py)."""
        page = CountryOfficePage.objects.live().filter(office_id=self.pk).first()
        if page is not None:
            page.office = self
        return page

    def get_workflow(self):
        """The workflow of the office's page: its record goes to the moderators who approve its
        pages. An office without a page has the workflow assigned to offices, if any."""
        if "_workflow" not in self.__dict__:
            page = CountryOfficePage.objects.filter(office_id=self.pk).first() if self.pk else None
            workflow = page.get_workflow() if page is not None else None
            self.__dict__["_workflow"] = workflow or self.get_default_workflow()
        return self.__dict__["_workflow"]


# Office cards per page of the office index (the map shows every office whatever the page).
OFFICE_CARDS_PER_PAGE = 24


class OfficeIndexPage(BasePage):
    """ "Where we work": every office."""

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["offices.CountryOfficePage", "portal.StandardPage"]
    max_count = 1
    # Its cards, a page at a time, and only those in the visitor's language (`?mine=1`).
    cache_parameters = (*BasePage.cache_parameters, "page", availability.ONLY_MINE)

    class Meta:
        verbose_name = _("office index page")

    def get_context(self, request, *args, **kwargs):
        """Every office on the map; their cards OFFICE_CARDS_PER_PAGE at a time (`?page=`).
        The map is rendered once per language and data generation (`{% memo %}`): the
        offices are read for it only then, and for the cards a page at a time."""
        context = super().get_context(request, *args, **kwargs)
        offices = without_bodies(Office.objects.live().select_related("page"), "page")
        context["offices"] = offices.order_by("name", "pk")
        cards = offices.annotate(programme_count=link_count(ProgrammePage.offices, "office"))
        context["only_mine"] = availability.wants_only_available(request)
        if context["only_mine"]:
            cards = availability.only_available(cards, through="page")
        context["office_cards"] = paginate(
            request, cards.order_by("name", "pk"), OFFICE_CARDS_PER_PAGE, ("offices", self.pk)
        )
        return context


class CountryOfficePage(BasePage):
    office = models.OneToOneField(
        Office,
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="page",
        help_text=_("The office record whose address and contacts this page shows."),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    parent_page_types = ["offices.OfficeIndexPage"]
    subpage_types = [
        "offices.ProgrammeIndexPage",
        "portal.NewsIndexPage",
        "portal.StandardPage",
        "portal.PublicationPage",  # the office's own publications (portal/publications/)
    ]
    content_panels = [*BasePage.content_panels, FieldPanel("office"), FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("country office page")

    @property
    def shown_office(self):
        """The office whose contacts the page shows: None while the office is not live (created
        as a draft, or unpublished), so the page shows none of its record."""
        return live_record(self.office)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        office = self.office
        objectives = in_language(Objective.objects.live()).order_by("number")
        context["programmes"] = (
            public_pages(in_language(without_bodies(office.programmes.live())))
            .prefetch_related(Prefetch("objectives", queryset=objectives))
            .order_by("title")
        )
        context["articles"] = public_pages(
            in_language(without_bodies(office.articles.live()))
        ).order_by("-date", "-pk")[:5]
        from offices.pledge_finder import office_records

        context.update(office_records(office, request))  # its pledges and reviews
        return context


class ProgrammeIndexPage(BasePage):
    """Lists the programmes under the page it sits in: the whole site, or one office."""

    parent_page_types = ["portal.HomePage", "offices.CountryOfficePage"]
    subpage_types = ["offices.ProgrammePage"]
    # The finder's filters (offices/finder.py), its results' page, and format=csv.
    cache_parameters = (
        *BasePage.cache_parameters,
        "page",
        "format",
        *("office", "objective", "country", "status", "partner_kind"),
        availability.ONLY_MINE,
    )

    class Meta:
        verbose_name = _("programme index page")

    def programmes(self):
        """Every live programme under this page's parent (no query for the parent): the whole
        site, or one office. The finder (offices/finder.py) narrows it."""
        from offices.finder import programme_scope

        return programme_scope(under_path=self.path[: -self.steplen])

    def get_context(self, request, *args, **kwargs):
        from offices.finder import finder_context

        context = super().get_context(request, *args, **kwargs)
        context.update(finder_context(request, self))
        return context

    def serve(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":  # the finder's current results, as a file
            from offices.views import programmes_csv

            return programmes_csv(request, self)
        return super().serve(request, *args, **kwargs)


class ProgrammePage(BasePage):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Running")
        COMPLETED = "completed", _("Completed")

    acronym = models.CharField(
        _("acronym"),
        max_length=20,
        blank=True,
        help_text=_(
            "A short name people know the programme by, such as AVRR. Leave empty if none."
        ),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    offices = ParentalManyToManyField(
        Office,
        related_name="programmes",
        verbose_name=_("offices running it"),
        help_text=_("Tick every office that runs the programme: it is listed on their pages."),
    )
    partners = ParentalManyToManyField(
        Partner,
        related_name="programmes",
        blank=True,
        verbose_name=_("partners"),
        help_text=_(
            "Organisations that work on or fund the programme. Add new ones under "
            "Offices and partners."
        ),
    )
    countries_of_origin = CountryField(
        _("countries of origin"),
        multiple=True,
        blank=True,
        help_text=_("Where the people the programme serves come from."),
    )
    countries_of_destination = CountryField(
        _("countries of destination"),
        multiple=True,
        blank=True,
        help_text=_("Where they go to, or return to."),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.ACTIVE,
        help_text=_("Visitors can filter programmes by status: keep it up to date."),
    )
    funding = models.TextField(
        _("funding and donors"), blank=True, help_text=_("Who pays for the programme.")
    )
    objectives = ParentalManyToManyField(
        Objective,
        related_name="programmes",
        blank=True,
        verbose_name=_("Global Compact objectives it serves"),
        help_text=_("The programme is listed on the page of each objective ticked here."),
    )

    parent_page_types = ["offices.ProgrammeIndexPage"]
    subpage_types = []
    content_panels = [
        *BasePage.content_panels,
        FieldPanel("acronym"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("offices", widget=forms.CheckboxSelectMultiple),
                FieldPanel("partners", widget=forms.CheckboxSelectMultiple),
                FieldPanel("funding"),
            ],
            heading=_("Who runs and funds it"),
        ),
        MultiFieldPanel(
            [FieldPanel("countries_of_origin"), FieldPanel("countries_of_destination")],
            heading=_("Countries"),
        ),
        FieldRowPanel(
            [FieldPanel("status"), FieldPanel("start_date"), FieldPanel("end_date")],
            heading=_("When"),
        ),
        FieldPanel("objectives", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("acronym", boost=3),
        index.SearchField("body"),
        index.SearchField("funding"),
        index.FilterField("status"),
    ]

    class Meta:
        verbose_name = _("programme page")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="programme_ends_after_start",
                violation_error_message=_("The end date cannot come before the start date."),
            )
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["objectives_list"] = with_page_in_language(
            self.objectives.filter(live=True)
        ).order_by("number")
        context["offices_list"] = with_page_in_language(self.offices.filter(live=True)).order_by(
            "name"
        )
        context["partners_list"] = in_language(self.partners.filter(live=True)).order_by(
            "kind", "name"
        )
        context["today"] = timezone.localdate()
        return context


class OfficeGroup(models.Model):
    """Links a user group to the office whose pages, media and record its members look after."""

    class Role(models.TextChoices):
        EDITORS = "editors", _("Editors")
        MODERATORS = "moderators", _("Moderators")

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.CASCADE, related_name="office_groups"
    )
    group = models.OneToOneField(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="office_group"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("office group")
        verbose_name_plural = _("office groups")
        constraints = [
            models.UniqueConstraint(fields=["office", "role"], name="office_group_one_per_role")
        ]

    def __str__(self):
        return self.group.name


def moderated_countries(user):
    """The countries of the offices whose moderators `user` is one of (kept on the user for the
    request: the dashboard asks once per task state)."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_moderated_countries"):
        user._moderated_countries = frozenset(
            str(country)
            for country in Office.objects.filter(
                office_groups__role=OfficeGroup.Role.MODERATORS,
                office_groups__group__in=user.groups.all(),
            ).values_list("country", flat=True)
        )
    return user._moderated_countries


class CountryApprovalTask(AbstractGroupApprovalTask):
    """Approved by the task's groups, or, for a record of one country (a country action), by
    the moderators of the office in that country as well: the Global Compact data workflow lets
    an office approve what its own country did, and nothing else. Editing stays with the
    groups: the office's moderators approve, request changes and preview, as they would from
    the dashboard."""

    def moderates_country_of(self, obj, user):
        country = getattr(obj, "country", None)
        return bool(country) and str(country) in moderated_countries(user)

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if not actions and self.moderates_country_of(obj, user):
            return [
                ("reject", _("Request changes"), True),
                ("approve", _("Approve"), False),
                ("approve", _("Approve with comment"), True),
            ]
        return actions

    def get_task_states_user_can_moderate(self, user, **kwargs):
        countries = moderated_countries(user)
        if user.is_superuser or self._user_in_groups(user) or not countries:
            return super().get_task_states_user_can_moderate(user, **kwargs)
        actions = CountryAction.objects.filter(country__in=countries).values_list("pk", flat=True)
        return self.task_states.filter(
            status=TaskState.STATUS_IN_PROGRESS,
            workflow_state__base_content_type=CountryAction.get_base_content_type(),
            workflow_state__object_id__in=[str(pk) for pk in actions],
        )

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups approve; so do the moderators of the office in a "
            "country action's country"
        )

    class Meta:
        verbose_name = _("approval by a group or the country's office")
        verbose_name_plural = _("approvals by a group or the country's office")


# Pledges and reviews (offices/pledges.py): records and pages of the app, kept in their module.
from offices.pledges import Pledge, PledgeIndexPage, Review, ReviewIndexPage  # noqa: E402, F401
