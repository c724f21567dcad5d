from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompactConfig(AppConfig):
    name = "compact"
    verbose_name = _("Global Compact for Migration")

    def ready(self):
        from compact import listings

        listings.register()  # objectives and country actions in the body's data listings
