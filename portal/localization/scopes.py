"""Scopes: the parts of the site one team translates, such as a country office's.

A scope is a subtree of pages (under its root page) and, when the scope is itself a translated
record, that record. The dashboard counts coverage per scope and can narrow to one; a PO file can
be exported for one; the page editor's Languages tab puts the languages of the page's scope first.

The translation tools do not know what the scopes are: the app that defines them subclasses
`ScopeProvider` and registers it from its AppConfig.ready() (offices does, in offices/scopes.py).
Until one registers, the site has no scopes: the base class answers with none.
"""


class ScopeProvider:
    """What the translation tools ask about scopes. Scopes are model instances (they have a pk
    and print as their name); `model` is their model."""

    model = None

    def all(self):
        """Every scope, in the order the dashboard lists them."""
        return []

    def with_pages(self):
        """The scopes that have a root page (what a PO file can be exported for), as a queryset."""
        return []

    def get(self, pk):
        """The scope with this pk, or None."""
        return None

    def find(self, code):
        """The scope with a root page that a command line names by its code ("NO"), or None."""
        return None

    def code(self, scope):
        """A scope's short name, for file names and the coverage CSV."""
        return str(scope.pk)

    def root_page(self, scope):
        return None

    def root_paths(self):
        """{scope pk: tree path of its root page}, for every scope that has one."""
        return {}

    def at(self, paths):
        """The scope whose root page is at one of these tree paths (a page's ancestors), or None."""
        return None

    def of_user(self, user):
        """The scopes the user works for."""
        return []

    def languages(self, scope):
        """The language codes the scope works in."""
        return []


_provider = ScopeProvider()


def register(provider):
    """Install the scope provider (one per site: a later registration replaces the earlier)."""
    global _provider  # noqa: PLW0603 (the registry is this one module-level slot)
    _provider = provider


def provider():
    return _provider
