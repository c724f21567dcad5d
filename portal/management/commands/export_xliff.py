"""Export one language's translatable texts as an XLIFF 1.2 or 2.0 file (export_po's options)."""

from portal.management.commands.export_po import Command as ExportPO


class Command(ExportPO):
    help = "Export the texts to translate into one language as an XLIFF file (--version 1.2|2.0)."
    default_format = "xliff"
