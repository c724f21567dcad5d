from modeltranslation.decorators import register
from modeltranslation.translator import TranslationOptions

from offices.models import (
    CountryOfficePage,
    Office,
    OfficeIndexPage,
    Partner,
    ProgrammeIndexPage,
    ProgrammePage,
)


@register(Office)
class OfficeTR(TranslationOptions):
    fields = ("name", "city", "address")
    required_languages = ("en",)


@register(Partner)
class PartnerTR(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(OfficeIndexPage)
class OfficeIndexPageTR(TranslationOptions):
    fields = ()


@register(CountryOfficePage)
class CountryOfficePageTR(TranslationOptions):
    fields = ("body",)


@register(ProgrammeIndexPage)
class ProgrammeIndexPageTR(TranslationOptions):
    fields = ()


@register(ProgrammePage)
class ProgrammePageTR(TranslationOptions):
    fields = ("body", "funding")
