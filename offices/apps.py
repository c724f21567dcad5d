from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficesConfig(AppConfig):
    name = "offices"
    verbose_name = _("Offices and programmes")

    def ready(self):
        from offices import signals

        signals.connect()  # an office's groups follow the office
