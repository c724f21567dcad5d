"""What the translator's editor shows beside each unit from the quality checks: the termbase's
terms found in the English text (before anything is typed) and the warnings of the translation
as it is saved (errors refuse the save: see editor_views.read_posted)."""

from django.contrib.contenttypes.models import ContentType

from portal.localization.checks import Checker, warnings


def annotate(model, obj, lang, groups):
    """Set `terms` and `warnings` on every row of `groups`."""
    checker = Checker(lang)
    rows = [(group, row) for group in groups for row in group.rows]
    checker.prefetch(row.source for _group, row in rows if row.target)
    content_type = ContentType.objects.get_for_model(model)
    for group, row in rows:
        row.terms = checker.terms.terms_in(row.source, row.kind)
        if row.target and not row.errors:
            context = (content_type.pk, obj.pk, group.name, row.path)
            findings = checker.check(row.source, row.target, row.kind, row.max_length, context)
            row.warnings = warnings(findings)
