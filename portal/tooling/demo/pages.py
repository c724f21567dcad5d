"""The demo page tree: which pages exist, where, and what they say in which languages.

Each page is a `PageSpec`. Its English slug is its natural key under its parent; the other
languages' slugs are made from their titles. Languages left out of a dict stay empty on
purpose, so visitors see the English fallback.
"""

import datetime
from dataclasses import dataclass, field

from portal.tooling.demo import content as c
from portal.tooling.demo import pledges as demo_pledges
from portal.tooling.demo.blocks import (
    bullets,
    call_to_action,
    data_listing,
    document,
    heading,
    image,
    numbered_list,
    paragraph,
)


@dataclass
class PageSpec:
    key: str  # how other specs and Refs name this page
    model: str  # "app_label.ModelName"
    slug: str  # English slug: the natural key under the parent
    title: dict
    summary: dict = field(default_factory=dict)
    body: dict = field(default_factory=dict)  # language -> list of raw blocks
    fields: dict = field(default_factory=dict)  # untranslated model fields
    translated: dict = field(default_factory=dict)  # other translated fields: name -> {lang: text}
    office: str | None = None  # country code of the offices.Office (FK "office")
    objective: int | None = None  # number of the compact.Objective (FK "objective")
    m2m: dict = field(default_factory=dict)  # offices: [codes], partners: [keys], objectives: [n]
    tags: list = field(default_factory=list)
    files: dict = field(default_factory=dict)  # a publication's files: language -> document key
    slugs: dict = field(default_factory=dict)  # explicit translated slugs (else from the title)
    children: list = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


RECENT = c.DEMO_TODAY
ALL_LANGS = c.LANGS


def _pick(texts, langs):
    return {lang: texts[lang] for lang in langs if lang in texts}


def _office_langs(code):
    return next(office.languages for office in c.OFFICES if office.country == code)


# --- Titles shared by several pages ---------------------------------------------------------

PROGRAMMES = {
    "en": "Programmes",
    "fr": "Programmes",
    "es": "Programas",
    "nb": "Programmer",
    "nl": "Programma's",
    "fi": "Ohjelmat",
    "sv": "Program",
}
NEWS = {
    "en": "News",
    "fr": "Actualités",
    "es": "Noticias",
    "nb": "Nyheter",
    "nl": "Nieuws",
    "fi": "Uutiset",
    "sv": "Nyheter",
}


# --- Home -------------------------------------------------------------------------------------

HOME_TEXT = {
    "en": {
        "title": "Migration portal",
        "summary": "Our country offices, their programmes and news, and the 23 objectives of "
        "the Global Compact for Migration, in seven languages.",
        "intro": "Since December 1951 our organisation has helped people to move in safety and "
        "dignity. Today it belongs to the United Nations system and counts 175 member states.",
        "more": "Here you will find the offices in Norway, the Netherlands and Finland and the "
        "Global Office in Brussels, what they do, and how countries are putting the Global "
        "Compact for Migration into practice.",
        "alt": "Soft bands of blue and violet, like a northern sky at dusk.",
        "offices": "Where we work",
        "cta": "Read how each office helps migrants and the communities that receive them.",
        "button": "Our offices",
        "compact": "The Global Compact in 23 objectives",
        "compact_cta": "See each objective and what countries have done to reach it.",
        "compact_button": "The 23 objectives",
    },
    "fr": {
        "title": "Portail sur les migrations",
        "summary": "Nos bureaux de pays, leurs programmes et leurs actualités, et les 23 "
        "objectifs du Pacte mondial sur les migrations, en sept langues.",
        "intro": "Depuis décembre 1951, notre organisation aide les personnes à migrer en "
        "sécurité et dans la dignité. Elle fait aujourd'hui partie du système des Nations Unies "
        "et compte 175 États membres.",
        "more": "Vous trouverez ici les bureaux de Norvège, des Pays-Bas et de Finlande ainsi "
        "que le Bureau mondial de Bruxelles, leurs activités, et la façon dont les pays mettent "
        "en œuvre le Pacte mondial sur les migrations.",
        "alt": "Des bandes douces de bleu et de violet, comme un ciel du Nord au crépuscule.",
        "offices": "Où nous travaillons",
        "cta": "Découvrez comment chaque bureau aide les migrants et les communautés qui les "
        "accueillent.",
        "button": "Nos bureaux",
        "compact": "Le Pacte mondial en 23 objectifs",
        "compact_cta": "Consultez chaque objectif et ce que les pays ont fait pour l'atteindre.",
        "compact_button": "Les 23 objectifs",
    },
    "es": {
        "title": "Portal sobre migración",
        "summary": "Nuestras oficinas en los países, sus programas y noticias, y los 23 "
        "objetivos del Pacto Mundial para la Migración, en siete idiomas.",
        "intro": "Desde diciembre de 1951 nuestra organización ayuda a las personas a migrar "
        "con seguridad y dignidad. Hoy forma parte del sistema de las Naciones Unidas y cuenta "
        "con 175 Estados miembros.",
        "more": "Aquí encontrará las oficinas de Noruega, los Países Bajos y Finlandia y la "
        "Oficina Global de Bruselas, su trabajo y cómo los países aplican el Pacto Mundial "
        "para la Migración.",
        "alt": "Franjas suaves de azul y violeta, como un cielo nórdico al anochecer.",
        "offices": "Dónde trabajamos",
        "cta": "Conozca cómo cada oficina ayuda a los migrantes y a las comunidades que los "
        "acogen.",
        "button": "Nuestras oficinas",
        "compact": "El Pacto Mundial en 23 objetivos",
        "compact_cta": "Vea cada objetivo y lo que han hecho los países para alcanzarlo.",
        "compact_button": "Los 23 objetivos",
    },
    "nb": {
        "title": "Migrasjonsportalen",
        "summary": "Landkontorene våre, programmene og nyhetene deres, og de 23 målene i den "
        "globale migrasjonsavtalen, på sju språk.",
        "intro": "Siden desember 1951 har organisasjonen vår hjulpet mennesker med å flytte "
        "trygt og verdig. I dag er den en del av FN-systemet og har 175 medlemsland.",
        "more": "Her finner du kontorene i Norge, Nederland og Finland og det globale kontoret "
        "i Brussel, hva de gjør, og hvordan land følger opp den globale migrasjonsavtalen.",
        "alt": "Myke bånd i blått og fiolett, som en nordisk himmel i skumringen.",
        "offices": "Hvor vi jobber",
        "cta": "Les hvordan hvert kontor hjelper migranter og lokalsamfunnene som tar imot dem.",
        "button": "Kontorene våre",
        "compact": "Migrasjonsavtalen i 23 mål",
        "compact_cta": "Se hvert mål og hva landene har gjort for å nå det.",
        "compact_button": "De 23 målene",
    },
    "nl": {
        "title": "Migratieportaal",
        "summary": "Onze landenkantoren, hun programma's en nieuws, en de 23 doelstellingen "
        "van het Mondiaal Migratiepact, in zeven talen.",
        "intro": "Sinds december 1951 helpt onze organisatie mensen om veilig en waardig te "
        "migreren. Vandaag hoort zij bij het VN-systeem en telt zij 175 lidstaten.",
        "more": "Hier vindt u de kantoren in Noorwegen, Nederland en Finland en het "
        "Wereldkantoor in Brussel, hun werk, en hoe landen het Mondiaal Migratiepact in de "
        "praktijk brengen.",
        "alt": "Zachte banen blauw en violet, als een noordelijke hemel in de schemering.",
        "offices": "Waar we werken",
        "cta": "Lees hoe elk kantoor migranten helpt en de gemeenschappen die hen opvangen.",
        "button": "Onze kantoren",
        "compact": "Het Migratiepact in 23 doelstellingen",
        "compact_cta": "Bekijk elke doelstelling en wat landen hebben gedaan om die te halen.",
        "compact_button": "De 23 doelstellingen",
    },
    "fi": {
        "title": "Muuttoliikeportaali",
        "summary": "Maatoimistomme, niiden ohjelmat ja uutiset sekä globaalin "
        "muuttoliikesopimuksen 23 tavoitetta seitsemällä kielellä.",
        "intro": "Joulukuusta 1951 lähtien järjestömme on auttanut ihmisiä muuttamaan "
        "turvallisesti ja ihmisarvoisesti. Nykyään se kuuluu YK-järjestelmään, ja sillä on "
        "175 jäsenvaltiota.",
        "more": "Täältä löydät Norjan, Alankomaiden ja Suomen toimistot sekä Brysselin "
        "globaalin toimiston, niiden työn ja tiedon siitä, miten valtiot toteuttavat "
        "globaalia muuttoliikesopimusta.",
        "alt": "Pehmeitä sinisiä ja violetteja kaistaleita kuin pohjoinen taivas hämärässä.",
        "offices": "Missä toimimme",
        "cta": "Lue, miten kukin toimisto auttaa siirtolaisia ja heitä vastaanottavia yhteisöjä.",
        "button": "Toimistomme",
        "compact": "Muuttoliikesopimus 23 tavoitteena",
        "compact_cta": "Tutustu jokaiseen tavoitteeseen ja siihen, mitä valtiot ovat tehneet "
        "sen eteen.",
        "compact_button": "23 tavoitetta",
    },
    "sv": {
        "title": "Migrationsportalen",
        "summary": "Våra landskontor, deras program och nyheter, och de 23 målen i det globala "
        "migrationsramverket, på sju språk.",
        "intro": "Sedan december 1951 har vår organisation hjälpt människor att flytta säkert "
        "och värdigt. I dag ingår den i FN-systemet och har 175 medlemsstater.",
        "more": "Här hittar du kontoren i Norge, Nederländerna och Finland och det globala "
        "kontoret i Bryssel, vad de gör och hur länder genomför det globala "
        "migrationsramverket.",
        "alt": "Mjuka band i blått och violett, som en nordisk himmel i skymningen.",
        "offices": "Var vi arbetar",
        "cta": "Läs hur varje kontor hjälper migranter och de samhällen som tar emot dem.",
        "button": "Våra kontor",
        "compact": "Migrationsramverket i 23 mål",
        "compact_cta": "Se varje mål och vad länderna har gjort för att nå det.",
        "compact_button": "De 23 målen",
    },
}


def home_body(t):
    return [
        paragraph(t["intro"], t["more"]),
        image("northern-sky", t["alt"]),
        call_to_action(t["cta"], t["button"], page_key="where-we-work"),
        heading(t["compact"]),
        call_to_action(t["compact_cta"], t["compact_button"], page_key="global-compact"),
    ]


def home_spec(children):
    return PageSpec(
        key="home",
        model="portal.HomePage",
        slug="home",
        title={lang: t["title"] for lang, t in HOME_TEXT.items()},
        summary={lang: t["summary"] for lang, t in HOME_TEXT.items()},
        body={lang: home_body(t) for lang, t in HOME_TEXT.items()},
        fields={"last_reviewed": RECENT},
        slugs={},  # the home page is the site root: its slug never shows in a URL
        children=children,
    )


# --- About us -----------------------------------------------------------------------------

ABOUT_TEXT = {
    "en": {
        "title": "About us",
        "summary": "How a 1951 committee for European migrants became the UN system's "
        "migration organisation.",
        "history": "Our history",
        "p1": "The organisation was set up in December 1951 to help resettle people uprooted "
        "in Europe by the Second World War. Its first name was the Provisional "
        "Intergovernmental Committee for the Movement of Migrants from Europe (PICMME).",
        "names": bullets(
            "1951: PICMME",
            "1952: Intergovernmental Committee for European Migration (ICEM)",
            "1980: Intergovernmental Committee for Migration (ICM)",
            "1989: International Organization for Migration (IOM)",
        ),
        "p2": "On 19 September 2016, at the UN summit on refugees and migrants in New York, "
        "the organisation joined the United Nations system. Its headquarters are in Geneva and "
        "it has 175 member states.",
        "alt": "Overlapping circles in warm and cool colours.",
        "partners": "Who we work with",
        "offices": "Our offices",
    },
    "fr": {
        "title": "À propos",
        "summary": "Comment un comité créé en 1951 pour les migrants européens est devenu "
        "l'organisation des migrations du système des Nations Unies.",
        "history": "Notre histoire",
        "p1": "L'organisation a été créée en décembre 1951 pour aider à réinstaller les "
        "personnes déracinées en Europe par la Seconde Guerre mondiale. Elle s'appelait "
        "d'abord Comité intergouvernemental provisoire pour les mouvements de migrants "
        "d'Europe (PICMME).",
        "names": bullets(
            "1951 : PICMME",
            "1952 : Comité intergouvernemental pour les migrations européennes (CIME)",
            "1980 : Comité intergouvernemental pour les migrations (CIM)",
            "1989 : Organisation internationale pour les migrations (OIM)",
        ),
        "p2": "Le 19 septembre 2016, lors du sommet des Nations Unies sur les réfugiés et les "
        "migrants à New York, l'organisation a rejoint le système des Nations Unies. Son siège "
        "est à Genève et elle compte 175 États membres.",
        "alt": "Des cercles qui se chevauchent, en couleurs chaudes et froides.",
        "partners": "Nos partenaires",
        "offices": "Nos bureaux",
    },
    "es": {
        "title": "Quiénes somos",
        "summary": "Cómo un comité de 1951 para los migrantes europeos llegó a ser la "
        "organización de las migraciones del sistema de las Naciones Unidas.",
        "history": "Nuestra historia",
        "p1": "La organización se creó en diciembre de 1951 para ayudar a reasentar a las "
        "personas desarraigadas en Europa por la Segunda Guerra Mundial. Su primer nombre fue "
        "Comité Intergubernamental Provisional para los Movimientos de Migrantes desde Europa "
        "(PICMME).",
        "names": bullets(
            "1951: PICMME",
            "1952: Comité Intergubernamental para las Migraciones Europeas (CIME)",
            "1980: Comité Intergubernamental para las Migraciones (CIM)",
            "1989: Organización Internacional para las Migraciones (OIM)",
        ),
        "p2": "El 19 de septiembre de 2016, en la cumbre de las Naciones Unidas sobre "
        "refugiados y migrantes celebrada en Nueva York, la organización se incorporó al "
        "sistema de las Naciones Unidas. Su sede está en Ginebra y cuenta con 175 Estados "
        "miembros.",
        "alt": "Círculos superpuestos en colores cálidos y fríos.",
        "partners": "Con quién trabajamos",
        "offices": "Nuestras oficinas",
    },
    "nb": {
        "title": "Om oss",
        "summary": "Hvordan en komité for europeiske migranter fra 1951 ble FN-systemets "
        "migrasjonsorganisasjon.",
        "history": "Historien vår",
        "p1": "Organisasjonen ble opprettet i desember 1951 for å hjelpe mennesker som var "
        "drevet på flukt i Europa under andre verdenskrig, med å finne et nytt hjem. Det "
        "første navnet var PICMME.",
        "names": bullets(
            "1951: PICMME",
            "1952: ICEM",
            "1980: ICM",
            "1989: Den internasjonale organisasjonen for migrasjon (IOM)",
        ),
        "p2": "19. september 2016, under FNs toppmøte om flyktninger og migranter i New York, "
        "ble organisasjonen en del av FN-systemet. Hovedkontoret ligger i Genève, og "
        "organisasjonen har 175 medlemsland.",
        "alt": "Overlappende sirkler i varme og kalde farger.",
        "partners": "Hvem vi samarbeider med",
        "offices": "Kontorene våre",
    },
}
# nl, fi and sv visitors see the English text of this page (their titles are translated).
ABOUT_TITLES = {"nl": "Over ons", "fi": "Tietoa meistä", "sv": "Om oss"}


def about_body(t):
    return [
        heading(t["history"]),
        paragraph(t["p1"], t["names"], t["p2"]),
        image("meeting", t["alt"]),
        data_listing("partners", t["partners"]),
        data_listing("offices", t["offices"]),
    ]


def about_spec():
    about_title = {**{lang: t["title"] for lang, t in ABOUT_TEXT.items()}, **ABOUT_TITLES}
    return PageSpec(
        key="about",
        model="portal.StandardPage",
        slug="about-us",
        title=about_title,
        summary={lang: t["summary"] for lang, t in ABOUT_TEXT.items()},
        body={lang: about_body(t) for lang, t in ABOUT_TEXT.items()},
        fields={"last_reviewed": RECENT, "show_in_menus": True},
    )


# --- Offices --------------------------------------------------------------------------------

OFFICE_PAGE_TEXT = {
    "NO": {
        "slug": "norway",
        "last_reviewed": datetime.date(2017, 3, 1),
        "image": (
            "fjord",
            {
                "en": "Layers of deep and pale blue, like a fjord.",
                "nb": "Lag av mørk og lys blått, som en fjord.",
            },
        ),
        "en": {
            "title": "Norway",
            "summary": "The Oslo office, opened in 2002, runs Norway's voluntary return "
            "programme and prepares resettled refugees and the municipalities that receive "
            "them.",
            "paras": [
                (
                    "What we do in Norway",
                    [
                        "The Oslo office opened in 2002 and runs the voluntary return programme. "
                        "It is open to asylum seekers whose application is still being processed, "
                        "has been refused or has been withdrawn, and to people who stay in Norway "
                        "without a valid residence permit.",
                        "The office provides information and advice, travel documents, the "
                        "journey itself and follow-up after arrival. It also helps victims of "
                        "trafficking and other vulnerable people to travel home safely.",
                    ],
                ),
                (
                    "Preparing refugees and municipalities",
                    [
                        "Before quota refugees travel to Norway, our trainers visit them in the "
                        "country where they are staying and run courses on Norwegian society and "
                        "everyday life. Municipalities that are about to welcome refugees get "
                        "courses on the newcomers' cultural background.",
                        "We also give talks at schools, universities and organisations on "
                        "migration, refugees and communication across cultures.",
                    ],
                ),
                (
                    "Advice in many languages",
                    [
                        "Our staff in central Oslo speak many languages. Advice is free and "
                        "confidential, and you do not need to give your name.",
                        "When this page was last reviewed the organisation had 165 member states "
                        "and 8 observer states, and offices in more than 100 countries.",
                    ],
                ),
            ],
        },
        "nb": {
            "title": "Norge",
            "summary": "Kontoret i Oslo åpnet i 2002. Det driver det frivillige "
            "returprogrammet i Norge og forbereder overføringsflyktninger og kommunene som "
            "tar imot dem.",
            "paras": [
                (
                    "Dette gjør vi i Norge",
                    [
                        "Oslo-kontoret åpnet i 2002 og driver programmet for frivillig retur. "
                        "Tilbudet gjelder asylsøkere som venter på svar, har fått avslag eller har "
                        "trukket søknaden, og personer som oppholder seg i Norge uten gyldig "
                        "oppholdstillatelse.",
                        "Kontoret gir informasjon og råd, skaffer reisedokumenter, organiserer "
                        "reisen og følger opp etter hjemkomsten. Vi hjelper også ofre for "
                        "menneskehandel og andre sårbare personer med å reise trygt hjem.",
                    ],
                ),
                (
                    "Vi forbereder flyktninger og kommuner",
                    [
                        "Før kvoteflyktninger reiser til Norge, besøker kursholderne våre dem i "
                        "landet der de oppholder seg, og holder kurs om norsk samfunn og hverdag. "
                        "Kommuner som skal bosette flyktninger, får kurs om de nye innbyggernes "
                        "kulturbakgrunn.",
                        "Vi holder også foredrag for skoler, universiteter og organisasjoner om "
                        "migrasjon, flyktninger og kommunikasjon på tvers av kulturer.",
                    ],
                ),
                (
                    "Råd på mange språk",
                    [
                        "De ansatte i Oslo sentrum snakker mange språk. Rådene er gratis og "
                        "fortrolige, og du trenger ikke å oppgi navnet ditt.",
                        "Da denne siden sist ble gjennomgått, hadde organisasjonen 165 medlemsland "
                        "og 8 observatørstater, og kontorer i over 100 land.",
                    ],
                ),
            ],
        },
    },
    "NL": {
        "slug": "netherlands",
        "last_reviewed": datetime.date(2026, 9, 15),
        "image": (
            "polder",
            {
                "en": "Slanted bands of ochre and green, like fields in a polder.",
                "nl": "Schuine banen oker en groen, als akkers in een polder.",
            },
        ),
        "en": {
            "title": "Netherlands",
            "summary": "The office in The Hague supports migrants through projects on "
            "voluntary return, resettlement, family reunification, integration, migration and "
            "development, and labour mobility.",
            "paras": [
                (
                    "What we do in the Netherlands",
                    [
                        "Our Dutch office runs projects on voluntary return, resettlement, family "
                        "reunification, integration, migration and development, and labour "
                        "mobility.",
                        "We start from the conviction that migration which is humane and orderly "
                        "is good for migrants and for society as a whole. Below are examples of "
                        "our "
                        "labour mobility and development work.",
                    ],
                ),
            ],
        },
        "nl": {
            "title": "Nederland",
            "summary": "Het kantoor in Den Haag steunt migranten met projecten voor vrijwillige "
            "terugkeer, hervestiging, gezinshereniging, integratie, migratie en ontwikkeling, "
            "en arbeidsmobiliteit.",
            "paras": [
                (
                    "Ons werk in Nederland",
                    [
                        "Ons Nederlandse kantoor voert projecten uit op het gebied van vrijwillige "
                        "terugkeer, hervestiging, gezinshereniging, integratie, migratie en "
                        "ontwikkeling, en arbeidsmobiliteit.",
                        "Wij gaan ervan uit dat humane en ordelijke migratie goed is voor "
                        "migranten en voor de hele samenleving. Hieronder staan voorbeelden van "
                        "ons werk rond "
                        "arbeidsmobiliteit en ontwikkeling.",
                    ],
                ),
            ],
        },
    },
    "FI": {
        "slug": "finland",
        "last_reviewed": datetime.date(2026, 10, 5),
        "image": None,
        "en": {
            "title": "Finland",
            "summary": "Present in Finland since 1993, the Helsinki office also covers Sweden "
            "and Iceland.",
            "paras": [
                (
                    "What we do in Finland, Sweden and Iceland",
                    [
                        "We have worked in Finland since 1993, and the Helsinki office also covers "
                        "Sweden and Iceland.",
                        "We help migrants to settle in and take part in society, promote "
                        "development cooperation, assist victims of human trafficking, and take "
                        "part in refugee resettlement and in voluntary returns.",
                    ],
                ),
            ],
        },
        "fi": {
            "title": "Suomi",
            "summary": "Olemme toimineet Suomessa vuodesta 1993, ja Helsingin toimisto vastaa "
            "myös Ruotsista ja Islannista.",
            "paras": [
                (
                    "Työmme Suomessa, Ruotsissa ja Islannissa",
                    [
                        "Olemme toimineet Suomessa vuodesta 1993, ja Helsingin toimisto vastaa "
                        "myös "
                        "Ruotsin ja Islannin toiminnasta.",
                        "Tuemme siirtolaisten kotoutumista, edistämme kehitysyhteistyötä, autamme "
                        "ihmiskaupan uhreja sekä osallistumme pakolaisten uudelleensijoittamiseen "
                        "ja vapaaehtoiseen paluuseen.",
                    ],
                ),
            ],
        },
        "sv": {
            "title": "Finland",
            "summary": "Vi har funnits i Finland sedan 1993, och kontoret i Helsingfors "
            "ansvarar även för Sverige och Island.",
            "paras": [
                (
                    "Vårt arbete i Finland, Sverige och Island",
                    [
                        "Vi har arbetat i Finland sedan 1993, och kontoret i Helsingfors ansvarar "
                        "även för Sverige och Island.",
                        "Vi stöder migranters integration, främjar utvecklingssamarbete, hjälper "
                        "offer för människohandel och deltar i vidarebosättning av flyktingar och "
                        "i frivilligt återvändande.",
                    ],
                ),
            ],
        },
    },
    "BE": {
        "slug": "global-office-in-brussels",
        "last_reviewed": datetime.date(2026, 10, 20),
        "image": None,
        "en": {
            "title": "Global Office in Brussels",
            "summary": "Our liaison and coordination office for the institutions, bodies and "
            "agencies of the European Union, since September 2011.",
            "paras": [
                (
                    "Our link with the European Union",
                    [
                        "The Global Office in Brussels is our liaison and coordination office for "
                        "the EU's institutions, bodies and agencies. The liaison began in "
                        "September "
                        "2011, when the Lisbon Treaty and EU enlargement had made migration and "
                        "asylum policy more central than ever.",
                        "The office offers evidence-based advice on migration policy and "
                        "programmes, and supports our offices around the world in their EU "
                        "advocacy and with EU-funded projects.",
                        "It also hosts projects run from the centre, such as the EU Readmission "
                        "Capacity Building Facility (EURCAP) and the election support projects.",
                    ],
                ),
                (
                    "Partners",
                    [
                        "We work with partners on policy, programmes, research and advocacy:",
                        bullets(
                            "EU institutions and agencies",
                            "UN agencies",
                            "trade unions",
                            "the private sector",
                            "academia and think tanks",
                            "NGOs",
                            "regional and international organisations",
                            "the media",
                        ),
                    ],
                ),
                (
                    "What we work towards",
                    [
                        "European policies and cooperation that lead to safer and regular "
                        "migration, inclusion and social cohesion, protection for migrants in "
                        "vulnerable situations, return and reintegration that respect migrants' "
                        "rights, and answers to displacement linked to climate change.",
                    ],
                ),
            ],
        },
        "fr": {
            "title": "Bureau mondial de Bruxelles",
            "summary": "Notre bureau de liaison et de coordination auprès des institutions, "
            "organes et agences de l'Union européenne, depuis septembre 2011.",
            "paras": [
                (
                    "Notre lien avec l'Union européenne",
                    [
                        "Le Bureau mondial de Bruxelles assure la liaison et la coordination avec "
                        "les institutions, organes et agences de l'UE. Cette liaison a commencé en "
                        "septembre 2011, lorsque le traité de Lisbonne et l'élargissement de l'UE "
                        "avaient placé les politiques de migration et d'asile au premier plan.",
                        "Le bureau fournit des conseils fondés sur des données probantes et aide "
                        "nos bureaux dans le monde dans leur plaidoyer auprès de l'UE et pour les "
                        "projets financés par l'UE.",
                        "Il accueille aussi des projets gérés de manière centralisée, comme la "
                        "Facilité de renforcement des capacités de réadmission de l'UE (EURCAP) et "
                        "les projets d'appui électoral.",
                    ],
                ),
                (
                    "Partenaires",
                    [
                        "Nous travaillons avec des partenaires sur les politiques, les programmes, "
                        "la recherche et le plaidoyer :",
                        bullets(
                            "institutions et agences de l'UE",
                            "agences des Nations Unies",
                            "syndicats",
                            "secteur privé",
                            "universités et groupes de réflexion",
                            "ONG",
                            "organisations régionales et internationales",
                            "médias",
                        ),
                    ],
                ),
                (
                    "Nos objectifs",
                    [
                        "Des politiques européennes qui mènent à des migrations plus sûres et "
                        "régulières, à l'inclusion et à la cohésion sociale, à la protection des "
                        "migrants vulnérables, à des retours respectueux des droits et à des "
                        "réponses aux déplacements liés au changement climatique.",
                    ],
                ),
            ],
        },
    },
}


def office_body(text, image_spec, lang):
    blocks = []
    for number, (title, paras) in enumerate(text["paras"]):
        blocks += [heading(title), paragraph(*paras)]
        if number == 0 and image_spec and lang in image_spec[1]:
            blocks.append(image(image_spec[0], image_spec[1][lang]))
    if any("Partners" in title or "Partenaires" in title for title, _ in text["paras"]):
        blocks.append(data_listing("partners"))
    return blocks


def office_spec(code):
    data = OFFICE_PAGE_TEXT[code]
    langs = [lang for lang in _office_langs(code) if lang in data]
    children = [
        PageSpec(
            key=f"programmes:{code}",
            model="offices.ProgrammeIndexPage",
            slug="programmes",
            title=_pick(PROGRAMMES, langs),
            fields={"last_reviewed": data["last_reviewed"]},
            children=[programme_spec(p) for p in PROGRAMMES_DATA if p.office == code],
        )
    ]
    articles = OFFICE_ARTICLES.get(code, [])
    if articles:
        children.append(
            PageSpec(
                key=f"news:{code}",
                model="portal.NewsIndexPage",
                slug="news",
                title=_pick(NEWS, langs),
                fields={"last_reviewed": data["last_reviewed"]},
                children=[make() for make in articles],
            )
        )
    return PageSpec(
        key=f"office:{code}",
        model="offices.CountryOfficePage",
        slug=data["slug"],
        title={lang: data[lang]["title"] for lang in langs},
        summary={lang: data[lang]["summary"] for lang in langs},
        body={lang: office_body(data[lang], data["image"], lang) for lang in langs},
        fields={"last_reviewed": data["last_reviewed"]},
        office=code,
        children=children,
    )


WHERE_WE_WORK_TEXT = {  # lang -> (title, summary)
    "en": (
        "Where we work",
        "Our offices in Norway, the Netherlands and Finland, and our Global Office in Brussels.",
    ),
    "fr": (
        "Où nous travaillons",
        "Nos bureaux en Norvège, aux Pays-Bas et en Finlande, et "
        "notre Bureau mondial de Bruxelles.",
    ),
    "es": ("Dónde trabajamos", ""),
    "nb": (
        "Hvor vi jobber",
        "Kontorene våre i Norge, Nederland og Finland, og det globale kontoret i Brussel.",
    ),
    "nl": (
        "Waar we werken",
        "Onze kantoren in Noorwegen, Nederland en Finland, en ons Wereldkantoor in Brussel.",
    ),
    "fi": (
        "Missä toimimme",
        "Toimistomme Norjassa, Alankomaissa ja Suomessa sekä globaali toimistomme Brysselissä.",
    ),
    "sv": (
        "Var vi arbetar",
        "Våra kontor i Norge, Nederländerna och Finland och vårt globala kontor i Bryssel.",
    ),
}


def office_index_spec():
    """ "Where we work": a page an office, each with its programmes and news."""
    return PageSpec(
        key="where-we-work",
        model="offices.OfficeIndexPage",
        slug="where-we-work",
        title={lang: t[0] for lang, t in WHERE_WE_WORK_TEXT.items()},
        summary={lang: t[1] for lang, t in WHERE_WE_WORK_TEXT.items() if t[1]},
        fields={"last_reviewed": RECENT, "show_in_menus": True},
        children=[office_spec(office.country) for office in c.OFFICES],
    )


# --- Programmes -----------------------------------------------------------------------------


@dataclass
class Programme:
    slug: str
    office: str
    text: dict  # lang -> (title, summary, [paragraphs])
    objectives: list
    acronym: str = ""
    partners: list = field(default_factory=list)
    origin: list = field(default_factory=list)
    destination: list = field(default_factory=list)
    funding: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)  # lang -> extra blocks after the text


IRIS_PRIORITIES = {
    "en": [
        "Raising awareness and building capacity",
        "Empowering migrant workers",
        "Regulating international recruitment",
        "Voluntary certification of recruitment agencies",
        "Cooperation and communication between stakeholders",
    ],
}

PROGRAMMES_DATA = [
    Programme(
        "voluntary-return",
        "NO",
        {
            "en": (
                "Voluntary return from Norway",
                "Help for asylum seekers and people without a residence permit who choose to "
                "go back to their country of origin.",
                [
                    "People who have applied for asylum in Norway, whether their case is "
                    "pending, refused or withdrawn, and people without a valid residence "
                    "permit can choose to return with our help.",
                    "We provide advice, travel documents and the journey, and follow up after "
                    "arrival.",
                ],
            ),
            "nb": (
                "Frivillig retur fra Norge",
                "Hjelp til asylsøkere og personer uten oppholdstillatelse som velger å reise "
                "tilbake til hjemlandet.",
                [
                    "Personer som har søkt asyl i Norge, enten saken er til behandling, har "
                    "fått avslag eller er trukket, og personer uten gyldig oppholdstillatelse, "
                    "kan velge å reise hjem med vår hjelp.",
                    "Vi gir råd, skaffer reisedokumenter, organiserer reisen og følger opp "
                    "etter hjemkomsten.",
                ],
            ),
        },
        objectives=[21],
        origin=["NO"],
    ),
    Programme(
        "cultural-orientation",
        "NO",
        {
            "en": (
                "Cultural orientation for resettled refugees",
                "Courses for quota refugees before they travel to Norway, and for the "
                "municipalities that will receive them.",
                [
                    "Our trainers travel to the countries where quota refugees are waiting and "
                    "teach them about Norwegian society and daily life, so that settling in "
                    "becomes easier.",
                    "We also visit the receiving municipalities and explain the refugees' "
                    "cultural background, so that they are well prepared.",
                ],
            ),
            "nb": (
                "Kulturorientering for overføringsflyktninger",
                "Kurs for kvoteflyktninger før de reiser til Norge, og for kommunene som skal "
                "ta imot dem.",
                [
                    "Kursholderne våre reiser til landene der kvoteflyktningene venter, og "
                    "underviser om norsk samfunn og hverdagsliv, slik at det blir lettere å "
                    "etablere seg.",
                    "Vi besøker også kommunene som skal bosette flyktningene, og forteller om "
                    "flyktningenes kulturbakgrunn.",
                ],
            ),
        },
        objectives=[3, 16],
        destination=["NO"],
    ),
    Programme(
        "victims-of-trafficking",
        "NO",
        {
            "en": (
                "Assistance to victims of trafficking",
                "Safe return home for victims of human trafficking and other vulnerable migrants.",
                [
                    "We help victims of trafficking and other people in vulnerable situations "
                    "to return home safely and get support when they arrive.",
                ],
            ),
            "nb": (
                "Hjelp til ofre for menneskehandel",
                "Trygg hjemreise for ofre for menneskehandel og andre sårbare migranter.",
                [
                    "Vi hjelper ofre for menneskehandel og andre i en sårbar situasjon med å "
                    "reise trygt hjem og få støtte når de kommer fram.",
                ],
            ),
        },
        objectives=[10, 21],
        origin=["NO"],
    ),
    Programme(
        "match",
        "NL",
        {
            "en": (
                "MATCH: Hiring African talents",
                "Labour mobility from Nigeria and Senegal to companies in Italy, Belgium, "
                "Luxembourg and the Netherlands that cannot find the skills they need.",
                [
                    "MATCH links companies with proven shortages of highly skilled staff in "
                    "four European countries with talented workers from Nigeria and Senegal, "
                    "who are hired for one to two years.",
                    "This circular migration helps the labour market here and the countries "
                    "of origin, where the workers bring their new experience home.",
                    "In the Netherlands we run MATCH with the Netherlands-Africa Business "
                    "Council. A Clingendael report on circular migration named it a promising "
                    "initiative.",
                ],
            ),
            "nl": (
                "MATCH: Hiring African talents",
                "Arbeidsmobiliteit uit Nigeria en Senegal naar bedrijven in Italië, België, "
                "Luxemburg en Nederland die de kennis die zij nodig hebben niet kunnen vinden.",
                [
                    "MATCH brengt bedrijven met aantoonbare tekorten aan hoogopgeleid personeel "
                    "in vier Europese landen in contact met talent uit Nigeria en Senegal, dat "
                    "voor een tot twee jaar wordt aangenomen.",
                    "Deze circulaire migratie helpt de arbeidsmarkt hier en in de landen van "
                    "herkomst, waar de werknemers hun nieuwe ervaring mee naartoe nemen.",
                    "In Nederland voeren wij MATCH uit met de Netherlands-Africa Business "
                    "Council. Een rapport van Clingendael over circulaire migratie noemde het "
                    "een veelbelovend initiatief.",
                ],
            ),
        },
        objectives=[5, 6, 18],
        acronym="MATCH",
        partners=["nabc"],
        origin=["NG", "SN"],
        destination=["IT", "BE", "LU", "NL"],
    ),
    Programme(
        "cd4d2",
        "NL",
        {
            "en": (
                "Connecting Diaspora for Development",
                "Diaspora experts from the Netherlands share their knowledge with institutions "
                "in Afghanistan, Iraq, Nigeria and Somalia.",
                [
                    "Together with the Ministry of Foreign Affairs we chose sectors and "
                    "institutions where development matters most, such as ministries, "
                    "education, health care, and justice and the rule of law.",
                    "Diaspora experts then spend short assignments in their country of origin "
                    "and pass on what they know. Their skills, cultural ties and commitment "
                    "give them a unique place in development cooperation.",
                ],
            ),
            "nl": (
                "Connecting Diaspora for Development",
                "Diaspora-experts uit Nederland delen hun kennis met instellingen in "
                "Afghanistan, Irak, Nigeria en Somalië.",
                [
                    "Samen met het Ministerie van Buitenlandse Zaken kozen we sectoren en "
                    "instellingen waar ontwikkeling het meest nodig is, zoals ministeries, "
                    "onderwijs, gezondheidszorg, en justitie en rechtsstaat.",
                    "Diaspora-experts gaan vervolgens voor korte opdrachten naar hun land van "
                    "herkomst en dragen hun kennis over. Door hun expertise, culturele band en "
                    "betrokkenheid hebben zij een unieke plaats in ontwikkelingssamenwerking.",
                ],
            ),
        },
        objectives=[19],
        acronym="CD4D2",
        partners=["nl-mfa"],
        origin=["AF", "IQ", "NG", "SO"],
        funding={
            "en": "Netherlands Ministry of Foreign Affairs",
            "nl": "Ministerie van Buitenlandse Zaken",
        },
    ),
    Programme(
        "iris-ethical-recruitment",
        "NL",
        {
            # Left in English only: Dutch visitors see the English fallback.
            "en": (
                "IRIS: Ethical Recruitment",
                "A multi-stakeholder initiative for fair international recruitment of migrant "
                "workers.",
                [
                    "IRIS supports governments, civil society, businesses and recruitment "
                    "agencies in making cross-border labour recruitment ethical, so that it is "
                    "fair for everyone involved.",
                    "Its priorities are:",
                ],
            ),
        },
        objectives=[6],
        acronym="IRIS",
        extra={"en": [numbered_list(*((p, []) for p in IRIS_PRIORITIES["en"]))]},
    ),
    Programme(
        "integration",
        "FI",
        {
            "en": (
                "Integration of migrants",
                "Support for migrants settling in Finland, Sweden and Iceland.",
                [
                    "We help migrants to find their way in their new society and to take part "
                    "in it fully."
                ],
            ),
            "fi": (
                "Siirtolaisten kotoutuminen",
                "Tukea Suomeen, Ruotsiin ja Islantiin asettuville siirtolaisille.",
                [
                    "Autamme siirtolaisia löytämään paikkansa uudessa yhteiskunnassa ja "
                    "osallistumaan siihen täysipainoisesti."
                ],
            ),
            "sv": (
                "Integration av migranter",
                "Stöd till migranter som bosätter sig i Finland, Sverige och Island.",
                [
                    "Vi hjälper migranter att hitta sin plats i sitt nya samhälle och att delta "
                    "fullt ut i det."
                ],
            ),
        },
        objectives=[15, 16],
        destination=["FI", "SE", "IS"],
    ),
    Programme(
        "counter-trafficking",
        "FI",
        {
            "en": (
                "Counter-trafficking",
                "Assistance to victims of human trafficking.",
                [
                    "We identify and assist victims of trafficking and work with the authorities "
                    "and other actors against human trafficking."
                ],
            ),
            "fi": (
                "Ihmiskaupan vastainen työ",
                "Apua ihmiskaupan uhreille.",
                [
                    "Tunnistamme ja autamme ihmiskaupan uhreja ja teemme yhteistyötä "
                    "viranomaisten ja muiden toimijoiden kanssa ihmiskauppaa vastaan."
                ],
            ),
            # No Swedish text: Swedish visitors see the English fallback.
        },
        objectives=[10],
    ),
    Programme(
        "resettlement",
        "FI",
        {
            "en": (
                "Refugee resettlement",
                "Helping refugees chosen for resettlement to travel to Finland safely.",
                [
                    "We take part in resettling refugees, from preparing their journey to "
                    "their arrival."
                ],
            ),
            "fi": (
                "Pakolaisten uudelleensijoittaminen",
                "Autamme uudelleensijoitettavaksi valittuja pakolaisia matkustamaan "
                "turvallisesti Suomeen.",
                [
                    "Osallistumme pakolaisten uudelleensijoittamiseen matkan valmistelusta "
                    "perille saapumiseen."
                ],
            ),
            "sv": (
                "Vidarebosättning av flyktingar",
                "Vi hjälper flyktingar som valts ut för vidarebosättning att resa säkert till "
                "Finland.",
                [
                    "Vi deltar i vidarebosättningen av flyktingar, från förberedelserna inför "
                    "resan till ankomsten."
                ],
            ),
        },
        objectives=[5, 16],
        destination=["FI"],
    ),
    Programme(
        "voluntary-return-finland",
        "FI",
        {
            "en": (
                "Voluntary return from Finland",
                "Support for migrants who decide to return to their country of origin.",
                [
                    "We organise safe and dignified voluntary returns and help people to "
                    "start again once they are home."
                ],
            ),
            "fi": (
                "Vapaaehtoinen paluu Suomesta",
                "Tukea siirtolaisille, jotka päättävät palata kotimaahansa.",
                [
                    "Järjestämme turvallisia ja ihmisarvoisia vapaaehtoisia paluita ja autamme "
                    "ihmisiä aloittamaan alusta kotimaassaan."
                ],
            ),
        },
        objectives=[21],
        origin=["FI"],
    ),
    Programme(
        "eurcap",
        "BE",
        {
            "en": (
                "EU Readmission Capacity Building Facility",
                "A facility hosted by the Global Office that helps countries build their "
                "capacity for readmission.",
                [
                    "EURCAP is run centrally from Brussels. It supports cooperation on "
                    "readmission, safe and dignified return and sustainable reintegration.",
                ],
            ),
            "fr": (
                "Facilité de renforcement des capacités de réadmission de l'UE",
                "Une facilité accueillie par le Bureau mondial, qui aide les pays à renforcer "
                "leurs capacités en matière de réadmission.",
                [
                    "EURCAP est géré de manière centralisée depuis Bruxelles. Il soutient la "
                    "coopération en matière de réadmission, de retour sûr et digne et de "
                    "réintégration durable.",
                ],
            ),
        },
        objectives=[21],
        acronym="EURCAP",
        partners=["european-commission"],
        funding={"en": "European Union", "fr": "Union européenne"},
    ),
    Programme(
        "election-support",
        "BE",
        {
            # English only on purpose.
            "en": (
                "Election support",
                "Election support projects, such as election observation missions, run from "
                "the Global Office in Brussels.",
                [
                    "The Global Office hosts our election support unit, whose projects include "
                    "election observation missions.",
                ],
            ),
        },
        objectives=[],
    ),
]


def programme_spec(programme):
    office_langs = _office_langs(programme.office)
    body = {}
    for lang, (_title, _summary, paras) in programme.text.items():
        body[lang] = [paragraph(*paras), *programme.extra.get(lang, [])]
    return PageSpec(
        key=f"programme:{programme.slug}",
        model="offices.ProgrammePage",
        slug=programme.slug,
        title={lang: text[0] for lang, text in programme.text.items()},
        summary={lang: text[1] for lang, text in programme.text.items()},
        body=body,
        fields={
            "acronym": programme.acronym,
            "status": "active",
            "countries_of_origin": programme.origin,
            "countries_of_destination": programme.destination,
            "last_reviewed": RECENT if programme.office != "NO" else datetime.date(2017, 3, 1),
        },
        translated={"funding": _pick(programme.funding, office_langs)},
        m2m={
            "offices": [programme.office],
            "partners": programme.partners,
            "objectives": programme.objectives,
        },
    )


PROGRAMMES_SUMMARY = {
    "en": "Every programme our offices run, with the countries and objectives it serves.",
    "fr": "Tous les programmes de nos bureaux, avec les pays et les objectifs concernés.",
    "nl": "Alle programma's van onze kantoren, met de landen en doelstellingen waarvoor ze werken.",
}


def programme_index_spec():
    """The site-wide programme index (it lists every office's programmes)."""
    return PageSpec(
        key="programmes",
        model="offices.ProgrammeIndexPage",
        slug="programmes",
        title=PROGRAMMES,
        summary=PROGRAMMES_SUMMARY,
        fields={"last_reviewed": RECENT, "show_in_menus": True},
    )


# --- Articles -------------------------------------------------------------------------------

RECOMMENDATIONS_FR = (
    (
        "Des voies d'inclusion et de mobilité de main-d'œuvre souples et durables",
        (
            "Concrétiser le plan d'action de l'UE en faveur de l'intégration et de l'inclusion, "
            "en tenant compte de l'âge, du genre et du handicap, et œuvrer à l'égalité de "
            "traitement de toutes les personnes déplacées.",
            "Rendre les procédures de migration de travail claires, rapides et prévisibles, et "
            "associer les employeurs dès le départ.",
            "Garder le développement durable et la prospérité partagée au cœur des partenariats "
            "avec les pays d'origine et de transit.",
        ),
    ),
    (
        "Outils numériques et identité légale pour une mobilité sûre et ordonnée",
        (
            "Aider les migrants des pays d'origine et de transit à obtenir une identité légale, "
            "base du développement et d'une migration sûre et régulière.",
            "Inscrire la mobilité humaine à l'agenda mondial de la santé et bâtir un consensus "
            "sur la gestion des frontières en temps de pandémie.",
            "Encourager des outils numériques compatibles entre eux, dans l'UE et au-delà.",
        ),
    ),
    (
        "Dialogue et partenariats pour la réadmission, le retour et une réintégration durable",
        (
            "Mieux collecter les données sur la réadmission et intégrer retour, réadmission et "
            "réintégration dans la coopération plus large sur la migration et le développement.",
            "Mettre en œuvre la stratégie de l'UE en matière de retour volontaire et de "
            "réintégration, avec un soutien adapté à chaque personne et au contexte local.",
            "Tirer parti des acquis du fonds fiduciaire d'urgence de l'UE pour l'Afrique et "
            "protéger les migrants tout au long de leur parcours.",
        ),
    ),
    (
        "Adaptation au climat et résilience des personnes les plus exposées",
        (
            "Renforcer le soutien aux pays et aux personnes les plus exposés aux effets du "
            "changement climatique.",
            "Financer des stratégies, programmes et projets d'adaptation qui réduisent les "
            "déplacements liés au climat.",
            "Obtenir des engagements plus fermes des États membres, des institutions de l'UE "
            "et de la communauté internationale face aux pertes et préjudices, y compris les "
            "déplacements.",
        ),
    ),
)


def brussels_statement():
    text = {
        "en": (
            "Four recommendations to the Czech Presidency of the Council of the EU",
            "Our Global Office in Brussels asks the Czech Presidency to advance four areas, "
            "from labour mobility to climate resilience.",
            "As the Czech Republic takes over the Presidency of the Council of the European "
            "Union, the Global Office in Brussels sets out four recommendations, each with "
            "three concrete steps.",
            "Download the recommendations (PDF)",
        ),
        "fr": (
            "Quatre recommandations à la présidence tchèque du Conseil de l'UE",
            "Notre Bureau mondial de Bruxelles invite la présidence tchèque à progresser dans "
            "quatre domaines, de la mobilité de main-d'œuvre à la résilience climatique.",
            "Alors que la République tchèque prend la présidence du Conseil de l'Union "
            "européenne, le Bureau mondial de Bruxelles présente quatre recommandations, "
            "chacune assortie de trois mesures concrètes.",
            "Télécharger les recommandations (PDF, en anglais)",
        ),
    }
    lists = {"en": c.CZECH_RECOMMENDATIONS, "fr": RECOMMENDATIONS_FR}
    return PageSpec(
        key="article:czech-presidency",
        model="portal.ArticlePage",
        slug="four-recommendations-czech-presidency",
        title={lang: t[0] for lang, t in text.items()},
        summary={lang: t[1] for lang, t in text.items()},
        body={
            lang: [
                paragraph(t[2]),
                numbered_list(*lists[lang]),
                document("czech-recommendations", t[3]),
            ]
            for lang, t in text.items()
        },
        fields={
            "kind": "statement",
            "date": datetime.date(2022, 7, 1),
            "author": "Global Office in Brussels",
            "last_reviewed": RECENT,
        },
        office="BE",
        m2m={"objectives": [4, 5, 6, 21, 23]},
        tags=["EU", "Council presidency", "recommendations"],
        slugs={
            "en": "four-recommendations-czech-presidency",
            "fr": "quatre-recommandations-presidence-tcheque",
        },
    )


BLOG_SECTIONS = {
    "en": [
        (
            "A compact of 23 objectives",
            [
                "On 19 December 2018 the UN General Assembly endorsed the Global Compact for Safe, "
                "Orderly and Regular Migration. More than 160 states, Finland among them, adopted "
                "it. It is the first agreement of its kind and it is not legally binding.",
                "Its 23 objectives build on the 2030 Agenda, in particular target 10.7 on orderly, "
                "safe and regular migration. Member states are responsible for reaching them.",
            ],
        ),
        (
            "What two years have changed",
            [
                "A report of the UN Secretary-General took stock two years after the adoption. "
                "Migration now features more often in national policy: Iraq, Ireland, Kyrgyzstan, "
                "Mauritania and Denmark have written the objectives into their migration policies.",
                "Finland created a national counter-trafficking coordinator post in 2020. Egypt "
                "and Serbia opened shelters for victims of trafficking. Italy, Portugal, France "
                "and "
                "Zambia gave residence permits to migrants without papers, and Germany widened the "
                "ways for skilled workers to come.",
                "Canada's #ImmigrationMatters campaign highlighted what migrants bring, and "
                "Colombia gave Venezuelans long-term residence permits.",
            ],
        ),
        (
            "Where the world fell behind",
            [
                "The pandemic stranded an estimated 2.7 million migrants away from home, and some "
                "states used it as a reason to detain or forcibly return people. Remittances fell, "
                "and saving lives at sea is still not always a priority.",
                "No country can succeed on migration by itself: the challenges should bring us "
                "together, not divide us.",
            ],
        ),
    ],
    "fi": [
        (
            "23 tavoitteen sopimus",
            [
                "YK:n yleiskokous hyväksyi 19. joulukuuta 2018 globaalin turvallista, hallittua ja "
                "säännönmukaista muuttoliikettä koskevan sopimuksen. Yli 160 valtiota, Suomi "
                "mukaan lukien, hyväksyi sen. Sopimus on ensimmäinen laatuaan, eikä se ole "
                "oikeudellisesti sitova.",
                "Sen 23 tavoitetta pohjautuvat Agenda 2030 -toimintaohjelmaan ja erityisesti "
                "alatavoitteeseen 10.7. Jäsenvaltiot vastaavat tavoitteiden toteuttamisesta.",
            ],
        ),
        (
            "Mitä kaksi vuotta on muuttanut",
            [
                "YK:n pääsihteerin raportti arvioi edistystä kaksi vuotta sopimuksen jälkeen. "
                "Muuttoliike näkyy yhä useammin kansallisessa politiikassa: Irak, Irlanti, "
                "Kirgisia, Mauritania ja Tanska ovat kirjanneet tavoitteet "
                "maahanmuuttopolitiikkaansa.",
                "Suomi perusti vuonna 2020 ihmiskaupan vastaisen koordinaattorin viran. Egypti ja "
                "Serbia avasivat turvakoteja ihmiskaupan uhreille. Italia, Portugali, Ranska ja "
                "Sambia myönsivät oleskeluluvan paperittomille siirtolaisille, ja Saksa laajensi "
                "ammattilaisten mahdollisuuksia tulla maahan töihin.",
            ],
        ),
        (
            "Missä jäätiin jälkeen",
            [
                "Pandemian vuoksi arviolta 2,7 miljoonaa siirtolaista jäi jumiin kotimaansa "
                "ulkopuolelle. Rahalähetykset vähenivät, eikä ihmishenkien pelastaminen merellä "
                "ole "
                "aina etusijalla.",
                "Yksikään maa ei selviä muuttoliikkeen haasteista yksin.",
            ],
        ),
    ],
}


def finland_blog():
    title = {
        "en": "Two years of the Global Compact for Migration: where do we stand?",
        "fi": "Kaksi vuotta globaalia muuttoliikesopimusta: missä mennään?",
    }
    summary = {
        "en": "What countries have done, and where they have slipped back, two years after "
        "the Global Compact for Migration was endorsed.",
        "fi": "Mitä valtiot ovat tehneet ja missä ne ovat ottaneet askelia taaksepäin kaksi "
        "vuotta muuttoliikesopimuksen hyväksymisen jälkeen.",
    }
    listing_heading = {"en": "Country actions in the report", "fi": "Raportin maakohtaisia toimia"}
    alt = {
        "en": "Pale and deep blue circles, like lakes seen from the air.",
        "fi": "Vaaleita ja tummansinisiä ympyröitä kuin järviä ilmasta katsottuna.",
    }
    body = {}
    for lang, sections in BLOG_SECTIONS.items():
        blocks = [image("lakes", alt[lang])]
        for section_title, paras in sections:
            blocks += [heading(section_title), paragraph(*paras)]
        blocks.append(data_listing("country_actions", listing_heading[lang]))
        body[lang] = blocks
    return PageSpec(
        key="article:gcm-two-years",
        model="portal.ArticlePage",
        slug="global-compact-two-years",
        title=title,
        summary=summary,
        body=body,
        fields={
            "kind": "blog",
            "date": datetime.date(2021, 2, 15),
            "author": "IOM Finland communications",
            "last_reviewed": datetime.date(2026, 6, 1),
        },
        office="FI",
        m2m={"objectives": [1, 2, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 17, 20, 21, 23]},
        tags=["Global Compact", "blog"],
    )


@dataclass
class ShortArticle:
    """A news item with one paragraph block in each of its languages."""

    key: str
    slug: str
    office: str | None  # country code of the office it comes from, if any
    kind: str
    date: datetime.date
    text: dict  # lang -> (title, summary, [paragraphs])
    objectives: list = field(default_factory=list)
    tags: list = field(default_factory=list)

    def spec(self):
        return PageSpec(
            key=self.key,
            model="portal.ArticlePage",
            slug=self.slug,
            title={lang: t[0] for lang, t in self.text.items()},
            summary={lang: t[1] for lang, t in self.text.items()},
            body={lang: [paragraph(*t[2])] for lang, t in self.text.items()},
            fields={
                "kind": self.kind,
                "date": self.date,
                "author": "",
                "last_reviewed": self.date,
            },
            office=self.office,
            m2m={"objectives": list(self.objectives)},
            tags=list(self.tags),
        )


NORWAY_NEWS = ShortArticle(
    "article:norway-talks",
    "talks-for-schools",
    "NO",
    "news",
    datetime.date(2017, 2, 15),
    {
        "en": (
            "Talks on migration for schools and universities",
            "Our Oslo office visits schools, universities and organisations to talk about "
            "migration and refugees.",
            [
                "Would your class or organisation like to learn more about migration, refugees "
                "or communication across cultures? Our staff give talks and presentations "
                "across Norway.",
                "Write to norway@example.org to arrange a visit.",
            ],
        ),
        "nb": (
            "Foredrag om migrasjon for skoler og universiteter",
            "Oslo-kontoret vårt besøker skoler, universiteter og organisasjoner og snakker om "
            "migrasjon og flyktninger.",
            [
                "Vil klassen eller organisasjonen din lære mer om migrasjon, flyktninger eller "
                "kommunikasjon på tvers av kulturer? De ansatte våre holder foredrag og "
                "presentasjoner i hele Norge.",
                "Skriv til norway@example.org for å avtale et besøk.",
            ],
        ),
    },
    objectives=[17],
    tags=["schools"],
)

NETHERLANDS_NEWS = ShortArticle(
    "article:match-clingendael",
    "match-promising-initiative",
    "NL",
    "news",
    datetime.date(2021, 6, 1),
    {
        "en": (
            "Clingendael report calls MATCH a promising initiative",
            "A study of circular migration by the Clingendael Institute highlights our MATCH "
            "project.",
            [
                "A recent Clingendael report on the shared interest in circular migration "
                "singles out MATCH, which brings skilled workers from Nigeria and Senegal to "
                "European companies for one to two years.",
            ],
        ),
        "nl": (
            "Clingendael noemt MATCH een veelbelovend initiatief",
            "Een studie van Instituut Clingendael over circulaire migratie belicht ons "
            "MATCH-project.",
            [
                "Een recent rapport van Clingendael over het gedeelde belang bij circulaire "
                "migratie noemt MATCH, dat geschoolde werknemers uit Nigeria en Senegal voor "
                "een tot twee jaar bij Europese bedrijven plaatst.",
            ],
        ),
    },
    objectives=[5],
    tags=["labour mobility", "MATCH"],
)

UN_SYSTEM_NEWS = ShortArticle(
    "article:un-system",
    "joining-the-un-system",
    None,
    "news",
    datetime.date(2016, 9, 19),
    {
        "en": (
            "Our organisation joins the United Nations system",
            "At the UN summit on refugees and migrants in New York, member states brought the "
            "organisation into the UN system.",
            [
                "On 19 September 2016 the organisation formally became part of the United "
                "Nations system. The decision reflects how high migration now stands on the "
                "global agenda, and links it more closely to development, humanitarian aid, "
                "human rights, climate and security.",
            ],
        ),
        "fr": (
            "Notre organisation rejoint le système des Nations Unies",
            "Lors du sommet des Nations Unies sur les réfugiés et les migrants à New York, les "
            "États membres ont fait entrer l'organisation dans le système des Nations Unies.",
            [
                "Le 19 septembre 2016, l'organisation est officiellement devenue membre du "
                "système des Nations Unies. Cette décision montre la place de la migration dans "
                "l'agenda mondial et la relie davantage au développement, à l'aide humanitaire, "
                "aux droits humains, au climat et à la sécurité.",
            ],
        ),
        "nb": (
            "Organisasjonen vår blir en del av FN",
            "Under FNs toppmøte om flyktninger og migranter i New York ble organisasjonen tatt "
            "inn i FN-systemet.",
            [
                "19. september 2016 ble organisasjonen formelt en del av FN-systemet. "
                "Beslutningen viser hvor viktig migrasjon er på den globale dagsordenen, og "
                "knytter den tettere til utvikling, nødhjelp, menneskerettigheter, klima og "
                "sikkerhet.",
            ],
        ),
    },
    objectives=[23],
    tags=["United Nations"],
)

OFFICE_ARTICLES = {
    "NO": [NORWAY_NEWS.spec],
    "NL": [NETHERLANDS_NEWS.spec],
    "FI": [finland_blog],
    "BE": [brussels_statement],
}

NEWS_SUMMARY = {
    "en": "News, statements and blog posts from all our offices.",
    "fr": "Actualités, déclarations et billets de blog de tous nos bureaux.",
    "nb": "Nyheter, uttalelser og blogginnlegg fra alle kontorene våre.",
}


def news_index_spec():
    """The site's news index; each office's news sits under the office's page."""
    return PageSpec(
        key="news",
        model="portal.NewsIndexPage",
        slug="news",
        title=NEWS,
        summary=NEWS_SUMMARY,
        fields={"last_reviewed": RECENT, "show_in_menus": True},
        children=[UN_SYSTEM_NEWS.spec()],
    )


# --- Global Compact: the objectives and their index -----------------------------------------

OBJECTIVE_SLUG = {
    "en": "objective",
    "fr": "objectif",
    "es": "objetivo",
    "nb": "mal",
    "nl": "doelstelling",
    "fi": "tavoite",
    "sv": "mal",
}


def objective_spec(number):
    # No body: the page shows the objective's summary, its programmes, country actions and
    # articles from the structured data itself.
    return PageSpec(
        key=f"objective:{number}",
        model="compact.ObjectivePage",
        slug=f"objective-{number}",
        title={lang: c.objective_title(number, lang) for lang in ALL_LANGS},
        summary={
            lang: c.objective_summary(number, lang)
            for lang in ALL_LANGS
            if c.objective_summary(number, lang)
        },
        fields={"last_reviewed": RECENT},
        objective=number,
        slugs={lang: f"{prefix}-{number}" for lang, prefix in OBJECTIVE_SLUG.items()},
    )


COMPACT_TEXT = {  # lang -> (title, summary)
    "en": (
        "Global Compact for Migration",
        "Adopted by the UN General Assembly on 19 "
        "December 2018 and tied to target 10.7 of the Sustainable Development Goals, "
        "the compact sets out 23 objectives for safe, orderly and regular migration.",
    ),
    "fr": (
        "Pacte mondial sur les migrations",
        "Approuvé par l'Assemblée générale des "
        "Nations Unies le 19 décembre 2018 et lié à la cible 10.7 des objectifs de "
        "développement durable, le pacte fixe 23 objectifs pour des migrations sûres, "
        "ordonnées et régulières.",
    ),
    "es": (
        "Pacto Mundial para la Migración",
        "Aprobado por la Asamblea General de las "
        "Naciones Unidas el 19 de diciembre de 2018 y vinculado a la meta 10.7 de los "
        "Objetivos de Desarrollo Sostenible, el pacto fija 23 objetivos para una "
        "migración segura, ordenada y regular.",
    ),
    "nb": (
        "Den globale migrasjonsavtalen",
        "Avtalen ble godkjent av FNs generalforsamling "
        "19. desember 2018, bygger på bærekraftsdelmål 10.7 og har 23 mål for trygg, "
        "ordnet og regulær migrasjon.",
    ),
    "nl": (
        "Mondiaal Migratiepact",
        "Het pact werd op 19 december 2018 door de Algemene "
        "Vergadering van de VN aangenomen, sluit aan bij subdoel 10.7 van de "
        "duurzameontwikkelingsdoelen en telt 23 doelstellingen.",
    ),
    "fi": (
        "Globaali muuttoliikesopimus",
        "YK:n yleiskokous hyväksyi sopimuksen 19. "
        "joulukuuta 2018. Se liittyy kestävän kehityksen alatavoitteeseen 10.7 ja "
        "sisältää 23 tavoitetta.",
    ),
    "sv": (
        "Globala migrationsramverket",
        "Ramverket antogs av FN:s generalförsamling den "
        "19 december 2018, bygger på delmål 10.7 i de globala målen och har 23 mål.",
    ),
}


def compact_index_spec():
    return PageSpec(
        key="global-compact",
        model="compact.CompactIndexPage",
        slug="global-compact",
        title={lang: t[0] for lang, t in COMPACT_TEXT.items()},
        summary={lang: t[1] for lang, t in COMPACT_TEXT.items()},
        fields={"last_reviewed": RECENT, "show_in_menus": True},
        children=[objective_spec(number) for number in range(1, 24)],
    )


# --- The tree -------------------------------------------------------------------------------


def site_tree():
    """The home page spec, with the whole tree under it: the menu's sections, in menu order."""
    return home_spec(
        children=[
            office_index_spec(),
            programme_index_spec(),
            compact_index_spec(),
            *demo_pledges.index_specs(PageSpec, RECENT),
            news_index_spec(),
            about_spec(),
        ]
    )
