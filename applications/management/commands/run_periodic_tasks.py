from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Run the periodic tasks of the beat schedule once, here and now (or only those named)."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help="schedule entries to run (default: all)")

    def handle(self, *args, **options):
        schedule = settings.CELERY_BEAT_SCHEDULE
        names = options["names"] or list(schedule)
        unknown = sorted(set(names) - set(schedule))
        if unknown:
            raise CommandError(f"not in the beat schedule: {', '.join(unknown)}")
        for name in names:
            task = import_string(schedule[name]["task"])
            result = task.apply().get()
            self.stdout.write(f"{name}: {result}")
