"""Export one language's translatable texts as a PO file: the site, an office or a page."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page

from portal.localization import scopes
from portal.localization.po import export_po
from portal.localization.units import SOURCE_LANGUAGE


class Command(BaseCommand):
    help = "Export the texts to translate into one language as a PO file."

    def add_arguments(self, parser):
        parser.add_argument("--language", required=True, help="The language to translate into.")
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument("--page", type=int, help="Only this page (its id).")
        scope.add_argument(
            "--office", help="Only this office (country code): its page, subpages and record."
        )
        parser.add_argument("-o", "--output", help="Write to this file (default: stdout).")

    def handle(self, *args, language, page=None, office=None, output=None, **options):
        if language not in dict(settings.LANGUAGES) or language == SOURCE_LANGUAGE:
            raise CommandError(f"Not a language to translate into: {language}")
        if page is not None:
            found = Page.objects.filter(pk=page, depth__gt=1).first()
            if found is None:
                raise CommandError(f"No page with id {page}.")
            po = export_po(language, objects=[found.specific])
        elif office:
            record = scopes.provider().find(office)
            if record is None:
                raise CommandError(f"No office page for country {office}.")
            po = export_po(language, scope=record)
        else:
            po = export_po(language)
        text = str(po)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stderr.write(f"{len(po)} entries written to {output}")
        else:
            self.stdout.write(text, ending="")
