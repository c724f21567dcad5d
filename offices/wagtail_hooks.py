"""Offices and partners, editable in the admin as snippets."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from offices.groups import OfficePermissionPolicy
from offices.models import Office, Partner
from offices.pledges import Pledge, Review
from portal.core import record_admin

# Members of "<office> editors/moderators" change their own office's record only.
office_permission_policy = OfficePermissionPolicy(Office)
register_permission_policy(Office, office_permission_policy, exact_class=True)


class OfficeInstanceCheckMixin:
    """Refuses an office the user has no right to, before anything is shown or saved."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, self.permission_required, obj
        ):
            raise PermissionDenied
        return obj


class OfficeScopedObjectMixin:
    """Views that show one office (history, usage) find only the offices the user may change:
    another office's record is a 404, as if it did not exist."""

    def get_base_object_queryset(self):
        if not self.request.user.is_authenticated:
            return super().get_base_object_queryset()  # the login redirect comes next
        # The module's policy: the workflow's views have no permission_policy of their own.
        return office_permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["change", "delete"]
        )


class OfficeHistoryView(OfficeScopedObjectMixin, snippet_views.HistoryView):
    pass


class OfficeObjectPermissionMixin:
    """The views drafts, revisions and locking add (compare, unpublish, unschedule, lock, unlock)
    check only the model permission: a Norway moderator may publish, so Wagtail would let them
    unpublish the Netherlands office. Here the user needs the view's permission on this office;
    another office's record is a 404, as in the history. (Revert is the edit view's subclass:
    OfficeInstanceCheckMixin already checks it.)"""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if self.request.user.is_authenticated and not self.may_act_on(obj):
            raise Http404
        return obj

    def may_act_on(self, obj):
        return office_permission_policy.user_has_permission_for_instance(
            self.request.user, self.permission_required, obj
        )


class OfficeRevisionsCompareView(OfficeObjectPermissionMixin, snippet_views.RevisionsCompareView):
    pass


class OfficeUnpublishView(OfficeObjectPermissionMixin, snippet_views.UnpublishView):
    pass


class OfficeRevisionsUnscheduleView(
    OfficeObjectPermissionMixin, snippet_views.RevisionsUnscheduleView
):
    pass


class OfficeLockView(OfficeObjectPermissionMixin, snippet_views.LockView):
    pass


class OfficeUnlockView(OfficeObjectPermissionMixin, snippet_views.UnlockView):
    def may_act_on(self, obj):
        # Whoever locked a record may unlock it (as Wagtail allows), on their office only.
        return obj.locked_by_id == self.request.user.pk or super().may_act_on(obj)


class OfficePreviewRevisionView(OfficeObjectPermissionMixin, snippet_views.PreviewRevisionView):
    pass


class OfficeWorkflowPreviewView(OfficeObjectPermissionMixin, snippet_views.WorkflowPreviewView):
    """The moderator's preview of the revision their task is about (Wagtail also asks the task
    for the user's actions)."""

    permission_required = "change"


class OfficeWorkflowHistoryView(OfficeObjectPermissionMixin, snippet_views.WorkflowHistoryView):
    pass


class OfficeWorkflowHistoryDetailView(
    OfficeObjectPermissionMixin, snippet_views.WorkflowHistoryDetailView
):
    pass


class OfficeConfirmWorkflowCancellationView(
    OfficeObjectPermissionMixin, snippet_views.ConfirmWorkflowCancellationView
):
    """Asked when publishing an office whose draft is in moderation."""

    permission_required = "publish"


class OfficeUsageView(OfficeScopedObjectMixin, snippet_views.UsageView):
    pass


# The workflow's actions: another office's record is a 404 before its task decides who may act.


class OfficeWorkflowActionView(OfficeScopedObjectMixin, record_admin.RecordWorkflowActionView):
    pass


class OfficeCollectWorkflowActionDataView(
    OfficeScopedObjectMixin, record_admin.RecordCollectWorkflowActionDataView
):
    pass


class OfficeChooserMixin:
    def get_object_list(self):
        return office_permission_policy.choosable_instances(self.request.user)


class OfficeChooseView(OfficeChooserMixin, snippet_chooser.ChooseView):
    pass


class OfficeChooseResultsView(OfficeChooserMixin, snippet_chooser.ChooseResultsView):
    pass


class OfficeChosenView(snippet_chooser.SnippetChosenView):
    def get_object(self, pk):
        return office_permission_policy.choosable_instances(self.request.user).get(pk=pk)


class OfficeChosenMultipleView(snippet_chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return office_permission_policy.choosable_instances(self.request.user).filter(pk__in=pks)


class OfficeChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = OfficeChooseView
    choose_results_view_class = OfficeChooseResultsView
    chosen_view_class = OfficeChosenView
    chosen_multiple_view_class = OfficeChosenMultipleView


class OfficeIndexView(snippet_views.IndexView):
    def get_base_queryset(self):
        allowed = self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["change", "delete", "view"]
        )
        return super().get_base_queryset().filter(pk__in=allowed.values("pk"))


class OfficeEditView(OfficeInstanceCheckMixin, snippet_views.EditView):
    pass


class OfficeDeleteView(OfficeInstanceCheckMixin, snippet_views.DeleteView):
    pass


class OfficeViewSet(record_admin.RecordViewSet):
    model = Office
    icon = "home"
    list_display = ["name", "country", "city", "year_opened"]
    search_fields = ["name", "city"]
    index_view_class = OfficeIndexView
    edit_view_class = OfficeEditView
    delete_view_class = OfficeDeleteView
    history_view_class = OfficeHistoryView
    usage_view_class = OfficeUsageView
    revisions_compare_view_class = OfficeRevisionsCompareView
    unpublish_view_class = OfficeUnpublishView
    revisions_unschedule_view_class = OfficeRevisionsUnscheduleView
    lock_view_class = OfficeLockView
    unlock_view_class = OfficeUnlockView
    workflow_action_view_class = OfficeWorkflowActionView
    collect_workflow_action_data_view_class = OfficeCollectWorkflowActionDataView
    # The preview on edit checks the office's permission itself (a 403); a revision's and a
    # task's preview would check only the model permission.
    revisions_view_class = OfficePreviewRevisionView
    workflow_preview_view_class = OfficeWorkflowPreviewView
    workflow_history_view_class = OfficeWorkflowHistoryView
    workflow_history_detail_view_class = OfficeWorkflowHistoryDetailView
    confirm_workflow_cancellation_view_class = OfficeConfirmWorkflowCancellationView
    chooser_viewset_class = OfficeChooserViewSet


class PartnerViewSet(record_admin.RecordViewSet):
    model = Partner
    icon = "group"
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


class OfficesGroup(SnippetViewSetGroup):
    menu_label = _("Offices and partners")
    menu_icon = "home"
    menu_order = 200
    items = (OfficeViewSet, PartnerViewSet)


register_snippet(OfficesGroup)


class PledgeViewSet(record_admin.RecordViewSet):
    model = Pledge
    icon = "tick-inverse"
    list_display = ["title", "pledger", "country", "status", "start_year"]
    list_filter = ["status", "pledger_kind", "objectives"]
    search_fields = ["title", "pledger"]


class ReviewViewSet(record_admin.RecordViewSet):
    model = Review
    icon = "doc-full"
    list_display = ["title", "kind", "country", "region", "year"]
    list_filter = ["kind", "year"]
    search_fields = ["title"]


class PledgesGroup(SnippetViewSetGroup):
    menu_label = _("Pledges and reviews")
    menu_icon = "tick-inverse"
    menu_order = 215
    items = (PledgeViewSet, ReviewViewSet)


register_snippet(PledgesGroup)
