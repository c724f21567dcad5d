"""The demo's Global Compact pledges and reviews, and their index pages.

Facts from the seeds (../shared/seeds/): Finland's actions reported for 2020 (a national
counter-trafficking coordinator, objectives 10, 11 and 14; legislation being prepared so that
municipal staff can help victims of trafficking), and the Norway office's voluntary return
programme (the Oslo office, opened in 2002, runs it; it also helps victims of trafficking travel
home safely). The seeds say nothing of these as pledges, of their timeframes, or of any review:
the texts say so ("example").
"""

from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from offices.pledges import Pledge, Review
from portal.tooling.demo.documents import make_pdf


@dataclass(frozen=True)
class PledgeSpec:
    title: dict
    pledger: dict
    pledger_kind: str
    country: str
    office: str | None
    objectives: tuple
    status: str
    start_year: int
    end_year: int | None
    description: dict
    partners: tuple = field(default_factory=tuple)


PLEDGES = [
    PledgeSpec(
        title={
            "en": "A national coordinator against human trafficking",
            "fi": "Kansallinen ihmiskaupan vastainen koordinaattori",
            "sv": "En nationell samordnare mot människohandel",
        },
        pledger={"en": "Government of Finland", "fi": "Suomen hallitus", "sv": "Finlands regering"},
        pledger_kind=Pledge.Kind.GOVERNMENT,
        country="FI",
        office="FI",
        objectives=(10, 11, 14),
        status=Pledge.Status.FULFILLED,
        start_year=2020,
        end_year=2020,
        description={
            "en": "Example pledge, built from an action Finland reported: in 2020 it created a "
            "post of national coordinator to lead the government's work against human "
            "trafficking and keep in touch with other actors.",
            "fi": "Esimerkkisitoumus Suomen raportoimasta toimesta: vuonna 2020 perustettiin "
            "kansallisen koordinaattorin virka johtamaan valtion ihmiskaupan vastaista työtä.",
        },
    ),
    PledgeSpec(
        title={
            "en": "Help for victims of trafficking from municipal staff",
            "fi": "Kuntien työntekijät ihmiskaupan uhrien tukena",
        },
        pledger={"en": "Government of Finland", "fi": "Suomen hallitus", "sv": "Finlands regering"},
        pledger_kind=Pledge.Kind.GOVERNMENT,
        country="FI",
        office="FI",
        objectives=(10,),
        status=Pledge.Status.PLANNED,
        start_year=2020,
        end_year=None,
        description={
            "en": "Example pledge: Finland reported in 2020 that it was preparing legislation to "
            "make it easier for municipal workers to assist victims of human trafficking. The "
            "status shown here is an example.",
        },
    ),
    PledgeSpec(
        title={
            "en": "Safe and dignified voluntary return from Norway",
            "nb": "Trygg og verdig frivillig retur fra Norge",
        },
        pledger={"en": "Our office in Norway", "nb": "Kontoret vårt i Norge"},
        pledger_kind=Pledge.Kind.INTERNATIONAL,
        country="NO",
        office="NO",
        objectives=(21, 10),
        status=Pledge.Status.IN_PROGRESS,
        start_year=2019,
        end_year=None,
        description={
            "en": "Example pledge about the voluntary return programme the Oslo office runs: "
            "people seeking asylum, people whose application was refused and people without a "
            "residence permit can return home with help, and victims of trafficking are helped "
            "to travel home safely. The start year is an example.",
            "nb": "Eksempel på et tilsagn om det frivillige returprogrammet kontoret i Oslo "
            "driver: asylsøkere, personer med avslag og personer uten oppholdstillatelse kan "
            "reise hjem med hjelp, og ofre for menneskehandel får hjelp til å reise trygt hjem. "
            "Startåret er et eksempel.",
        },
        partners=("un-network",),
    ),
]

REVIEW_DOCUMENT = {
    "title": "Demo: example voluntary national review (Finland)",
    "filename": "demo-example-review-finland.pdf",
    "heading": "Example voluntary national review",
    "paragraphs": (
        "Demo document generated for the migration portal. It is an example, not a real "
        "review: the seeds name no review of the Global Compact.",
        "It lists actions Finland reported for 2020: a national counter-trafficking "
        "coordinator (objectives 10, 11 and 14), and legislation being prepared so that "
        "municipal staff can help victims of trafficking (objective 10).",
    ),
}

REVIEWS = [
    {
        "kind": Review.Kind.NATIONAL,
        "country": "FI",
        "office": "FI",
        "year": 2020,
        "objectives": (10, 11, 14),
        "title": {
            "en": "Example voluntary national review: Finland",
            "fi": "Esimerkki kansallisesta vapaaehtoisesta katsauksesta: Suomi",
            "sv": "Exempel på en frivillig nationell granskning: Finland",
        },
        "summary": {
            "en": "An example review, with a generated document: the demo holds no real one. It "
            "gathers Finland's reported work against human trafficking.",
            "fi": "Esimerkkikatsaus ja sen luotu asiakirja: demossa ei ole todellista katsausta.",
        },
    }
]

INDEX_TITLES = {
    "pledges": {
        "en": "Pledges",
        "fr": "Engagements",
        "es": "Compromisos",
        "nb": "Tilsagn",
        "nl": "Toezeggingen",
        "fi": "Sitoumukset",
        "sv": "Åtaganden",
    },
    "reviews": {
        "en": "Reviews of the Global Compact",
        "fr": "Examens du Pacte mondial",
        "es": "Exámenes del Pacto Mundial",
        "nb": "Gjennomganger av migrasjonsavtalen",
        "nl": "Evaluaties van het Migratiepact",
        "fi": "Muuttoliikesopimuksen katsaukset",
        "sv": "Granskningar av migrationsramverket",
    },
}
INDEX_SUMMARIES = {
    "pledges": {
        "en": "What governments and others have pledged towards the 23 objectives. Demo "
        "content: examples built from reported actions.",
    },
    "reviews": {
        "en": "Voluntary national and regional reviews of the Global Compact. Demo content: "
        "an example.",
    },
}


def index_specs(page_spec, recent):
    """The two index pages, under the home page."""
    return [
        page_spec(
            key=f"{name}-index",
            model=model,
            slug=name,
            title=INDEX_TITLES[name],
            summary=INDEX_SUMMARIES[name],
            fields={"last_reviewed": recent},
        )
        for name, model in (
            ("pledges", "offices.PledgeIndexPage"),
            ("reviews", "offices.ReviewIndexPage"),
        )
    ]


def _document(loader):
    Document = get_document_model()
    spec = REVIEW_DOCUMENT
    document = Document.objects.filter(title=spec["title"]).order_by("pk").first()
    if document is None:
        document = Document(title=spec["title"], uploaded_by_user=loader.admin)
        document.file = ContentFile(
            make_pdf(spec["heading"], list(spec["paragraphs"])), name=spec["filename"]
        )
        document._set_document_file_metadata()
        document.save()
        loader.report.note("created", "documents")
    return document


def load(loader, translated):
    """Upsert the pledges and reviews (by English title) through the loader's `upsert`."""
    for spec in PLEDGES:
        loader.upsert(
            Pledge,
            {"title_en": spec.title["en"]},
            {
                **translated("title", spec.title),
                **translated("pledger", spec.pledger),
                **translated("description", spec.description),
                "pledger_kind": spec.pledger_kind,
                "country": spec.country,
                "office": loader.offices.get(spec.office),
                "status": spec.status,
                "start_year": spec.start_year,
                "end_year": spec.end_year,
            },
            m2m={
                "objectives": [loader.objectives[n] for n in spec.objectives],
                "partners": [loader.partners[key] for key in spec.partners],
            },
        )
    document = _document(loader)
    for spec in REVIEWS:
        loader.upsert(
            Review,
            {"title_en": spec["title"]["en"]},
            {
                **translated("title", spec["title"]),
                **translated("summary", spec["summary"]),
                "kind": spec["kind"],
                "country": spec["country"],
                "office": loader.offices.get(spec["office"]),
                "year": spec["year"],
                "document": document,
                "document_language": "en",
            },
            m2m={"objectives": [loader.objectives[n] for n in spec["objectives"]]},
        )
