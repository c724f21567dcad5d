from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficesConfig(AppConfig):
    name = "offices"
    verbose_name = _("Offices and programmes")

    def ready(self):
        from offices import compact_pages, finder, listings, pledge_finder, signals
        from offices.scopes import OfficeScopes
        from portal.core import cache
        from portal.localization import scopes

        signals.connect()  # an office's groups follow the office
        cache.not_shown("offices.OfficeGroup")  # who may edit an office: never on a public page
        cache.not_shown("offices.CountryApprovalTask")  # who approves: never on a public page
        compact_pages.register()  # programmes on the Global Compact's pages
        listings.register()  # offices and partners in the body's data listings
        scopes.register(OfficeScopes())  # the translation tools count and export per office
        finder.declare_query_parameters()  # the page cache keys the finder by its filters
        pledge_finder.declare_query_parameters()  # and the pledge and review lists by theirs
