"""Coverage figures for the translation dashboard, in a fixed number of queries.

One query per content model (its translated columns only) and one for all translation states;
everything else is counted in Python. Counted per translated field: a field counts when it has
source text; it is translated in a language when that language has text; it is outdated when
its translation state's source fingerprint no longer matches the source text. Records with
drafts count their live row only: a pending draft's text is in a revision, and a record that is
not live is left out.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import TextField
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from modeltranslation.utils import resolution_order
from wagtail.models import DraftStateMixin, Page

from portal.localization import scopes
from portal.localization.models import TranslationState
from portal.localization.units import (
    SOURCE_LANGUAGE,
    content_fields,
    content_models,
    field_text,
    fingerprint,
    is_stream,
    localized,
    target_languages,
)

RAW_PREFIX = "raw_"  # the alias of a stream column read as JSON text

# What each object's fields were found to be, per worker, from the last count: {(model label,
# languages): {pk: (signature of the row's columns and translation states, [(field, language,
# status), ...])}}.
# An object whose columns and states are the same as then is not read again (its streams parsed,
# its texts fingerprinted): after a change, the dashboard reads again only what changed. The
# signature is a hash of the values themselves, so any change to them, however it was made,
# makes the object counted again.
_KNOWN = {}


@dataclass
class Cell:
    total: int = 0
    done: int = 0
    outdated: int = 0

    @property
    def missing(self):
        return self.total - self.done

    @property
    def percent(self):
        return 100 if not self.total else round(100 * self.done / self.total)


@dataclass
class Item:
    """One field of one object that is missing or outdated in one language."""

    model: type
    pk: int
    label: str
    field: str
    language: str
    status: str  # "missing" or "outdated"
    office_paths: tuple = ()


@dataclass
class Coverage:
    kinds: list
    languages: list
    cells: dict = field(default_factory=dict)  # (kind label, lang) -> Cell
    totals: dict = field(default_factory=dict)  # lang -> Cell
    by_office: dict = field(default_factory=dict)  # (office pk, lang) -> Cell
    by_office_kind: dict = field(default_factory=dict)  # (office pk, kind label, lang) -> Cell
    items: list = field(default_factory=list)

    def cell(self, kind, lang):
        return self.cells.get((kind._meta.label, lang), Cell())


def _rows(model, digest=False):
    """(fields, the rows' values): pk, the extra columns, every translated column and, with
    `digest` (PostgreSQL), DIGEST: the row's version, for `_changed_rows`."""
    fields = content_fields(model)
    languages = [SOURCE_LANGUAGE, *target_languages()]
    columns = [localized(f, lang) for f in fields for lang in languages]
    queryset = model.objects.all()
    extra = []
    if issubclass(model, Page):
        queryset = queryset.filter(depth__gt=1)
        extra = ["path", "title_en"]
    else:
        # A record counts by its live row: one not live (a draft, or unpublished) not at all.
        if issubclass(model, DraftStateMixin):
            queryset = queryset.filter(live=True)
        extra = [f"{fields[0]}_en"] if fields else []
    # Streams as their JSON text: only their texts are read, and a StreamValue of each (seven a
    # page) costs far more than the text.
    streams = {localized(f, lang) for f in fields if is_stream(model, f) for lang in languages}
    raw = {RAW_PREFIX + column: Cast(column, TextField()) for column in streams}
    plain = set(columns + extra) - streams
    if digest:
        raw[DIGEST] = _version(model)
    return fields, queryset.values("pk", *plain, **raw), extra


DIGEST = "coverage_digest"


def _version(model):
    """The version of an object's rows (its table's and each parent table's): PostgreSQL's
    `xmin` (the transaction that wrote the row) and `ctid` (where that version lies). An UPDATE
    writes a new version, with the writer's xmin and, even within one transaction, a ctid of its
    own; so a text cannot change while the version stays. Read without reading the texts: an
    MD5 of them took half of the dashboard's time at scale, hashing every translated column of
    25,000 pages after each change. A version that changed with the texts the same (a lock, a
    VACUUM FULL) only has its row read again."""
    tables = [model, *model._meta.get_parent_list()]
    quoted = [connection.ops.quote_name(table._meta.db_table) for table in tables]
    parts = " || ".join(f"{table}.xmin::text || {table}.ctid::text" for table in quoted)
    # Table names from the models' metadata, quoted: no outside value reaches the SQL.
    return RawSQL(parts, [], output_field=TextField())  # noqa: S611


def _changed_rows(rows, extra, known, signature):
    """The rows, read in two steps when most are known: first every row's pk, extra columns and
    digest, then every column of the rows whose signature is not the known one. A row read in
    the first step stands for a known one (its texts are not read: `kind` reuses its statuses)."""
    light = list(rows.values("pk", *extra, DIGEST))
    changed = {row["pk"] for row in light if known.get(row["pk"], (None,))[0] != signature(row)}
    # Read also when nothing changed (no row has the key 0; Django drops a None from IN and
    # skips an empty IN): the dashboard makes the same number of queries whatever changed.
    full = {row["pk"]: row for row in rows.filter(pk__in=changed or [0])}
    return [
        full.get(row["pk"], row) for row in light if row["pk"] not in changed or row["pk"] in full
    ]


def compute(office=None, models=None, languages=None, items=False, office_kinds=False):
    """Coverage of every content kind in every target language, optionally for one office.

    `office` is one of the scopes of portal/localization/scopes.py. `models` and `languages`
    narrow it (a drill-down needs one kind in one language); `items` also lists every missing or
    outdated field; `office_kinds` also counts each office's kinds (`by_office_kind`, for the
    daily snapshot of portal/localization/history.py). At scale (25,000 pages) the dashboard
    reads every translated column of every page, so the loop in `_Tally.count` does as little
    per field as it can.
    """
    languages = languages or target_languages()
    models = models or content_models()
    content_types = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    coverage = Coverage(kinds=models, languages=languages)
    coverage.totals = {lang: Cell() for lang in languages}
    tally = _Tally(coverage, _states(content_types.values(), languages), office, items)
    tally.office_kinds = office_kinds
    for model in models:
        tally.kind(model, content_types[model].pk)
    return coverage


def _states(content_types, languages):
    """{(content type id, object id): {(field, language): source fingerprint}}."""
    states = defaultdict(dict)
    for ct_id, obj_id, fld, lang, source_hash in TranslationState.objects.filter(
        content_type_id__in=[ct.pk for ct in content_types], language__in=languages
    ).values_list("content_type_id", "object_id", "field", "language", "source_hash"):
        states[(ct_id, obj_id)][(fld, lang)] = source_hash
    return states


def _status(text, recorded, source_hash):
    if not text.strip():
        return "missing"
    if recorded is not None and recorded != source_hash:
        return "outdated"
    return "current"


class _Tally:
    """Counts every translated field of every object into the coverage's cells: its kind's,
    its language's total and its office's (the scope whose subtree or record it is)."""

    def __init__(self, coverage, states, office, items):
        self.coverage = coverage
        self.states = states
        self.items = items
        self.scope_model = scopes.provider().model
        scope_paths = scopes.provider().root_paths()
        self.find_owner = _owner_finder(scope_paths)
        self.office = office
        self.scope_path = scope_paths.get(office.pk) if office is not None else None
        self.office_kinds = False

    def kind(self, model, ct_id):
        digest = connection.vendor == "postgresql"
        fields, rows, extra = _rows(model, digest=digest)
        languages = self.coverage.languages
        self.kind_cells = {
            lang: self.coverage.cells.setdefault((model._meta.label, lang), Cell())
            for lang in languages
        }
        self.columns = {}  # field: (is a stream, source column, {language: column})
        for fld in fields:
            stream = is_stream(model, fld)
            prefix = RAW_PREFIX if stream else ""
            self.columns[fld] = (
                stream,
                prefix + localized(fld, SOURCE_LANGUAGE),
                {lang: prefix + localized(fld, lang) for lang in languages},
            )
        is_scope = model is self.scope_model
        known_key = (model._meta.label, tuple(languages))  # a drill-down counts one language
        known, seen = _KNOWN.get(known_key, {}), {}

        def signature(row):
            object_states = tuple(sorted(self.states.get((ct_id, row["pk"]), {}).items()))
            return hash((row[DIGEST] if digest else tuple(row.values()), object_states))

        if digest and known_key in _KNOWN:  # counted before: two steps, whatever it found
            rows = _changed_rows(rows, extra, known, signature)
        for row in rows:
            path = row.get("path")
            if self.office is not None and not self._in_office(is_scope, row, path):
                continue
            owner = self.find_owner(path) if path is not None else (row["pk"] if is_scope else None)
            label = row.get("title_en") or row.get(f"{fields[0]}_en") or str(row["pk"])
            row_signature = signature(row)
            kept = known.get(row["pk"])
            if kept is None or kept[0] != row_signature:
                object_states = self.states.get((ct_id, row["pk"]), {})
                statuses = self.statuses(model, row, object_states)
                kept = (row_signature, statuses, _per_language(statuses))
            seen[row["pk"]] = kept
            self.count(model, row["pk"], label, owner, kept[1:])
        if self.office is None:  # every row read: the objects no longer there are forgotten
            _KNOWN[known_key] = seen
        else:
            _KNOWN[known_key] = {**known, **seen}

    def _in_office(self, is_scope, row, path):
        if path is not None:
            return bool(self.scope_path) and path.startswith(self.scope_path)
        return is_scope and row["pk"] == self.office.pk

    def statuses(self, model, row, object_states):
        """[(field, language, "missing" | "outdated" | "current")] of one object's fields that
        have source text."""
        found = []
        for fld, (stream, source_column, columns) in self.columns.items():
            source = _text(model, fld, row[source_column], stream)
            if not source.strip():
                continue
            source_hash = fingerprint(source)
            for lang, column in columns.items():
                text = _text(model, fld, row[column], stream)
                status = _status(text, object_states.get((fld, lang)), source_hash)
                found.append((fld, lang, status))
        return found

    def count(self, model, pk, label, owner, found):
        """Count one object's fields: `found` is (its statuses, their sums per language)."""
        coverage = self.coverage
        statuses, per_language = found
        for lang, total, done, outdated in per_language:
            counted = [self.kind_cells[lang], coverage.totals[lang]]
            if owner is not None:
                counted.append(coverage.by_office.setdefault((owner, lang), Cell()))
                if self.office_kinds:
                    key = (owner, model._meta.label, lang)
                    counted.append(coverage.by_office_kind.setdefault(key, Cell()))
            for cell in counted:
                cell.total += total
                cell.done += done
                cell.outdated += outdated
        if self.items:
            coverage.items.extend(
                Item(model, pk, label, fld, lang, status)
                for fld, lang, status in statuses
                if status != "current"
            )


def _per_language(statuses):
    """((language, fields, done, outdated), ...) of an object's statuses."""
    sums = {}
    for _fld, lang, status in statuses:
        total, done, outdated = sums.get(lang, (0, 0, 0))
        sums[lang] = (total + 1, done + (status != "missing"), outdated + (status == "outdated"))
    return tuple((lang, *counts) for lang, counts in sums.items())


def _text(model, fld, value, stream):
    if not stream:
        return "" if value is None else str(value)
    if not value or value == "[]":  # an empty stream: no blocks to read
        return ""
    data = json.loads(value)
    if isinstance(data, str):  # stored as a JSON string holding the JSON, as Wagtail tolerates
        data = json.loads(data)
    return field_text(model, fld, data)


def _owner_finder(office_paths):
    """path -> the pk of the office whose page is that path or above it (None otherwise), by a
    dictionary look-up per depth rather than a scan of every office's path."""
    by_length = defaultdict(dict)
    for pk, path in office_paths.items():
        by_length[len(path)][path] = pk
    lengths = sorted(by_length, reverse=True)  # the deepest office page first

    def find(path):
        for length in lengths:
            pk = by_length[length].get(path[:length])
            if pk is not None:
                return pk
        return None

    return find


def fallback_chains():
    """{language: [languages tried in order]}, from MODELTRANSLATION_FALLBACK_LANGUAGES."""
    return {code: list(resolution_order(code)) for code, _name in settings.LANGUAGES}
