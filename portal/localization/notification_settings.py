"""The daily digest of translation jobs: a choice in the user's account settings (Notifications)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.account import BaseSettingsPanel, notifications_tab

from portal.localization.job_models import JobNotificationSettings
from portal.localization.jobs import can_manage
from portal.localization.permissions import can_use_translation_tools


class JobNotificationsForm(forms.ModelForm):
    class Meta:
        model = JobNotificationSettings
        fields = ["daily_digest"]
        help_texts = {
            "daily_digest": _(
                "Every day, one e-mail listing the translation jobs waiting for you, the first "
                "due first. E-mails about each job's changes are sent either way."
            )
        }


class JobNotificationsPanel(BaseSettingsPanel):
    name = "translation_jobs"
    title = _("Translation jobs")
    tab = notifications_tab
    order = 150
    form_class = JobNotificationsForm

    def is_active(self):
        return can_use_translation_tools(self.user) or can_manage(self.user)

    def get_form(self):
        instance = JobNotificationSettings.objects.filter(user=self.user).first()
        kwargs = {"instance": instance or JobNotificationSettings(user=self.user)}
        if self.request.method == "POST":
            return self.form_class(self.request.POST, prefix=self.name, **kwargs)
        return self.form_class(prefix=self.name, **kwargs)
