"""What a public page served that was not in the visitor's language, for a higher layer to count.

While a page renders, the template tags that show the fallback and outdated notices `mark()` the
request: ("fallback" or "outdated", the object's model label, its id, the language). The page
cache keeps the marks with its entry (portal/core/cache.py), so a page served from the cache
hands on the same marks as the render did, and `served()` passes them to the counters registered
here (the translation tools' demand counter, portal/localization/demand.py). A mark says which
text was missing in which language, never anything about the visitor.
"""

import logging

logger = logging.getLogger(__name__)

ATTR = "_portal_demand_marks"
FALLBACK, OUTDATED = "fallback", "outdated"

_counters = []


def register(counter):
    """`counter(request, marks)` is called for every public page served with marks. It must be
    cheap: it runs on every cached hit."""
    if counter not in _counters:
        _counters.append(counter)


def mark(request, what, obj, language):
    """The page being rendered for `request` shows `what` for `obj` in `language`."""
    if request is None or obj is None or obj.pk is None:
        return
    marks = request.__dict__.setdefault(ATTR, [])
    item = (what, obj._meta.label_lower, obj.pk, language)
    if item not in marks:
        marks.append(item)


def marks(request):
    return tuple(getattr(request, ATTR, ()))


def served(request, response, found):
    """A page went out with these marks: count it (a GET answered 200 only; never raises)."""
    if not found or request.method != "GET" or response.status_code != 200:
        return
    if getattr(request, "is_preview", False) or getattr(request, "is_dummy", False):
        return  # an editor's preview (portal/core/preview.py), not a visitor's view
    for counter in _counters:
        try:
            counter(request, found)
        except Exception:
            logger.exception("Could not count what a page served")
