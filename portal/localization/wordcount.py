"""Word counts of what is left to translate, split as CAT tools analyse a file.

For each object and target language, the units still to translate (no translation, or a field
whose translation is outdated) are counted in words of their English source (the plain text a
reader sees: rich text without its tags). Each unit falls in one category, in this order:

- exact: the memory has a 100% or in-context match (one query for all units, exact.py);
- repeated: the same source text came earlier in the set analysed (the second and later times);
- fuzzy: the memory's best match reaches the fuzzy threshold (memory.suggestions);
- new: none of these.

Counts are of the English source, so they do not depend on the target language's words (Finnish
compounds, for one, would make far fewer words than the English). Fuzzy look-ups are the costly
part: beyond FUZZY_LIMIT units they are not made and the remaining units are counted apart, as
"not analysed", with a note.
"""

import re
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from portal.localization import memory
from portal.localization.exact import exact_matches
from portal.localization.status import outdated_fields
from portal.localization.units import units

WORD = re.compile(r"\w+(?:['’.,-]\w+)*")
FUZZY_LIMIT = 300
OBJECT_LIMIT = 2000


def words(text, kind="text"):
    """The words of a text as a reader sees it (a number such as 2,500 is one word)."""
    return len(WORD.findall(memory.plain(text, kind)))


@dataclass
class Counts:
    new: int = 0
    fuzzy: int = 0
    exact: int = 0
    repeated: int = 0
    not_analysed: int = 0
    units: int = 0

    @property
    def total(self):
        return self.new + self.fuzzy + self.exact + self.repeated + self.not_analysed

    def add(self, other):
        for name in ("new", "fuzzy", "exact", "repeated", "not_analysed", "units"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Analysis:
    language: str
    rows: list = field(default_factory=list)  # (object, Counts)
    total: Counts = field(default_factory=Counts)
    object_limit: int = OBJECT_LIMIT
    objects_left_out: int = 0  # beyond object_limit

    @property
    def fuzzy_capped(self):
        return self.total.not_analysed > 0


def to_translate(obj, lang):
    """The units of `obj` with no translation in `lang`, or in an outdated field."""
    outdated = outdated_fields(obj, lang)
    return [u for u in units(obj, lang) if not u.target.strip() or u.field in outdated]


class _Analyser:
    def __init__(self, lang, user, fuzzy_limit):
        self.lang, self.user = lang, user
        self.fuzzy_left = fuzzy_limit
        self.seen = set()

    def counts(self, obj, todo, exact):
        counts = Counts(units=len(todo))
        for unit in todo:
            count = words(unit.source, unit.kind)
            key = " ".join(unit.source.split())
            if (unit.field, unit.path) in exact:
                counts.exact += count
            elif key in self.seen:
                counts.repeated += count
            elif self.fuzzy_left <= 0:
                counts.not_analysed += count
            else:
                self.fuzzy_left -= 1
                best = memory.suggestions(unit.source, self.lang, limit=1, user=self.user)
                if best:
                    counts.fuzzy += count
                else:
                    counts.new += count
            self.seen.add(key)
        return counts


def analyse(objects, lang, user=None, fuzzy_limit=FUZZY_LIMIT, object_limit=OBJECT_LIMIT):
    """Word counts of `objects` (in this order) in `lang`, with only the memory `user` may read."""
    objects = list(objects)
    analysis = Analysis(
        lang, object_limit=object_limit, objects_left_out=max(0, len(objects) - object_limit)
    )
    analyser = _Analyser(lang, user, fuzzy_limit)
    for given in objects[:object_limit]:
        obj = given.specific if type(given) is Page else given
        todo = to_translate(obj, lang)
        content_type_id = ContentType.objects.get_for_model(type(obj)).pk
        wanted = {
            (u.field, u.path): (u.source, (content_type_id, obj.pk, u.field, u.path)) for u in todo
        }
        exact = exact_matches(lang, wanted, user=user) if wanted else {}
        counts = analyser.counts(obj, todo, exact)
        analysis.rows.append((obj, counts))
        analysis.total.add(counts)
    return analysis
