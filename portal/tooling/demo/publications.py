"""The demo's publications library: the UN Secretary-General's 2020 report on the Global Compact
(a global publication) and the Global Office's recommendations to the Czech Presidency (the
Brussels office's own), each with generated PDF files in a few languages.

Facts from the seeds (../shared/seeds/004 and 003): the report came out two years after the
compact's adoption on 19 December 2018 and reviewed the progress of the signatory states;
the recommendations are four, each with three points. The files are demo files: each says so,
and summarises the publication in the portal's own words.
"""

import datetime
from dataclasses import dataclass

from portal.tooling.demo import content as c
from portal.tooling.demo.pages import RECOMMENDATIONS_FR, PageSpec

RECENT = c.DEMO_TODAY

LIBRARY_TEXT = {  # lang -> (title, summary)
    "en": ("Publications", "Reports, recommendations, factsheets and briefs from all our offices."),
    "fr": (
        "Publications",
        "Rapports, recommandations, fiches d'information et notes de tous nos bureaux.",
    ),
    "es": (
        "Publicaciones",
        "Informes, recomendaciones, fichas y notas de todas nuestras oficinas.",
    ),
    "nb": (
        "Publikasjoner",
        "Rapporter, anbefalinger, faktaark og notater fra alle kontorene våre.",
    ),
    "nl": ("Publicaties", "Rapporten, aanbevelingen, factsheets en notities van al onze kantoren."),
    "fi": ("Julkaisut", "Kaikkien toimistojemme raportit, suositukset, tietolehtiset ja muistiot."),
    "sv": (
        "Publikationer",
        "Rapporter, rekommendationer, faktablad och promemorior från alla kontor.",
    ),
}

REPORT_TEXT = {  # lang -> (title, summary)
    "en": (
        "Report of the UN Secretary-General on the Global Compact for Migration (2020)",
        "Two years after the compact was adopted, the Secretary-General reviewed what the "
        "signatory states had done towards its 23 objectives, and where the COVID-19 pandemic "
        "had helped or set them back.",
    ),
    "fr": (
        "Rapport du Secrétaire général de l'ONU sur le Pacte mondial sur les migrations (2020)",
        "Deux ans après l'adoption du pacte, le Secrétaire général fait le point sur ce que les "
        "États signataires ont accompli pour ses 23 objectifs, et sur les effets de la pandémie "
        "de COVID-19.",
    ),
    "es": (
        "Informe del Secretario General de la ONU sobre el Pacto Mundial para la Migración (2020)",
        "Dos años después de la aprobación del pacto, el Secretario General examina lo que los "
        "Estados signatarios han hecho para sus 23 objetivos y el efecto de la pandemia de "
        "COVID-19.",
    ),
    "nb": (
        "FNs generalsekretærs rapport om den globale migrasjonsavtalen (2020)",
        "To år etter at avtalen ble vedtatt, gjorde generalsekretæren opp status for hva "
        "landene som sluttet seg til den, hadde gjort for de 23 målene.",
    ),
    "fi": (
        "YK:n pääsihteerin raportti globaalista muuttoliikesopimuksesta (2020)",
        "Kaksi vuotta sopimuksen hyväksymisen jälkeen pääsihteeri arvioi, miten allekirjoittajat "
        "ovat edenneet sen 23 tavoitteen suuntaan.",
    ),
}

RECOMMENDATIONS_TEXT = {  # lang -> (title, summary)
    "en": (
        "Recommendations to the Czech Presidency of the Council of the EU",
        "Four recommendations from our Global Office in Brussels, each with three concrete "
        "steps, from labour mobility to climate resilience.",
    ),
    "fr": (
        "Recommandations à la présidence tchèque du Conseil de l'UE",
        "Quatre recommandations de notre Bureau mondial de Bruxelles, chacune assortie de trois "
        "mesures concrètes, de la mobilité de main-d'œuvre à la résilience climatique.",
    ),
}

DEMO_NOTE = {
    "en": "Demo file generated for the migration portal: a summary in the portal's own words.",
    "fr": "Fichier de démonstration du portail : un résumé rédigé par le portail.",
    "es": "Archivo de demostración del portal: un resumen redactado por el portal.",
}

REPORT_PAGES = {  # lang -> [(heading, paragraphs)], one page each
    "en": [
        (
            "The Global Compact for Migration: two years on",
            [
                "The UN General Assembly endorsed the compact on 19 December 2018. Two years "
                "later, the Secretary-General reported on the progress of the signatory states.",
                "Migration is taken into account in more and more national policies.",
            ],
        ),
        (
            "Progress",
            [
                "- Counter-trafficking measures increased (objectives 10, 11 and 14).",
                "- States took steps against discrimination faced by migrants (objective 17).",
                "- Several states reduced or stopped the detention of migrants in the pandemic.",
            ],
        ),
        (
            "Setbacks",
            [
                "- Closed borders left many migrants stranded (objectives 7, 12 and 13).",
                "- Remittances fell, hurting migrants' families (objective 20).",
            ],
        ),
    ],
    "fr": [
        (
            "Le Pacte mondial sur les migrations, deux ans apres",
            [
                "L'Assemblee generale des Nations Unies a approuve le pacte le 19 decembre 2018. "
                "Deux ans plus tard, le Secretaire general a fait le point sur les progres.",
            ],
        ),
        (
            "Progres et reculs",
            [
                "- Davantage de mesures contre la traite des personnes (objectifs 10, 11 et 14).",
                "- Des frontieres fermees ont bloque de nombreux migrants (objectifs 7, 12, 13).",
            ],
        ),
    ],
    "es": [
        (
            "El Pacto Mundial para la Migracion, dos anos despues",
            [
                "La Asamblea General de las Naciones Unidas aprobo el pacto el 19 de diciembre "
                "de 2018. Dos anos despues, el Secretario General informo sobre los avances.",
            ],
        ),
        (
            "Avances y retrocesos",
            [
                "- Mas medidas contra la trata de personas (objetivos 10, 11 y 14).",
                "- Las remesas disminuyeron durante la pandemia (objetivo 20).",
            ],
        ),
    ],
}


def _recommendation_pages(title, recommendations):
    return [
        (
            f"{title} ({number}/{len(recommendations)})",
            [heading, *(f"- {point}" for point in points)],
        )
        for number, (heading, points) in enumerate(recommendations, start=1)
    ]


def _with_note(pages, lang):
    first_heading, first_paragraphs = pages[0]
    return [(first_heading, [DEMO_NOTE[lang], *first_paragraphs]), *pages[1:]]


@dataclass(frozen=True)
class PublicationDocument:
    key: str
    title: str
    filename: str
    pages: tuple  # (heading, [paragraphs]) per page


def _document(key, lang, title, pages):
    return PublicationDocument(
        key=f"{key}:{lang}",
        title=f"Demo: {title} ({lang})",
        filename=f"demo-{key}-{lang}.pdf",
        pages=tuple(_with_note(pages, lang)),
    )


DOCUMENTS = [
    *(
        _document("sg-report-2020", lang, REPORT_TEXT[lang][0], pages)
        for lang, pages in REPORT_PAGES.items()
    ),
    _document(
        "czech-presidency-recommendations",
        "en",
        RECOMMENDATIONS_TEXT["en"][0],
        _recommendation_pages("Recommendations", c.CZECH_RECOMMENDATIONS),
    ),
    _document(
        "czech-presidency-recommendations",
        "fr",
        RECOMMENDATIONS_TEXT["fr"][0],
        _recommendation_pages("Recommandations", RECOMMENDATIONS_FR),
    ),
]


def report_spec():
    return PageSpec(
        key="publication:sg-report-2020",
        model="portal.PublicationPage",
        slug="secretary-general-report-2020",
        title={lang: t[0] for lang, t in REPORT_TEXT.items()},
        summary={lang: t[1] for lang, t in REPORT_TEXT.items()},
        fields={
            "publication_type": "report",
            "year": 2020,
            "authors": "UN Secretary-General",
            "last_reviewed": RECENT,
        },
        translated={
            "publisher": {"en": "United Nations", "fr": "Nations Unies", "es": "Naciones Unidas"}
        },
        m2m={"objectives": [2, 7, 10, 11, 14, 17, 20, 23]},
        files={lang: f"sg-report-2020:{lang}" for lang in REPORT_PAGES},
    )


def recommendations_spec():
    """The Brussels office's own publication, under its page. The year is the demo's date of
    the matching statement (the seeds give none)."""
    return PageSpec(
        key="publication:czech-presidency",
        model="portal.PublicationPage",
        slug="recommendations-czech-presidency",
        title={lang: t[0] for lang, t in RECOMMENDATIONS_TEXT.items()},
        summary={lang: t[1] for lang, t in RECOMMENDATIONS_TEXT.items()},
        fields={
            "publication_type": "recommendations",
            "year": datetime.date(2022, 7, 1).year,
            "authors": "",
            "last_reviewed": RECENT,
        },
        translated={
            "publisher": {
                "en": "IOM Global Office in Brussels",
                "fr": "Bureau mondial de l'OIM à Bruxelles",
            }
        },
        office="BE",
        m2m={"objectives": [4, 5, 6, 21, 23]},
        files={lang: f"czech-presidency-recommendations:{lang}" for lang in ("en", "fr")},
    )


def library_spec():
    return PageSpec(
        key="publications",
        model="portal.PublicationIndexPage",
        slug="publications",
        title={lang: t[0] for lang, t in LIBRARY_TEXT.items()},
        summary={lang: t[1] for lang, t in LIBRARY_TEXT.items()},
        fields={"last_reviewed": RECENT, "show_in_menus": True},
        children=[report_spec()],
    )


def add_to(tree):
    """Put the library in the menu before "About us", and the Brussels office's publication
    under its page."""
    keys = [child.key for child in tree.children]
    where = keys.index("about") if "about" in keys else len(keys)
    tree.children.insert(where, library_spec())
    office = next(spec for spec in tree.walk() if spec.key == "office:BE")
    office.children.append(recommendations_spec())
    return tree
