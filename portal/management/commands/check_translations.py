"""Run the quality checks over one language's translations: the site's or one office's."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.localization import scopes
from portal.localization.site_checks import check_objects, scope_objects
from portal.localization.units import SOURCE_LANGUAGE


class Command(BaseCommand):
    help = "Check the translations into one language; exits non-zero when there are errors."

    def add_arguments(self, parser):
        parser.add_argument("--language", required=True, help="The language to check.")
        parser.add_argument("--office", help="Only this office (country code).")
        parser.add_argument("--errors-only", action="store_true", help="Do not list warnings.")

    def handle(self, *args, language, office=None, errors_only=False, **options):
        if language not in dict(settings.LANGUAGES) or language == SOURCE_LANGUAGE:
            raise CommandError(f"Not a language to translate into: {language}")
        scope = None
        if office:
            scope = scopes.provider().find(office)
            if scope is None:
                raise CommandError(f"No office page for country {office}.")
        counts = {"error": 0, "warning": 0}
        for result in check_objects(language, scope_objects(scope)):
            finding = result.finding
            counts[finding.level] += 1
            if errors_only and not finding.is_error:
                continue
            self.stdout.write(f"{finding.level}\t{result.where}\t{finding.code}\t{finding.message}")
        summary = f"{counts['error']} error(s), {counts['warning']} warning(s) in {language}."
        if counts["error"]:
            raise CommandError(summary)
        self.stdout.write(summary)
