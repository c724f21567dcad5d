"""Import a translated PO or XLIFF file: every entry is checked, then all are written or none."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from portal.localization.po import import_po
from portal.localization.xliff import import_xliff, looks_like_xml


class Command(BaseCommand):
    help = "Import translations from a PO or XLIFF file (all or nothing)."
    default_format = "auto"

    def add_arguments(self, parser):
        parser.add_argument("file", help="The PO or XLIFF file.")
        parser.add_argument("--language", required=True, help="The language the file is in.")
        parser.add_argument("--publish", action="store_true", help="Publish the pages it changes.")
        parser.add_argument("--user", help="Record the changes as made by this user.")
        parser.add_argument(
            "--format",
            choices=("auto", "po", "xliff"),
            default=self.default_format,
            help="The file's format (default: told by its content; XLIFF 1.2 or 2.0 alike).",
        )

    def handle(self, *args, file, language, publish=False, user=None, **options):
        account = None
        if user:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"No user named {user}.")
        try:
            with open(file, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        kind = options.get("format") or "auto"
        xml = kind == "xliff" or (kind == "auto" and looks_like_xml(data, file))
        report = (import_xliff if xml else import_po)(data, language, user=account, publish=publish)
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError(f"{len(report.errors)} problem(s): nothing was imported.")
