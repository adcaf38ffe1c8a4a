"""Recount the summaries kept with every move (the status tallies) from the files themselves."""

from django.core.management.base import BaseCommand

from applications import tallies


class Command(BaseCommand):
    help = "Recount the status tallies from the applications (safe to run at any time)."

    def handle(self, *args, **options) -> None:
        rows = tallies.rebuild()
        self.stdout.write(f"Status tallies rebuilt: {rows:,} rows.")
