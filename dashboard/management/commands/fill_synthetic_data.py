"""Fill the database with synthetic applications (see `dashboard.synthetic`), to try the
dashboard and to measure it at scale. Refuses to run unless DEBUG is on or --force is given:
it must never touch a production database by accident."""

import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dashboard.synthetic import fill


class ProgressBar:
    """A one-line progress bar on stderr, redrawn at most ten times a second."""

    def __init__(self, total: int, *, write=None, flush=None, width: int = 30, label: str = "applications"):
        self.total = max(total, 1)
        self.write = write or sys.stderr.write
        # stderr is line-buffered: a line redrawn with "\r" shows only when flushed.
        self.flush = flush or sys.stderr.flush
        self.width = width
        self.label = label
        self.started = time.monotonic()
        self.drawn_at = 0.0

    def update(self, done: int) -> None:
        now = time.monotonic()
        if done < self.total and now - self.drawn_at < 0.1:
            return
        self.drawn_at = now
        filled = int(self.width * done / self.total)
        elapsed = now - self.started
        rate = done / elapsed if elapsed > 0 else 0
        left = (self.total - done) / rate if rate else 0
        self.write(
            f"\r[{'#' * filled}{'.' * (self.width - filled)}] {100 * done / self.total:5.1f}% "
            f"{done:,}/{self.total:,} {self.label}, {elapsed:5.1f} s, about {left:4.0f} s left "
        )
        self.flush()

    def finish(self) -> None:
        self.write("\n")
        self.flush()


class Command(BaseCommand):
    help = "Fill the database with realistic synthetic applications (refuses unless DEBUG or --force)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--count", type=int, default=100_000, help="How many applications (default 100,000)."
        )
        parser.add_argument(
            "--batch-size", type=int, default=2000, help="Rows per bulk insert (default 2,000)."
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help="Random seed: the same seed gives the same data."
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never on a production database)."
        )

    def handle(self, *args, count: int, batch_size: int, seed: int, force: bool, **options):
        if not (settings.DEBUG or force):
            raise CommandError(
                "DEBUG is off: this would write synthetic data to a real database. Use --force if you mean it."
            )
        if count < 1 or batch_size < 1:
            raise CommandError("--count and --batch-size must be at least 1.")
        bar = ProgressBar(
            count, write=lambda text: self.stderr.write(text, ending=""), flush=self.stderr.flush
        )
        started = time.monotonic()
        created = fill(count=count, seed=seed, batch_size=batch_size, progress=bar.update)
        bar.finish()
        self.stdout.write(
            f"Created {created:,} synthetic applications in {time.monotonic() - started:.1f} s."
        )
