from django.core.management.base import BaseCommand

from portal.localization.notifications import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail whoever must act on each translation job due tomorrow (once per job). "
        "Run it daily from the cron that runs publish_scheduled."
    )

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(f"{sent} reminder e-mail(s) sent.")
