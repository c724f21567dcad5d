"""Publishing one language of a page without publishing anything else (issue 14, point 1).

Wagtail publishes a page's latest revision, whole: a Finnish translation saved on top of a pending
English draft would publish that draft too. `publish_language` instead puts the language's
columns on top of the live content and publishes that, then saves the pending draft again with
the translation merged in, so the draft loses nothing and stays a draft. The page's history says
which language was published ("portal.publish_language", with the language in its data).

Records with drafts (offices, partners, objectives, country actions) follow the same rules: a
translation is a revision of the record, published one language only by someone who may publish
that record, or submitted to the record's workflow (`translation_actions`, `submit`).
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter
from wagtail.log_actions import log as log_action
from wagtail.models import DraftStateMixin, Page, WorkflowState
from wagtail.permissions import policy_registry

from portal.core.i18n import language_name
from portal.localization.units import content_fields, localized

ACTION = "portal.publish_language"
DRAFT_ACTION = "portal.translate_draft"  # a revision that changed one language, as a draft


def language_columns(model, lang):
    """The columns a translation into `lang` writes: its translated fields and a page's slug."""
    names = [*content_fields(model), *(["slug"] if issubclass(model, Page) else [])]
    return [localized(name, lang) for name in names]


def publish_language(page, draft, lang, user=None, *, clean=True, approved=False):  # noqa: PLR0913
    """Publish `draft`'s `lang` text of `page` on top of the live content; a pending draft of
    other changes stays a draft, the translation merged in. Returns the published revision.

    `approved`: a translation job's reviewer approved it. Their review permission for `lang`
    is what allows it (jobs.py), not a permission to publish the page."""
    pending = page.live and page.has_unpublished_changes and page.latest_revision_id
    pending = pending and _other_changes(page, lang)
    if not pending:
        revision = draft.save_revision(user=user, log_action=True, clean=clean)
        revision.publish(user=user, skip_permission_checks=approved)
        _log(page, revision, lang, user)
        return revision
    live = _live_object(page)
    for column in language_columns(type(page), lang):
        setattr(live, column, getattr(draft, column))
    revision = live.save_revision(user=user, log_action=True, clean=clean)
    revision.publish(user=user, skip_permission_checks=approved)
    _log(page, revision, lang, user)
    # The pending draft, rebased: what it had, with this language's text as published.
    draft.save_revision(user=user, log_action=True, clean=clean)
    return revision


def has_drafts(model):
    """Whether a translation of `model` becomes a revision (pages, and records with Wagtail's
    drafts: offices, partners, objectives, country actions), not a write to the live row."""
    return issubclass(model, DraftStateMixin)


def may_publish(obj, user):
    """Whether `user` may publish `obj`: a page's permissions, or the record's permission policy
    for this very record (an office's moderators publish their own office only)."""
    if isinstance(obj, Page):
        return obj.permissions_for_user(user).can_publish()
    policy = policy_registry.get_by_type(type(obj))
    return policy.user_has_permission_for_instance(user, "publish", obj)


def translation_actions(obj, user):
    """What `user` may do with a translation of `obj` (a page or a record with drafts) besides
    saving a draft: publish it, or submit it to the object's workflow, and whether it is locked."""
    if isinstance(obj, Page):
        permissions = obj.permissions_for_user(user)
        locked = bool(permissions.page_locked())
        may_submit = permissions.can_submit_for_moderation()
    else:
        lock = obj.get_lock()
        locked = bool(lock and lock.for_user(user))
        may_submit = not locked and obj.has_workflow and not obj.workflow_in_progress
    workflow_state = obj.current_workflow_state
    needs_changes = (
        workflow_state is not None and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    )
    return {
        "locked": locked,
        "publish": may_publish(obj, user),
        "submit": obj.has_workflow and (may_submit or needs_changes),
        "workflow_state": workflow_state if needs_changes else None,
    }


def submit(obj, draft, user):
    """Send `obj`'s latest revision (just saved from `draft`) to its workflow: resume a workflow
    that asked for changes, or start one. Returns False when a workflow is already running (the
    new revision waits in it)."""
    workflow_state = obj.current_workflow_state
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        workflow_state.resume(user)
        return True
    if obj.workflow_in_progress:
        return False
    obj.get_workflow().start(draft, user)
    return True


# What a revision records about the page rather than its content (and url_path, from the slug).
BOOKKEEPING = {
    "pk", "path", "depth", "numchild", "translation_key", "locale", "latest_revision", "live",
    "has_unpublished_changes", "first_published_at", "last_published_at", "live_revision",
    "go_live_at", "expire_at", "expired", "locked", "locked_at", "locked_by",
    "latest_revision_created_at", "draft_title", "owner", "content_type", "alias_of",
    "wagtail_admin_comments", "comments",
}  # fmt: skip


def _other_changes(page, lang):
    """Whether the page's draft changes more than `lang` (a translator's own earlier draft of
    this language is no reason to keep a draft). Anything not known to be bookkeeping counts."""
    live, latest = _live_content(page), page.latest_revision.content
    ignored = BOOKKEEPING | set(language_columns(type(page), lang))
    keys = (set(live) | set(latest)) - ignored
    return any(
        not k.startswith("url_path") and _value(live.get(k)) != _value(latest.get(k)) for k in keys
    )


def _live_object(page):
    """The live version of a live page or record: its live revision, or, for a record saved
    directly and never published through a revision, its row."""
    if page.live_revision_id:
        return page.live_revision.as_object()
    return type(page)._default_manager.get(pk=page.pk)


def _live_content(page):
    """The live version's content as a revision stores it (JSON)."""
    if page.live_revision_id:
        return page.live_revision.content
    data = _live_object(page).serializable_data()
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _value(value):
    """A revision's value as data: stream fields may be stored as JSON text or as a list."""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _log(page, revision, lang, user):
    log_action(instance=page, action=ACTION, user=user, revision=revision, data={"language": lang})


class LanguagePublished(LogFormatter):
    label = _("Publish one language")

    def format_message(self, log_entry):
        code = (log_entry.data or {}).get("language", "")
        return _("Published the %(language)s translation only") % {
            "language": language_name(code) if code else "?"
        }


class LanguageDrafted(LogFormatter):
    label = _("Translate as a draft")

    def format_message(self, log_entry):
        code = (log_entry.data or {}).get("language", "")
        return _("Saved a draft of the %(language)s translation") % {
            "language": language_name(code) if code else "?"
        }


def save_language_draft(draft, lang, user=None, clean=True):
    """A draft revision of `draft` whose history entry says which language it changed."""
    revision = draft.save_revision(user=user, log_action=False, clean=clean)
    log_action(
        instance=draft,
        action=DRAFT_ACTION,
        user=user,
        revision=revision,
        data={"language": lang},
        content_changed=True,
    )
    return revision


def register_log_action(actions):
    actions.register_action(ACTION)(LanguagePublished)
    actions.register_action(DRAFT_ACTION)(LanguageDrafted)
