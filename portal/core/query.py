"""Lighter querysets for pages shown as links or cards: without their bodies.

A page row carries every StreamField and rich text column in seven languages. Loading one
decodes each body's JSON even when the template only prints a title and a link. Listings
defer those columns; a template that does read a body still gets it (one more query per page,
which the query-count tests would show).
"""

import functools

from django.db import models
from django.db.models import CharField, Count, Exists, ExpressionWrapper, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.db.models.lookups import StartsWith
from wagtail.fields import RichTextField, StreamField


def outside_private_sections():
    """True for a page outside every private section: Wagtail's `.public()` as a subquery of
    the same SQL statement, rather than a query of its own for the restrictions (which selects
    every restricted page's row, seven languages wide, and compiles it on every request)."""
    from wagtail.models import PageViewRestriction

    path = ExpressionWrapper(OuterRef("path"), output_field=CharField())
    return ~Exists(PageViewRestriction.objects.filter(StartsWith(path, F("page__path"))))


def public_pages(queryset):
    """`queryset.public()` (Wagtail) in one statement, with `outside_private_sections()`."""
    return queryset.filter(outside_private_sections())


def body_fields(model):
    """The model's StreamField and rich text columns, each language's included."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, (StreamField, RichTextField))
    ]


def without_bodies(queryset, through=None):
    """`queryset` deferring the bodies of its pages, or of the pages it selects `through` a
    relation: `without_bodies(Objective.objects.select_related("page"), "page")`."""
    model = queryset.model
    prefix = ""
    if through:
        model = model._meta.get_field(through).related_model
        prefix = f"{through}__"
    names = [prefix + name for name in body_fields(model)]
    return queryset.defer(*names) if names else queryset


def other_languages(model, lang=None):
    """The model's translated columns in the languages a page in `lang` (default: the active
    one) never reads: all but `lang` and its fallbacks (modeltranslation's resolution order)."""
    from portal.core.i18n import active_language

    return _other_languages(model, lang or active_language())


@functools.cache
def _other_languages(model, lang):
    from modeltranslation.translator import NotRegistered, translator
    from modeltranslation.utils import build_localized_fieldname, resolution_order

    from portal.core.i18n import LANGUAGE_CODES

    try:
        fields = translator.get_options_for_model(model).all_fields
    except NotRegistered:
        return ()
    read = resolution_order(lang)
    others = [code for code in LANGUAGE_CODES if code not in read]
    fields = [field for field in fields if field not in READ_IN_EVERY_LANGUAGE]
    return tuple(build_localized_fieldname(field, code) for field in fields for code in others)


# Read in every language by every page that shows a page: its URL in each (the switcher, the
# head's alternates, built when the memo has not kept them).
READ_IN_EVERY_LANGUAGE = frozenset({"url_path"})


def in_language(queryset, through=None, lang=None):
    """`queryset` deferring the columns of the languages its rows are not shown in (the active
    language and its fallbacks are kept), or those of the rows it selects `through` a relation.
    Rows seven languages wide cost their columns' SQL and conversion on every request; columns
    in READ_IN_EVERY_LANGUAGE are kept."""
    model = queryset.model
    prefix = ""
    if through:
        model = model._meta.get_field(through).related_model
        prefix = f"{through}__"
    names = [prefix + name for name in other_languages(model, lang)]
    return queryset.defer(*names) if names else queryset


def with_page_in_language(queryset):
    """Records with their page (`select_related("page")`), both without the columns of the
    languages they are not shown in, the page without its bodies."""
    queryset = queryset.select_related("page")
    return in_language(without_bodies(in_language(queryset), "page"), "page")


def link_count(many_to_many, target):
    """How many rows `many_to_many` (a ManyToManyField, from the side that declares it) links
    to each `target` row, as a correlated subquery: `Office.objects.annotate(programme_count=
    link_count(ProgrammePage.offices, "office"))`.

    The same number as `annotate(Count("programmes", distinct=True))`, without the join and the
    GROUP BY over every selected column (hundreds of columns in seven languages when the rows
    are selected with their pages)."""
    through = many_to_many.through
    counted = (
        through.objects.filter(**{target: OuterRef("pk")})
        .values(target)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)


class RecordQuerySet(models.QuerySet):
    """Records with drafts (Wagtail's `DraftStateMixin`): the row holds the live version, a
    draft lives in a revision. Public surfaces list `.live()` rows only: a record created as a
    draft, or unpublished, is not shown."""

    def live(self):
        return self.filter(live=True)


# Columns a record with drafts saves alone when an editor saves a draft, or locks or unlocks it:
# the live version, which public pages show, has not changed. Publishing and unpublishing save
# the whole row.
DRAFT_BOOKKEEPING = frozenset(
    {"latest_revision", "has_unpublished_changes", "locked", "locked_by", "locked_at"}
)


def live_text_unchanged(update_fields):
    """True for a record's save that wrote only draft or lock bookkeeping (a post_save's
    `update_fields`): nothing a visitor reads, nor any live text, changed."""
    return bool(update_fields) and DRAFT_BOOKKEEPING.issuperset(update_fields)


def live_record(record):
    """The record a page points to (an article's office, an office page's office), or None when
    it is not live: a record created as a draft holds its unapproved text in its row, and an
    unpublished one is not shown."""
    return record if record is not None and getattr(record, "live", True) else None


class _KeyFirst:
    """A sorted queryset whose slices sort the rows' keys only (see `key_first`)."""

    ordered = True  # for Django's Paginator: the queryset is ordered

    def __init__(self, queryset):
        self.queryset = queryset

    def count(self):
        return self.queryset.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self.queryset[index]
        keys = self.queryset.values("pk")[index]
        return self.queryset.filter(pk__in=keys)


def key_first(queryset):
    """`queryset` for a paginator (Django's or the API's): a slice of it is read in one query
    that sorts the rows' keys only, then reads and orders the wide rows of the slice.

    At scale a listing sorted every row seven languages wide (PostgreSQL sorted 5,000 programmes
    of 6 KB each, on disk) to keep twelve. The same rows in the same order: the listings' orders
    end with the key, so there are no ties. Unordered or DISTINCT querysets are left as they are."""
    if not isinstance(queryset, models.QuerySet) or not queryset.ordered:
        return queryset
    if queryset.query.distinct or queryset.query.is_sliced:
        return queryset
    return _KeyFirst(queryset)
