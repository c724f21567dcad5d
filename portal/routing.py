"""Page routing in one query, by the stored url_path of the active language.

wagtail-modeltranslation replaces every page model's `route` at start-up with one that walks the
tree a level at a time, loading every child of each level to compare slugs: two queries or more
per level, and a page with thousands of children costs thousands of rows. The url_path of each
language is already stored on every page (and kept up to date when a slug changes), so the site's
root page can find the page for the whole path at once.
"""

from django.http import Http404
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from portal.i18n import active_language


def route_by_url_path(self, request, path_components):
    if not path_components:
        if self.live:
            return RouteResult(self)
        raise Http404
    lang = active_language()
    base = getattr(self, f"url_path_{lang}", None) or self.url_path
    candidates = Page.objects.filter(
        path__startswith=self.path,
        depth=self.depth + len(path_components),
        **{f"url_path_{lang}": base + "/".join(path_components) + "/"},
    )
    page = candidates.only("id", "content_type_id", "live").first()
    if page is None or not page.live:
        raise Http404
    return RouteResult(page.specific)
