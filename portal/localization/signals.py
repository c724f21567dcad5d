"""Keep translation states and the translation memory current when pages are published and
records are saved.

A record with drafts counts only its live text: saving a draft (a revision) saves the row's
bookkeeping only, with the draft's text in memory, and a record that is not live (created as a
draft, or unpublished) holds text nobody has approved. Neither is recorded; publishing is.
"""

from django.db.models.signals import post_save
from wagtail.signals import page_published

from portal.core.query import live_text_unchanged
from portal.localization.memory import remember_safely
from portal.localization.status import record_safely
from portal.localization.units import content_models


def on_page_published(sender, instance, revision=None, **kwargs):
    user = getattr(revision, "user", None) if revision is not None else None
    record_safely(instance, user)
    remember_safely(instance)  # after the states: only translations that are not outdated


def on_record_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not getattr(instance, "live", True):
        return
    if live_text_unchanged(update_fields):
        return  # a draft saved, or a lock: the live text did not change
    record_safely(instance)
    remember_safely(instance)


def connect():
    from wagtail.models import Page

    for model in content_models():
        if issubclass(model, Page):
            page_published.connect(on_page_published, sender=model, dispatch_uid=f"tr-{model}")
        else:
            post_save.connect(on_record_saved, sender=model, dispatch_uid=f"tr-{model}")
