"""The quality checks over many objects: a whole site or one scope (`manage.py
check_translations`), and the warning counts per language on the dashboard.

The dashboard's counts come from the translation memory's whole-unit entries, which hold every
published translation that is not outdated with its source text: one query per language, no
object loaded. They are kept in the memo under the page cache's generation and the termbase's
signature, so only the first dashboard after a change pays for them.
"""

from collections import Counter
from dataclasses import dataclass

from wagtail.models import Page

from portal.localization import scopes, termbase
from portal.localization.checks import Checker
from portal.localization.models import MemoryEntry
from portal.localization.po import max_length
from portal.localization.units import (
    SOURCE_LANGUAGE,
    content_models,
    specific_objects,
    target_languages,
    units,
)


@dataclass(frozen=True)
class Result:
    obj: object
    field: str
    path: str
    finding: object  # checks.Finding

    @property
    def where(self):
        label = f"{self.obj._meta.label_lower}:{self.obj.pk}"
        return f"{label} “{self.obj}” {self.field}" + (f" {self.path}" if self.path else "")


def scope_objects(scope=None):
    """The live objects to check: every object of every content model, or one scope's pages
    (its root page and the pages under it) and, when the scope is a translated record, itself."""
    if scope is None:
        for model in content_models():
            queryset = specific_objects(model)
            if issubclass(model, Page):
                queryset = queryset.filter(alias_of__isnull=True)
            yield from (obj for obj in queryset.iterator() if type(obj) is model)
        return
    root = scopes.provider().root_page(scope)
    if root is not None:
        yield root.specific
        yield from root.get_descendants().filter(alias_of__isnull=True).specific().iterator()
    if type(scope) in content_models():
        yield scope


def check_objects(lang, objects):
    """Every finding of the translations into `lang` of `objects`, as Results."""
    from django.contrib.contenttypes.models import ContentType

    checker = Checker(lang)
    found = [(obj, unit) for obj in objects for unit in units(obj, lang) if unit.target]
    checker.prefetch(unit.source for _obj, unit in found)
    for obj, unit in found:
        model = type(obj)
        context = (ContentType.objects.get_for_model(model).pk, obj.pk, unit.field, unit.path)
        limit = max_length(model, unit.field, unit.path)
        for finding in checker.check(unit.source, unit.target, unit.kind, limit, context):
            yield Result(obj, unit.field, unit.path, finding)


def _kind(text):
    return "richtext" if text.lstrip().startswith("<") else "text"


def memory_warnings(lang):
    """How many published translations into `lang` have warnings (from the memory)."""
    rows = list(
        MemoryEntry.objects.filter(
            source_language=SOURCE_LANGUAGE, target_language=lang, kind=MemoryEntry.Kind.UNIT
        ).values_list(
            "source_hash",
            "content_type_id",
            "object_id",
            "field",
            "path",
            "source_text",
            "target_text",
        )  # fmt: skip
    )
    checker = Checker(lang)
    checker.add_translations((r[0], r[1], r[2], r[3], r[4], r[6]) for r in rows)
    counts = Counter()
    for digest, content_type_id, object_id, field, path, source, target in rows:
        context = (content_type_id, object_id, field, path)
        findings = checker.check(source, target, _kind(source), None, context)
        if any(not f.is_error for f in findings):
            counts["units"] += 1
        counts["warnings"] += sum(1 for f in findings if not f.is_error)
        del digest
    return counts


def warning_counts():
    """{language: units with warnings} over the published translations."""
    return {lang: memory_warnings(lang)["units"] for lang in target_languages()}


def dashboard_counts(request):
    """warning_counts(), kept in the memo until the site or the termbase changes."""
    from portal.core.memo import remember

    return remember(
        request,
        ("translation-warnings", termbase.signature()),
        warning_counts,
        per_language=False,
    )
