from django.core.management.base import BaseCommand
from django.utils import timezone

from portal.localization.history import snapshot


class Command(BaseCommand):
    help = (
        "Record today's translation coverage figures for the dashboard's history (run daily; "
        "a second run the same day replaces the first) and delete those older than two years."
    )

    def handle(self, *args, **options):
        written, pruned = snapshot()
        self.stdout.write(
            f"Recorded {written} coverage figures for {timezone.localdate()}; "
            f"deleted {pruned} older than the history keeps."
        )
