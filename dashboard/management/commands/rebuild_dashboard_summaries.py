"""Recount the dashboard's summaries from the files, from scratch (`dashboard.summaries`)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dashboard.board import dashboard_data, dashboard_data_from_files
from dashboard.counting import bring_up_to_date, rebuild
from dashboard.selectors import ReferenceLists, Scope, reference_lists
from dashboard.summaries import histograms_differing
from dashboard.years import year_choices


class Command(BaseCommand):
    help = (
        "Recount the dashboard's summary tables from the applications, their stays and payments "
        "(safe to run at any time; pages keep showing the previous figures until it commits)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Afterwards, compare the whole state's dashboard for every year with a count from the files.",
        )

        parser.add_argument(
            "--compare",
            action="store_true",
            help=(
                "Do not rebuild: count the moves waiting, as the beat task does, then compare the "
                "summaries as they stand with a count from the files (exits 1 if they differ)."
            ),
        )

    def handle(self, *args, check: bool, compare: bool, **options) -> None:
        if compare:
            counted = bring_up_to_date()
            if counted is None:
                raise CommandError("Another count is running; try again in a minute.")
            self.stdout.write(
                f"Dashboard summaries counted as of {timezone.localtime(counted.as_of):%d-%m-%Y %H:%M:%S} IST "
                f"({counted.moves:,} waiting moves counted)."
            )
        else:
            counted = rebuild()
            self.stdout.write(
                f"Dashboard summaries rebuilt as of {timezone.localtime(counted.as_of):%d-%m-%Y %H:%M:%S} IST: "
                f"{counted.cells:,} rows of months and statuses, with the histograms of days."
            )
        if check or compare:
            lists = reference_lists()
            different = [year for year in year_choices() if not _same(year, lists)]
            if different:
                raise CommandError(f"The summaries differ from the files for {', '.join(different)}.")
            self.stdout.write("Every year's figures equal a count from the files.")


def _same(year: str, lists: ReferenceLists) -> bool:
    """The whole state's dashboard equals the one counted from the files, and every day
    histogram row of every district equals the files' (the dashboard shows the state's)."""
    scope = Scope(year=year)
    summaries, files = dashboard_data(scope, lists), dashboard_data_from_files(scope, lists)
    return (summaries.districts, summaries.statuses, summaries.months, summaries.stages) == (
        files.districts,
        files.statuses,
        files.months,
        files.stages,
    ) and not histograms_differing(year)
