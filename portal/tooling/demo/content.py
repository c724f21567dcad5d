"""Facts of the demo portal: objectives, offices, partners, country actions, images, documents.

Every fact comes from the source pages in /work/shared/seeds; every sentence is written for
the demo. Translated values are dicts keyed by language code; a missing language is left
empty on purpose so that the English fallback shows.
"""

import datetime
from dataclasses import dataclass, field

from portal.tooling.demo.images import ImageSpec

LANGS = ("en", "fr", "es", "nb", "nl", "fi", "sv")

# --- Global Compact objectives -------------------------------------------------------------

OBJECTIVE_TITLES = {
    "en": [
        "Collect and utilize accurate and disaggregated data as a basis for evidence-based "
        "policies",
        "Minimize the adverse drivers and structural factors that compel people to leave their "
        "country of origin",
        "Provide accurate and timely information at all stages of migration",
        "Ensure that all migrants have proof of legal identity and adequate documentation",
        "Enhance availability and flexibility of pathways for regular migration",
        "Facilitate fair and ethical recruitment and safeguard conditions that ensure decent work",
        "Address and reduce vulnerabilities in migration",
        "Save lives and establish coordinated international efforts on missing migrants",
        "Strengthen the transnational response to smuggling of migrants",
        "Prevent, combat and eradicate trafficking in persons in the context of international "
        "migration",
        "Manage borders in an integrated, secure and coordinated manner",
        "Strengthen certainty and predictability in migration procedures for appropriate "
        "screening, assessment and referral",
        "Use migration detention only as a measure of last resort and work towards alternatives",
        "Enhance consular protection, assistance and cooperation throughout the migration cycle",
        "Provide access to basic services for migrants",
        "Empower migrants and societies to realize full inclusion and social cohesion",
        "Eliminate all forms of discrimination and promote evidence-based public discourse to "
        "shape perceptions of migration",
        "Invest in skills development and facilitate mutual recognition of skills, "
        "qualifications and competences",
        "Create conditions for migrants and diasporas to fully contribute to sustainable "
        "development in all countries",
        "Promote faster, safer and cheaper transfer of remittances and foster financial "
        "inclusion of migrants",
        "Cooperate in facilitating safe and dignified return and readmission, as well as "
        "sustainable reintegration",
        "Establish mechanisms for the portability of social security entitlements and earned "
        "benefits",
        "Strengthen international cooperation and global partnerships for safe, orderly and "
        "regular migration",
    ],
    "fr": [
        "Collecter et utiliser des données exactes et ventilées pour élaborer des politiques "
        "fondées sur les faits",
        "Réduire les facteurs négatifs et structurels qui poussent des personnes à quitter leur "
        "pays d'origine",
        "Fournir des informations exactes et à jour à toutes les étapes de la migration",
        "Munir tous les migrants d'une preuve d'identité légale et de papiers adéquats",
        "Rendre les filières de migration régulière plus accessibles et plus souples",
        "Favoriser un recrutement juste et éthique et garantir les conditions d'un travail décent",
        "S'attaquer aux facteurs de vulnérabilité liés aux migrations et les réduire",
        "Sauver des vies et coordonner l'action internationale en faveur des migrants disparus",
        "Renforcer l'action transnationale contre le trafic de migrants",
        "Prévenir, combattre et éliminer la traite des personnes dans le contexte des migrations "
        "internationales",
        "Gérer les frontières de manière intégrée, sûre et coordonnée",
        "Rendre les procédures migratoires plus sûres et plus prévisibles pour permettre un "
        "examen, une évaluation et une orientation appropriés",
        "Ne recourir à la rétention des migrants qu'en dernier ressort et chercher des solutions "
        "de rechange",
        "Renforcer la protection, l'assistance et la coopération consulaires tout au long du "
        "cycle migratoire",
        "Assurer l'accès des migrants aux services de base",
        "Donner aux migrants et aux sociétés les moyens de parvenir à la pleine inclusion et à "
        "la cohésion sociale",
        "Éliminer toutes les formes de discrimination et encourager un débat public fondé sur "
        "les faits afin de faire évoluer la perception des migrations",
        "Investir dans le développement des compétences et faciliter la reconnaissance mutuelle "
        "des aptitudes, qualifications et compétences",
        "Créer les conditions permettant aux migrants et aux diasporas de contribuer pleinement "
        "au développement durable dans tous les pays",
        "Promouvoir des envois de fonds plus rapides, plus sûrs et moins coûteux et favoriser "
        "l'inclusion financière des migrants",
        "Coopérer pour faciliter un retour et une réadmission sûrs et dignes, ainsi qu'une "
        "réintégration durable",
        "Mettre en place des mécanismes de portabilité des droits de sécurité sociale et des "
        "prestations acquises",
        "Renforcer la coopération internationale et les partenariats mondiaux pour des "
        "migrations sûres, ordonnées et régulières",
    ],
    "es": [
        "Recopilar y utilizar datos exactos y desglosados como base para políticas basadas en "
        "datos empíricos",
        "Reducir al mínimo los factores adversos y estructurales que obligan a las personas a "
        "abandonar su país de origen",
        "Proporcionar información exacta y oportuna en todas las etapas de la migración",
        "Velar por que todos los migrantes tengan pruebas de su identidad jurídica y "
        "documentación adecuada",
        "Aumentar la disponibilidad y flexibilidad de las vías de migración regular",
        "Facilitar la contratación equitativa y ética y salvaguardar las condiciones que "
        "garantizan el trabajo decente",
        "Abordar y reducir las vulnerabilidades en la migración",
        "Salvar vidas y coordinar los esfuerzos internacionales sobre los migrantes desaparecidos",
        "Reforzar la respuesta transnacional al tráfico ilícito de migrantes",
        "Prevenir, combatir y erradicar la trata de personas en el contexto de la migración "
        "internacional",
        "Gestionar las fronteras de manera integrada, segura y coordinada",
        "Aumentar la certidumbre y previsibilidad de los procedimientos migratorios para una "
        "evaluación, selección y derivación adecuadas",
        "Utilizar la detención de migrantes solo como último recurso y buscar alternativas",
        "Mejorar la protección, asistencia y cooperación consulares a lo largo de todo el ciclo "
        "migratorio",
        "Proporcionar a los migrantes acceso a los servicios básicos",
        "Empoderar a los migrantes y las sociedades para lograr la plena inclusión y la "
        "cohesión social",
        "Eliminar todas las formas de discriminación y promover un debate público basado en "
        "datos empíricos para cambiar la percepción de la migración",
        "Invertir en el desarrollo de aptitudes y facilitar el reconocimiento mutuo de "
        "aptitudes, cualificaciones y competencias",
        "Crear las condiciones para que los migrantes y las diásporas contribuyan plenamente al "
        "desarrollo sostenible en todos los países",
        "Promover transferencias de remesas más rápidas, seguras y económicas y fomentar la "
        "inclusión financiera de los migrantes",
        "Colaborar para facilitar el regreso y la readmisión en condiciones de seguridad y "
        "dignidad, así como la reintegración sostenible",
        "Establecer mecanismos para la portabilidad de los derechos de seguridad social y las "
        "prestaciones adquiridas",
        "Fortalecer la cooperación internacional y las alianzas mundiales para una migración "
        "segura, ordenada y regular",
    ],
    "nb": [
        "Samle inn og bruke nøyaktige og detaljerte data som grunnlag for kunnskapsbasert politikk",
        "Redusere de negative drivkreftene og strukturelle forholdene som tvinger folk til å "
        "forlate hjemlandet sitt",
        "Gi nøyaktig og oppdatert informasjon i alle faser av migrasjonen",
        "Sørge for at alle migranter kan dokumentere sin juridiske identitet og har de papirene "
        "de trenger",
        "Gjøre lovlige migrasjonsveier mer tilgjengelige og fleksible",
        "Fremme rettferdig og etisk rekruttering og sikre forhold som gir anstendig arbeid",
        "Motvirke og redusere sårbarhet i forbindelse med migrasjon",
        "Redde liv og samordne den internasjonale innsatsen for savnede migranter",
        "Styrke det grenseoverskridende arbeidet mot smugling av migranter",
        "Forebygge, bekjempe og utrydde menneskehandel i forbindelse med internasjonal migrasjon",
        "Forvalte grensene på en helhetlig, sikker og samordnet måte",
        "Gjøre migrasjonsprosedyrer mer forutsigbare, slik at hver sak blir riktig kartlagt, "
        "vurdert og henvist",
        "Bruke forvaring av migranter bare som siste utvei og arbeide for alternativer",
        "Styrke konsulær beskyttelse, bistand og samarbeid gjennom hele migrasjonsforløpet",
        "Gi migranter tilgang til grunnleggende tjenester",
        "Sette migranter og samfunn i stand til å oppnå full inkludering og sosial samhørighet",
        "Avskaffe all diskriminering og fremme en kunnskapsbasert offentlig debatt som former "
        "synet på migrasjon",
        "Investere i kompetanseutvikling og gjøre det lettere å godkjenne ferdigheter, "
        "kvalifikasjoner og kompetanse på tvers av land",
        "Skape forhold som lar migranter og diasporaer bidra fullt ut til bærekraftig utvikling "
        "i alle land",
        "Fremme raskere, tryggere og billigere pengeoverføringer og styrke migranters "
        "økonomiske inkludering",
        "Samarbeide om trygg og verdig retur og tilbaketaking, og om varig reintegrering",
        "Etablere ordninger som gjør trygderettigheter og opptjente ytelser overførbare",
        "Styrke internasjonalt samarbeid og globale partnerskap for trygg, ordnet og regulær "
        "migrasjon",
    ],
    "nl": [
        "Nauwkeurige en uitgesplitste gegevens verzamelen en gebruiken als basis voor "
        "onderbouwd beleid",
        "De negatieve drijfveren en structurele factoren die mensen dwingen hun land van "
        "herkomst te verlaten zo veel mogelijk beperken",
        "In alle fasen van migratie juiste en tijdige informatie verstrekken",
        "Ervoor zorgen dat alle migranten hun wettelijke identiteit kunnen aantonen en over de "
        "juiste documenten beschikken",
        "Reguliere migratieroutes beter beschikbaar en flexibeler maken",
        "Eerlijke en ethische werving bevorderen en de voorwaarden voor waardig werk waarborgen",
        "Kwetsbaarheden bij migratie aanpakken en verminderen",
        "Levens redden en internationale inspanningen voor vermiste migranten coördineren",
        "De grensoverschrijdende aanpak van migrantensmokkel versterken",
        "Mensenhandel in de context van internationale migratie voorkomen, bestrijden en uitbannen",
        "Grenzen op een geïntegreerde, veilige en gecoördineerde manier beheren",
        "Migratieprocedures zekerder en voorspelbaarder maken voor een passende screening, "
        "beoordeling en doorverwijzing",
        "Vreemdelingenbewaring alleen als uiterste middel gebruiken en werken aan alternatieven",
        "Consulaire bescherming, bijstand en samenwerking versterken gedurende de hele "
        "migratiecyclus",
        "Migranten toegang geven tot basisvoorzieningen",
        "Migranten en samenlevingen in staat stellen volledige inclusie en sociale samenhang te "
        "bereiken",
        "Alle vormen van discriminatie uitbannen en een op feiten gebaseerd publiek debat "
        "bevorderen dat de beeldvorming over migratie bepaalt",
        "Investeren in de ontwikkeling van vaardigheden en de wederzijdse erkenning van "
        "vaardigheden, kwalificaties en competenties vergemakkelijken",
        "Voorwaarden scheppen waarin migranten en diaspora's volledig kunnen bijdragen aan "
        "duurzame ontwikkeling in alle landen",
        "Snellere, veiligere en goedkopere geldovermakingen bevorderen en de financiële "
        "inclusie van migranten stimuleren",
        "Samenwerken aan een veilige en waardige terugkeer en overname en aan duurzame "
        "re-integratie",
        "Regelingen treffen om socialezekerheidsrechten en opgebouwde uitkeringen overdraagbaar "
        "te maken",
        "Internationale samenwerking en wereldwijde partnerschappen versterken voor veilige, "
        "ordelijke en reguliere migratie",
    ],
    "fi": [
        "Kerätään ja hyödynnetään tarkkaa ja eriteltyä tietoa näyttöön perustuvan politiikan "
        "pohjaksi",
        "Vähennetään haitallisia tekijöitä ja rakenteellisia syitä, jotka pakottavat ihmisiä "
        "lähtemään kotimaastaan",
        "Tarjotaan täsmällistä ja ajantasaista tietoa muuttoliikkeen kaikissa vaiheissa",
        "Varmistetaan, että kaikilla siirtolaisilla on todiste henkilöllisyydestään ja "
        "asianmukaiset asiakirjat",
        "Lisätään laillisten muuttoreittien saatavuutta ja joustavuutta",
        "Edistetään reilua ja eettistä rekrytointia ja turvataan ihmisarvoisen työn edellytykset",
        "Puututaan muuttoliikkeeseen liittyviin haavoittuvuuksiin ja vähennetään niitä",
        "Pelastetaan ihmishenkiä ja koordinoidaan kansainvälisiä toimia kadonneiden "
        "siirtolaisten hyväksi",
        "Vahvistetaan rajat ylittävää yhteistyötä siirtolaisten salakuljetusta vastaan",
        "Ehkäistään, torjutaan ja poistetaan ihmiskauppaa kansainvälisen muuttoliikkeen yhteydessä",
        "Hallinnoidaan rajoja yhtenäisesti, turvallisesti ja koordinoidusti",
        "Lisätään muuttoliikkeeseen liittyvien menettelyjen varmuutta ja ennakoitavuutta "
        "asianmukaisen seulonnan, arvioinnin ja ohjauksen takaamiseksi",
        "Käytetään säilöönottoa vain viimeisenä keinona ja kehitetään sille vaihtoehtoja",
        "Vahvistetaan konsulisuojelua, -apua ja -yhteistyötä muuton kaikissa vaiheissa",
        "Taataan siirtolaisille pääsy peruspalveluihin",
        "Vahvistetaan siirtolaisten ja yhteiskuntien valmiuksia täysimääräiseen osallisuuteen "
        "ja sosiaaliseen yhteenkuuluvuuteen",
        "Poistetaan kaikki syrjinnän muodot ja edistetään tosiasioihin perustuvaa julkista "
        "keskustelua muuttoliikkeestä",
        "Investoidaan osaamisen kehittämiseen ja helpotetaan taitojen, tutkintojen ja "
        "pätevyyksien vastavuoroista tunnustamista",
        "Luodaan edellytykset sille, että siirtolaiset ja diasporat voivat osallistua "
        "täysimääräisesti kestävään kehitykseen kaikissa maissa",
        "Edistetään nopeampia, turvallisempia ja edullisempia rahalähetyksiä ja siirtolaisten "
        "taloudellista osallisuutta",
        "Tehdään yhteistyötä turvallisen ja ihmisarvoisen paluun ja takaisinoton sekä kestävän "
        "paluumuuttajien kotoutumisen helpottamiseksi",
        "Luodaan järjestelyjä sosiaaliturvaoikeuksien ja ansaittujen etuuksien siirrettävyydelle",
        "Vahvistetaan kansainvälistä yhteistyötä ja maailmanlaajuisia kumppanuuksia "
        "turvallisen, hallitun ja säännönmukaisen muuttoliikkeen puolesta",
    ],
    "sv": [
        "Samla in och använda korrekta och uppdelade data som grund för evidensbaserad politik",
        "Minska de negativa drivkrafter och strukturella faktorer som tvingar människor att "
        "lämna sitt ursprungsland",
        "Ge korrekt och aktuell information i migrationens alla skeden",
        "Se till att alla migranter kan styrka sin rättsliga identitet och har lämpliga handlingar",
        "Öka tillgången till och flexibiliteten i vägarna för reguljär migration",
        "Främja rättvis och etisk rekrytering och värna villkor som garanterar anständigt arbete",
        "Motverka och minska sårbarhet i samband med migration",
        "Rädda liv och samordna internationella insatser för försvunna migranter",
        "Stärka de gränsöverskridande åtgärderna mot smuggling av migranter",
        "Förebygga, bekämpa och utrota människohandel i samband med internationell migration",
        "Förvalta gränser på ett integrerat, säkert och samordnat sätt",
        "Göra migrationsförfarandena säkrare och mer förutsebara för lämplig kontroll, "
        "bedömning och hänvisning",
        "Använda förvar av migranter endast som en sista utväg och arbeta för alternativ",
        "Stärka konsulärt skydd, bistånd och samarbete under hela migrationscykeln",
        "Ge migranter tillgång till grundläggande tjänster",
        "Stärka migranter och samhällen så att full inkludering och social sammanhållning kan "
        "uppnås",
        "Avskaffa alla former av diskriminering och främja en faktabaserad offentlig debatt som "
        "formar synen på migration",
        "Investera i kompetensutveckling och underlätta ömsesidigt erkännande av färdigheter, "
        "kvalifikationer och kompetenser",
        "Skapa förutsättningar för att migranter och diasporor fullt ut ska kunna bidra till "
        "hållbar utveckling i alla länder",
        "Främja snabbare, säkrare och billigare penningöverföringar och migranters finansiella "
        "inkludering",
        "Samarbeta för ett säkert och värdigt återvändande och återtagande samt en hållbar "
        "återintegrering",
        "Inrätta mekanismer för att socialförsäkringsrättigheter och intjänade förmåner ska "
        "kunna föras över mellan länder",
        "Stärka det internationella samarbetet och de globala partnerskapen för säker, ordnad "
        "och reguljär migration",
    ],
}

OBJECTIVE_SUMMARIES = {
    "en": [
        "Countries gather reliable migration data, broken down by age, sex and status, and use "
        "it to shape their policies.",
        "Countries tackle the poverty, conflict, disasters and other pressures that push people "
        "to leave home against their will.",
        "People thinking of moving, on the way or newly arrived get clear, reliable information "
        "about their rights and options.",
        "Every migrant can prove who they are and holds the papers they need in daily life.",
        "More people can move through safe, legal channels for work, study and family.",
        "Migrant workers are recruited fairly and ethically and work in decent conditions.",
        "Countries identify the situations that put migrants at risk and act to lower those risks.",
        "States work together to prevent deaths on migration routes and to trace people who go "
        "missing.",
        "Countries cooperate across borders against those who smuggle migrants for profit.",
        "Countries prevent human trafficking, prosecute those behind it and protect its victims.",
        "Border authorities work together and respect human rights while they manage borders.",
        "Migration procedures are clear and predictable, so that each person's situation is "
        "properly assessed and referred.",
        "Migrants are detained only when nothing else will do, and states develop other options.",
        "Consulates protect and assist their nationals abroad at every stage of the journey.",
        "Migrants can use basic services such as health care, schooling and social protection, "
        "whatever their status.",
        "Migrants and the communities they join get the support they need for everyone to take "
        "part in society.",
        "Discrimination against migrants ends and public debate about migration rests on facts.",
        "Migrants build their skills, and qualifications earned in one country count in another.",
        "Migrants and diasporas can put their skills, savings and networks to work for "
        "development in every country.",
        "Sending money home becomes faster, safer and cheaper, and migrants can use financial "
        "services.",
        "Return is safe and dignified, and people who go back get help to rebuild their lives.",
        "Migrant workers keep the social security rights and benefits they have earned when "
        "they move.",
        "Countries work with each other and with partners so that migration is safe, orderly "
        "and regular.",
    ],
    # A few translated summaries; the other objectives fall back to English.
    "fr": {
        4: "Chaque migrant peut prouver son identité et dispose des papiers nécessaires au "
        "quotidien.",
        5: "Davantage de personnes peuvent migrer par des voies sûres et légales pour le "
        "travail, les études ou la famille.",
        6: "Les travailleurs migrants sont recrutés de manière juste et éthique et travaillent "
        "dans des conditions décentes.",
        10: "Les pays préviennent la traite des personnes, poursuivent ses auteurs et protègent "
        "ses victimes.",
        19: "Les migrants et les diasporas mettent leurs compétences, leur épargne et leurs "
        "réseaux au service du développement.",
        21: "Le retour se fait en sécurité et dans la dignité, et les personnes qui rentrent "
        "sont aidées à reconstruire leur vie.",
    },
    "nb": {
        4: "Alle migranter kan bevise hvem de er og har papirene de trenger i hverdagen.",
        5: "Flere kan reise på trygge og lovlige måter for å jobbe, studere eller bo med familien.",
        10: "Landene forebygger menneskehandel, straffeforfølger bakmennene og beskytter ofrene.",
        21: "Retur skjer trygt og verdig, og de som reiser hjem får hjelp til å bygge opp livet "
        "igjen.",
    },
    "nl": {
        5: "Meer mensen kunnen via veilige en legale routes migreren voor werk, studie of gezin.",
        6: "Arbeidsmigranten worden eerlijk en ethisch geworven en werken onder waardige "
        "omstandigheden.",
        19: "Migranten en diaspora's zetten hun kennis, spaargeld en netwerken in voor "
        "ontwikkeling in alle landen.",
    },
    "fi": {
        10: "Valtiot ehkäisevät ihmiskauppaa, saattavat tekijät vastuuseen ja suojelevat uhreja.",
        16: "Siirtolaiset ja heidät vastaanottavat yhteisöt saavat tukea, jotta kaikki voivat "
        "osallistua yhteiskuntaan.",
    },
}


def objective_title(number, lang):
    return OBJECTIVE_TITLES[lang][number - 1]


def objective_summary(number, lang):
    if lang == "en":
        return OBJECTIVE_SUMMARIES["en"][number - 1]
    return OBJECTIVE_SUMMARIES.get(lang, {}).get(number)


# --- Partners, offices and country actions ------------------------------------------------


@dataclass(frozen=True)
class PartnerSpec:
    key: str
    kind: str  # offices.models.PartnerKind value
    name: dict


PARTNERS = [
    PartnerSpec(
        "nabc",
        "private",
        {"en": "Netherlands-Africa Business Council", "nl": "Netherlands-Africa Business Council"},
    ),
    PartnerSpec(
        "nl-mfa",
        "government",
        {
            "en": "Netherlands Ministry of Foreign Affairs",
            "nl": "Ministerie van Buitenlandse Zaken",
            "fr": "Ministère néerlandais des Affaires étrangères",
        },
    ),
    PartnerSpec(
        "clingendael",
        "academia",
        {"en": "Clingendael Institute", "nl": "Instituut Clingendael"},
    ),
    PartnerSpec(
        "un-network",
        "un",
        {
            "en": "UN Network on Migration",
            "fr": "Réseau des Nations Unies sur les migrations",
            "es": "Red de las Naciones Unidas sobre la Migración",
            "nb": "FNs nettverk for migrasjon",
        },
    ),
    PartnerSpec(
        "european-commission",
        "eu",
        {
            "en": "European Commission",
            "fr": "Commission européenne",
            "es": "Comisión Europea",
            "nb": "Europakommisjonen",
            "nl": "Europese Commissie",
            "fi": "Euroopan komissio",
            "sv": "Europeiska kommissionen",
        },
    ),
    PartnerSpec(
        "european-parliament",
        "eu",
        {
            "en": "European Parliament",
            "fr": "Parlement européen",
            "es": "Parlamento Europeo",
            "nb": "Europaparlamentet",
            "nl": "Europees Parlement",
            "fi": "Euroopan parlamentti",
            "sv": "Europaparlamentet",
        },
    ),
    PartnerSpec(
        "african-union",
        "international",
        {"en": "African Union", "fr": "Union africaine", "es": "Unión Africana"},
    ),
]


@dataclass(frozen=True)
class OfficeSpec:
    country: str  # ISO code: the office's natural key
    name: dict
    city: dict
    languages: list
    email: str
    website: str
    year_opened: int | None = None
    covers: list = field(default_factory=list)


OFFICES = [
    OfficeSpec(
        "NO",
        name={"en": "IOM Norway", "nb": "IOM Norge", "fr": "OIM Norvège"},
        # A city's name is translated even where it is spelt the same: no fallback notice for it.
        city=dict.fromkeys(["en", "fr", "es", "nb", "nl", "fi", "sv"], "Oslo"),
        languages=["nb", "en"],
        email="norway@example.org",
        website="https://norway.example.org",
        year_opened=2002,
    ),
    OfficeSpec(
        "NL",
        name={"en": "IOM Netherlands", "nl": "IOM Nederland", "fr": "OIM Pays-Bas"},
        city={
            "en": "The Hague",
            "nl": "Den Haag",
            "fr": "La Haye",
            "es": "La Haya",
            "nb": "Haag",
            "fi": "Haag",
            "sv": "Haag",
        },
        languages=["nl", "en"],
        email="netherlands@example.org",
        website="https://netherlands.example.org",
    ),
    OfficeSpec(
        "FI",
        name={"en": "IOM Finland", "fi": "IOM Suomi", "sv": "IOM Finland", "fr": "OIM Finlande"},
        city={
            **dict.fromkeys(["en", "fr", "es", "nb", "nl", "fi"], "Helsinki"),
            "sv": "Helsingfors",
        },
        languages=["fi", "sv", "en"],
        email="finland@example.org",
        website="https://finland.example.org",
        year_opened=1993,
        covers=["SE", "IS"],
    ),
    OfficeSpec(
        "BE",
        name={
            "en": "IOM Global Office in Brussels",
            "fr": "Bureau mondial de l'OIM à Bruxelles",
            "nl": "IOM Wereldkantoor in Brussel",
        },
        city={
            "en": "Brussels",
            "fr": "Bruxelles",
            "es": "Bruselas",
            "nb": "Brussel",
            "nl": "Brussel",
            "fi": "Bryssel",
            "sv": "Bryssel",
        },
        languages=["fr", "en"],
        email="brussels@example.org",
        website="https://brussels.example.org",
        year_opened=2011,
    ),
]

GCM_REPORT_SOURCE = {
    "en": "Report of the UN Secretary-General on the Global Compact for Migration (2020)",
    "fr": "Rapport du Secrétaire général de l'ONU sur le Pacte mondial sur les migrations (2020)",
    "es": "Informe del Secretario General de la ONU sobre el Pacto Mundial para la Migración "
    "(2020)",
    "fi": "YK:n pääsihteerin raportti globaalista muuttoliikesopimuksesta (2020)",
}


@dataclass(frozen=True)
class ActionSpec:
    country: str
    objectives: tuple
    description: dict
    year: int = 2020


DETENTION = {
    "en": "Used immigration detention less during the COVID-19 pandemic, or stopped it altogether.",
    "fr": "A réduit le recours à la rétention des migrants pendant la pandémie de COVID-19, ou "
    "y a renoncé.",
}
UNDOCUMENTED = {
    "en": "Granted residence permits to migrants who had no papers.",
    "fr": "A délivré des titres de séjour à des migrants sans papiers.",
}
TRAFFICKING_SHELTERS = {
    "en": "Opened shelters for victims of trafficking and improved how they are identified and "
    "helped.",
}
GCM_IN_POLICY = {
    "en": "Wrote the Global Compact's objectives and the Sustainable Development Goals into its "
    "national migration policy.",
}
EXTENDED_PERMITS = {
    "en": "Extended residence and work permits so that migrants did not lose their status "
    "during the pandemic.",
}

COUNTRY_ACTIONS = [
    ActionSpec(
        "FI",
        (10, 11, 14),
        {
            "en": "Created a national counter-trafficking coordinator post to steer the "
            "government's work against human trafficking and liaise with other actors.",
            "fi": "Perusti ihmiskaupan vastaisen koordinaattorin viran ohjaamaan valtion "
            "ihmiskaupan vastaista työtä ja toimimaan yhteyshenkilönä muille toimijoille.",
            "sv": "Inrättade en tjänst som nationell samordnare mot människohandel för att leda "
            "regeringens arbete och hålla kontakt med andra aktörer.",
        },
    ),
    ActionSpec(
        "FI",
        (10,),
        {
            "en": "Prepared new legislation to make it easier for municipal staff to assist "
            "victims of human trafficking.",
            "fi": "Valmisteli uutta lainsäädäntöä, joka helpottaisi kuntien työntekijöitä "
            "auttamaan ihmiskaupan uhreja.",
        },
    ),
    *(ActionSpec(code, (4,), UNDOCUMENTED) for code in ("IT", "PT", "FR", "ZM")),
    *(ActionSpec(code, (4,), EXTENDED_PERMITS) for code in ("CL", "NZ")),
    ActionSpec(
        "DE",
        (5,),
        {
            "en": "Passed a law widening the ways in which qualified professionals can come to "
            "work in Germany.",
            "fr": "A adopté une loi qui élargit les possibilités pour les professionnels "
            "qualifiés de venir travailler en Allemagne.",
        },
    ),
    ActionSpec(
        "CA",
        (17,),
        {
            "en": "Ran the #ImmigrationMatters communication campaign on what migrants bring "
            "to their communities and to society.",
            "fr": "A mené la campagne de communication #ImmigrationMatters sur l'apport des "
            "migrants à leurs communautés et à la société.",
        },
    ),
    ActionSpec(
        "CA",
        (11,),
        {
            "en": "Trained border officials from 18 countries in document verification, "
            "together with IOM.",
        },
    ),
    *(ActionSpec(code, (10,), TRAFFICKING_SHELTERS) for code in ("EG", "RS")),
    ActionSpec(
        "CO",
        (4, 15),
        {
            "en": "Gave Venezuelans living in Colombia long-term residence permits, opening "
            "access to jobs, housing and bank accounts.",
            "es": "Concedió permisos de residencia de larga duración a las personas venezolanas "
            "que viven en Colombia, lo que les abre el acceso al empleo, la vivienda y las "
            "cuentas bancarias.",
        },
    ),
    ActionSpec(
        "PT",
        (15,),
        {
            "en": "Issued social security numbers to migrants so that they can use social and "
            "health services.",
        },
    ),
    ActionSpec(
        "RS",
        (15,),
        {"en": "Extended its health care system to migrants as part of its COVID-19 response."},
    ),
    ActionSpec(
        "TR",
        (15,),
        {"en": "Organised courses in which migrants learn about their rights."},
    ),
    ActionSpec(
        "SE",
        (1,),
        {
            "en": "Started a programme with the African Union and IOM to improve migration "
            "statistics in Africa.",
            "sv": "Startade ett program med Afrikanska unionen och IOM för att förbättra "
            "migrationsstatistiken i Afrika.",
        },
    ),
    *(ActionSpec(code, (2,), GCM_IN_POLICY) for code in ("IQ", "IE", "KG", "MR", "DK")),
    *(ActionSpec(code, (13,), DETENTION) for code in ("BE", "ES", "JP", "MX", "NO", "GB")),
    ActionSpec(
        "GB",
        (7, 13),
        {
            "en": "Set up a project to resolve the cases of women in vulnerable situations held "
            "in immigration detention.",
        },
    ),
    ActionSpec(
        "KE",
        (7,),
        {"en": "Runs safe shelters for Kenyan citizens in difficulty in other countries."},
    ),
]

# --- Files --------------------------------------------------------------------------------

IMAGES = [
    ImageSpec(
        "northern-sky",
        "Demo: northern sky (abstract)",
        top=(18, 36, 84),
        bottom=(104, 64, 140),
        shapes=((72, 196, 214), (250, 186, 96), (236, 236, 252)),
        seed=11,
        style="waves",
    ),
    ImageSpec(
        "fjord",
        "Demo: fjord blues (abstract)",
        top=(12, 54, 92),
        bottom=(160, 206, 220),
        shapes=((255, 255, 255), (40, 120, 160), (250, 214, 150)),
        seed=23,
        style="waves",
    ),
    ImageSpec(
        "polder",
        "Demo: polder fields (abstract)",
        top=(236, 170, 84),
        bottom=(74, 128, 96),
        shapes=((250, 236, 190), (40, 96, 120), (214, 96, 64)),
        seed=37,
        style="bands",
    ),
    ImageSpec(
        "lakes",
        "Demo: lake mosaic (abstract)",
        top=(214, 232, 246),
        bottom=(32, 84, 150),
        shapes=((255, 255, 255), (60, 150, 200), (20, 60, 120)),
        seed=41,
        style="circles",
    ),
    ImageSpec(
        "meeting",
        "Demo: meeting circles (abstract)",
        top=(30, 44, 90),
        bottom=(120, 60, 110),
        shapes=((246, 196, 80), (90, 180, 220), (240, 120, 120)),
        seed=53,
        style="circles",
    ),
]


@dataclass(frozen=True)
class DocumentSpec:
    key: str
    title: str
    filename: str
    heading: str
    paragraphs: tuple


CZECH_RECOMMENDATIONS = (
    (
        "Flexible and sustainable pathways for inclusion and labour mobility",
        (
            "Deliver on the EU Action Plan on Integration and Inclusion, with approaches that "
            "take age, gender and disability into account, and work for equal treatment of "
            "everyone who has been displaced.",
            "Make labour migration procedures clear, quick and predictable, and bring employers "
            "in from the very beginning.",
            "Keep sustainable development and shared prosperity at the heart of partnerships "
            "with countries of origin and transit.",
        ),
    ),
    (
        "Digital tools and legal identity for safe and orderly mobility",
        (
            "Help migrants in countries of origin and transit obtain a legal identity, the "
            "basis for development and for safe, regular migration.",
            "Put human mobility on the global health agenda and build agreement on how borders "
            "and travel are managed during pandemics.",
            "Encourage digital tools that fit together and can exchange data, in the EU and "
            "beyond.",
        ),
    ),
    (
        "Dialogue and partnership on readmission, return and lasting reintegration",
        (
            "Collect better data on readmission, and treat return, readmission and "
            "reintegration as part of wider cooperation on migration and development.",
            "Carry out the EU Strategy on Voluntary Return and Reintegration so that support "
            "fits each person, the local setting and national migration systems.",
            "Build on what the EU Emergency Trust Fund for Africa has achieved and protect "
            "migrants all along their routes.",
        ),
    ),
    (
        "Climate adaptation and resilience for the people most at risk",
        (
            "Give more support to the countries and people most exposed to the effects of "
            "climate change.",
            "Fund adaptation strategies, programmes and projects that reduce displacement "
            "linked to the climate.",
            "Seek firmer commitments from EU Member States, EU institutions and other countries "
            "to prevent, reduce and respond to loss and damage, displacement included.",
        ),
    ),
)

DOCUMENTS = [
    DocumentSpec(
        "czech-recommendations",
        "Demo: four recommendations to the Czech Presidency of the Council of the EU",
        "demo-recommendations-czech-presidency.pdf",
        "Four recommendations to the Czech Presidency of the Council of the EU",
        (
            "Demo document generated for the migration portal. The text summarises, in the "
            "portal's own words, the recommendations of the Global Office in Brussels.",
            *(
                line
                for number, (title, points) in enumerate(CZECH_RECOMMENDATIONS, start=1)
                for line in (f"{number}. {title}", *(f"- {point}" for point in points))
            ),
        ),
    ),
]

DEMO_TODAY = datetime.date(2026, 11, 1)  # "last reviewed" of the up-to-date pages


# Translations written before their English source was last revised: the dashboard shows them
# as outdated on a fresh demo. (model label, natural key, field, language, older English text)
OUTDATED_TRANSLATIONS = [
    (
        "offices.CountryOfficePage",
        {"office__country": "NO"},
        "summary",
        "nb",
        "The Oslo office opened in 2002 and runs Norway's voluntary return programme.",
    ),
    (
        "offices.ProgrammePage",
        {"slug_en": "match"},
        "summary",
        "nl",
        "Labour mobility from Nigeria and Senegal to companies in four European countries.",
    ),
]
