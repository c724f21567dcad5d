"""Import a translated XLIFF 1.2 or 2.0 file (import_po's options): all entries or none."""

from portal.management.commands.import_po import Command as ImportPO


class Command(ImportPO):
    help = "Import translations from an XLIFF 1.2 or 2.0 file (all or nothing)."
    default_format = "xliff"
