"""One factory per page type and structured-data model (wagtail-factories / factory_boy)."""

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from compact.models import CompactIndexPage, CountryAction, Objective, ObjectivePage
from offices.models import (
    CountryOfficePage,
    Office,
    OfficeIndexPage,
    Partner,
    ProgrammeIndexPage,
    ProgrammePage,
)
from offices.pledges import Pledge, PledgeIndexPage, Review, ReviewIndexPage
from portal.core.blocks import BodyBlock
from portal.models import ArticlePage, HomePage, NewsIndexPage, StandardPage
from portal.publications.models import PublicationFile, PublicationIndexPage, PublicationPage
from portal.tooling.demo.documents import make_pages_pdf  # noqa: F401 (tests use f.make_pages_pdf)


class BodyFactory(wagtail_factories.StreamFieldFactory):
    """A body with a heading and a paragraph, built through the shared BodyBlock."""

    class Meta:
        model = BodyBlock


def body(text="Our office gives free advice in many languages."):
    return [
        {"type": "heading", "value": {"text": "Section", "level": "h2"}},
        {"type": "paragraph", "value": f"<p>{text}</p>"},
    ]


class ObjectiveFactory(DjangoModelFactory):
    class Meta:
        model = Objective
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: n % 23 + 1)
    title_en = factory.LazyAttribute(lambda o: f"Objective {o.number} in English")
    summary_en = "What the objective asks of states."


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = Partner

    name_en = factory.Sequence(lambda n: f"Partner {n}")
    kind = Partner.Kind.NGO


class OfficeFactory(DjangoModelFactory):
    class Meta:
        model = Office

    name_en = factory.Sequence(lambda n: f"Office {n}")
    country = "NO"
    city_en = "Oslo"
    email = "office@example.org"
    year_opened = 2002
    languages = ["nb", "en"]


class CountryActionFactory(DjangoModelFactory):
    class Meta:
        model = CountryAction
        skip_postgeneration_save = True

    country = "FI"
    year = 2020
    description_en = "Appointed a national coordinator against human trafficking."
    source_en = "Report of the Secretary-General"

    @factory.post_generation
    def objectives(self, create, extracted, **kwargs):
        if create and extracted:
            self.objectives.set(extracted)
            self.save()  # a parental many-to-many link is written on save


class PledgeFactory(DjangoModelFactory):
    class Meta:
        model = Pledge
        skip_postgeneration_save = True

    title_en = factory.Sequence(lambda n: f"Pledge {n}")
    pledger_en = "Government of Finland"
    pledger_kind = Pledge.Kind.GOVERNMENT
    country = "FI"
    status = Pledge.Status.IN_PROGRESS
    start_year = 2020
    end_year = 2023
    description_en = "What the pledging entity promised to do."

    @factory.post_generation
    def objectives(self, create, extracted, **kwargs):
        if create and extracted:
            self.objectives.set(extracted)
            self.save()  # a parental many-to-many link is written on save


class ReviewFactory(DjangoModelFactory):
    class Meta:
        model = Review
        skip_postgeneration_save = True

    kind = Review.Kind.NATIONAL
    title_en = factory.Sequence(lambda n: f"Review {n}")
    summary_en = "What the review found."
    country = "NO"
    year = 2021

    @factory.post_generation
    def objectives(self, create, extracted, **kwargs):
        if create and extracted:
            self.objectives.set(extracted)
            self.save()


class BasePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Page {n}")
    title_en = factory.SelfAttribute("title")
    summary_en = "A short summary for lists."

    class Meta:
        abstract = True


class HomePageFactory(BasePageFactory):
    class Meta:
        model = HomePage


class StandardPageFactory(BasePageFactory):
    body_en = factory.LazyFunction(body)

    class Meta:
        model = StandardPage


class NewsIndexPageFactory(BasePageFactory):
    class Meta:
        model = NewsIndexPage


class ArticlePageFactory(BasePageFactory):
    body_en = factory.LazyFunction(body)
    author = "Communications team"

    class Meta:
        model = ArticlePage


class OfficeIndexPageFactory(BasePageFactory):
    class Meta:
        model = OfficeIndexPage


class CountryOfficePageFactory(BasePageFactory):
    office = factory.SubFactory(OfficeFactory)
    body_en = factory.LazyFunction(body)

    class Meta:
        model = CountryOfficePage


class ProgrammeIndexPageFactory(BasePageFactory):
    class Meta:
        model = ProgrammeIndexPage


class ProgrammePageFactory(BasePageFactory):
    acronym = "PRG"
    body_en = factory.LazyFunction(body)
    funding_en = "Funded by a ministry."
    countries_of_origin = ["NG", "SN"]
    countries_of_destination = ["NL", "BE"]

    class Meta:
        model = ProgrammePage


class CompactIndexPageFactory(BasePageFactory):
    class Meta:
        model = CompactIndexPage


class ObjectivePageFactory(BasePageFactory):
    objective = factory.SubFactory(ObjectiveFactory)

    class Meta:
        model = ObjectivePage


class PublicationIndexPageFactory(BasePageFactory):
    class Meta:
        model = PublicationIndexPage


class PublicationPageFactory(BasePageFactory):
    publication_type = "report"
    year = 2020
    authors = "Jane Doe; Research unit"
    publisher_en = "Migration portal"

    class Meta:
        model = PublicationPage


def pdf_document(title="Report", pages=2, name="report.pdf"):
    """A wagtaildocs Document holding a real PDF of `pages` pages."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model()(title=title)
    document.file = ContentFile(
        make_pages_pdf([(f"{title} {n}", ["Text."]) for n in range(1, pages + 1)]), name=name
    )
    document._set_document_file_metadata()
    document.save()
    return document


def publication_file(page, language, pages=2):
    """A file of `page` in `language`: a PDF of `pages` pages, saved and published with it."""
    document = pdf_document(f"{page.title} ({language})", pages, f"publication-{language}.pdf")
    return PublicationFile.objects.create(page=page, language=language, document=document)


class PledgeIndexPageFactory(BasePageFactory):
    class Meta:
        model = PledgeIndexPage


class ReviewIndexPageFactory(BasePageFactory):
    class Meta:
        model = ReviewIndexPage
