from django.core.management.base import BaseCommand

from portal.localization.notifications import send_digests


class Command(BaseCommand):
    help = (
        "E-mail each user who asked for it a digest of their active translation jobs "
        "(at most one a day). Run it daily from the cron that runs publish_scheduled."
    )

    def handle(self, *args, **options):
        sent = send_digests()
        self.stdout.write(f"{sent} digest e-mail(s) sent.")
