"""Export one language's translatable texts as a PO or XLIFF file: the site, an office or a page."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page

from portal.localization import scopes
from portal.localization.po import ONLY, export_po
from portal.localization.units import SOURCE_LANGUAGE
from portal.localization.xliff import VERSIONS, export_xliff


class Command(BaseCommand):
    help = "Export the texts to translate into one language as a PO (or XLIFF) file."
    default_format = "po"

    def create_parser(self, prog_name, subcommand, **kwargs):
        # --version is the XLIFF version here, not Django's own --version.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--language", required=True, help="The language to translate into.")
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument("--page", type=int, help="Only this page (its id).")
        scope.add_argument(
            "--office", help="Only this office (country code): its page, subpages and record."
        )
        parser.add_argument("--only", choices=ONLY, help="Only the missing or outdated texts.")
        parser.add_argument(
            "--format", choices=("po", "xliff"), default=self.default_format, help="File format."
        )
        parser.add_argument(
            "--version", dest="xliff_version", choices=VERSIONS, default="1.2",
            help="XLIFF version (with --format xliff).",
        )  # fmt: skip
        parser.add_argument(
            "--no-prefill",
            dest="prefill",
            action="store_false",
            help="Do not pre-fill untranslated texts from the translation memory.",
        )
        parser.add_argument("-o", "--output", help="Write to this file (default: stdout).")

    def handle(self, *args, language, output=None, **options):
        if language not in dict(settings.LANGUAGES) or language == SOURCE_LANGUAGE:
            raise CommandError(f"Not a language to translate into: {language}")
        what = {"only": options.get("only"), "prefill": options.get("prefill", True)}
        what.update(self.scope(options.get("page"), options.get("office")))
        if options.get("format") == "xliff":
            data = export_xliff(language, version=options.get("xliff_version", "1.2"), **what)
            count = data.count(b"<trans-unit ") + data.count(b"<unit ")
        else:
            po = export_po(language, **what)
            data, count = str(po).encode("utf-8"), len(po)
        if output:
            with open(output, "wb") as handle:
                handle.write(data)
            self.stderr.write(f"{count} entries written to {output}")
        else:
            self.stdout.write(data.decode("utf-8"), ending="")

    @staticmethod
    def scope(page, office):
        if page is not None:
            found = Page.objects.filter(pk=page, depth__gt=1).first()
            if found is None:
                raise CommandError(f"No page with id {page}.")
            return {"objects": [found.specific]}
        if office:
            record = scopes.provider().find(office)
            if record is None:
                raise CommandError(f"No office page for country {office}.")
            return {"scope": record}
        return {}
