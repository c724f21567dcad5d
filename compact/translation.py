from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from compact.models import CompactIndexPage, CountryAction, Objective, ObjectivePage


@register(Objective)
class ObjectiveTR(TranslationOptions):
    fields = ("title", "summary")
    required_languages = ("en",)


@register(CountryAction)
class CountryActionTR(TranslationOptions):
    fields = ("description", "source")
    required_languages = ("en",)


@register(CompactIndexPage)
class CompactIndexPageTR(TranslationOptions):
    fields = ()


@register(ObjectivePage)
class ObjectivePageTR(TranslationOptions):
    fields = ("body",)
