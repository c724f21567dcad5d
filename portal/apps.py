from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The composition root: connects what the layers register (docs/architecture.md)."""

    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from compact import extensions
        from portal.core import availability, cache, routing, wagtail_patches
        from portal.localization import admin_hooks, signals
        from portal.localization.demand_views import REQUESTED_PARAMETER
        from portal.models import HomePage, list_articles
        from portal.publications import finder as publication_finder
        from portal.site.api import views as api_views

        # After wagtail-modeltranslation (listed first in INSTALLED_APPS) has patched `route`.
        wagtail_patches.apply(root_page_model=HomePage)
        routing.connect()  # old URL paths redirect
        admin_hooks.register()  # the Languages tab of every page editor
        signals.connect()  # translation states follow the source text
        cache.watch("portal.ArticleTag", "taggit.Tag")  # tags show on articles
        cache.watch("portal.PublicationFile")  # a publication's files: its page, the library
        cache.connect(self)  # purge the page cache when what public pages show changes
        # What the memo keeps between requests (the home page, the office index on it, the
        # finder's address, the objectives with their pages): their changes purge everything.
        cache.purges_everything(
            "portal.HomePage",
            "offices.OfficeIndexPage",
            "offices.ProgrammeIndexPage",
            "compact.Objective",
            "compact.ObjectivePage",
        )
        extensions.add_to_objective_page(list_articles)  # news on the objectives' pages
        # How the page cache reads query parameters (portal/core/cache.py): the API's, and
        # "Request this page in <language>"'s answer on every page (BasePage.cache_parameters).
        api_views.declare_query_parameters()
        cache.query_parameter(REQUESTED_PARAMETER, cache.one_of("1", "later"))
        # "Only in my language" on listings (portal/core/availability.py): 1, else as without.
        cache.query_parameter(
            availability.ONLY_MINE, lambda value: "1" if value == "1" else cache.IGNORED
        )
        publication_finder.declare_query_parameters()  # the library's filters and citations
