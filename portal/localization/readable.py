"""Which translation memory entries a user may read: no text of another office's private pages.

The memory is filled from every published page, private ones too (a password, a group or a
login restriction on the page or an ancestor). A translator sees an entry when it has no object
(an imported TMX), comes from a record (records are shown on public pages), or comes from a page
they may read: one without a view restriction, one inside a scope they work for (scopes.py: their
office), or one whose restrictions all let them in (a login restriction, or a group they belong
to). A page that no longer exists hides its entries: what it said may have been private.
Superusers read everything.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, PageViewRestriction

from portal.localization import scopes

CACHE_ATTRIBUTE = "_portal_memory_readable"


class Readable:
    """The memory entries one user may read; page answers are kept for the object's life."""

    def __init__(self, user):
        self.user = user
        self.everything = bool(user is None or user.is_superuser)
        self._pages = {}  # page id: readable
        self._restrictions = None  # [(path, type, {group ids})]
        self._own_paths = None
        self._groups = None

    @classmethod
    def of(cls, user):
        """One Readable per user object (a request's user): the look-ups are made once."""
        if user is None:
            return cls(None)
        readable = getattr(user, CACHE_ATTRIBUTE, None)
        if readable is None:
            readable = cls(user)
            setattr(user, CACHE_ATTRIBUTE, readable)
        return readable

    def keep(self, items, entry=lambda item: item):
        """The items (memory entries, or what `entry` finds them in) the user may read."""
        items = list(items)
        if self.everything:
            return items
        self._resolve({entry(item) for item in items})
        return [item for item in items if self._readable(entry(item))]

    def _page_id(self, memory_entry):
        if not memory_entry.content_type_id or not memory_entry.object_id:
            return None
        model = ContentType.objects.get_for_id(memory_entry.content_type_id).model_class()
        return memory_entry.object_id if model is not None and issubclass(model, Page) else None

    def _readable(self, memory_entry):
        page_id = self._page_id(memory_entry)
        return True if page_id is None else self._pages.get(page_id, False)

    def _resolve(self, memory_entries):
        wanted = {self._page_id(e) for e in memory_entries} - {None} - set(self._pages)
        if not wanted:
            return
        paths = dict(Page.objects.filter(pk__in=wanted).values_list("pk", "path"))
        for page_id in wanted:
            path = paths.get(page_id)
            self._pages[page_id] = path is not None and self._page_readable(path)

    def _page_readable(self, path):
        covering = [r for r in self._all_restrictions() if path.startswith(r[0])]
        if not covering:
            return True
        if any(path.startswith(own) for own in self._scope_paths()):
            return True
        return all(self._passes(kind, groups) for _path, kind, groups in covering)

    def _passes(self, kind, groups):
        if kind == PageViewRestriction.LOGIN:
            return self.user.is_authenticated
        if kind == PageViewRestriction.GROUPS:
            if self._groups is None:
                self._groups = set(self.user.groups.values_list("pk", flat=True))
            return bool(groups & self._groups)
        return False  # a password: only its office reads it

    def _all_restrictions(self):
        if self._restrictions is None:
            found = {}
            for pk, path, kind, group in PageViewRestriction.objects.values_list(
                "pk", "page__path", "restriction_type", "groups"
            ):
                found.setdefault(pk, (path, kind, set()))[2].add(group)
            self._restrictions = list(found.values())
        return self._restrictions

    def _scope_paths(self):
        if self._own_paths is None:
            provider = scopes.provider()
            roots = provider.root_paths()
            mine = [getattr(s, "pk", None) for s in provider.of_user(self.user)]
            self._own_paths = [roots[pk] for pk in mine if pk in roots]
        return self._own_paths
