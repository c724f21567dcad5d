"""The shared base page and the page types that belong to the whole portal."""

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.utils.decorators import cached_classmethod

from portal.blocks import BodyBlock
from portal.query import without_bodies

PAGE_SIZE = 12


def paginate(request, queryset, per_page=PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


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
        from portal.localization.panels import LanguagesPanel

        tabs = [
            ObjectList(cls.content_panels, heading=_("Content")),
            ObjectList([LanguagesPanel()], heading=_("Languages")),
            ObjectList(cls.promote_panels, heading=_("Promotion")),
            ObjectList(cls.settings_panels, heading=_("Settings")),
        ]
        return TabbedInterface(tabs, base_form_class=cls.base_form_class).bind_to_model(cls)


class BodyMixin(models.Model):
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    body_panels = [FieldPanel("body")]

    class Meta:
        abstract = True


class HomePage(BodyMixin, BasePage):
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "portal.StandardPage",
        "portal.NewsIndexPage",
        "offices.OfficeIndexPage",
        "offices.ProgrammeIndexPage",
        "compact.CompactIndexPage",
    ]
    max_count = 1
    content_panels = [*BasePage.content_panels, *BodyMixin.body_panels]
    search_fields = [*BasePage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        Objective = self._meta.apps.get_model("compact", "Objective")
        Office = self._meta.apps.get_model("offices", "Office")
        context["latest_articles"] = without_bodies(
            ArticlePage.objects.live().public().select_related("office")
        ).order_by("-date")[:3]
        context["offices"] = without_bodies(Office.objects.select_related("page"), "page").order_by(
            "name"
        )
        context["objectives"] = without_bodies(
            Objective.objects.select_related("page"), "page"
        ).order_by("number")
        return context


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

    class Meta:
        verbose_name = _("news index page")

    def articles(self):
        return (
            without_bodies(ArticlePage.objects.live())
            .public()
            .descendant_of(self.get_parent())
            .select_related("office")
            .order_by("-date", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = paginate(request, self.articles())
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
        indexes = [models.Index(fields=["date", "page_ptr"], name="portal_article_date_idx")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["objectives_list"] = without_bodies(
            self.objectives.select_related("page"), "page"
        ).order_by("number")
        context["tag_list"] = list(self.tags.all())
        return context


from portal.localization.models import TranslationState  # noqa: E402,F401 (registers the model)


class UrlPathHistory(models.Model):
    """A url_path a page had in one language before a slug edit or a move: kept as a redirect."""

    page = models.ForeignKey(
        Page, verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(_("language"), max_length=10)
    url_path = models.TextField(_("old URL path"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("old URL path")
        verbose_name_plural = _("old URL paths")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "url_path"], name="portal_urlpathhistory_unique_path"
            )
        ]

    def __str__(self):
        return f"{self.language}: {self.url_path}"
