"""Coverage figures for the translation dashboard, in a fixed number of queries.

One query per content model (its translated columns only) and one for all translation states;
everything else is counted in Python. Counted per translated field: a field counts when it has
source text; it is translated in a language when that language has text; it is outdated when
its translation state's source fingerprint no longer matches the source text.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from modeltranslation.utils import resolution_order
from wagtail.models import Page

from portal.localization.models import TranslationState
from portal.localization.units import (
    SOURCE_LANGUAGE,
    content_fields,
    content_models,
    field_text,
    fingerprint,
    localized,
    target_languages,
)


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
    return fields, queryset.values("pk", *set(columns + extra))


def compute(office=None):
    """Coverage of every content kind in every target language, optionally for one office."""
    languages = target_languages()
    models = content_models()
    office_paths = office_page_paths()
    scope_path = office_paths.get(office.pk) if office is not None else None
    path_offices = sorted(((path, pk) for pk, path in office_paths.items()), reverse=True)
    content_types = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    states = defaultdict(dict)
    for ct_id, obj_id, fld, lang, source_hash in TranslationState.objects.values_list(
        "content_type_id", "object_id", "field", "language", "source_hash"
    ):
        states[(ct_id, obj_id)][(fld, lang)] = source_hash

    coverage = Coverage(kinds=models, languages=languages)
    for lang in languages:
        coverage.totals[lang] = Cell()
    for model in models:
        ct_id = content_types[model].pk
        fields, rows = _rows(model)
        for row in rows:
            path = row.get("path")
            if office is not None and not _in_office(model, row, office, path, scope_path):
                continue
            label = row.get("title_en") or row.get(f"{fields[0]}_en") or str(row["pk"])
            owner = _owner(model, row, path, path_offices)
            object_states = states.get((ct_id, row["pk"]), {})
            for fld in fields:
                source = field_text(model, fld, row[localized(fld, SOURCE_LANGUAGE)])
                if not source.strip():
                    continue
                source_hash = fingerprint(source)
                for lang in languages:
                    counted = [
                        coverage.cells.setdefault((model._meta.label, lang), Cell()),
                        coverage.totals[lang],
                    ]
                    if owner is not None:
                        counted.append(coverage.by_office.setdefault((owner, lang), Cell()))
                    text = field_text(model, fld, row[localized(fld, lang)])
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
                    if status != "current":
                        coverage.items.append(Item(model, row["pk"], label, fld, lang, status))
    return coverage


def _owner(model, row, path, path_offices):
    """The pk of the office whose content this row is, if any."""
    if path is not None:
        return next((pk for prefix, pk in path_offices if path.startswith(prefix)), None)
    return row["pk"] if model._meta.label == "offices.Office" else None


def _in_office(model, row, office, path, scope_path):
    if path is not None:
        return bool(scope_path) and path.startswith(scope_path)
    return model._meta.label == "offices.Office" and row["pk"] == office.pk


def fallback_chains():
    """{language: [languages tried in order]}, from MODELTRANSLATION_FALLBACK_LANGUAGES."""
    return {code: list(resolution_order(code)) for code, _name in settings.LANGUAGES}
