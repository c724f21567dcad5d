"""The portal's own page types: home, standard pages, news and articles.

They sit above offices and compact (the home page lists offices and objectives); the base page
they share with every app's pages is in portal/core/pages.py."""

from django import forms
from django.db import models
from django.db.models import Count, Window
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from compact.models import Objective
from offices.models import Office, OfficeIndexPage
from portal.core import availability
from portal.core.memo import remember
from portal.core.models import UrlPathHistory  # noqa: F401 (registered with the portal app)
from portal.core.pages import BasePage, BodyMixin, paginate
from portal.core.query import in_language, live_record, public_pages, without_bodies
from portal.core.search_text import PageSearchText, SearchWord  # noqa: F401 (registered likewise)
from portal.localization.job_models import TranslationJob  # noqa: F401 (registered likewise)
from portal.localization.models import TranslationState  # noqa: F401 (registered likewise)
from portal.publications.models import (  # noqa: F401 (page types of the portal app)
    PublicationFile,
    PublicationIndexPage,
    PublicationPage,
)

# Offices the home page shows as cards; with more, it links to the office index for the rest.
HOME_OFFICES = 12


class HomePage(BodyMixin, BasePage):
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "portal.StandardPage",
        "portal.NewsIndexPage",
        "offices.OfficeIndexPage",
        "offices.ProgrammeIndexPage",
        "compact.CompactIndexPage",
        "portal.PublicationIndexPage",
        "offices.PledgeIndexPage",
        "offices.ReviewIndexPage",
    ]
    max_count = 1
    content_panels = [*BasePage.content_panels, *BodyMixin.body_panels]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_articles"] = without_bodies(
            public_pages(ArticlePage.objects.live()).select_related("office")
        ).order_by("-date")[:3]
        context.update(self.office_summary(request))
        context["objectives"] = without_bodies(
            Objective.objects.live().select_related("page"), "page"
        ).order_by("number")
        return context

    def office_summary(self, request):
        """{"offices": the first HOME_OFFICES offices by name}, and when there are more, with
        "office_total" and "office_index" (the office index page, which lists them all). One
        query (the total is a window count of the same query); the index page from the memo."""
        offices = without_bodies(Office.objects.live().select_related("page"), "page")
        offices = offices.annotate(total=Window(Count("pk"))).order_by("name")
        first = list(offices[:HOME_OFFICES])
        if not first or first[0].total <= HOME_OFFICES:
            return {"offices": first}
        index = remember(request, "office-index", self.office_index)
        return {"offices": first, "office_total": first[0].total, "office_index": index}

    def office_index(self):
        return OfficeIndexPage.objects.live().public().descendant_of(self).first()


class StandardPage(BodyMixin, BasePage):
    parent_page_types = [
        "portal.HomePage",
        "portal.StandardPage",
        "offices.OfficeIndexPage",
        "offices.CountryOfficePage",
        "compact.CompactIndexPage",
    ]
    subpage_types = ["portal.StandardPage"]
    content_panels = [*BasePage.content_panels, *BodyMixin.body_panels]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")


class NewsIndexPage(BasePage):
    """Lists the articles under the page it sits in: the whole site, or one office."""

    parent_page_types = ["portal.HomePage", "offices.CountryOfficePage"]
    subpage_types = ["portal.ArticlePage"]
    cache_parameters = (*BasePage.cache_parameters, "page", availability.ONLY_MINE)

    class Meta:
        verbose_name = _("news index page")

    def articles(self):
        return (
            public_pages(without_bodies(ArticlePage.objects.live()))
            .descendant_of(self.get_parent())
            .select_related("office")
            .order_by("-date", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = self.articles()
        context["only_mine"] = availability.wants_only_available(request)
        if context["only_mine"]:
            articles = availability.only_available(articles)
        context["articles"] = paginate(request, articles, count_name=("news", self.pk))
        return context


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "portal.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ArticlePage(BodyMixin, BasePage):
    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        BLOG = "blog", _("Blog post")
        PRESS = "press", _("Press release")
        STATEMENT = "statement", _("Statement")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NEWS)
    date = models.DateField(
        _("date"),
        default=timezone.localdate,
        help_text=_("The date shown on the article; news lists are sorted by it."),
    )
    author = models.CharField(
        _("author"), max_length=200, blank=True, help_text=_("Leave empty to show no author.")
    )
    tags = ClusterTaggableManager(through=ArticleTag, blank=True, verbose_name=_("tags"))
    office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text=_("The office this article comes from, if any."),
    )
    objectives = ParentalManyToManyField(
        "compact.Objective",
        verbose_name=_("Global Compact objectives"),
        blank=True,
        related_name="articles",
        help_text=_("The article is listed on the page of each objective ticked here."),
    )

    parent_page_types = ["portal.NewsIndexPage"]
    subpage_types = []
    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("date"), FieldPanel("author"), FieldPanel("office")],
            heading=_("About this article"),
        ),
        *BodyMixin.body_panels,
        MultiFieldPanel(
            [FieldPanel("objectives", widget=forms.CheckboxSelectMultiple), FieldPanel("tags")],
            heading=_("Topics"),
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
        index.SearchField("author"),
        index.FilterField("date"),
        index.FilterField("kind"),
    ]

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        # News lists and the home page's latest news read articles newest first: with this
        # index they stop after one page of them instead of sorting every article.
        # An office's page reads its own newest five: at scale the date index alone walked
        # 20,000 articles to find an office's one (60 ms); this one starts at the office's.
        indexes = [
            models.Index(fields=["date", "page_ptr"], name="portal_article_date_idx"),
            models.Index(fields=["office", "date", "page_ptr"], name="portal_article_office_idx"),
        ]

    @property
    def shown_office(self):
        """The article's office as visitors see it: None when the office is not live."""
        return live_record(self.office)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["objectives_list"] = without_bodies(
            self.objectives.filter(live=True).select_related("page"), "page"
        ).order_by("number")
        context["tag_list"] = list(self.tags.all())
        return context


def list_articles(page, context):
    """An objective's page lists the latest articles ticked with it (compact/extensions.py)."""
    articles = in_language(without_bodies(page.objective.articles.live()))
    context["articles"] = (
        in_language(articles.select_related("office"), "office")
        .exclude(page.private_sections)
        .order_by("-date")[:6]
    )
