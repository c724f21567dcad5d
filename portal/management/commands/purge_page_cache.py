"""Empty the page cache by hand: after writes that send no signals (bulk imports, raw SQL)."""

from django.core.management.base import BaseCommand

from portal.core.cache import purge


class Command(BaseCommand):
    help = "Empty the full-page cache of every app server sharing this cache."

    def handle(self, *args, **options):
        purge()
        self.stdout.write("Page cache purged.")
