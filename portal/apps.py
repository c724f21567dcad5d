from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        # Runs after wagtail-modeltranslation (listed first in INSTALLED_APPS) has patched `route`
        # onto every page model: routing starts at the site's root, the home page.
        from portal.models import HomePage
        from portal.routing import route_by_url_path

        HomePage.route = route_by_url_path

        from portal.localization import admin_hooks, signals  # noqa: F401 (registers hooks)
        from portal.publishing import make_publishing_atomic

        make_publishing_atomic()

        signals.connect()

        from portal import cache

        cache.connect(self)  # purge the page cache when what public pages show changes

        from portal.query import reuse_stream_json_field

        reuse_stream_json_field()
