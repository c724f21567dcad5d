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
from portal.localization.readable import Readable
from portal.localization.units import fingerprint

CHUNK = 500  # hashes per query: well under any database's limit on parameters


def exact_matches(lang, wanted, user=None):
    """{key: Match} for the keys of `wanted` ({key: (source, context)}, context as in
    memory.suggestions) that have an exact or in-context match `user` may read; a one-block
    rich text also by its text alone (memory.with_block_texts)."""
    wanted, blocks = memory.with_block_texts(wanted)
    hashes = sorted({fingerprint(source) for source, _context in wanted.values()})
    by_hash = {}
    for start in range(0, len(hashes), CHUNK):
        entries = memory.language_pair(lang).filter(source_hash__in=hashes[start : start + CHUNK])
        for entry in Readable.of(user).keep(entries):
            by_hash.setdefault(entry.source_hash, []).append(entry)
    found = {}
    for key, (source, context) in wanted.items():
        best = None
        for entry in by_hash.get(fingerprint(source), ()):
            points = memory.score(source, entry, context)
            if points < memory.EXACT:
                continue  # the same hash, not the same text
            rank = (points, entry.updated_at)
            if best is None or rank > (best.score, best.entry.updated_at):
                best = memory.Match(points, entry)
        if best is not None:
            found[key] = best
    return memory.fold(found, blocks)


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
