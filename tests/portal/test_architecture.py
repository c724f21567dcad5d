"""The layers (docs/architecture.md) hold where import-linter cannot see: a lower layer never
reaches a higher one through `apps.get_model`, and what the page cache and the data listings
learn from registries is complete."""

import ast
from pathlib import Path

import pytest
from modeltranslation.translator import translator
from wagtail.models import Page

from portal.core import cache
from portal.core.blocks import LISTING_KINDS, LISTING_SOURCES

ROOT = Path(__file__).resolve().parents[2]
# Each lower layer and the app labels of the layers above it (all of "portal" above the core
# and the translation tools is the portal's pages, site and tooling).
HIGHER_APPS = {
    "portal/core": {"offices", "compact", "portal"},
    "portal/localization": {"offices", "compact"},
    "compact": {"offices", "portal"},
}


def model_lookups(path):
    """The app labels of every `get_model("app", ...)` / `get_model("app.Model")` in a file."""
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not (isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "get_model"):
            continue
        first = node.args[0] if node.args else None
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            yield node.lineno, first.value.split(".")[0]


@pytest.mark.parametrize("layer", sorted(HIGHER_APPS))
def test_no_lower_layer_looks_up_a_model_of_a_higher_one(layer):
    found = [
        f"{path.relative_to(ROOT)}:{line} get_model({label!r})"
        for path in sorted((ROOT / layer).rglob("*.py"))
        if "migrations" not in path.parts
        for line, label in model_lookups(path)
        if label in HIGHER_APPS[layer]
    ]
    assert found == []


def test_the_checker_finds_a_lookup(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('from django.apps import apps\napps.get_model("offices", "Office")\n')
    assert list(model_lookups(sample)) == [(2, "offices")]


def translated_models():
    return translator.get_registered_models(abstract=False)


def test_every_translated_record_purges_the_page_cache_when_it_changes():
    records = [m for m in translated_models() if not issubclass(m, Page)]
    assert records
    for model in records:
        assert model in cache.watched_models(), model
        assert f"page-cache-{model._meta.label_lower}" in cache._CONNECTED, model


def test_every_translated_page_type_purges_the_page_cache_when_deleted():
    from django.db.models.signals import post_delete

    pages = [m for m in translated_models() if issubclass(m, Page)]
    assert pages
    connected = {entry[0] for entry in post_delete.receivers}  # (dispatch_uid, sender id)
    for model in pages:
        assert (f"page-cache-{model._meta.label_lower}-deleted", id(model)) in connected, model


def test_every_kind_of_data_listing_has_a_source():
    assert set(LISTING_SOURCES) == {kind for kind, _label in LISTING_KINDS}
