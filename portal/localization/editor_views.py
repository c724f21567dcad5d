"""The translator's side-by-side editor: one object, one target language, unit by unit.

The English source is on the left, the translation on the right, one row per unit (a plain field,
or one text inside a StreamField). Saving a page makes a normal Wagtail revision from the latest
one, touching only the target language's fields, so moderation still applies: a draft, published
only by someone allowed to publish, or submitted to the page's workflow. Records with drafts
(offices, partners, objectives, country actions) follow the same rules, with the record's own
publish permission and workflow.
"""

import difflib
import functools
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail import blocks
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from portal.core.i18n import language_name
from portal.localization import (
    checks,
    editor_checks,
    exact,
    memory,
    prefill,
    publishing,
    status,
    tokens,
)
from portal.localization.permissions import can_translate
from portal.localization.units import (
    SOURCE_LANGUAGE,
    content_models,
    field_text,
    is_stream,
    localized,
    stream_with,
    target_languages,
    units,
)

# --- Checking what a translator typed ---------------------------------------------------------
# The same rules as a PO import: nothing that could run in a browser, and rich text keeps the
# source's tags, in order, with the same attributes and only the source's links.


def unit_errors(kind, source, text, max_length=None):
    """What is wrong with one translated unit, as messages for the translator."""
    return [finding.message for finding in checks.errors_of(source, text, kind, max_length)]


def inline_diff(old, new):
    """The change from `old` to `new`, word by word, as escaped HTML with <del> and <ins>."""
    old_words, new_words = re.split(r"(\s+)", old), re.split(r"(\s+)", new)
    out = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(old_words[a1:a2])))
            continue
        if a2 > a1:
            out.append(f"<del>{escape(''.join(old_words[a1:a2]))}</del>")
        if b2 > b1:
            out.append(f"<ins>{escape(''.join(new_words[b1:b2]))}</ins>")
    return mark_safe("".join(out))  # noqa: S308 (every piece of text is escaped above)


# --- The object, its fields and its units -----------------------------------------------------


@dataclass
class Row:
    key: str
    path: str
    label: str
    kind: str
    source: str
    target: str
    max_length: int | None = None
    multiline: bool = False
    errors: list = field(default_factory=list)
    suggestions: list = field(default_factory=list)  # from the translation memory
    warnings: list = field(default_factory=list)  # checks.Finding, see editor_checks.py
    terms: list = field(default_factory=list)  # termbase.Hit of the source text
    entered: str | None = None  # as typed: rich text in tokens (portal/localization/tokens.py)
    prefill: object = None  # a pre-fill from memory waiting for review (prefill.Pending)
    comments: list = field(default_factory=list)  # a job reviewer's (job_models.JobComment)

    @property
    def name(self):
        return f"t:{self.key}"

    @property
    def source_html(self):
        return mark_safe(expand_db_html(self.source))  # noqa: S308 (the site's own rich text)

    @functools.cached_property
    def rich(self):
        return tokens.Editing(self.source, self.target, self.entered)


@dataclass
class FieldGroup:
    name: str
    label: str
    stream: bool
    rows: list
    outdated: bool = False
    diff: str = ""
    job_updated: bool = False  # outdated live, but the job holds a new translation of it


def _block_at(stream_block, path):
    """The block a stream path leads to, and a readable label for the path."""
    block, labels = stream_block, []
    for segment in path.split("/"):
        index, _sep, block_type = segment.partition(":")
        if block_type:
            block = block.child_blocks[block_type]
            labels.append(f"{block.label} {int(index) + 1}")
        elif index.isdigit():
            block = block.child_block
            labels.append(str(int(index) + 1))
        else:
            block = block.child_blocks[index]
            labels.append(str(block.label))
    return block, " › ".join(labels)


def _max_length(block):
    if isinstance(block, blocks.CharBlock):
        return block.field.max_length
    return None


class Forbidden(Exception):  # noqa: N818
    """The user may not do this here: answered with a 403 page (Wagtail's admin would turn a
    PermissionDenied into a redirect to the dashboard)."""


def forbidden(request, message):
    return TemplateResponse(
        request,
        "translations/editor_forbidden.html",
        {"page_title": _("Permission denied"), "header_icon": "warning", "message": message},
        status=403,
    )


def _load(request, content_type_id, pk, lang):
    if not can_translate(request.user, lang):
        raise Forbidden(_("You may not translate into this language."))
    if lang not in target_languages():
        raise Http404
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model = content_type.model_class()
    if model is None or model not in content_models():
        raise Http404
    obj = get_object_or_404(model, pk=pk)
    return model, obj


def draft_of(model, obj):
    """What a translation is written into: the latest revision of a page or of a record with
    drafts, or the record itself."""
    if publishing.has_drafts(model):
        return obj.get_latest_revision_as_object()
    return obj


def _verbose_name(model, name):
    """The field's own name ("title"), not its per-language column's ("title [en]")."""
    return model._meta.get_field(name).verbose_name


def unit_groups(model, draft, lang):
    groups = {}
    for unit in units(draft, lang):
        group = groups.get(unit.field)
        if group is None:
            verbose = _verbose_name(model, unit.field)
            group = groups[unit.field] = FieldGroup(
                unit.field,
                str(verbose),
                is_stream(model, unit.field),
                [],
            )
        if unit.path:
            stream_block = model._meta.get_field(localized(unit.field, lang)).stream_block
            block, label = _block_at(stream_block, unit.path)
            max_length = _max_length(block)
            multiline = not isinstance(block, blocks.CharBlock)
            key = f"{unit.field}::{unit.path}"
        else:
            model_field = model._meta.get_field(localized(unit.field, lang))
            max_length = getattr(model_field, "max_length", None)
            multiline = max_length is None
            label, key = group.label, unit.field
        group.rows.append(
            Row(
                key=key,
                path=unit.path,
                label=label,
                kind=unit.kind,
                source=unit.source,
                target=unit.target,
                max_length=max_length,
                multiline=multiline or unit.kind == "richtext" or "\n" in unit.source,
            )
        )
    return list(groups.values())


@dataclass
class Suggestion:
    """A translation memory match as the editor shows it beside a unit."""

    kind: str  # in-context, exact or fuzzy
    score: int
    text: str  # the translation to insert
    source_diff: str  # its source against this unit's source
    place: str  # where it was translated
    updated_at: object


def _place(match):
    """Where a match with no object of its own comes from."""
    if match.sentences:
        found, total = match.sentences
        return _("Put together from %(found)s of its %(total)s sentences") % {
            "found": found,
            "total": total,
        }
    return match.entry.get_origin_display()


def add_suggestions(model, obj, lang, groups, user):
    """The best three memory matches beside each unit, but the text it already has."""
    content_type = ContentType.objects.get_for_model(model)
    found = []
    for group in groups:
        for row in group.rows:
            context = (content_type.pk, obj.pk, group.name, row.path)
            matches = memory.suggestions(row.source, lang, context=context, user=user)
            found += [(row, m) for m in matches if m.entry.target_text != row.target]
    owners = exact.places(match.entry for _row, match in found)
    for row, match in found:
        entry = match.entry
        owner = owners.get((entry.content_type_id, entry.object_id))
        row.suggestions.append(
            Suggestion(
                kind=match.kind,
                score=min(match.score, memory.EXACT),
                text=tokens.for_box(row.kind, entry.target_text, entry.kind != entry.Kind.SENTENCE),
                # Compared as the translator reads them: rich text without its tags.
                source_diff=inline_diff(
                    memory.plain(entry.source_text, row.kind), memory.plain(row.source, row.kind)
                ),
                place=owner or _place(match),
                updated_at=entry.updated_at,
            )
        )


def mark_outdated(model, obj, lang, groups):
    outdated = status.outdated_fields(obj, lang)
    for group in groups:
        if group.name in outdated:
            source = getattr(obj, localized(group.name, SOURCE_LANGUAGE))
            new = field_text(model, group.name, source)
            group.outdated = True
            group.diff = inline_diff(outdated[group.name], new)
    return outdated


def read_posted(request, groups):
    """Read the posted texts into the rows; True when every one of them is acceptable."""
    valid = True
    for group in groups:
        for row in group.rows:
            text = request.POST.get(row.name, "").replace("\r\n", "\n").strip()
            row.entered = text
            row.target, row.errors = tokens.read(row.kind, row.source, text)
            row.errors = row.errors or unit_errors(row.kind, row.source, row.target, row.max_length)
            valid = valid and not row.errors
    return valid


def apply_rows(model, draft, lang, groups):
    """Set the target language's fields of `draft` from the rows."""
    for group in groups:
        name = localized(group.name, lang)
        if group.stream:
            if not any(row.target for row in group.rows):
                setattr(draft, name, [])
                continue
            texts = {row.path: row.target for row in group.rows}
            source = getattr(draft, localized(group.name, SOURCE_LANGUAGE))
            raw = stream_with(model, group.name, source, getattr(draft, name), texts)
            setattr(draft, name, raw)
        else:
            text = group.rows[0].target
            setattr(draft, name, text or (None if model._meta.get_field(name).null else ""))


def _unique_slug(page, lang, title):
    """A slug for the page in `lang` from its translated title, unique among its siblings."""
    allow_unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
    base = slugify(title, allow_unicode=allow_unicode)[:240] or "page"
    siblings = page.get_siblings(inclusive=False)
    taken = {
        localized_slug or english or slug
        for localized_slug, english, slug in siblings.values_list(
            localized("slug", lang), localized("slug", SOURCE_LANGUAGE), "slug"
        )
    }
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _field_errors(error, groups):
    """Attach a model ValidationError to the rows of the fields it names."""
    by_field = {}
    for group in groups:
        for row in group.rows:
            by_field.setdefault(group.name, row)
    leftovers = []
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            base = name.rsplit("_", 1)[0] if name.rsplit("_", 1)[-1] in target_languages() else name
            row = by_field.get(base)
            if row is not None:
                row.errors.extend(errors)
            else:
                leftovers.extend(errors)
    else:
        leftovers.extend(error.messages)
    return leftovers


# --- The view ----------------------------------------------------------------------------------


def _public_url(obj, lang, request):
    target = obj
    if not isinstance(obj, Page):
        try:
            target = obj.page
        except (AttributeError, ObjectDoesNotExist):
            return None
    if not target.live:
        return None
    with translation.override(lang):
        return target.get_url(request)


def wagtail_editor_url(model, pk):
    """Where Wagtail's own editor for this object is (the page editor, or the snippet's)."""
    if issubclass(model, Page):
        return reverse("wagtailadmin_pages:edit", args=[pk])
    meta = model._meta
    return reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:edit", args=[pk])


def edit(request, content_type_id, pk, lang):
    try:
        return _edit(request, content_type_id, pk, lang)
    except Forbidden as denied:
        return forbidden(request, str(denied))


def _edit(request, content_type_id, pk, lang):
    model, obj = _load(request, content_type_id, pk, lang)
    is_page, drafts = issubclass(model, Page), publishing.has_drafts(model)
    draft = draft_of(model, obj)
    groups = unit_groups(model, draft, lang)
    prefilled = prefill.attach(obj, lang, groups)
    actions = publishing.translation_actions(obj, request.user) if drafts else {}
    here = request.path

    if request.method == "POST":
        confirm_field = request.POST.get("confirm")
        if confirm_field:
            if confirm_field not in status.outdated_fields(obj, lang):
                raise Http404
            status.confirm(obj, confirm_field, lang, request.user)
            verbose = _verbose_name(model, confirm_field)
            messages.success(
                request,
                _("The %(language)s translation of “%(field)s” is marked as still correct.")
                % {"language": language_name(lang), "field": verbose},
            )
            return redirect(here)

        action = request.POST.get("action", "save")
        if drafts and actions["locked"]:
            raise Forbidden(_("This page is locked."))
        if action == "publish" and not (drafts and actions["publish"]):
            raise Forbidden(_("You may not publish this page."))
        if action == "submit" and not (drafts and actions["submit"]):
            raise Forbidden(_("This page cannot be submitted for moderation."))

        read_posted(request, groups)
        if prefill.review(request.POST, groups):  # unreviewed pre-fills are not saved
            try:
                with transaction.atomic():
                    edit = TranslationEdit(model, obj, draft, lang, groups, actions)
                    message = save_translation(request.user, edit, action)
                    prefill.settle(obj, lang, groups)
            except ValidationError as error:
                for text in _field_errors(error, groups):
                    messages.error(request, text)
            else:
                messages.success(request, message)
                return redirect(here)
        messages.error(request, _("The translation could not be saved. Correct the errors below."))

    prefill.show_held(groups)
    mark_outdated(model, obj, lang, groups)
    add_suggestions(model, obj, lang, groups, request.user)
    editor_checks.annotate(model, obj, lang, groups)
    title = obj.get_admin_display_title() if is_page else str(obj)
    return TemplateResponse(
        request,
        "translations/editor.html",
        {
            "page_title": _("Translate “%(title)s” into %(language)s")
            % {"title": title, "language": language_name(lang)},
            "header_icon": "globe",
            "object": obj,
            "object_title": title,
            "kind": model._meta.verbose_name,
            "is_page": is_page,
            "drafts": drafts,
            "language": lang,
            "language_name": language_name(lang),
            "source_language": SOURCE_LANGUAGE,
            "source_language_name": language_name(SOURCE_LANGUAGE),
            "groups": groups,
            "actions": actions,
            "has_unpublished_changes": drafts and obj.has_unpublished_changes,
            "edit_url": wagtail_editor_url(model, obj.pk),
            "public_url": _public_url(obj, lang, request),
            "dashboard_url": reverse("translations:dashboard"),
            "drilldown_url": reverse("translations:drilldown", args=[model._meta.label, lang]),
            "untranslated": not any(row.target for group in groups for row in group.rows),
            "prefilled": prefilled,
        },
    )


@dataclass
class TranslationEdit:
    """One object being translated into one language in the editor."""

    model: type
    obj: object  # as it is stored
    draft: object  # its latest text, which the translation is written into
    lang: str
    groups: list
    actions: dict  # what the user may do to a page or record: publish, submit...
    approved: bool = False  # by a job's reviewer, who may publish this language (jobs.py)


def _save_record(user, record, lang):
    """A record without drafts: its row is written, validated and logged like an admin edit."""
    record.full_clean()
    record.save()
    log(record, "wagtail.edit", user=user)
    return _("The %(language)s translation of “%(title)s” has been saved.") % {
        "language": language_name(lang),
        "title": str(record),
    }


def save_translation(user, edit, action):
    """Write the rows' texts as a revision of a page or record (a draft, published one language
    only, or submitted to its workflow), or into a record without drafts."""
    model, obj, draft, lang = edit.model, edit.obj, edit.draft, edit.lang
    apply_rows(model, draft, lang, edit.groups)
    if not publishing.has_drafts(model):
        return _save_record(user, draft, lang)

    is_page = issubclass(model, Page)
    if is_page:
        title = getattr(draft, localized("title", lang))
        slug_field = localized("slug", lang)
        if title and not getattr(draft, slug_field):
            setattr(draft, slug_field, _unique_slug(obj, lang, title))
    if not obj.live:
        draft.full_clean()
        draft.save()  # Like Wagtail's editors: what is not live keeps its draft in its row.
    values = {
        "language": language_name(lang),
        "title": draft.get_admin_display_title() if is_page else str(draft),
    }
    if action == "publish":
        # This language only: a pending draft of other changes stays a draft (publishing.py).
        publishing.publish_language(obj, draft, lang, user, approved=edit.approved)
        return _("The %(language)s translation of “%(title)s” has been published.") % values
    publishing.save_language_draft(draft, lang, user)
    if action == "submit":
        publishing.submit(obj, draft, user)
        return (
            _("The %(language)s translation of “%(title)s” has been submitted for moderation.")
            % values
        )
    return _("The %(language)s translation of “%(title)s” has been saved as a draft.") % values
