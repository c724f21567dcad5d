"""“My jobs” on the admin dashboard: the translation jobs a user has to do, due first."""

from django.utils import timezone
from wagtail.admin.ui.components import Component

from portal.localization.job_models import TranslationJob
from portal.localization.job_views import mine
from portal.localization.jobs import is_reviewer

SHOWN = 10


class MyJobsPanel(Component):
    template_name = "translations/jobs/my_jobs_panel.html"
    order = 50  # above Wagtail's own panels: due work comes first

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        found = mine(self.user).select_related("translator", "reviewer")
        found = found.order_by("due_date", "-priority", "pk").prefetch_related("items")
        jobs = [
            job
            for job in found[:100]
            if job.state != TranslationJob.State.IN_REVIEW or is_reviewer(self.user, job)
        ][: SHOWN + 1]
        return {
            "jobs": jobs[:SHOWN],
            "more": len(jobs) > SHOWN,
            "today": timezone.localdate(),
            "user": self.user,
        }
