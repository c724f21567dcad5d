"""Wagtail admin hooks of the translation tools (imported from PortalConfig.ready)."""

from django.conf import settings
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html, json_script
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.core.i18n import language_name
from portal.localization import urls
from portal.localization.permissions import can_use_translation_tools
from portal.localization.units import SOURCE_LANGUAGE


@hooks.register("register_admin_urls")
def register_translation_urls():
    return [path("translations/", include(urls, namespace="translations"))]


class TranslationsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_use_translation_tools(request.user)


@hooks.register("register_admin_menu_item")
def register_translations_menu_item():
    return TranslationsMenuItem(
        _("Translations"), reverse("translations:dashboard"), icon_name="globe", order=250
    )


@hooks.register("insert_editor_js", order=100)  # after wagtail-modeltranslation's settings
def editor_languages_and_copy_buttons():
    config = {
        "source": SOURCE_LANGUAGE,
        "languages": [code for code, _name in settings.LANGUAGES],
        "names": {code: language_name(code) for code, _name in settings.LANGUAGES},
        "copyLabel": gettext("Copy from English"),
        "confirm": gettext("Replace the text in this field with the English text?"),
        "emptySource": gettext("The English field is empty: write the English text first."),
    }
    return format_html(
        '{}<script src="{}"></script>',
        json_script(config, "portal-editor-config"),
        static("admin/js/portal_editor.js"),
    )


@hooks.register("register_log_actions")
def register_translation_log_actions(actions):
    from portal.localization.publishing import register_log_action

    register_log_action(actions)


@hooks.register("insert_global_admin_css")
def editor_css():
    return format_html('<link rel="stylesheet" href="{}">', static("admin/css/portal_editor.css"))


JOB_MODELS = (
    "TranslationJob",
    "JobItem",
    "JobComment",
    "JobEvent",
    "LanguageRate",
    "JobNotificationSettings",
)


@hooks.register("construct_homepage_panels")
def add_my_jobs_panel(request, panels):
    from portal.localization.job_panels import MyJobsPanel

    if can_use_translation_tools(request.user):
        panels.insert(0, MyJobsPanel(request.user))


@hooks.register("register_account_settings_panel")
def job_notifications_panel(request, user, profile):
    from portal.localization.notification_settings import JobNotificationsPanel

    return JobNotificationsPanel(request, user, profile)


def register():
    """Called from PortalConfig.ready(): every page editor gets a Languages tab, and public pages
    follow translation states."""
    from portal.core import cache
    from portal.core.pages import add_editor_tab
    from portal.localization import (
        demand,
        history,
        jobs,
        notifications,
        termbase,
        termbase_admin,
    )
    from portal.localization.panels import LanguagesPanel

    add_editor_tab(_("Languages"), LanguagesPanel)
    cache.watch("portal.TranslationState")  # the "translation is outdated" notice
    # For translators only: the translation memory, pre-filled translations, the termbase, the
    # coverage history and the translation jobs.
    for label in (
        "MemoryEntry",
        "PrefilledTranslation",
        "Concept",
        "Term",
        "CoverageSnapshot",
        *JOB_MODELS,
    ):
        cache.not_shown(f"portal.{label}")
    termbase_admin.register()
    termbase.connect()
    cache.not_shown("portal.TranslationDemand")  # counts for the dashboard only
    demand.connect()  # count what visitors miss (portal/localization/demand.py)
    history.add_marks(jobs.finished_marks)  # finished jobs on the coverage charts
    notifications.connect()  # e-mails about translation jobs
