"""A large synthetic portal: planned from a seed, written with bulk inserts.

`build_plan(seed, sizes)` decides everything (names, titles, slugs, dates, links) with one
`random.Random(seed)` and no database, so the same seed always gives the same portal.
`ScaleWriter(plan).run()` adds it to the database under the site's home page:

- offices, partners and country actions as rows;
- under "Where we work", one country office page per office, each with a programme index and a
  news index, and the office's programmes and articles below them; a tenth of the articles go to
  the site's news index instead;
- whatever the home page lacks of the demo's skeleton (the office, programme, compact and news
  indexes, the 23 objectives and their pages) first.

Pages are written the way Wagtail's tree stores them, without going through `add_child` and
`save` (seconds instead of hours for 25,000 pages): a row in wagtailcore_page with its
materialised path (the parent's path plus the child's number in base 36, four characters),
depth and number of children, live, and in every language its title, slug and url_path (the
parent's url_path in that language plus the page's slug in that language, or the English one),
then a row in the page type's own table. Ids are given explicitly (and the database sequences
moved past them afterwards) so that many-to-many links can be written in bulk too. Pages have no
revisions: they are published as they are, as pages imported by a script would be.

Nothing is sent through signals: offices get no editor groups, and no translation states are
recorded (no translation is outdated). The search index is updated for the new pages unless
`index=False`.
"""

import datetime
import html
import json
import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field, fields, replace
from functools import cache

from django.core.management.color import no_style
from django.db import connections, router, transaction
from django.db.models import F, Max
from django.utils import translation
from django_countries import countries
from wagtail.models import Locale, Page, Site
from wagtail.search.backends import get_search_backend

from compact.models import (
    OBJECTIVE_COUNT,
    CompactIndexPage,
    CountryAction,
    Objective,
    ObjectivePage,
)
from offices.models import (
    CountryOfficePage,
    Office,
    OfficeIndexPage,
    Partner,
    ProgrammeIndexPage,
    ProgrammePage,
)
from portal.core.countries import COUNTRY_CODES
from portal.models import ArticlePage, HomePage, NewsIndexPage
from portal.tooling.demo import content as demo_content
from portal.tooling.demo import pages as demo_pages
from portal.tooling.demo.loader import clear_route_caches, make_slug
from portal.tooling.scale import text
from portal.tooling.scale.text import LANGS

SOURCE_LANG = "en"
TODAY = demo_content.DEMO_TODAY
# Each non-English language of a page is translated with this probability; the rest fall back.
TRANSLATED_SHARE = 0.9
SITE_NEWS_SHARE = 0.1  # of the articles, listed under the site's news index, not an office's
# Offices get countries the demo's offices do not have, so `load_demo` finds its own by country.
DEMO_COUNTRIES = frozenset(office.country for office in demo_content.OFFICES)
# Generated offices are told apart from others by the domain of their e-mail address.
EMAIL_DOMAIN = "scale.example.org"
BATCH = 1000


@dataclass(frozen=True)
class Sizes:
    offices: int
    programmes: int
    articles: int
    actions: int
    partners: int


SCALES = {
    "default": Sizes(offices=200, programmes=5000, articles=20000, actions=10000, partners=500),
    "small": Sizes(offices=10, programmes=200, articles=500, actions=300, partners=30),
}
SIZE_NAMES = [f.name for f in fields(Sizes)]
MAX_SIZE = 1_000_000


class ScaleDataError(Exception):
    pass


def resolve_sizes(scale, overrides):
    """The preset `scale` with `overrides` ({size name: number}) applied; ScaleDataError when a
    number is out of range (the messages name the command's options)."""
    for name, value in overrides.items():
        if not 0 <= value <= MAX_SIZE:
            raise ScaleDataError(f"--{name} must be between 0 and {MAX_SIZE:,}.")
    sizes = replace(SCALES[scale], **overrides)
    if sizes.offices < 1:
        raise ScaleDataError("--offices must be at least 1: programmes and news need an office.")
    return sizes


# --- The plan: plain data, decided by the seed ---------------------------------------------


@dataclass
class PageText:
    """A page's texts by language; None where the page is not translated into a language."""

    title: dict
    summary: dict
    slug: dict
    body: dict = field(default_factory=dict)  # language -> paragraph HTML


@dataclass
class PartnerPlan:
    name: str
    kind: str
    website: str


@dataclass
class OfficePlan:
    country: str
    name: dict
    city: str
    email: str
    website: str
    year_opened: int
    languages: list
    page: PageText
    published: datetime.date


@dataclass
class ProgrammePlan:
    office: int  # index in Plan.offices: the office whose page the programme sits under
    page: PageText
    acronym: str
    status: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    origins: list
    destinations: list
    funding: dict
    offices: list  # indexes in Plan.offices
    partners: list  # indexes in Plan.partners
    objectives: list  # objective numbers
    published: datetime.date


@dataclass
class ArticlePlan:
    parent_office: int | None  # index in Plan.offices, or None for the site's news index
    office: int | None  # the office it comes from (FK), if any
    page: PageText
    kind: str
    date: datetime.date
    author: str
    objectives: list


@dataclass
class ActionPlan:
    country: str
    year: int
    description: dict
    objectives: list


@dataclass
class Plan:
    seed: int
    sizes: Sizes
    partners: list
    offices: list
    programmes: list
    articles: list
    actions: list

    def page_texts(self):
        yield from (office.page for office in self.offices)
        yield from (programme.page for programme in self.programmes)
        yield from (article.page for article in self.articles)


@cache
def country_names(code):
    names = {}
    for lang in LANGS:
        with translation.override(lang):
            names[lang] = str(countries.name(code))
    return names


def paragraph(sentence):
    return f"<p>{html.escape(sentence, quote=False)}</p>"


def page_text(rng, titles, summaries, bodies=None, suffix=""):
    """English always; each other language with TRANSLATED_SHARE probability. Slugs are made
    from the title in each language, with `suffix` to keep them unique under their parent."""
    langs = {SOURCE_LANG} | {
        lang for lang in LANGS if lang != SOURCE_LANG and rng.random() < TRANSLATED_SHARE
    }

    def pick(texts):
        return {lang: texts[lang] if lang in langs else None for lang in LANGS}

    slugs = {lang: make_slug(titles[lang])[:80].strip("-") + suffix for lang in langs}
    return PageText(
        title=pick(titles),
        summary=pick(summaries),
        slug={lang: slugs.get(lang) for lang in LANGS},
        body=pick({lang: paragraph(bodies[lang]) for lang in LANGS}) if bodies else {},
    )


def random_date(rng, years=5):
    return TODAY - datetime.timedelta(days=rng.randrange(365 * years))


def objectives_sample(rng, most=3):
    return sorted(rng.sample(range(1, OBJECTIVE_COUNT + 1), rng.randint(1, most)))


def plan_partner(rng, number):
    kind_name, kind = rng.choice(text.PARTNER_KINDS)
    return PartnerPlan(
        name=f"{text.place_name(rng)} {kind_name}",
        kind=kind,
        website=f"https://partner-{number}.{EMAIL_DOMAIN}/",
    )


def plan_office(rng, number, codes):
    """The office `number` (from 0), in a country from the shuffled `codes`."""
    code = codes[number % len(codes)]
    again = number // len(codes)  # more offices than countries: "IOM France 2"
    city = text.place_name(rng)
    name = {
        lang: f"{text.ORGANISATION[lang]} {country_names(code)[lang]}"
        + (f" {again + 1}" if again else "")
        for lang in LANGS
    }
    topic = rng.choice(text.TOPICS)
    body = text.fill(text.BODY, place=city, topic=topic, partners=2, year=2000)
    return OfficePlan(
        country=code,
        name=name,
        city=city,
        email=f"office-{number + 1}@{EMAIL_DOMAIN}",
        website=f"https://office-{number + 1}.{EMAIL_DOMAIN}/",
        year_opened=rng.randint(1960, 2024),
        languages=[SOURCE_LANG, *rng.sample(LANGS[1:], rng.randint(0, 2))],
        page=page_text(rng, name, text.fill(text.OFFICE_SUMMARY, place=city), body),
        published=random_date(rng),
    )


def programme_schedule(rng, year):
    """(start, status, end) of a programme that starts in `year`; some have no end date."""
    start = datetime.date(year, rng.randint(1, 12), 1)
    status = rng.choice(["planned", "active", "active", "active", "completed"])
    end = None
    if status == "completed" or rng.random() < 0.5:
        end = start + datetime.timedelta(days=rng.randint(180, 365 * 6))
    return start, status, end


def programme_acronym(rng, topic, number):
    """An acronym for three programmes in ten: the topic's initials and the number."""
    if rng.random() < 0.3:
        return "".join(word[0] for word in topic["en"].split()).upper() + str(number)
    return ""


def plan_programme(rng, number, offices, partners, seen_titles):
    """The programme `number` (from 1); `seen_titles` counts the (office, topic) pairs so far,
    so that a repeated title gets a number."""
    office = rng.randrange(len(offices))
    city = offices[office].city
    topic_index = rng.randrange(len(text.TOPICS))
    topic = text.TOPICS[topic_index]
    titles = text.fill(text.PROGRAMME_TITLE, topic=topic, place=city)
    seen_titles[office, topic_index] += 1
    repeat = seen_titles[office, topic_index]
    if repeat > 1:  # "Migrant health in Kalvora 2"
        titles = {lang: f"{title} {repeat}" for lang, title in titles.items()}
    year = rng.randint(2005, 2025)
    partner_ids = rng.sample(range(len(partners)), min(len(partners), rng.randint(0, 3)))
    body = text.fill(text.BODY, place=city, topic=topic, partners=len(partner_ids), year=year)
    start, status, end = programme_schedule(rng, year)
    also = [rng.randrange(len(offices))] if rng.random() < 0.1 else []
    funder = partners[partner_ids[0]].name if partner_ids else text.SOURCE["en"]
    acronym = programme_acronym(rng, topic, number)
    summary = text.fill(text.SUMMARY, place=city, topic=topic)
    return ProgrammePlan(
        office=office,
        page=page_text(rng, titles, summary, body, suffix=f"-{number}"),
        acronym=acronym[:20],
        status=status,
        start_date=start,
        end_date=end,
        origins=sorted(rng.sample(COUNTRY_CODES, rng.randint(0, 3))),
        destinations=sorted(rng.sample(COUNTRY_CODES, rng.randint(0, 2))),
        funding=text.fill(text.FUNDING, partner=funder),
        offices=sorted({office, *also}),
        partners=sorted(partner_ids),
        objectives=objectives_sample(rng),
        published=random_date(rng),
    )


ARTICLE_KINDS = ["news", "news", "news", "blog", "press", "statement"]


def plan_article(rng, number, offices):
    """The article `number` (from 1): an office's, or now and then the site's news."""
    office = rng.randrange(len(offices))
    site_news = rng.random() < SITE_NEWS_SHARE
    city = offices[office].city
    topic = rng.choice(text.TOPICS)
    story = rng.choice(text.STORY_KINDS)
    base = text.fill(text.PROGRAMME_TITLE, topic=topic, place=city)
    titles = {lang: f"{story[lang]}: {base[lang]}" for lang in LANGS}
    date = random_date(rng)
    body = text.fill(text.BODY, place=city, topic=topic, partners=rng.randint(1, 9), year=2015)
    summary = text.fill(text.SUMMARY, place=city, topic=topic)
    return ArticlePlan(
        parent_office=None if site_news else office,
        office=None if site_news and rng.random() < 0.5 else office,
        page=page_text(rng, titles, summary, body, suffix=f"-{number}"),
        kind=rng.choice(ARTICLE_KINDS),
        date=date,
        author=rng.choice(text.AUTHORS),
        objectives=objectives_sample(rng, most=2) if rng.random() < 0.7 else [],
    )


def plan_action(rng):
    code = rng.choice(COUNTRY_CODES)
    topic = rng.choice(text.TOPICS)
    return ActionPlan(
        country=code,
        year=rng.randint(2018, 2026),
        description=text.fill(text.COUNTRY_ACTION, topic=topic, country=country_names(code)),
        objectives=objectives_sample(rng),
    )


def build_plan(seed, sizes):
    """Everything to write, decided by `seed` alone: one random generator drawn from in a fixed
    order (partners, offices, programmes, articles, actions)."""
    rng = random.Random(seed)  # noqa: S311 (made-up data, not secrets)
    partners = [plan_partner(rng, number) for number in range(1, sizes.partners + 1)]
    codes = [code for code in COUNTRY_CODES if code not in DEMO_COUNTRIES]
    rng.shuffle(codes)
    offices = [plan_office(rng, number, codes) for number in range(sizes.offices)]
    seen_titles = Counter()  # (office index, topic index) -> programmes with that title so far
    programmes = [
        plan_programme(rng, number, offices, partners, seen_titles)
        for number in range(1, sizes.programmes + 1)
    ]
    articles = [plan_article(rng, number, offices) for number in range(1, sizes.articles + 1)]
    actions = [plan_action(rng) for _number in range(sizes.actions)]
    return Plan(
        seed=seed,
        sizes=sizes,
        partners=partners,
        offices=offices,
        programmes=programmes,
        articles=articles,
        actions=actions,
    )


def generate(seed, sizes, log=print, index=True):
    """Plan the portal for `seed` and `sizes` and write it; returns {what: how many written}.
    ScaleDataError when the database cannot take it."""
    started = time.monotonic()
    plan = build_plan(seed, sizes)
    log(f"  planned in memory: {time.monotonic() - started:.1f} s")
    return ScaleWriter(plan, log=log, index=index).run()


# --- Writing the plan --------------------------------------------------------------------


@dataclass
class Node:
    """A page the writer adds children to: an existing one, or one it is writing."""

    pk: int
    path: str
    depth: int
    url_paths: dict  # language -> url_path
    next_step: int = 1
    added: int = 0
    page: Page | None = None  # the new page's unsaved instance; None for an existing page

    @classmethod
    def existing(cls, page):
        last = (
            Page.objects.filter(path__startswith=page.path, depth=page.depth + 1)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        default = getattr(page, f"url_path_{SOURCE_LANG}") or page.url_path
        return cls(
            pk=page.pk,
            path=page.path,
            depth=page.depth,
            url_paths={lang: getattr(page, f"url_path_{lang}") or default for lang in LANGS},
            next_step=Page._str2int(last[-Page.steplen :]) + 1 if last else 1,
        )

    def next_path(self):
        step = self.next_step
        self.next_step += 1
        self.added += 1
        return Page._get_path(self.path, self.depth + 1, step)


def batched(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def moment(date):
    return datetime.datetime.combine(date, datetime.time(9, 0), tzinfo=datetime.UTC)


def insert_rows(model, objs):
    """INSERT the model's own table's columns of `objs`, in batches, values prepared by the
    fields as a save would prepare them (no signals, no multi-table inheritance)."""
    connection = connections[router.db_for_write(model)]
    columns = model._meta.local_concrete_fields
    quote = connection.ops.quote_name
    # Names from the model, quoted by the database backend; values are parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in columns),
        ", ".join(["%s"] * len(columns)),
    )
    with connection.cursor() as cursor:
        for chunk in batched(objs, BATCH):
            cursor.executemany(
                sql,
                [
                    [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in columns]
                    for obj in chunk
                ],
            )


@cache
def columns_and_defaults(model):
    """(attname, default) of each column; each default computed once (modeltranslation's
    fields compute theirs in every language, every time)."""
    return [(f.attname, f.get_default()) for f in model._meta.concrete_fields]


def build(model, values):
    """An unsaved instance from {attname: value}, the others at their defaults. Positional, as
    Django builds instances from database rows: modeltranslation rewrites every keyword argument
    of a model's constructor, which costs more than the rest of the generator together."""
    columns = columns_and_defaults(model)
    unknown = set(values) - {name for name, _default in columns}
    if unknown:
        raise ValueError(f"{model.__name__} has no columns {sorted(unknown)}")
    return model(*(values.get(name, default) for name, default in columns))


def next_id(model):
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


class ScaleWriter:
    def __init__(self, plan, log=print, index=True):
        self.plan = plan
        self.log = log
        self.index = index
        # Block ids and translation keys (made-up data, not secrets).
        self.rng = random.Random(plan.seed + 1)  # noqa: S311
        self.new_pages = {}  # model -> [unsaved instances]
        self.nodes = []  # existing pages given children
        self.links = {}  # (model, m2m field name) -> [(from id, to id)]
        self.counts = {}

    # --- entry point -------------------------------------------------------------------

    def run(self):
        started = time.monotonic()
        with translation.override(SOURCE_LANG), transaction.atomic():
            with self.timed("checked the database"):
                self.prepare()
            with self.timed("planned the rows"):
                self.skeleton()
                self.plan_records()
                self.plan_pages()
            with self.timed("wrote records"):
                self.write_records()
            with self.timed("wrote pages"):
                self.write_pages()
            with self.timed("wrote many-to-many links"):
                self.write_links()
            self.reset_sequences()
        if self.index:
            with self.timed("updated the search index"):
                self.update_search_index()
        clear_route_caches()
        # Bulk inserts send no signals: empty the page cache (and the memo) by hand.
        from portal.core.cache import purge

        purge()
        self.log(f"Scale data written in {time.monotonic() - started:.1f} s.")
        return self.counts

    class _Timer:
        def __init__(self, writer, what):
            self.writer, self.what = writer, what

        def __enter__(self):
            self.started = time.monotonic()

        def __exit__(self, *exc):
            if exc[0] is None:
                self.writer.log(f"  {self.what}: {time.monotonic() - self.started:.1f} s")

    def timed(self, what):
        return self._Timer(self, what)

    # --- what is there -----------------------------------------------------------------

    def prepare(self):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        home = site.root_page.specific if site else None
        if not isinstance(home, HomePage):
            raise ScaleDataError(
                "The default site's root page is not a home page: run `manage.py load_demo` first."
            )
        if Office.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").exists():
            raise ScaleDataError(
                "This database already holds scale data: generate it into a fresh database."
            )
        self.home = self.existing(home)
        self.locale_id = Locale.get_default().pk
        self.ids = {model: next_id(model) for model in (Page, Office, Partner, CountryAction)}
        self.objectives = dict(Objective.objects.values_list("number", "pk"))
        self.objective_pages = set(ObjectivePage.objects.values_list("objective_id", flat=True))

    def existing(self, page):
        node = Node.existing(page)
        self.nodes.append(node)
        return node

    def index_page(self, model, key):
        """The home page's child of this type, or a new one like the demo's."""
        page = model.objects.child_of(self.home_page()).order_by("path").first()
        if page is not None:
            return self.existing(page)
        spec = next(child for child in demo_pages.site_tree().children if child.key == key)
        titles = {lang: spec.title.get(lang) for lang in LANGS}
        slugs = {
            lang: spec.slug if lang == SOURCE_LANG else (make_slug(title) if title else None)
            for lang, title in titles.items()
        }
        summaries = {lang: spec.summary.get(lang) for lang in LANGS}
        return self.add_page(
            model,
            self.home,
            PageText(title=titles, summary=summaries, slug=slugs),
            TODAY,
            show_in_menus=True,
        )

    def home_page(self):
        return Page.objects.get(pk=self.home.pk)

    def skeleton(self):
        self.office_index = self.index_page(OfficeIndexPage, "where-we-work")
        self.programme_index = self.index_page(ProgrammeIndexPage, "programmes")
        self.compact_index = self.index_page(CompactIndexPage, "global-compact")
        self.news_index = self.index_page(NewsIndexPage, "news")
        for number in range(1, OBJECTIVE_COUNT + 1):
            if number not in self.objectives:
                objective = Objective(
                    number=number,
                    **{
                        f"title_{lang}": demo_content.objective_title(number, lang)
                        for lang in LANGS
                    },
                    **{
                        f"summary_{lang}": demo_content.objective_summary(number, lang) or None
                        for lang in LANGS
                    },
                )
                objective.title = objective.title_en
                objective.summary = objective.summary_en or ""
                objective.save()
                self.objectives[number] = objective.pk
            if self.objectives[number] not in self.objective_pages:
                titles = {lang: demo_content.objective_title(number, lang) for lang in LANGS}
                slugs = {lang: f"{demo_pages.OBJECTIVE_SLUG[lang]}-{number}" for lang in LANGS}
                summaries = {
                    lang: demo_content.objective_summary(number, lang) or None for lang in LANGS
                }
                self.add_page(
                    ObjectivePage,
                    self.compact_index,
                    PageText(title=titles, summary=summaries, slug=slugs),
                    TODAY,
                    objective_id=self.objectives[number],
                )

    # --- rows ----------------------------------------------------------------------------

    def new_id(self, model):
        pk = self.ids[model]
        self.ids[model] += 1
        return pk

    def uuid(self):
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def translated(self, name, texts):
        values = {f"{name}_{lang}": texts.get(lang) for lang in LANGS}
        values[name] = texts.get(SOURCE_LANG) or ""
        return values

    def body(self, paragraphs):
        return {
            f"body_{lang}": json.dumps(
                [{"type": "paragraph", "value": paragraphs[lang], "id": str(self.uuid())}]
            )
            if paragraphs.get(lang)
            else None
            for lang in LANGS
        }

    def add_page(self, model, parent, texts, published, **fields):
        """An unsaved page of `model` as the next child of `parent`; returns its Node."""
        pk = self.new_id(Page)
        depth = parent.depth + 1
        path = parent.next_path()
        slug_en = texts.slug[SOURCE_LANG]
        url_paths = {
            lang: f"{parent.url_paths[lang]}{texts.slug.get(lang) or slug_en}/" for lang in LANGS
        }
        when = moment(published)
        values = {
            "id": pk,
            "page_ptr_id": pk,
            "path": path,
            "depth": depth,
            "numchild": 0,
            "translation_key": self.uuid(),
            "locale_id": self.locale_id,
            "live": True,
            "has_unpublished_changes": False,
            "first_published_at": when,
            "last_published_at": when,
            "latest_revision_created_at": when,
            "draft_title": texts.title[SOURCE_LANG],
            "content_type_id": self.content_type_id(model),
            "url_path": url_paths[SOURCE_LANG],
            "show_in_menus": False,
            "seo_title": "",
            "search_description": "",
            "last_reviewed": published,
            **self.translated("title", texts.title),
            **self.translated("slug", texts.slug),
            **self.translated("summary", texts.summary),
            **{f"url_path_{lang}": url_paths[lang] for lang in LANGS},
        }
        if any(f.name == "body" for f in model._meta.local_concrete_fields):
            bodies = self.body(texts.body)
            values.update(bodies)
            values["body"] = bodies["body_en"] or "[]"
        values.update(fields)
        page = build(model, values)
        self.new_pages.setdefault(model, []).append(page)
        return Node(pk=pk, path=path, depth=depth, url_paths=url_paths, page=page)

    @cache  # noqa: B019 (one writer per run)
    def content_type_id(self, model):
        from django.contrib.contenttypes.models import ContentType

        return ContentType.objects.get_for_model(model).pk

    def link(self, model, name, source, targets):
        self.links.setdefault((model, name), []).extend((source, target) for target in targets)

    def plan_records(self):
        plan = self.plan
        self.partner_rows = [
            Partner(
                id=self.new_id(Partner),
                kind=partner.kind,
                website=partner.website,
                **self.translated("name", {SOURCE_LANG: partner.name}),
            )
            for partner in plan.partners
        ]
        self.office_rows = [
            Office(
                id=self.new_id(Office),
                country=office.country,
                email=office.email,
                website=office.website,
                year_opened=office.year_opened,
                covers=[],
                languages=office.languages,
                address="",
                phone="",
                **self.translated("name", office.name),
                **self.translated("city", dict.fromkeys(LANGS, office.city)),
            )
            for office in plan.offices
        ]
        self.action_rows = []
        source = self.translated("source", text.SOURCE)
        for action in plan.actions:
            row = CountryAction(
                id=self.new_id(CountryAction),
                country=action.country,
                year=action.year,
                source_url="",
                **self.translated("description", action.description),
                **source,
            )
            self.action_rows.append(row)
            self.link(
                CountryAction, "objectives", row.pk, [self.objectives[n] for n in action.objectives]
            )

    def plan_pages(self):
        office_ids = [row.pk for row in self.office_rows]
        partner_ids = [row.pk for row in self.partner_rows]
        programme_indexes, news_indexes = self.plan_office_pages(office_ids)
        self.plan_programme_pages(programme_indexes, office_ids, partner_ids)
        self.plan_article_pages(news_indexes, office_ids)

    def plan_office_pages(self, office_ids):
        """Each office's page with a programme index and a news index under it; returns the
        programme indexes and the news indexes, in the plan's order of offices."""
        programme_indexes, news_indexes = [], []
        for office, office_id in zip(self.plan.offices, office_ids, strict=True):
            node = self.add_page(
                CountryOfficePage,
                self.office_index,
                office.page,
                office.published,
                office_id=office_id,
            )
            for model, titles, into in (
                (ProgrammeIndexPage, demo_pages.PROGRAMMES, programme_indexes),
                (NewsIndexPage, demo_pages.NEWS, news_indexes),
            ):
                slugs = {lang: make_slug(titles[lang]) for lang in LANGS}
                slugs[SOURCE_LANG] = "programmes" if model is ProgrammeIndexPage else "news"
                texts = PageText(title=dict(titles), summary={}, slug=slugs)
                into.append(self.add_page(model, node, texts, office.published))
        return programme_indexes, news_indexes

    def plan_programme_pages(self, programme_indexes, office_ids, partner_ids):
        for programme in self.plan.programmes:
            node = self.add_page(
                ProgrammePage,
                programme_indexes[programme.office],
                programme.page,
                programme.published,
                acronym=programme.acronym,
                status=programme.status,
                start_date=programme.start_date,
                end_date=programme.end_date,
                countries_of_origin=programme.origins,
                countries_of_destination=programme.destinations,
                **self.translated("funding", programme.funding),
            )
            self.link(ProgrammePage, "offices", node.pk, [office_ids[i] for i in programme.offices])
            self.link(
                ProgrammePage, "partners", node.pk, [partner_ids[i] for i in programme.partners]
            )
            self.link(
                ProgrammePage,
                "objectives",
                node.pk,
                [self.objectives[n] for n in programme.objectives],
            )

    def plan_article_pages(self, news_indexes, office_ids):
        """Articles under their office's news index, or the site's."""
        for article in self.plan.articles:
            parent = (
                self.news_index
                if article.parent_office is None
                else news_indexes[article.parent_office]
            )
            node = self.add_page(
                ArticlePage,
                parent,
                article.page,
                article.date,
                kind=article.kind,
                date=article.date,
                author=article.author,
                office_id=None if article.office is None else office_ids[article.office],
            )
            self.link(
                ArticlePage, "objectives", node.pk, [self.objectives[n] for n in article.objectives]
            )

    # --- writing -------------------------------------------------------------------------

    def write_records(self):
        for model, rows in (
            (Partner, self.partner_rows),
            (Office, self.office_rows),
            (CountryAction, self.action_rows),
        ):
            insert_rows(model, rows)
            self.counts[model._meta.verbose_name_plural] = len(rows)

    def write_pages(self):
        # A new page's number of children is known once all pages are planned.
        children = {}
        for pages in self.new_pages.values():
            for page in pages:
                parent_path = page.path[: -Page.steplen]
                children[parent_path] = children.get(parent_path, 0) + 1
        for pages in self.new_pages.values():
            for page in pages:
                page.numchild = children.get(page.path, 0)
        for node in self.nodes:
            if node.added:
                Page.objects.filter(pk=node.pk).update(numchild=F("numchild") + node.added)
        all_pages = [page for pages in self.new_pages.values() for page in pages]
        insert_rows(Page, all_pages)
        for model, pages in self.new_pages.items():
            insert_rows(model, pages)
            self.counts[model._meta.verbose_name_plural] = len(pages)

    def write_links(self):
        for (model, name), pairs in self.links.items():
            m2m = model._meta.get_field(name)
            through = m2m.remote_field.through
            source, target = m2m.m2m_column_name(), m2m.m2m_reverse_name()
            through.objects.bulk_create(
                [through(**{source: a, target: b}) for a, b in pairs], batch_size=BATCH
            )

    def reset_sequences(self):
        connection = connections[router.db_for_write(Page)]
        statements = connection.ops.sequence_reset_sql(
            no_style(), [Page, Office, Partner, CountryAction, Objective]
        )
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    def update_search_index(self):
        backend = get_search_backend()
        for model, pages in self.new_pages.items():
            for chunk in batched(pages, BATCH):
                backend.add_bulk(model, list(chunk))
