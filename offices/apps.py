from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficesConfig(AppConfig):
    name = "offices"
    verbose_name = _("Offices and programmes")

    def ready(self):
        from offices import signals
        from offices.scopes import OfficeScopes
        from portal.localization import scopes

        signals.connect()  # an office's groups follow the office
        scopes.register(OfficeScopes())  # the translation tools count and export per office
