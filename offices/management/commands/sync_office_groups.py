"""Create or update every office's groups, permissions, collection and moderation workflow."""

from django.core.management.base import BaseCommand

from offices.groups import sync_office_groups_by_pk


class Command(BaseCommand):
    help = (
        "Create or update the editors and moderators groups, page and collection permissions "
        "and the moderation workflow of every office (or of the offices named by pk). Safe to "
        "run again: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("office_ids", nargs="*", type=int, help="Office primary keys.")

    def handle(self, *args, office_ids=(), **options):
        count = sync_office_groups_by_pk(office_ids)
        self.stdout.write(f"Synced the groups of {count} office(s).")
