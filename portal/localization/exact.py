"""Exact and in-context translation memory matches for many units in one query.

Pre-filling (prefill.py) and word counts (wordcount.py) need, for every unit of one or many
objects, only the best match of 100% or more: the source texts' hashes are looked up at once
(the memory's indexed source_hash), and each unit takes its in-context match, else the newest
exact one, as memory.suggestions() ranks them. Fuzzy matches are never pre-filled, so they are
looked up only where they are counted.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from portal.localization import memory


def exact_matches(lang, wanted, user=None):
    """{key: Match} for the keys of `wanted` ({key: (source, context)}, context as in
    memory.suggestions) that have an exact or in-context match `user` may read; a one-block
    rich text also by its text alone (memory.with_block_texts)."""
    wanted, blocks = memory.with_block_texts(wanted)
    return memory.fold(memory.exact_matches(wanted, lang, user), blocks)


def places(entries):
    """{(content type id, object id): the object's name} for entries that name one."""
    wanted = {}
    for entry in entries:
        if entry.content_type_id and entry.object_id:
            wanted.setdefault(entry.content_type_id, set()).add(entry.object_id)
    names = {}
    for content_type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        found = model._default_manager.filter(pk__in=ids)
        for obj in found.specific() if issubclass(model, Page) else found:
            names[content_type_id, obj.pk] = str(obj)
    return names


def place_of(entry, names):
    """Where an entry was translated, for a translator: the object's name, or "Imported"."""
    return names.get((entry.content_type_id, entry.object_id)) or str(entry.get_origin_display())
