"""Import a TMX file into the translation memory: every unit is checked, then all or nothing."""

from django.core.management.base import BaseCommand, CommandError

from portal.localization.tmx import import_tmx
from portal.localization.units import target_languages


class Command(BaseCommand):
    help = "Import a TMX file into the translation memory (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The TMX file.")
        parser.add_argument("--language", help="Import only this target language.")

    def handle(self, *args, file, language=None, **options):
        if language and language not in target_languages():
            raise CommandError(f"Unknown target language: {language}.")
        try:
            with open(file, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        report = import_tmx(data, language or None)
        for problem in report.problems:
            self.stderr.write(problem)
        if not report.ok:
            raise CommandError(f"{len(report.problems)} problem(s): nothing was imported.")
        self.stdout.write(report.summary())
