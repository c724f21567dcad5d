"""Export the termbase as a TBX file."""

from django.core.management.base import BaseCommand

from portal.localization.tbx import export_tbx


class Command(BaseCommand):
    help = "Export the termbase as a TBX file."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="Write to this file (default: stdout).")

    def handle(self, *args, output=None, **options):
        data = export_tbx()
        if output:
            with open(output, "wb") as handle:
                handle.write(data)
            self.stderr.write(f"Termbase written to {output}")
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
