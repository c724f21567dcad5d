"""Load the demo portal: pages in seven languages, offices, programmes, Global Compact data.

Running it again changes nothing that is already as the demo wants it.
"""

import time

from django.core.management.base import BaseCommand

from portal.tooling.demo.loader import DemoLoader


class Command(BaseCommand):
    help = "Load (or bring up to date) the demo portal content. Safe to run more than once."

    def add_arguments(self, parser):
        parser.add_argument("--admin-username", default="admin")
        parser.add_argument("--admin-password", default="portal-demo")

    def handle(self, *args, admin_username, admin_password, verbosity=1, **options):
        started = time.monotonic()
        report = DemoLoader(admin_username, admin_password).run()
        if verbosity >= 2:
            self.stdout.write("\n".join(report.lines()))
        self.stdout.write(
            self.style.SUCCESS(f"Demo portal loaded in {time.monotonic() - started:.1f} s.")
        )
        self.stdout.write(
            f"Log in at /admin/ as {admin_username!r} "
            f"(password {admin_password!r} if the user was created by this command)."
        )
        self.stdout.write(
            "An office editor and moderator: 'norway-editor' and 'norway-moderator'; the Global"
            " Compact data's moderator: 'compact-moderator'; same password."
        )
        self.stdout.write(
            "Translators: 'nb-translator' and 'nb-reviewer' (Norwegian), 'fr-translator' (French),"
            " same password."
        )
