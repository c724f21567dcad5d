"""Site search: pages and structured data, by the text each shows in the visitor's language.

Pages come from Wagtail's search backend. wagtail-modeltranslation indexes every language's text
of a page (title_en, title_nb, ...), so the backend finds a page by a word from any translation;
its best candidates are kept only when every word of the query is in the text the page shows in
the active language: its own translation of each field, or the English fallback where a field has
none. A word only in the French title does not find the page on /nb/.

Structured data (offices, partners, objectives, country actions) is not indexed per language (the
backend indexes only the columns the models name, read in whatever language was active when the
record was saved), so it is found in the database: a record is a candidate when each word of the
query, or its stem, appears in one of its text columns in the active language or in English, and
it is kept on the same rule as a page: every word is in the text the record shows.

Each kind of result (country office, programme, news, objective, country action, partner, page)
is a ResultKind, listed once in KINDS: the kind filter offers them in that order, and a search
asks each for its records. Search holds what they share.

Everything is bounded: the query (characters and words), the candidates read per kind, and the
queries run (a fixed number per search, none per result).
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, reduce
from operator import and_, or_

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext_lazy
from django_countries import countries
from wagtail.models import Page, PageViewRestriction

from compact.models import CompactIndexPage, CountryAction, Objective, ObjectivePage
from offices.models import (
    CountryOfficePage,
    Office,
    OfficeIndexPage,
    Partner,
    PartnerKind,
    ProgrammeIndexPage,
    ProgrammePage,
)
from portal.core.i18n import field_text
from portal.core.query import without_bodies
from portal.core.search_text import (
    Shown,
    decompound,
    matching,
    shown_text,
    stem,
)
from portal.models import ArticlePage

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
# The most candidates read per kind of thing (pages from the backend; each kind of record).
MAX_CANDIDATES = 200
RESULTS_PER_PAGE = 10
SNIPPET_WORDS = 32
SNIPPET_WORDS_BEFORE = 8
MAX_RELATED = 5  # programmes listed under a partner

# Words as the search backends split them: letters and digits (the underscore separates words).
WORD = re.compile(r"[^\W_]+")
SPLIT = re.compile(r"([^\W_]+)")
SPACES = re.compile(r"\s+")


# --- Words -----------------------------------------------------------------------------------


def strip_accents(word):
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def stems(word, lang="en"):
    """The word and its Snowball stem in the language."""
    return {word, stem(word, lang)}


@lru_cache(maxsize=10_000)
def forms(word, lang="en"):
    """The word, without accents (as SQLite's index sees it), and their stems in `lang`.

    Kept for the words seen last: a search reads thousands of words from its candidates' text,
    mostly the same few hundred."""
    return frozenset(stems(word, lang) | stems(strip_accents(word), lang))


def words(text, lang="en"):
    """Every form of every word of the text."""
    return set().union(*(forms(word.casefold(), lang) for word in WORD.findall(text)))


def clean_query(raw):
    """The query as typed, without control characters, on one line, at most 200 characters."""
    raw = str(raw)[: MAX_QUERY_LENGTH * 4]  # bound the work on very long input first
    text = "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in raw)
    return SPACES.sub(" ", text).strip()[:MAX_QUERY_LENGTH].strip()


def query_words(query):
    """The distinct words of the query, lower case, at most MAX_TERMS of them."""
    return list(dict.fromkeys(word.lower() for word in WORD.findall(query)))[:MAX_TERMS]


# --- Text a page or a record shows -----------------------------------------------------------


def shown_in_language(page, terms, lang):
    shown = words(shown_text(page, lang), lang)
    return all(forms(term.casefold(), lang) & shown for term in terms)


# --- Highlighting ----------------------------------------------------------------------------


def highlight(text, term_forms, limit=None, lang="en"):
    """The text, HTML-escaped, with the query's words in <mark>.

    With `limit`, only about that many words around the first match are kept, with an ellipsis
    where text is left out.
    """
    parts = SPLIT.split(SPACES.sub(" ", text or "").strip())
    # parts alternates: separator, word, separator, word, ..., separator
    word_positions = range(1, len(parts), 2)
    marked = {i for i in word_positions if forms(parts[i].casefold(), lang) & term_forms}
    start, end = 0, len(parts)
    if limit is not None and len(word_positions) > limit:
        first = min(marked, default=1)
        first_word = max(0, (first - 1) // 2 - SNIPPET_WORDS_BEFORE)
        last_word = min(len(word_positions), first_word + limit)
        first_word = max(0, last_word - limit)
        start, end = first_word * 2 + 1, last_word * 2
    html = []
    if start > 1:
        html.append("… ")
    for i in range(start, end):
        piece = escape(parts[i])
        html.append(f"<mark>{piece}</mark>" if i in marked else piece)
    if end < len(parts) - 1:
        html.append(" …")
    return mark_safe("".join(html).strip())  # noqa: S308 (every piece of text is escaped)


# --- Filters ---------------------------------------------------------------------------------


def parse_int(value):
    value = (value or "").strip()
    if not value.isascii() or not value.isdigit() or len(value) > 9:
        return None
    return int(value)


@dataclass
class Filters:
    kind: str = ""
    office: Office | None = None
    objective: Objective | None = None
    ignored: bool = False  # a filter value was given but is not one we know

    @classmethod
    def from_query(cls, params, offices, objectives):
        """The filters in the query string; unknown values are dropped (and noted)."""
        filters = cls()
        kind = params.get("kind", "")
        if kind in KINDS:
            filters.kind = kind
        elif kind:
            filters.ignored = True
        office = params.get("office", "")
        if office:
            filters.office = next((o for o in offices if o.pk == parse_int(office)), None)
            filters.ignored |= filters.office is None
        objective = params.get("objective", "")
        if objective:
            number = parse_int(objective)
            filters.objective = next((o for o in objectives if o.number == number), None)
            filters.ignored |= filters.objective is None
        return filters

    def __bool__(self):
        return bool(self.kind or self.office or self.objective)

    def wants(self, kind):
        return not self.kind or self.kind == kind


# --- Results ---------------------------------------------------------------------------------


@dataclass
class Result:
    kind: str
    obj: object
    title: Shown
    texts: list = field(default_factory=list)  # Shown pieces a snippet may be cut from
    extra: list = field(default_factory=list)  # Shown pieces that count for matching only
    meta: str = ""
    wanted: str = ""  # the visitor's language
    score: int = 0
    url: str | None = None
    target: Page | None = None  # the page a record links to
    related: list = field(default_factory=list)  # (Shown title, page) listed under the result
    related_total: int | None = None  # how many there are, when `related` holds the first few

    @property
    def pk(self):
        return self.obj.pk

    @property
    def is_page(self):
        return isinstance(self.obj, Page)

    @property
    def kind_label(self):
        return KINDS[self.kind].label

    def shown_words(self):
        pieces = [self.title, *self.texts, *self.extra]
        return words(" ".join(piece.text for piece in pieces), self.wanted)


# --- Kinds of result -------------------------------------------------------------------------


class ResultKind:
    """A kind of result: a choice of the kind filter, and how results of that kind are found.

    A kind has pages, records or both. Pages of its `page_type` are found with all other pages,
    in one search of the backend (`Search.page_results`). Records (structured data) are found in
    the database: `candidates` reads them, `result` makes each a Result, and those that match are
    kept. Where a kind has both, a record's target is its own page, and a record whose page is
    already a result is left out (the page stands for it).

    A kind holds no state (one instance serves every search): what a search needs is passed in.
    The kinds are listed once, in KINDS below: a new kind is one class added there.
    """

    key = ""
    label = ""
    page_type = None  # the pages of this kind
    browse = "programmes"  # the index page a record links to when its own target is not public

    def pages(self, queryset):
        """The pages of this kind among `queryset`; None when the kind has no pages."""
        return queryset.type(self.page_type) if self.page_type else None

    def page_meta(self, page):
        """What a page of this kind shows next to its kind, above its title."""
        return ""

    def candidates(self, search):
        """The records that may match `search`, in the order they are listed (a bounded number,
        read in a fixed number of queries); none for a kind of pages only."""
        return ()

    def result(self, search, record):
        """One candidate record as a result."""
        raise NotImplementedError

    def shown(self, search, results):
        """Complete this kind's record results shown on one page of the listing (what only
        they need is read here, not for every candidate)."""

    def records(self, search):
        """The records of this kind that match `search`, each a scored Result."""
        made = (self.result(search, record) for record in self.candidates(search))
        return [result for result in made if search.keep(result)]


def objective_label(objective):
    return gettext("Objective %(number)s") % {"number": objective.number}


class OfficeResults(ResultKind):
    """Country office pages, and offices found by name, city, address or country."""

    key = "office"
    label = pgettext_lazy("search result kind", "Country office")
    page_type = CountryOfficePage
    browse = "offices"

    def candidates(self, search):
        filters = search.filters
        queryset = Office.objects.live().select_related("page")
        if filters.office:
            queryset = queryset.filter(pk=filters.office.pk)
        if filters.objective:
            serving = search.live_programmes().filter(objectives=filters.objective)
            queryset = queryset.filter(programmes__in=serving).distinct()
        queryset = queryset.filter(
            search.like(
                ["name", "city", "address"],
                lambda term: Q(country__in=search.countries_named(term)),
            )
        ).order_by("name")
        return queryset[:MAX_CANDIDATES]

    def result(self, search, office):
        place = f"{office.country.name}"
        return Result(
            self.key,
            office,
            search.shown(office, "name"),
            [search.shown(office, "city"), search.shown(office, "address")],
            extra=[Shown("country", place, search.lang)],
            meta=place,
            wanted=search.lang,
            target=getattr(office, "page", None),
        )


class ProgrammeResults(ResultKind):
    key = "programme"
    label = pgettext_lazy("search result kind", "Programme")
    page_type = ProgrammePage


class NewsResults(ResultKind):
    key = "news"
    label = pgettext_lazy("search result kind", "News")
    page_type = ArticlePage

    def page_meta(self, page):
        return date_format(page.date) if page.date else ""


class ObjectiveResults(ResultKind):
    """Objective pages, and the 23 objectives found by title, summary or number."""

    key = "objective"
    label = pgettext_lazy("search result kind", "Objective")
    page_type = ObjectivePage
    browse = "compact"

    def candidates(self, search):
        # At most 23 objectives (a database constraint), read once with their pages.
        filters = search.filters
        objectives = sorted(search.objectives.values(), key=lambda objective: objective.number)
        if filters.objective:
            objectives = [o for o in objectives if o.pk == filters.objective.pk]
        if filters.office:
            served = set(
                search.live_programmes()
                .filter(offices=filters.office)
                .values_list("objectives", flat=True)
            )
            objectives = [o for o in objectives if o.pk in served]
        return objectives

    def result(self, search, objective):
        label = objective_label(objective)
        return Result(
            self.key,
            objective,
            search.shown(objective, "title"),
            [search.shown(objective, "summary")],
            extra=[Shown("number", label, search.lang)],
            meta=label,
            wanted=search.lang,
            target=getattr(objective, "page", None),
        )


class ActionResults(ResultKind):
    """Country actions, found by description, source, country or year; each links to the page of
    one of its objectives."""

    key = "action"
    label = pgettext_lazy("search result kind", "Country action")
    browse = "compact"

    def candidates(self, search):
        filters = search.filters
        queryset = CountryAction.objects.live()
        if filters.objective:
            queryset = queryset.filter(objectives=filters.objective)
        if filters.office:
            office = filters.office
            codes = [office.country.code, *(country.code for country in office.covers)]
            queryset = queryset.filter(country__in=codes)

        def country_or_year(term):
            q = Q(country__in=search.countries_named(term))
            if term.isascii() and term.isdigit() and len(term) == 4:
                q |= Q(year=int(term))
            return q

        queryset = queryset.filter(search.like(["description", "source"], country_or_year))
        actions = list(queryset.order_by("-year", "country")[:MAX_CANDIDATES])
        linked = self.objectives_of(search, actions)
        for action in actions:
            objectives = sorted(linked.get(action.pk, []), key=lambda o: o.number)
            if filters.objective:  # link to the objective the visitor filters by
                objectives.sort(key=lambda o: o.pk != filters.objective.pk)
            action.listed_objectives = objectives
        return actions

    @staticmethod
    def objectives_of(search, actions):
        """Each action's objectives, by the action's id: the links as pairs of ids, matched to the
        23 objectives read once (a prefetch built an objective and its page for every link,
        thousands at scale)."""
        links = CountryAction.objectives.through.objects.filter(
            countryaction__in=[action.pk for action in actions], objective__live=True
        ).values_list("countryaction_id", "objective_id")
        linked = {}
        for action_id, objective_id in links:
            linked.setdefault(action_id, []).append(search.objectives[objective_id])
        return linked

    def result(self, search, action):
        objectives = action.listed_objectives
        return Result(
            self.key,
            action,
            Shown("title", f"{action.country.name} {action.year}", search.lang),
            [search.shown(action, "description"), search.shown(action, "source")],
            meta=", ".join(objective_label(o) for o in objectives),
            wanted=search.lang,
            target=next((o.page for o in objectives if getattr(o, "page", None)), None),
        )


def partner_kind_labels():
    """Each kind of partner and its name in the active language."""
    return {kind: str(label) for kind, label in PartnerKind.choices}


class PartnerResults(ResultKind):
    """Partners, found by name or kind, with the programmes they are partners in."""

    key = "partner"
    label = pgettext_lazy("search result kind", "Partner")

    def candidates(self, search):
        filters = search.filters
        programmes = search.live_programmes()
        queryset = Partner.objects.live()
        if filters.office or filters.objective:
            scope = programmes
            if filters.office:
                scope = scope.filter(offices=filters.office)
            if filters.objective:
                scope = scope.filter(objectives=filters.objective)
            queryset = queryset.filter(programmes__in=scope)
        kind_labels = partner_kind_labels()

        def kinds_named(term):
            term_forms = forms(term.casefold(), search.lang)
            return Q(
                kind__in=[
                    k for k, label in kind_labels.items() if term_forms & words(label, search.lang)
                ]
            )

        queryset = queryset.filter(search.like(["name"], kinds_named)).distinct().order_by("name")
        return queryset[:MAX_CANDIDATES]

    def shown(self, search, results):
        """The programmes of the partners shown: the first few of each and how many there are
        (a partner in hundreds of programmes at scale would otherwise load every one of them),
        read for one page of the listing only, not for every candidate."""
        programmes = search.live_programmes()
        live_count = (
            programmes.filter(partners=OuterRef("pk"))
            .order_by()
            .values("partners")
            .annotate(n=Count("pk"))
            .values("n")
        )
        partners = (
            Partner.objects.filter(pk__in=[result.pk for result in results])
            .only("pk")
            .annotate(live_total=Coalesce(Subquery(live_count), 0))
            .prefetch_related(
                Prefetch(
                    "programmes",
                    queryset=without_bodies(programmes).order_by("title")[:MAX_RELATED],
                    to_attr="live_programmes",
                )
            )
            .in_bulk()
        )
        for result in results:
            partner = partners[result.pk]
            pages = partner.live_programmes
            # No finder filters by one partner: the title leads to its first programme, and the
            # programmes it is a partner in are listed under it.
            result.target = pages[0] if pages else None
            result.related = [(search.shown(page, "title"), page) for page in pages]
            result.related_total = partner.live_total

    def result(self, search, partner):
        kind = partner_kind_labels().get(partner.kind, "")
        return Result(
            self.key,
            partner,
            search.shown(partner, "name"),
            extra=[Shown("kind", kind, search.lang)],
            meta=kind,
            wanted=search.lang,
        )


class PageResults(ResultKind):
    """Every page of no other kind (the last kind: every page is a Page)."""

    key = "page"
    label = pgettext_lazy("search result kind", "Page")
    page_type = Page

    def pages(self, queryset):
        others = [kind.page_type for kind in KINDS.values() if kind.page_type and kind is not self]
        return queryset.not_type(*others)


# Every kind of result, in the order the kind filter lists them; records of several kinds are
# listed in this order among equal scores.
KINDS = {
    kind.key: kind
    for kind in (
        OfficeResults(),
        ProgrammeResults(),
        NewsResults(),
        ObjectiveResults(),
        ActionResults(),
        PartnerResults(),
        PageResults(),
    )
}


def kind_of(page):
    """The kind of a (specific) page: the first kind whose pages it is one of."""
    return kind_of_class(type(page))


def kind_of_class(page_class):
    """The kind of the pages of a class: the first kind whose pages they are."""
    return next(k for k in KINDS.values() if k.page_type and issubclass(page_class, k.page_type))


# --- Search ----------------------------------------------------------------------------------


class Search:
    """One search: the query's words, the filters, the visitor's language; `results` lists what
    matches, best first."""

    def __init__(self, query, filters, lang, objectives=None):
        self.query = query
        self.terms = query_words(query)
        self.filters = filters
        self.lang = lang
        self.term_forms = [forms(term.casefold(), lang) for term in self.terms]
        self.all_forms = set().union(*self.term_forms) if self.terms else set()
        if objectives is not None:  # the view's list, read with their pages
            self.objectives = {objective.pk: objective for objective in objectives}

    # --- shared look-ups, each one query at most ---

    @cached_property
    def objectives(self):
        """The 23 objectives with their pages, by id."""
        queryset = without_bodies(Objective.objects.live().select_related("page"), "page")
        return {objective.pk: objective for objective in queryset}

    @cached_property
    def private_paths(self):
        return list(PageViewRestriction.objects.values_list("page__path", flat=True))

    def is_public(self, page):
        return (
            page is not None
            and page.live
            and not any(page.path.startswith(path) for path in self.private_paths)
        )

    def public_pages(self, queryset):
        """Live pages outside private sections (one query for the restrictions, shared)."""
        queryset = queryset.live()
        for path in self.private_paths:
            queryset = queryset.exclude(path__startswith=path)
        return queryset

    # --- matching ---

    @cached_property
    def compounds(self):
        """The query's compound words and the stems of their parts (one query at most); a page
        is also found by all the parts of a compound, which are highlighted too."""
        found = decompound(self.terms, self.lang)
        for parts in found.values():
            self.all_forms.update(parts)
        return found

    def matches(self, shown_words):
        return all(term_forms & shown_words for term_forms in self.term_forms)

    def score(self, result, shown_words):
        title_words = words(result.title.text, self.lang)
        return sum(3 if f & title_words else 1 for f in self.term_forms if f & shown_words)

    def keep(self, result):
        shown = result.shown_words()
        if not self.matches(shown):
            return False
        result.score = self.score(result, shown)
        return True

    # --- pages ---

    def page_queryset(self):
        """The public pages the filters let through; None when the kind filtered by has none."""
        filters = self.filters
        queryset = self.public_pages(Page.objects.all())
        if filters.kind:
            queryset = KINDS[filters.kind].pages(queryset)
            if queryset is None:
                return None
        if filters.office:
            office = filters.office
            belongs = Q(pk__in=ProgrammePage.objects.filter(offices=office).values("pk")) | Q(
                pk__in=ArticlePage.objects.filter(office=office).values("pk")
            )
            office_page = getattr(office, "page", None)
            if office_page is not None:
                belongs |= Q(path__startswith=office_page.path)
            queryset = queryset.filter(belongs)
        if filters.objective:
            objective = filters.objective
            queryset = queryset.filter(
                Q(pk__in=ObjectivePage.objects.filter(objective=objective).values("pk"))
                | Q(pk__in=ProgrammePage.objects.filter(objectives=objective).values("pk"))
                | Q(pk__in=ArticlePage.objects.filter(objectives=objective).values("pk"))
            )
        return queryset

    def page_results(self):
        """The pages whose text in the visitor's language (fallback included) has every word,
        from the per-language index (portal/core/search_text.py): the pages themselves are read
        for the candidates' kinds and links, without their bodies."""
        queryset = self.page_queryset()
        if queryset is None:
            return []
        found = matching(self.terms, self.lang, queryset.values("pk"), self.compounds)
        rows = list(found.defer("stems", "vector")[:MAX_CANDIDATES])
        pages = Page.objects.in_bulk([row.page_id for row in rows])
        results = []
        for row in rows:
            page = pages[row.page_id]
            title = Shown("title", row.title, row.title_lang)
            texts = [Shown("summary", row.summary, row.summary_lang)]
            texts.append(Shown("body", row.body, row.body_lang))
            kind = kind_of_class(page.specific_class)
            result = Result(kind.key, page, title, texts, wanted=self.lang)
            result.score = self.page_score(title)
            results.append(result)
        return results

    def page_score(self, title):
        """A page's score as a record's (3 a word in the title, else 1): the index matched every
        word, so only the title's words are read (not the body's, thousands per search)."""
        title_words = words(title.text, self.lang)
        return sum(3 if f & title_words else 1 for f in self.term_forms)

    def page_meta(self, results):
        """What page results show above their titles (the dates of news), read for the results
        of one page of the listing only."""
        shown = [result for result in results if result.is_page]
        if not shown:
            return
        specific = Page.objects.filter(pk__in=[r.pk for r in shown]).specific().in_bulk()
        for result in shown:
            result.meta = KINDS[result.kind].page_meta(specific.get(result.pk, result.obj))

    # --- records ---

    def shown(self, obj, name):
        text = field_text(obj, name, self.lang)
        return Shown(name, str(text), text.lang)

    def like(self, columns, extra=None):
        """Each word of the query (or its stem) in one of the columns, in the visitor's language
        or in English; `extra(term)` adds a Q matching the term another way."""
        langs = dict.fromkeys([self.lang, "en"])
        per_term = []
        for term in self.terms:
            variants = set()
            for form in stems(term, self.lang):
                variants |= {form, strip_accents(form)}
                if not form.isascii():  # SQLite ignores case for ASCII letters only
                    variants |= {form.capitalize(), form.upper()}
            q = reduce(
                or_,
                (
                    Q(**{f"{column}_{lang}__icontains": variant})
                    for column in columns
                    for lang in langs
                    for variant in sorted(variants)
                ),
            )
            if extra is not None:
                q |= extra(term)
            per_term.append(q)
        return reduce(and_, per_term)

    @cached_property
    def country_words(self):
        """Each country's code and the words of its name in the visitor's language."""
        return [(code, words(str(name), self.lang)) for code, name in countries]

    def countries_named(self, term):
        """Codes of the countries whose name (in the visitor's language) has the term's form."""
        term_forms = forms(term.casefold(), self.lang)
        return [code for code, name_words in self.country_words if term_forms & name_words]

    def live_programmes(self):
        return self.public_pages(ProgrammePage.objects.all())

    # --- all together ---

    @cached_property
    def results(self):
        """Everything that matches, best first; a record whose page is already a result is left
        out (the page stands for it)."""
        if not self.terms:
            return []
        results = self.page_results()
        page_ids = {result.obj.pk for result in results}
        for kind in KINDS.values():
            if not self.filters.wants(kind.key):
                continue
            records = kind.records(self)
            if kind.page_type:  # a record's own page stands for it
                records = [r for r in records if getattr(r.target, "pk", None) not in page_ids]
            results.extend(records)
        # Stable: among equal scores, the backend's order for pages, then records by kind.
        results.sort(key=lambda result: -result.score)
        return results

    # --- what the result page shows ---

    @cached_property
    def index_pages(self):
        """The offices list, the programmes and the Compact's objectives (the first of each)."""
        wanted = (OfficeIndexPage, ProgrammeIndexPage, CompactIndexPage)
        found = {}
        for page in self.public_pages(Page.objects.type(*wanted)).order_by("depth", "path"):
            model = page.specific_class
            key = {OfficeIndexPage: "offices", ProgrammeIndexPage: "programmes"}.get(
                model, "compact"
            )
            found.setdefault(key, page)
        return found

    def prepare(self, results, request):
        """Links, titles and snippets of the results shown on this page."""
        self.page_meta(results)
        for kind in KINDS.values():
            records = [r for r in results if r.kind == kind.key and not r.is_page]
            if records:
                kind.shown(self, records)
        for result in results:
            if result.is_page:
                page = result.obj
            elif self.is_public(result.target):
                page = result.target
            else:
                page = self.index_pages.get(KINDS[result.kind].browse)
            result.url = page.get_url(request=request) if page is not None else None
            result.linked = page  # what the link says its language of (portal/core/availability)
            result.title_html = highlight(result.title.text, self.all_forms, lang=self.lang)
            piece = next(
                (p for p in result.texts if words(p.text, self.lang) & self.all_forms),
                next((p for p in result.texts if p.text.strip()), None),
            )
            result.snippet_html = (
                highlight(piece.text, self.all_forms, SNIPPET_WORDS, self.lang) if piece else ""
            )
            result.snippet_lang = piece.lang if piece else self.lang
            result.related_links = [
                (title, page.get_url(request=request), page)
                for title, page in result.related[:MAX_RELATED]
                if self.is_public(page)
            ]
            total = len(result.related) if result.related_total is None else result.related_total
            result.more_related = max(0, total - MAX_RELATED)
        return results
