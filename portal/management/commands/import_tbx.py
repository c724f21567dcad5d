"""Import a TBX file into the termbase: every entry checked first, then all written or none."""

from django.core.management.base import BaseCommand, CommandError

from portal.localization.tbx import import_tbx


class Command(BaseCommand):
    help = "Import a TBX file into the termbase (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The TBX file.")

    def handle(self, *args, file, **options):
        try:
            with open(file, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        report = import_tbx(data)
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError(f"{len(report.errors)} problem(s): nothing was imported.")
