"""The demo's termbase: the Global Compact's objectives as the demo titles them, the Compact's
and the organisation's names, and the forbidden "illegal migrant" family of terms.

The objective titles come from the demo's Objective records (every language), so the termbase
and the pages agree. Each seeded concept is found again by its definition, so loading twice
changes nothing."""

from portal.localization.models import Concept, Term
from portal.tooling.demo.pages import COMPACT_TEXT

P, A, F = Term.Status.PREFERRED, Term.Status.ADMITTED, Term.Status.FORBIDDEN
COMPACT = "Global Compact for Migration"
USAGE = "Terminology"

COMPACT_NAMES = {
    "en": "Global Compact for Safe, Orderly and Regular Migration",
    "fr": "Pacte mondial pour des migrations sûres, ordonnées et régulières",
    "es": "Pacto Mundial para la Migración Segura, Ordenada y Regular",
    "nb": "Global avtale om trygg, ordnet og regulær migrasjon",
    "nl": "Mondiaal Pact voor veilige, ordelijke en reguliere migratie",
    "fi": "Turvallista, hallittua ja säännönmukaista muuttoliikettä koskeva globaali sopimus",
    "sv": "Global överenskommelse om säker, ordnad och reguljär migration",
}
ORGANISATION_NAMES = {  # as the demo's "About us" page and office names use them
    "en": ("International Organization for Migration", "IOM"),
    "fr": ("Organisation internationale pour les migrations", "OIM"),
    "es": ("Organización Internacional para las Migraciones", "OIM"),
    "nb": ("Den internasjonale organisasjonen for migrasjon", "IOM"),
    "nl": ("Internationale Organisatie voor Migratie", "IOM"),
    "fi": ("Kansainvälinen siirtolaisuusjärjestö", "IOM"),
    "sv": ("Internationella organisationen för migration", "IOM"),
}
# (language, term, status): only the forms we are sure of.
IRREGULAR_MIGRANT = [
    ("en", "irregular migrant", P),
    ("en", "migrant in an irregular situation", A),
    ("en", "illegal migrant", F),
    ("fr", "migrant en situation irrégulière", P),
    ("fr", "migrant irrégulier", A),
    ("fr", "migrant illégal", F),
    ("es", "migrante en situación irregular", P),
    ("es", "migrante irregular", A),
    ("es", "migrante ilegal", F),
    ("nb", "irregulær migrant", P),
    ("nb", "ulovlig migrant", F),
    ("nl", "irreguliere migrant", P),
    ("nl", "illegale migrant", F),
    ("fi", "laiton siirtolainen", F),
    ("sv", "irreguljär migrant", P),
    ("sv", "illegal migrant", F),
]
IRREGULAR_MIGRATION = [
    ("en", "irregular migration", P),
    ("en", "illegal migration", F),
    ("fr", "migration irrégulière", P),
    ("fr", "migration illégale", F),
    ("es", "migración irregular", P),
    ("es", "migración ilegal", F),
    ("nb", "irregulær migrasjon", P),
    ("nb", "ulovlig migrasjon", F),
    ("nl", "irreguliere migratie", P),
    ("nl", "illegale migratie", F),
    ("sv", "irreguljär migration", P),
    ("sv", "illegal migration", F),
]


def _objective(objective, languages):
    terms = []
    for lang in languages:
        title = getattr(objective, f"title_{lang}", None)
        if title:
            terms.append((lang, title, P))
    definition = f"Objective {objective.number} of the {COMPACT_NAMES['en']}."
    return COMPACT, definition, terms


def _compact():
    terms = [(lang, name, P) for lang, name in COMPACT_NAMES.items()]
    terms += [("en", COMPACT, A)]
    terms += [(lang, short, A) for lang, (short, _summary) in COMPACT_TEXT.items()
              if short != COMPACT_NAMES.get(lang)]  # fmt: skip
    definition = "The agreement the UN General Assembly endorsed on 19 December 2018."
    return COMPACT, definition, terms


def _organisation():
    terms = []
    for lang, (name, short) in ORGANISATION_NAMES.items():
        terms += [(lang, name, P), (lang, short, A)]
    return "Organisation", "The UN system's migration organisation, founded in 1951.", terms


def concepts(objectives, languages):
    """(subject, definition, [(language, text, status)]) of every seeded concept."""
    found = [_objective(o, languages) for o in sorted(objectives, key=lambda o: o.number)]
    found += [_compact(), _organisation()]
    found.append(
        (USAGE, "A person who moves or stays outside the rules; no person is illegal.",
         IRREGULAR_MIGRANT)
    )  # fmt: skip
    found.append(
        (USAGE, "Movement that takes place outside the laws and rules of the countries involved.",
         IRREGULAR_MIGRATION)
    )  # fmt: skip
    return found


def seed(objectives, languages, note):
    """Write the seeded concepts that are missing or differ; `note(kind, what)` counts them."""
    for subject, definition, terms in concepts(objectives, languages):
        wanted = {(lang, text, status) for lang, text, status in terms}
        concept = Concept.objects.filter(definition=definition).first()
        if concept is not None:
            current = set(concept.terms.values_list("language", "text", "status"))
            if current == wanted and concept.subject == subject:
                note("unchanged", "termbase entries")
                continue
            Term.objects.filter(concept=concept).delete()
            note("updated", "termbase entries")
        else:
            concept = Concept(definition=definition)
            note("created", "termbase entries")
        concept.subject = subject
        concept.save()
        Term.objects.bulk_create(
            Term(concept=concept, language=lang, text=text, status=status)
            for lang, text, status in sorted(wanted)
        )
