"""Publishing one language of a page without publishing anything else (issue 14, point 1).

Wagtail publishes a page's latest revision, whole: a Finnish translation saved on top of a pending
English draft would publish that draft too. `publish_language` instead puts the language's
columns on top of the live content and publishes that, then saves the pending draft again with
the translation merged in, so the draft loses nothing and stays a draft. The page's history says
which language was published ("portal.publish_language", with the language in its data).
"""

import json

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter
from wagtail.log_actions import log as log_action

from portal.core.i18n import language_name
from portal.localization.units import content_fields, localized

ACTION = "portal.publish_language"
DRAFT_ACTION = "portal.translate_draft"  # a revision that changed one language, as a draft


def language_columns(model, lang):
    """The columns a translation into `lang` writes: its translated fields and its slug."""
    return [localized(name, lang) for name in [*content_fields(model), "slug"]]


def publish_language(page, draft, lang, user=None, *, clean=True, approved=False):  # noqa: PLR0913
    """Publish `draft`'s `lang` text of `page` on top of the live content; a pending draft of
    other changes stays a draft, the translation merged in. Returns the published revision.

    `approved`: a translation job's reviewer approved it. Their review permission for `lang`
    is what allows it (jobs.py), not a permission to publish the page."""
    pending = page.live and page.has_unpublished_changes and page.live_revision_id
    pending = pending and page.latest_revision_id and _other_changes(page, lang)
    if not pending:
        revision = draft.save_revision(user=user, log_action=True, clean=clean)
        revision.publish(user=user, skip_permission_checks=approved)
        _log(page, revision, lang, user)
        return revision
    live = page.live_revision.as_object()
    for column in language_columns(type(page), lang):
        setattr(live, column, getattr(draft, column))
    revision = live.save_revision(user=user, log_action=True, clean=clean)
    revision.publish(user=user, skip_permission_checks=approved)
    _log(page, revision, lang, user)
    # The pending draft, rebased: what it had, with this language's text as published.
    draft.save_revision(user=user, log_action=True, clean=clean)
    return revision


def carry_into_pending_draft(record, lang, user=None):
    """A record's translation, just written to its live row, goes into its pending draft too
    (a record with drafts and revisions, whose draft waits for review): publishing that draft
    later must not put back this language's old text. Returns the draft's new revision."""
    if not getattr(record, "has_unpublished_changes", False) or not record.latest_revision_id:
        return None
    pending = record.latest_revision.as_object()
    for name in content_fields(type(record)):
        column = localized(name, lang)
        setattr(pending, column, getattr(record, column))
    return pending.save_revision(user=user, clean=False)


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
    live, latest = page.live_revision.content, page.latest_revision.content
    ignored = BOOKKEEPING | set(language_columns(type(page), lang))
    keys = (set(live) | set(latest)) - ignored
    return any(
        not k.startswith("url_path") and _value(live.get(k)) != _value(latest.get(k)) for k in keys
    )


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
