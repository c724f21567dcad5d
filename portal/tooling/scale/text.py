"""The words generated pages and records are made of, in the portal's seven languages.

Every text says it is synthetic, so a scale database is never mistaken for real content. Titles
combine a topic with a place (an office's invented city); summaries and bodies are one or two
short sentences.
"""

LANGS = ("en", "fr", "es", "nb", "nl", "fi", "sv")

# Work the offices do: one dict per topic, the same topic in every language.
TOPICS = [
    {
        "en": "Labour mobility",
        "fr": "Mobilité de la main-d'œuvre",
        "es": "Movilidad laboral",
        "nb": "Arbeidsmobilitet",
        "nl": "Arbeidsmobiliteit",
        "fi": "Työvoiman liikkuvuus",
        "sv": "Arbetskraftens rörlighet",
    },
    {
        "en": "Voluntary return and reintegration",
        "fr": "Retour volontaire et réintégration",
        "es": "Retorno voluntario y reintegración",
        "nb": "Frivillig retur og reintegrering",
        "nl": "Vrijwillige terugkeer en re-integratie",
        "fi": "Vapaaehtoinen paluu ja uudelleenkotoutuminen",
        "sv": "Frivilligt återvändande och återintegrering",
    },
    {
        "en": "Counter-trafficking",
        "fr": "Lutte contre la traite",
        "es": "Lucha contra la trata",
        "nb": "Bekjempelse av menneskehandel",
        "nl": "Bestrijding van mensenhandel",
        "fi": "Ihmiskaupan torjunta",
        "sv": "Bekämpning av människohandel",
    },
    {
        "en": "Migrant health",
        "fr": "Santé des migrants",
        "es": "Salud de los migrantes",
        "nb": "Migranters helse",
        "nl": "Gezondheid van migranten",
        "fi": "Siirtolaisten terveys",
        "sv": "Migranters hälsa",
    },
    {
        "en": "Integration support",
        "fr": "Soutien à l'intégration",
        "es": "Apoyo a la integración",
        "nb": "Integreringsstøtte",
        "nl": "Steun bij integratie",
        "fi": "Kotoutumisen tuki",
        "sv": "Integrationsstöd",
    },
    {
        "en": "Climate and displacement",
        "fr": "Climat et déplacements",
        "es": "Clima y desplazamiento",
        "nb": "Klima og fordrivelse",
        "nl": "Klimaat en ontheemding",
        "fi": "Ilmasto ja pakkomuutto",
        "sv": "Klimat och fördrivning",
    },
    {
        "en": "Migration data",
        "fr": "Données migratoires",
        "es": "Datos migratorios",
        "nb": "Migrasjonsdata",
        "nl": "Migratiegegevens",
        "fi": "Muuttoliiketiedot",
        "sv": "Migrationsdata",
    },
    {
        "en": "Border management",
        "fr": "Gestion des frontières",
        "es": "Gestión de fronteras",
        "nb": "Grenseforvaltning",
        "nl": "Grensbeheer",
        "fi": "Rajaturvallisuus",
        "sv": "Gränsförvaltning",
    },
    {
        "en": "Family reunification",
        "fr": "Regroupement familial",
        "es": "Reunificación familiar",
        "nb": "Familiegjenforening",
        "nl": "Gezinshereniging",
        "fi": "Perheenyhdistäminen",
        "sv": "Familjeåterförening",
    },
    {
        "en": "Skills recognition",
        "fr": "Reconnaissance des compétences",
        "es": "Reconocimiento de competencias",
        "nb": "Godkjenning av kompetanse",
        "nl": "Erkenning van vaardigheden",
        "fi": "Osaamisen tunnustaminen",
        "sv": "Validering av kompetens",
    },
    {
        "en": "Remittances",
        "fr": "Transferts de fonds",
        "es": "Remesas",
        "nb": "Pengeoverføringer",
        "nl": "Geldovermakingen",
        "fi": "Rahalähetykset",
        "sv": "Penningförsändelser",
    },
    {
        "en": "Diaspora engagement",
        "fr": "Mobilisation de la diaspora",
        "es": "Participación de la diáspora",
        "nb": "Diasporaengasjement",
        "nl": "Betrokkenheid van de diaspora",
        "fi": "Diasporan osallistaminen",
        "sv": "Diasporans engagemang",
    },
    {
        "en": "Protection of migrant children",
        "fr": "Protection des enfants migrants",
        "es": "Protección de la infancia migrante",
        "nb": "Vern av migrantbarn",
        "nl": "Bescherming van migrantenkinderen",
        "fi": "Siirtolaislasten suojelu",
        "sv": "Skydd av migrantbarn",
    },
    {
        "en": "Legal identity",
        "fr": "Identité juridique",
        "es": "Identidad jurídica",
        "nb": "Juridisk identitet",
        "nl": "Wettelijke identiteit",
        "fi": "Oikeudellinen identiteetti",
        "sv": "Rättslig identitet",
    },
    {
        "en": "Emergency response",
        "fr": "Intervention d'urgence",
        "es": "Respuesta a emergencias",
        "nb": "Nødhjelp",
        "nl": "Noodhulp",
        "fi": "Hätäapu",
        "sv": "Katastrofinsatser",
    },
    {
        "en": "Fair recruitment",
        "fr": "Recrutement équitable",
        "es": "Contratación equitativa",
        "nb": "Rettferdig rekruttering",
        "nl": "Eerlijke werving",
        "fi": "Reilu rekrytointi",
        "sv": "Rättvis rekrytering",
    },
]

# "<topic> in <place>": Finnish puts the place first (its "in" is a case ending).
PROGRAMME_TITLE = {
    "en": "{topic} in {place}",
    "fr": "{topic} à {place}",
    "es": "{topic} en {place}",
    "nb": "{topic} i {place}",
    "nl": "{topic} in {place}",
    "fi": "{place}: {topic_l}",
    "sv": "{topic} i {place}",
}

# Article titles: "<kind of story>: <programme title>".
STORY_KINDS = [
    {
        "en": "Update",
        "fr": "Actualité",
        "es": "Actualidad",
        "nb": "Oppdatering",
        "nl": "Update",
        "fi": "Ajankohtaista",
        "sv": "Uppdatering",
    },
    {
        "en": "Report",
        "fr": "Rapport",
        "es": "Informe",
        "nb": "Rapport",
        "nl": "Rapport",
        "fi": "Raportti",
        "sv": "Rapport",
    },
    {
        "en": "Event",
        "fr": "Événement",
        "es": "Evento",
        "nb": "Arrangement",
        "nl": "Evenement",
        "fi": "Tapahtuma",
        "sv": "Evenemang",
    },
    {
        "en": "Interview",
        "fr": "Entretien",
        "es": "Entrevista",
        "nb": "Intervju",
        "nl": "Interview",
        "fi": "Haastattelu",
        "sv": "Intervju",
    },
]

SUMMARY = {
    "en": "How our team in {place} works on {topic_l}, with partners and local authorities.",
    "fr": "Comment notre équipe à {place} agit : {topic_l}, avec ses partenaires et les "
    "autorités locales.",
    "es": "Cómo trabaja nuestro equipo en {place}: {topic_l}, con socios y autoridades locales.",
    "nb": "Slik arbeider teamet vårt i {place} med {topic_l}, sammen med partnere og lokale "
    "myndigheter.",
    "nl": "Hoe ons team in {place} werkt aan {topic_l}, samen met partners en lokale overheden.",
    "fi": "Näin tiimimme toimii kaupungissa {place}: {topic_l}, yhdessä kumppaneiden ja "
    "paikallisviranomaisten kanssa.",
    "sv": "Så arbetar vårt team i {place} med {topic_l}, tillsammans med partner och lokala "
    "myndigheter.",
}

BODY = {
    "en": "Synthetic text for scale tests. The team in {place} has worked on {topic_l} with "
    "{partners} partners since {year}.",
    "fr": "Texte synthétique pour les tests de charge. Depuis {year}, l'équipe de {place} "
    "travaille avec {partners} partenaires : {topic_l}.",
    "es": "Texto sintético para pruebas de carga. Desde {year}, el equipo de {place} trabaja "
    "con {partners} socios: {topic_l}.",
    "nb": "Syntetisk tekst for lasttester. Teamet i {place} har arbeidet med {topic_l} sammen "
    "med {partners} partnere siden {year}.",
    "nl": "Synthetische tekst voor belastingtests. Het team in {place} werkt sinds {year} met "
    "{partners} partners aan {topic_l}.",
    "fi": "Synteettistä tekstiä kuormitustesteihin. Tiimi kaupungissa {place} on tehnyt "
    "vuodesta {year} työtä {partners} kumppanin kanssa: {topic_l}.",
    "sv": "Syntetisk text för belastningstester. Teamet i {place} har arbetat med {topic_l} "
    "tillsammans med {partners} partner sedan {year}.",
}

OFFICE_SUMMARY = {
    "en": "Synthetic office for scale tests, based in {place}.",
    "fr": "Bureau synthétique pour les tests de charge, situé à {place}.",
    "es": "Oficina sintética para pruebas de carga, con sede en {place}.",
    "nb": "Syntetisk kontor for lasttester, med sete i {place}.",
    "nl": "Synthetisch kantoor voor belastingtests, gevestigd in {place}.",
    "fi": "Synteettinen toimisto kuormitustesteihin, sijaintipaikka {place}.",
    "sv": "Syntetiskt kontor för belastningstester, med säte i {place}.",
}

# The office's name: the organisation's initials in the language, then the country's name.
ORGANISATION = {
    "en": "IOM",
    "fr": "OIM",
    "es": "OIM",
    "nb": "IOM",
    "nl": "IOM",
    "fi": "IOM",
    "sv": "IOM",
}

FUNDING = {
    "en": "Funded by {partner} and national authorities.",
    "fr": "Financé par {partner} et les autorités nationales.",
    "es": "Financiado por {partner} y las autoridades nacionales.",
    "nb": "Finansiert av {partner} og nasjonale myndigheter.",
    "nl": "Gefinancierd door {partner} en de nationale overheid.",
    "fi": "Rahoittajat: {partner} ja kansalliset viranomaiset.",
    "sv": "Finansieras av {partner} och nationella myndigheter.",
}

COUNTRY_ACTION = {
    "en": "Synthetic record: new measures on {topic_l} in {country}.",
    "fr": "Donnée synthétique : nouvelles mesures en matière de {topic_l} ({country}).",
    "es": "Registro sintético: nuevas medidas sobre {topic_l} en {country}.",
    "nb": "Syntetisk oppføring: nye tiltak for {topic_l} i {country}.",
    "nl": "Synthetisch gegeven: nieuwe maatregelen voor {topic_l} in {country}.",
    "fi": "Synteettinen tietue: uusia toimia, {topic_l} ({country}).",
    "sv": "Syntetisk post: nya åtgärder för {topic_l} i {country}.",
}

SOURCE = {
    "en": "Synthetic scale data",
    "fr": "Données synthétiques",
    "es": "Datos sintéticos",
    "nb": "Syntetiske data",
    "nl": "Synthetische gegevens",
    "fi": "Synteettiset tiedot",
    "sv": "Syntetiska data",
}

# Partner names: "<place> <kind of organisation>", in English (proper names are not translated).
PARTNER_KINDS = [
    ("Migrant Council", "ngo"),
    ("Workers' Union", "trade_union"),
    ("Health Network", "ngo"),
    ("Refugee Aid", "ngo"),
    ("Business Forum", "private"),
    ("University", "academia"),
    ("Policy Institute", "academia"),
    ("Foundation", "ngo"),
    ("Chamber of Commerce", "private"),
    ("Broadcasting", "media"),
    ("Ministry of Labour", "government"),
    ("Regional Commission", "international"),
]

AUTHORS = ["", "", "A. Haddad", "M. Okafor", "L. Nieminen", "S. Berg", "J. de Vries", "C. Ruiz"]

# Syllables for invented place names: pronounceable in every language, never a real city.
ONSETS = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "kr", "st"]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ou"]
CODAS = ["", "", "n", "r", "l", "s"]


def lower_first(text):
    return text[:1].lower() + text[1:]


def place_name(rng):
    syllables = rng.randint(2, 3)
    word = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(syllables))
    return (word + rng.choice(CODAS)).capitalize()


def fill(templates, **values):
    """Each language's template filled with the values; a dict of `values` gives each language
    its own text, `topic_l` is the topic with a lower-case first letter."""
    result = {}
    for lang, template in templates.items():
        own = {
            key: value[lang] if isinstance(value, dict) else value for key, value in values.items()
        }
        if "topic" in own:
            own["topic_l"] = lower_first(own["topic"])
        result[lang] = template.format(**own)
    return result
