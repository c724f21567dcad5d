"""Export the translation memory as a TMX file (English into one language, or every language)."""

from django.core.management.base import BaseCommand, CommandError

from portal.localization.tmx import export_tmx
from portal.localization.units import target_languages


class Command(BaseCommand):
    help = "Export the translation memory as TMX."

    def add_arguments(self, parser):
        parser.add_argument("--language", help="One target language (default: every language).")
        parser.add_argument("--output", "-o", help="The file to write (default: standard output).")

    def handle(self, *args, language=None, output=None, **options):
        if language and language not in target_languages():
            raise CommandError(f"Unknown target language: {language}.")
        data = export_tmx(language or None)
        if output:
            with open(output, "wb") as handle:
                handle.write(data)
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
