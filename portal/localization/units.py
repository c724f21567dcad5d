"""Translatable units: every piece of text an object holds in the source language.

A unit is one plain field (a title, a summary) or one text inside a StreamField (a heading, a
paragraph, a sub-point of a numbered list). Units are what translators see side by side, what PO
files carry (one entry each), and, gathered per field, what coverage and "outdated" are counted
on. Stream units are addressed by position and block type ("3:numbered_list/items/1/title"), so a
translation is matched to its source text as long as the two streams have the same shape.
"""

import copy
import functools
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

SOURCE_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
# Page fields that are not text a translator writes: derived from the title or the tree.
NOT_CONTENT = {"slug", "url_path", "draft_title"}


def content_models():
    """The models whose text is translated, in the order admins see them.

    They are the concrete models registered with modeltranslation (each app's translation.py)
    that have text to translate; Wagtail's own Page is registered only so that every page type
    inherits its translated title, and its rows are the tree's root, so it is left out. The page
    types come first, in the order an editor meets them going down the page tree (each type,
    then the types it may hold, as its subpage_types lists them); then the other records, app by
    app in the order the page types showed the apps, each app's in its translation.py's order.
    """
    return list(_content_models())


@functools.cache
def _content_models():
    registered = [
        model
        for model in translator.get_registered_models(abstract=False)
        if model is not Page and not model._meta.proxy and content_fields(model)
    ]
    pages = [model for model in _page_types_down_the_tree() if model in registered]
    pages += [model for model in registered if issubclass(model, Page) and model not in pages]
    apps_in_order = list(dict.fromkeys(model._meta.app_label for model in pages + registered))
    records = sorted(
        (model for model in registered if not issubclass(model, Page)),
        key=lambda model: apps_in_order.index(model._meta.app_label),
    )
    return tuple(pages + records)


def _page_types_down_the_tree():
    """Every page type, depth first from the tree's root: a type, then the types it may hold."""
    found = []

    def visit(parent):
        for model in parent.allowed_subpage_models():
            if model not in found:
                found.append(model)
                visit(model)

    visit(Page)
    return found


def target_languages():
    return [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


def content_fields(model):
    """The translated fields of a model that hold text to translate, in declaration order."""
    registered = translator.get_options_for_model(model).all_fields
    names = [f.name for f in model._meta.get_fields() if f.name in registered]
    return [name for name in names if name not in NOT_CONTENT]


def localized(field, lang):
    return build_localized_fieldname(field, lang)


def is_stream(model, field):
    return isinstance(model._meta.get_field(localized(field, SOURCE_LANGUAGE)), StreamField)


def is_rich(model, field):
    return isinstance(model._meta.get_field(localized(field, SOURCE_LANGUAGE)), RichTextField)


# --- StreamField text segments ---------------------------------------------------------------


def _raw(value):
    """A stream's raw data (list of {"type", "value", "id"} dicts), whatever form it comes in."""
    if value is None:
        return []
    if hasattr(value, "raw_data"):
        return [dict(item) for item in value.raw_data]
    return list(value)


def _walk(block, value, path):
    """Yield (path, kind, text) for every text inside a raw block value."""
    if isinstance(block, blocks.RichTextBlock):
        yield path, "richtext", value or ""
    elif isinstance(block, blocks.CharBlock | blocks.TextBlock):
        yield path, "text", value or ""
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            yield from _walk(child, (value or {}).get(name), f"{path}/{name}")
    elif isinstance(block, blocks.ListBlock):
        for index, item in enumerate(value or []):
            item_value = item.get("value") if isinstance(item, dict) and "type" in item else item
            yield from _walk(block.child_block, item_value, f"{path}/{index}")
    elif isinstance(block, blocks.StreamBlock):
        yield from _walk_stream(block, value, path)


def _walk_stream(stream_block, raw, prefix=""):
    for index, item in enumerate(raw or []):
        child = stream_block.child_blocks.get(item.get("type"))
        if child is not None:
            head = f"{prefix}/{index}:{item['type']}" if prefix else f"{index}:{item['type']}"
            yield from _walk(child, item.get("value"), head)


def stream_segments(model, field, value):
    """{path: (kind, text)} for the texts of one language's stream."""
    stream_block = model._meta.get_field(localized(field, SOURCE_LANGUAGE)).stream_block
    return {path: (kind, text) for path, kind, text in _walk_stream(stream_block, _raw(value))}


def _set(container, keys, text):
    key, rest = keys[0], keys[1:]
    if isinstance(container, list):
        index, _sep, block_type = key.partition(":")
        item = container[int(index)]
        if block_type:  # a stream child: {"type", "value", "id"}
            if item.get("type") != block_type:
                raise KeyError(key)
            if not rest:
                item["value"] = text
            else:
                item["value"] = _set_into(item["value"], rest, text)
            return container
        if isinstance(item, dict) and "type" in item and "value" in item:  # a list item
            item["value"] = text if not rest else _set_into(item["value"], rest, text)
        else:
            container[int(index)] = text if not rest else _set_into(item, rest, text)
        return container
    if not rest:
        if key not in container:
            raise KeyError(key)
        container[key] = text
    else:
        container[key] = _set_into(container[key], rest, text)
    return container


def _set_into(container, keys, text):
    return _set(container, keys, text)


def stream_with(model, field, source, target, texts):
    """A raw stream for the target language: the target's own blocks where its shape matches the
    source's, else a copy of the source's; then every text in `texts` ({path: text}) set in it.
    Raises KeyError for a path the source does not have."""
    source_raw = _raw(source)
    target_raw = _raw(target)
    source_paths = stream_segments(model, field, source_raw)
    target_paths = stream_segments(model, field, target_raw)
    same_shape = set(source_paths) == set(target_paths)
    base = copy.deepcopy(target_raw if same_shape and target_raw else source_raw)
    if not same_shape and target_raw:
        # Keep what the translator already wrote wherever the path still exists.
        for path, (_kind, text) in target_paths.items():
            if path in source_paths:
                _set(base, path.split("/"), text)
    for path, text in texts.items():
        if path not in source_paths:
            raise KeyError(path)
        _set(base, path.split("/"), text)
    return base


# --- Units -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    obj: models.Model
    field: str
    path: str  # "" for a plain field
    kind: str  # "text" or "richtext"
    source: str
    target: str

    @property
    def context(self):
        return unit_context(self.obj, self.field, self.path)


def unit_context(obj, field, path=""):
    """How a unit is named in a PO file: model, primary key, field and stream path."""
    label = obj._meta.label_lower
    return f"{label}:{obj.pk}:{field}" + (f":{path}" if path else "")


def units(obj, lang):
    """Every unit of `obj` that has source text, with its text in `lang` (or "")."""
    model = type(obj)
    for field in content_fields(model):
        source = getattr(obj, localized(field, SOURCE_LANGUAGE))
        target = getattr(obj, localized(field, lang))
        if is_stream(model, field):
            target_segments = stream_segments(model, field, target)
            for path, (kind, text) in stream_segments(model, field, source).items():
                if text.strip():
                    target_kind_text = target_segments.get(path, (kind, ""))
                    yield Unit(obj, field, path, kind, text, target_kind_text[1] or "")
        elif source and str(source).strip():
            kind = "richtext" if is_rich(model, field) else "text"
            yield Unit(obj, field, "", kind, str(source), str(target or ""))


# --- Field fingerprints (for coverage and outdated detection) --------------------------------


def field_text(model, field, value):
    """A field's text as one string: plain text, or a stream's texts in order."""
    if is_stream(model, field):
        return "\n\n".join(text for _kind, text in stream_segments(model, field, value).values())
    return "" if value is None else str(value)


def fingerprint(text):
    return hashlib.sha256(text.strip().encode()).hexdigest()[:32]


def specific_objects(model):
    queryset = model.objects.all()
    if issubclass(model, Page):
        queryset = queryset.filter(depth__gt=1)
    return queryset
