"""Outdated detection: which translations were written against a source text that has changed.

Whenever an object's published text is saved (a page published, a record saved), `record` looks
at each translated field in each language. A translation seen for the first time, or rewritten
since last seen, is taken to translate the source text as it is now. A translation left alone
while its source text changed keeps pointing at the old source text: it is outdated until a
translator updates it or confirms it is still correct.
"""

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from portal.localization.models import TranslationState
from portal.localization.units import (
    SOURCE_LANGUAGE,
    content_fields,
    field_text,
    fingerprint,
    localized,
    target_languages,
)

logger = logging.getLogger(__name__)


def texts(obj, field, languages=None):
    """{language: text} of one field of one object, for the given languages (default: all)."""
    model = type(obj)
    return {
        lang: field_text(model, field, getattr(obj, localized(field, lang)))
        for lang in languages or [SOURCE_LANGUAGE, *target_languages()]
    }


def _states_for(obj, language=None):
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    states = TranslationState.objects.filter(content_type=content_type, object_id=obj.pk)
    if language is not None:
        states = states.filter(language=language)
    return content_type, {(s.field, s.language): s for s in states}


@transaction.atomic
def record(obj, user=None):
    """Bring the translation states of `obj` up to date with its current texts."""
    content_type, states = _states_for(obj)
    create, update, delete = [], [], []
    for field in content_fields(type(obj)):
        by_lang = texts(obj, field)
        source = by_lang[SOURCE_LANGUAGE]
        source_hash = fingerprint(source)
        for lang in target_languages():
            state = states.get((field, lang))
            translation = by_lang[lang]
            if not translation.strip() or not source.strip():
                if state is not None:
                    delete.append(state.pk)
                continue
            translation_hash = fingerprint(translation)
            if state is None:
                create.append(
                    TranslationState(
                        content_type=content_type,
                        object_id=obj.pk,
                        field=field,
                        language=lang,
                        source_hash=source_hash,
                        source_text=source,
                        translation_hash=translation_hash,
                        updated_by=user,
                    )
                )
            elif state.translation_hash != translation_hash:
                # The translation was rewritten: it now translates the current source text.
                state.source_hash, state.source_text = source_hash, source
                state.translation_hash, state.updated_by = translation_hash, user
                update.append(state)
    TranslationState.objects.bulk_create(create)
    TranslationState.objects.bulk_update(
        update, ["source_hash", "source_text", "translation_hash", "updated_by"]
    )
    TranslationState.objects.filter(pk__in=delete).delete()


@transaction.atomic
def confirm(obj, field, lang, user=None):
    """A translator says the translation is still correct for the current source text."""
    by_lang = texts(obj, field, [SOURCE_LANGUAGE, lang])
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    TranslationState.objects.update_or_create(
        content_type=content_type,
        object_id=obj.pk,
        field=field,
        language=lang,
        defaults={
            "source_hash": fingerprint(by_lang[SOURCE_LANGUAGE]),
            "source_text": by_lang[SOURCE_LANGUAGE],
            "translation_hash": fingerprint(by_lang[lang]),
            "updated_by": user,
        },
    )


def outdated_fields(obj, lang):
    """The fields of `obj` whose `lang` translation is outdated: {field: old source text}.

    Runs on public page renders in other languages: it reads only that language's states and
    compares only the source and that language's texts."""
    _content_type, states = _states_for(obj, lang)
    return _outdated(obj, states, lang)


def outdated_of_many(objs, lang):
    """{(model, pk): {field: old source text}} for many objects in one language, reading the
    states with one query per model (for exports of a whole site)."""
    by_model = {}
    for obj in objs:
        by_model.setdefault(type(obj), []).append(obj)
    result = {}
    for model, group in by_model.items():
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        states, pks = {}, [obj.pk for obj in group]
        found = TranslationState.objects.filter(content_type=content_type, language=lang)
        # Many objects: every state of the model, filtered here (faster than long IN lists).
        chunks = [pks[i : i + 500] for i in range(0, len(pks), 500)] if len(pks) <= 2000 else [None]
        for chunk in chunks:
            for state in found.filter(object_id__in=chunk) if chunk else found:
                states.setdefault(state.object_id, {})[(state.field, lang)] = state
        for obj in group:
            if obj.pk in states:
                result[(model, obj.pk)] = _outdated(obj, states[obj.pk], lang)
    return result


def outdated_in_every_language(obj):
    """{language: {field: old source text}} for every target language, from one look-up."""
    _content_type, states = _states_for(obj)
    return {lang: _outdated(obj, states, lang) for lang in target_languages()}


def _outdated(obj, states, lang):
    result = {}
    for field in content_fields(type(obj)):
        state = states.get((field, lang))
        if state is None:
            continue
        by_lang = texts(obj, field, [SOURCE_LANGUAGE, lang])
        if by_lang[lang].strip() and state.source_hash != fingerprint(by_lang[SOURCE_LANGUAGE]):
            result[field] = state.source_text
    return result


def record_safely(obj, user=None):
    """For signal receivers: bookkeeping must never break a publish or a save."""
    try:
        with transaction.atomic():
            record(obj, user=user)
    except Exception:  # noqa: BLE001
        logger.exception("Could not record translation states for %r", obj)
