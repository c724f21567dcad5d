"""Page routing in one query, by the stored url_path of the active language.

wagtail-modeltranslation replaces every page model's `route` at start-up with one that walks the
tree a level at a time, loading every child of each level to compare slugs: two queries or more
per level, and a page with thousands of children costs thousands of rows. The url_path of each
language is already stored on every page (and kept up to date when a slug changes), so the site's
root page can find the page for the whole path at once.

Only when that query finds nothing does the router look further, for a page to redirect to
(permanently, from the `before_serve_page` hook in portal/wagtail_hooks.py):

1. the path is another language's url_path of a page (`/nb/where-we-work/norway/`);
2. the path is, or lies under, a url_path a page had before a slug edit or a move
   (`UrlPathHistory`, recorded by the signal handlers below);
3. the path mixes slugs of several languages (`/nb/hvor-vi-jobber/norway/`).
"""

import copy

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_save, pre_save
from django.http import Http404
from wagtail.models import Page
from wagtail.signals import page_published
from wagtail.url_routing import RouteResult

from portal.core.i18n import LANGUAGE_CODES, active_language

# Set on the request when the route found a page under another URL: portal/wagtail_hooks.py
# answers with a permanent redirect to the page's URL in the active language.
REDIRECT_ATTR = "_portal_redirect_to"

# How many recorded renames one old URL may go through (a page renamed, then its parent...).
MAX_HISTORY_HOPS = 5
# Paths deeper than this are not worth guessing at.
MAX_GUESS_DEPTH = 12

URL_PATH_FIELDS = [f"url_path_{lang}" for lang in LANGUAGE_CODES]


def route_by_url_path(self, request, path_components):
    if not path_components:
        if self.live:
            # The home page object is shared by every request (portal/core/memo.py): serve a copy.
            return RouteResult(copy.copy(self))
        raise Http404
    lang = active_language()
    base = getattr(self, f"url_path_{lang}", None) or self.url_path
    candidates = Page.objects.filter(
        path__startswith=self.path,
        depth=self.depth + len(path_components),
        **{f"url_path_{lang}": base + "/".join(path_components) + "/"},
    )
    page = candidates.only("id", "content_type_id", "live").first()
    if page is not None and page.live:
        return RouteResult(page.specific)

    # A miss: is it a page we know under another URL?
    target = find_moved_page(self, path_components, lang)
    if target is None:
        raise Http404
    target = target.specific
    if request is not None:
        setattr(request, REDIRECT_ATTR, target)
    return RouteResult(target)


def root_base(root, lang):
    return getattr(root, f"url_path_{lang}", None) or root.url_path


def live_pages_under(root):
    return Page.objects.filter(path__startswith=root.path, depth__gt=root.depth, live=True)


def find_moved_page(root, components, lang):
    """The live page the path meant, found in another language, an old URL or mixed slugs."""
    if len(components) > MAX_GUESS_DEPTH:
        return None
    return (
        find_in_other_languages(root, components, lang)
        or find_in_history(root, components)
        or find_by_mixed_slugs(root, components)
    )


def find_in_other_languages(root, components, lang):
    rest = "/".join(components) + "/"
    condition = Q()
    for other in LANGUAGE_CODES:
        if other != lang:
            condition |= Q(**{f"url_path_{other}": root_base(root, other) + rest})
    return (
        live_pages_under(root)
        .filter(condition, depth=root.depth + len(components))
        .order_by("path")
        .first()
    )


def find_in_history(root, components):
    """Follow recorded renames: the longest old url_path that prefixes the path, substituted by
    the page's current url_path, then looked up (and followed again, a few times at most)."""
    from portal.core.models import UrlPathHistory

    # The path in the url_path space of every language whose root path differs.
    paths = {root_base(root, lang) + "/".join(components) + "/" for lang in LANGUAGE_CODES}
    seen = set()
    for _hop in range(MAX_HISTORY_HOPS):
        prefixes = {path[: i + 1] for path in paths for i, char in enumerate(path) if char == "/"}
        rows = (
            UrlPathHistory.objects.filter(url_path__in=prefixes - seen)
            .filter(page__path__startswith=root.path)
            .select_related("page")
        )
        best = max(rows, key=lambda row: len(row.url_path), default=None)
        if best is None:
            return None
        seen.add(best.url_path)
        current = getattr(best.page, f"url_path_{best.language}") or best.page.url_path
        new_paths = {
            current + path[len(best.url_path) :] for path in paths if path.startswith(best.url_path)
        }
        found = (
            live_pages_under(root)
            .filter(**{f"url_path_{best.language}__in": new_paths})
            .order_by("path")
            .first()
        )
        if found is not None:
            return found
        paths = new_paths
    return None


def find_by_mixed_slugs(root, components):
    """Each level's slug in any language: one query for every page that has one of the slugs at
    the right depth, then a walk down from the root through them."""
    if len(components) < 2:
        return None  # a single slug in another language is the other-language url_path
    condition = Q()
    for lang in LANGUAGE_CODES:
        condition |= Q(**{f"slug_{lang}__in": components})
    pages = Page.objects.filter(
        condition,
        path__startswith=root.path,
        depth__gt=root.depth,
        depth__lte=root.depth + len(components),
    ).only("id", "path", "depth", "live", "content_type_id", *(f"slug_{c}" for c in LANGUAGE_CODES))
    parent_path, found = root.path, None
    by_depth = {}
    for page in pages:
        by_depth.setdefault(page.depth, []).append(page)
    for level, component in enumerate(components, start=root.depth + 1):
        found = next(
            (
                page
                for page in sorted(by_depth.get(level, []), key=lambda p: p.path)
                if page.path[: -Page.steplen] == parent_path
                and any(getattr(page, f"slug_{c}") == component for c in LANGUAGE_CODES)
            ),
            None,
        )
        if found is None:
            return None
        parent_path = found.path
    return found if found is not None and found.live else None


# Old URLs: a page's url_path_<lang> before and after each save, recorded when it changes.


def remember_url_paths(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not isinstance(instance, Page) or instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & {"url_path", *URL_PATH_FIELDS}:
        return
    instance._portal_old_url_paths = (
        Page.objects.filter(pk=instance.pk).values(*URL_PATH_FIELDS).first()
    )


def record_url_path_changes(sender, instance, created=False, raw=False, **kwargs):
    if raw or not isinstance(instance, Page):
        return
    old = instance.__dict__.pop("_portal_old_url_paths", None)
    if created:
        if instance.live:
            forget_paths_taken_by(instance)
        return
    if not old:
        return
    changed = {
        lang: old[f"url_path_{lang}"]
        for lang in LANGUAGE_CODES
        if old[f"url_path_{lang}"]
        and getattr(instance, f"url_path_{lang}")
        and old[f"url_path_{lang}"] != getattr(instance, f"url_path_{lang}")
    }
    if changed:
        record_old_url_paths(instance, changed)


def record_old_url_paths(page, old_paths):
    from portal.core.models import UrlPathHistory

    with transaction.atomic():
        for lang, url_path in old_paths.items():
            UrlPathHistory.objects.update_or_create(
                language=lang, url_path=url_path, defaults={"page_id": page.pk}
            )
        if page.live:
            forget_paths_taken_by(page)


def forget_paths_taken_by(page):
    """A live page now answers at these paths: they are no longer anyone's old URL."""
    from portal.core.models import UrlPathHistory

    condition = Q()
    for lang in LANGUAGE_CODES:
        url_path = getattr(page, f"url_path_{lang}", None)
        if url_path:
            condition |= Q(language=lang, url_path=url_path)
    if condition:
        UrlPathHistory.objects.filter(condition).delete()


def forget_paths_on_publish(sender, instance, **kwargs):
    forget_paths_taken_by(instance)


def connect():
    """Record old URL paths; called from PortalConfig.ready()."""
    pre_save.connect(remember_url_paths, dispatch_uid="portal_url_path_before")
    post_save.connect(record_url_path_changes, dispatch_uid="portal_url_path_after")
    page_published.connect(forget_paths_on_publish, dispatch_uid="portal_url_path_published")
