"""Pre-fill from memory: exact and in-context matches proposed for review, never published.

`prefill(objects, lang, user)` looks up, for every unit of each object that has no translation
in `lang`, its best memory match (exact.py: in-context, else the newest exact one the user may
read) and keeps it as a PrefilledTranslation. The object itself is not touched, so nothing
pre-filled can reach a public page. Fuzzy matches are not pre-filled: they stay suggestions in
the editor.

In the editor (editor_views.py), `attach` shows a pending pre-fill in its unit's box marked
"needs review"; on saving, `review` holds back every pre-fill the translator neither marked
reviewed nor edited (the unit is saved empty, as it was), and `settle` deletes the pre-fills that
were reviewed, edited, emptied or made stale (their source text changed, or the unit has been
translated since).
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Page

from portal.localization import tokens
from portal.localization.exact import exact_matches, place_of, places
from portal.localization.models import PrefilledTranslation
from portal.localization.units import fingerprint, units

REVIEWED_PREFIX = "r:"  # the name of a unit's "Reviewed" checkbox: r:<row key>


@dataclass
class Result:
    filled: int = 0  # units pre-filled
    empty: int = 0  # units without a translation that were looked up
    objects: int = 0


def draft_of(obj):
    """What a translator translates: a page's latest revision, or the record itself."""
    return obj.get_latest_revision_as_object() if isinstance(obj, Page) else obj


def _prefill_one(obj, lang, user, result):
    content_type = ContentType.objects.get_for_model(type(obj))
    empty = {
        (unit.field, unit.path): unit
        for unit in units(draft_of(obj), lang)
        if not unit.target.strip()
    }
    wanted = {
        key: (unit.source, (content_type.pk, obj.pk, unit.field, unit.path))
        for key, unit in empty.items()
    }
    matches = exact_matches(lang, wanted, user=user)
    names = places(match.entry for match in matches.values())
    pending = PrefilledTranslation.objects.filter(
        content_type=content_type, object_id=obj.pk, language=lang
    )
    pending.delete()  # a new look-up replaces every earlier proposal, stale ones too
    PrefilledTranslation.objects.bulk_create(
        PrefilledTranslation(
            content_type=content_type,
            object_id=obj.pk,
            field=field,
            path=path,
            language=lang,
            text=match.entry.target_text,
            source_hash=fingerprint(empty[field, path].source),
            score=match.score,
            origin=place_of(match.entry, names)[:255],
            created_by=user,
        )
        for (field, path), match in matches.items()
    )
    result.filled += len(matches)
    result.empty += len(empty)
    result.objects += 1


@transaction.atomic
def prefill(objects, lang, user=None):
    """Pre-fill the untranslated units of `objects` in `lang`, all in one transaction."""
    result = Result()
    for obj in objects:
        _prefill_one(obj.specific if isinstance(obj, Page) else obj, lang, user, result)
    return result


# --- In the editor ---------------------------------------------------------------------------


@dataclass
class Pending:
    """A pre-fill shown in the editor for one unit."""

    prefilled: PrefilledTranslation
    held: bool = False  # saved without review: kept pending, the unit left untranslated

    @property
    def in_context(self):
        return self.prefilled.score > 100  # noqa: PLR2004 (memory.IN_CONTEXT)


def pending_for(obj, lang):
    content_type = ContentType.objects.get_for_model(type(obj))
    return {
        (p.field, p.path): p
        for p in PrefilledTranslation.objects.filter(
            content_type=content_type, object_id=obj.pk, language=lang
        )
    }


def attach(obj, lang, groups):
    """Show each pending pre-fill whose unit is still untranslated, with the same source text,
    in its box (row.target) and mark the row (row.prefill). Returns how many were attached."""
    pending = pending_for(obj, lang)
    count = 0
    for group in groups:
        for row in group.rows:
            found = pending.get((group.name, row.path))
            if found is None or row.target.strip():
                continue
            if found.source_hash != fingerprint(row.source):
                continue  # stale: the English text changed since; settle() drops it
            row.prefill = Pending(found)
            row.target = found.text
            count += 1
    return count


def _as_shown(row, text):
    """The text as the translator sees it: rich text in tokens, so markup that round-trips
    differently (spacing between blocks) does not count as an edit."""
    text = (text or "").replace("\r\n", "\n").strip()
    return tokens.to_tokens(text)[0].strip() if row.kind == "richtext" else text


def review(post, groups):
    """After the posted texts are read into the rows: hold back every pre-fill that was neither
    marked reviewed nor edited, so its unit is saved untranslated. True when every row that will
    be saved is acceptable."""
    valid = True
    for group in groups:
        for row in group.rows:
            pending = getattr(row, "prefill", None)
            if pending is not None:
                reviewed = bool(post.get(REVIEWED_PREFIX + row.key))
                unchanged = _as_shown(row, row.target) == _as_shown(row, pending.prefilled.text)
                pending.held = unchanged and not reviewed
                if pending.held:
                    row.target, row.errors = "", []
            valid = valid and not row.errors
    return valid


def show_held(groups):
    """Before the editor is shown again after a refused save: held pre-fills back in their box."""
    for group in groups:
        for row in group.rows:
            pending = getattr(row, "prefill", None)
            if pending is not None and pending.held:
                row.target = pending.prefilled.text


def settle(obj, lang, groups):
    """After a save: delete every pre-fill of the object and language but those held back."""
    held = [
        row.prefill.prefilled.pk
        for group in groups
        for row in group.rows
        if getattr(row, "prefill", None) is not None and row.prefill.held
    ]
    content_type = ContentType.objects.get_for_model(type(obj))
    PrefilledTranslation.objects.filter(
        content_type=content_type, object_id=obj.pk, language=lang
    ).exclude(pk__in=held).delete()
