"""What happens when a workflow is approved (Wagtail's `WAGTAIL_FINISH_WORKFLOW_ACTION`).

Imported while `wagtail.models` loads (the setting is read at class definition): nothing from
wagtail.models at the top of this module."""

APPROVED = "approved"  # TaskState.STATUS_APPROVED


def publish_approved(workflow_state, user=None):
    """Publish the approved revision, as Wagtail does, without asking again whether the approver
    may publish that kind of object: the task that let them approve (its `get_actions`) decided.
    A country's office moderators approve their country's actions (offices'
    `CountryApprovalTask`) without the right to publish every country's.

    The check is skipped only when `user` approved the workflow's last task; any other finish
    (a workflow without tasks, finished by whoever submitted) keeps Wagtail's check."""
    task_state = workflow_state.current_task_state
    approved_by_user = (
        user is not None
        and task_state is not None
        and task_state.status == APPROVED
        and task_state.finished_by_id == user.pk
    )
    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=approved_by_user)
