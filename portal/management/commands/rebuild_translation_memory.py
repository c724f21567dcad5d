from django.core.management.base import BaseCommand

from portal.localization.memory import rebuild


class Command(BaseCommand):
    help = "Fill the translation memory from every published translation that is not outdated."

    def handle(self, *args, **options):
        count = rebuild()
        self.stdout.write(f"The translation memory holds {count} entries.")
