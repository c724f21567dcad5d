"""Translated fields of the portal's pages (one column per language, via modeltranslation)."""

from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from portal.core.pages import BasePage
from portal.models import ArticlePage, HomePage, NewsIndexPage, StandardPage
from portal.publications.models import PublicationIndexPage, PublicationPage


@register(BasePage)
class BasePageTR(TranslationOptions):
    fields = ("summary",)


@register(HomePage)
class HomePageTR(TranslationOptions):
    fields = ("body",)


@register(StandardPage)
class StandardPageTR(TranslationOptions):
    fields = ("body",)


@register(NewsIndexPage)
class NewsIndexPageTR(TranslationOptions):
    fields = ()


@register(ArticlePage)
class ArticlePageTR(TranslationOptions):
    fields = ("body",)


@register(PublicationIndexPage)
class PublicationIndexPageTR(TranslationOptions):
    fields = ()


@register(PublicationPage)
class PublicationPageTR(TranslationOptions):
    fields = ("publisher",)  # authors are names, the same in every language
