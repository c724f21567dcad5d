"""What the layers above add to the Global Compact's pages.

compact knows nothing of offices or news: the objective page's programmes and articles, and the
index's programme counts, come from providers that offices and the portal's pages register from
their AppConfig.ready(). A provider takes the page and its template context and adds to it.
"""

_PROVIDERS = {"index": [], "objective": []}


def add_to_index_page(provider):
    """`provider(page, context)` for the Global Compact index page."""
    _add("index", provider)


def add_to_objective_page(provider):
    """`provider(page, context)` for every objective page."""
    _add("objective", provider)


def _add(kind, provider):
    if provider not in _PROVIDERS[kind]:
        _PROVIDERS[kind].append(provider)


def extend(kind, page, context):
    for provider in _PROVIDERS[kind]:
        provider(page, context)
    return context
