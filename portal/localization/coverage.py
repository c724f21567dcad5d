"""Coverage figures for the translation dashboard, in a fixed number of queries.

One query per content model (its translated columns only) and one for all translation states;
everything else is counted in Python. Counted per translated field: a field counts when it has
source text; it is translated in a language when that language has text; it is outdated when
its translation state's source fingerprint no longer matches the source text.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import TextField
from django.db.models.functions import Cast
from modeltranslation.utils import resolution_order
from wagtail.models import Page

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
    items: list = field(default_factory=list)

    def cell(self, kind, lang):
        return self.cells.get((kind._meta.label, lang), Cell())


def office_page_paths():
    """{office pk: tree path of its office page}: what "one office's content" means."""
    office_page_model = apps.get_model("offices", "CountryOfficePage")
    return dict(office_page_model.objects.values_list("office_id", "path"))


def _rows(model):
    fields = content_fields(model)
    languages = [SOURCE_LANGUAGE, *target_languages()]
    columns = [localized(f, lang) for f in fields for lang in languages]
    queryset = model.objects.all()
    extra = []
    if issubclass(model, Page):
        queryset = queryset.filter(depth__gt=1)
        extra = ["path", "title_en"]
    else:
        extra = [f"{fields[0]}_en"] if fields else []
    # Streams as their JSON text: making a StreamValue of each of them (seven a page) was most
    # of the time at scale, and only their texts are read.
    streams = {localized(f, lang) for f in fields if is_stream(model, f) for lang in languages}
    raw = {RAW_PREFIX + column: Cast(column, TextField()) for column in streams}
    plain = set(columns + extra) - streams
    return fields, queryset.values("pk", *plain, **raw)


def compute(office=None, models=None, languages=None, items=False):
    """Coverage of every content kind in every target language, optionally for one office.

    `models` and `languages` narrow it (a drill-down needs one kind in one language); `items`
    also lists every missing or outdated field. At scale (25,000 pages) the dashboard reads
    every translated column of every page, so the loop below does as little per field as it can.
    """
    languages = languages or target_languages()
    models = models or content_models()
    office_paths = office_page_paths()
    scope_path = office_paths.get(office.pk) if office is not None else None
    find_owner = _owner_finder(office_paths)
    content_types = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    states = defaultdict(dict)
    for ct_id, obj_id, fld, lang, source_hash in TranslationState.objects.filter(
        content_type_id__in=[ct.pk for ct in content_types.values()], language__in=languages
    ).values_list("content_type_id", "object_id", "field", "language", "source_hash"):
        states[(ct_id, obj_id)][(fld, lang)] = source_hash

    coverage = Coverage(kinds=models, languages=languages)
    for lang in languages:
        coverage.totals[lang] = Cell()
    for model in models:
        ct_id = content_types[model].pk
        fields, rows = _rows(model)
        kind_cells = {
            lang: coverage.cells.setdefault((model._meta.label, lang), Cell()) for lang in languages
        }
        streams = {fld: is_stream(model, fld) for fld in fields}
        prefix = {fld: RAW_PREFIX if streams[fld] else "" for fld in fields}
        columns = {
            fld: {lang: prefix[fld] + localized(fld, lang) for lang in languages} for fld in fields
        }
        source_columns = {fld: prefix[fld] + localized(fld, SOURCE_LANGUAGE) for fld in fields}
        is_office = model._meta.label == "offices.Office"
        for row in rows:
            path = row.get("path")
            if office is not None and not _in_office(model, row, office, path, scope_path):
                continue
            label = row.get("title_en") or row.get(f"{fields[0]}_en") or str(row["pk"])
            owner = find_owner(path) if path is not None else (row["pk"] if is_office else None)
            object_states = states.get((ct_id, row["pk"]), {})
            for fld in fields:
                stream = streams[fld]
                source = _text(model, fld, row[source_columns[fld]], stream)
                if not source.strip():
                    continue
                source_hash = fingerprint(source)
                for lang, column in columns[fld].items():
                    counted = [kind_cells[lang], coverage.totals[lang]]
                    if owner is not None:
                        counted.append(coverage.by_office.setdefault((owner, lang), Cell()))
                    text = _text(model, fld, row[column], stream)
                    recorded = object_states.get((fld, lang))
                    if not text.strip():
                        status = "missing"
                    elif recorded is not None and recorded != source_hash:
                        status = "outdated"
                    else:
                        status = "current"
                    for cell in counted:
                        cell.total += 1
                        cell.done += status != "missing"
                        cell.outdated += status == "outdated"
                    if items and status != "current":
                        coverage.items.append(Item(model, row["pk"], label, fld, lang, status))
    return coverage


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


def _in_office(model, row, office, path, scope_path):
    if path is not None:
        return bool(scope_path) and path.startswith(scope_path)
    return model._meta.label == "offices.Office" and row["pk"] == office.pk


def fallback_chains():
    """{language: [languages tried in order]}, from MODELTRANSLATION_FALLBACK_LANGUAGES."""
    return {code: list(resolution_order(code)) for code, _name in settings.LANGUAGES}
