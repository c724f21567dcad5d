"""Publishing is all or nothing.

Wagtail's publish action writes the page, its revision, the log entry and then sends
`page_published` without a transaction around them: a receiver that raises leaves the page live
on the new revision with no log entry. Wrapping the action's `execute` in a transaction makes a
failure anywhere roll the whole publish back, so the page stays as it was before.
"""

from django.db import transaction
from wagtail.actions.publish_revision import PublishRevisionAction


def make_publishing_atomic():
    execute = PublishRevisionAction.execute
    if getattr(execute, "portal_atomic", False):
        return
    atomic_execute = transaction.atomic(execute)
    atomic_execute.portal_atomic = True
    PublishRevisionAction.execute = atomic_execute
