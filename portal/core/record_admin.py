"""What the admin's views of records with drafts and workflows (offices, partners, objectives,
country actions) share, whatever app they belong to."""

from django.http import Http404
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet


class TaskStateOfThisObjectMixin:
    """Wagtail's workflow action views take the object and the task state from two parts of the
    URL without checking that one belongs to the other: approving "office 2, task state 7" would
    act on task state 7, whichever record it moderates. Here a task state of another record is a
    404."""

    def get_task_state(self):
        task_state = super().get_task_state()
        workflow_state = task_state.workflow_state
        if (
            workflow_state.base_content_type_id != self.object.get_base_content_type().pk
            or workflow_state.object_id != str(self.object.pk)
        ):
            raise Http404
        return task_state


class RecordWorkflowActionView(TaskStateOfThisObjectMixin, snippet_views.WorkflowActionView):
    pass


class RecordCollectWorkflowActionDataView(
    TaskStateOfThisObjectMixin, snippet_views.CollectWorkflowActionDataView
):
    pass


class RecordViewSet(SnippetViewSet):
    """The snippet viewset of a record with drafts and a workflow."""

    workflow_action_view_class = RecordWorkflowActionView
    collect_workflow_action_data_view_class = RecordCollectWorkflowActionDataView
