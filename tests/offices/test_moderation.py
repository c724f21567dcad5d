"""Moderation per office: submit, approve with a go-live date, scheduled publishing, audit log."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Revision, WorkflowState

pytestmark = pytest.mark.django_db


def test_approved_page_is_scheduled_then_published_and_every_step_is_logged(
    two_offices, norway_editor, norway_moderator
):
    programme = two_offices["programme"]
    programme.save_revision().publish()
    programme = Page.objects.get(pk=programme.pk).specific
    assert programme.live_revision_id is not None
    programme.title_nb = "Frivillig retur"
    programme.go_live_at = timezone.now() + timedelta(hours=1)
    programme.save_revision(user=norway_editor, log_action=True)
    programme.get_workflow().start(programme, norway_editor)

    state = WorkflowState.objects.get(object_id=str(programme.pk))
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, norway_moderator, "approve")

    programme = Page.objects.get(pk=programme.pk).specific
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert programme.title_nb != "Frivillig retur"  # scheduled: the live page is unchanged
    scheduled = Revision.page_revisions.get(
        object_id=str(programme.pk), approved_go_live_at__isnull=False
    )

    # The go-live time passes; the scheduler (cron: manage.py publish_scheduled) publishes it.
    past = timezone.now() - timedelta(minutes=1)
    scheduled.approved_go_live_at = past
    scheduled.content["go_live_at"] = past.isoformat()
    scheduled.save(update_fields=["approved_go_live_at", "content"])
    call_command("publish_scheduled", verbosity=0)
    programme = Page.objects.get(pk=programme.pk).specific
    assert programme.title_nb == "Frivillig retur"
    assert programme.live_revision_id == scheduled.pk

    actions = list(
        PageLogEntry.objects.filter(page=programme)
        .order_by("timestamp", "pk")
        .values_list("action", "user__username")
    )
    assert ("wagtail.edit", "nora") in actions
    assert ("wagtail.workflow.start", "nora") in actions
    assert ("wagtail.workflow.approve", "magnus") in actions
    assert ("wagtail.publish.schedule", "magnus") in actions
    names = [action for action, _user in actions]
    assert names.index("wagtail.publish.scheduled") > names.index("wagtail.publish.schedule")
