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
from offices.pledges import Pledge, PledgeIndexPage, Review, ReviewIndexPage


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


@register(Pledge)
class PledgeTR(TranslationOptions):
    fields = ("title", "pledger", "description")
    required_languages = ("en",)


@register(Review)
class ReviewTR(TranslationOptions):
    fields = ("title", "summary")
    required_languages = ("en",)


@register(PledgeIndexPage)
class PledgeIndexPageTR(TranslationOptions):
    fields = ()


@register(ReviewIndexPage)
class ReviewIndexPageTR(TranslationOptions):
    fields = ()
