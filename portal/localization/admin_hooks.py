"""Wagtail admin hooks of the translation tools (imported from PortalConfig.ready)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.localization import urls
from portal.localization.permissions import can_use_translation_tools


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
