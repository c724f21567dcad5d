"""Create or update every office's groups, permissions, collection and moderation workflow."""

from django.core.management.base import BaseCommand

from offices.groups import sync_all_office_groups
from offices.models import Office


class Command(BaseCommand):
    help = (
        "Create or update the editors and moderators groups, page and collection permissions "
        "and the moderation workflow of every office (or of the offices named by pk). Safe to "
        "run again: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("office_ids", nargs="*", type=int, help="Office primary keys.")

    def handle(self, *args, office_ids=(), **options):
        offices = Office.objects.order_by("pk")
        if office_ids:
            offices = offices.filter(pk__in=office_ids)
        count = sync_all_office_groups(offices)
        self.stdout.write(f"Synced the groups of {count} office(s).")
