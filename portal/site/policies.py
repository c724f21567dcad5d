"""The accessibility statement and the language policy, linked from every page's footer.

Both are views, not pages, so that they exist in every language the portal has: their text is
interface text (the catalogues are checked complete), and the language policy's facts come from
the settings and the content itself, so they cannot drift from what the portal does.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count
from django.template.response import TemplateResponse
from wagtail.models import Page

from portal.core import availability
from portal.core.i18n import LANGUAGE_CODES, active_language, language_name
from portal.localization.coverage import fallback_chains
from portal.localization.units import SOURCE_LANGUAGE, content_models

# When the statement was last checked against the tests it describes (update with it).
STATEMENT_REVIEWED = datetime.date(2026, 12, 7)


def accessibility(request):
    context = {
        "contact": settings.PORTAL_CONTACT_EMAIL,
        "reviewed": STATEMENT_REVIEWED,
    }
    return TemplateResponse(request, "pages/accessibility.html", context)


@dataclass
class Row:
    label: str
    total: int
    counts: list  # [(language code, pages in it, percent)], in LANGUAGES order


def language_policy(request):
    lang = active_language()
    chains = fallback_chains()
    context = {
        "source": language_name(SOURCE_LANGUAGE),
        "languages": [(code, language_name(code)) for code in LANGUAGE_CODES],
        "rows": page_rows(),
        "fallbacks": [
            (language_name(code), [language_name(other) for other in chain[1:]])
            for code, chain in chains.items()
            if code != SOURCE_LANGUAGE
        ],
        "own_fallback": [language_name(other) for other in chains[lang][1:]],
        "contact": settings.PORTAL_CONTACT_EMAIL,
    }
    return TemplateResponse(request, "pages/language_policy.html", context)


def page_rows():
    """One row per page type with live public pages: how many there are, and how many are
    available in each language by the rule the links' markers follow (portal/core/
    availability.py). One query per page type."""
    rows = []
    for model in content_models():
        if not issubclass(model, Page) or model._meta.abstract:
            continue
        aliases, counts = {}, {}
        for code in LANGUAGE_CODES:
            needed, available = availability.available_condition(model, code)
            aliases.update(needed)
            counts[code] = Count("pk", filter=available)
        pages = model.objects.live().public().filter(depth__gt=1).alias(**aliases)
        found = pages.aggregate(total=Count("pk"), **counts)
        if found["total"]:
            rows.append(_row(model._meta.verbose_name, found))
    return rows


def _row(label, found):
    total = found["total"]
    counts = [(code, found[code], round(100 * found[code] / total)) for code in LANGUAGE_CODES]
    return Row(str(label).capitalize(), total, counts)
