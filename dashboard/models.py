"""The dashboard's summaries: what the dashboard and the open data read instead of the files.

Each table is a recount of the files for cells of (district, financial year), kept by
`dashboard.summaries`: a beat task recounts the cells that moves touched since the last run, and
`manage.py rebuild_dashboard_summaries` recounts everything. Nothing else writes them.

Durations are kept as histograms of tenths of a day, the precision the dashboard has always
rounded them to (`dashboard.percentiles`), so medians and 90th percentiles read off them are
exactly those of the stays and decisions themselves. A histogram row is one whole day of
durations, with ten counts: how many lasted day + 0.0, day + 0.1, ... day + 0.9 days. A year's
decisions or stays then take about as many rows as there are distinct whole days, not as many
as there are distinct tenths, and a percentile is found by walking the days and then the tenths
of one day.
"""

from django.db import models

from dashboard.percentiles import TENTHS


class MonthFigures(models.Model):
    """One month of a financial year in a district and sub-scheme: files received in it (by
    the date of submission) and files decided in it (by the date of the decision), with the
    benefit sanctioned on the approvals and the money paid on them, whenever it was paid.
    Definitions: `dashboard.measures`."""

    financial_year = models.CharField(max_length=7)
    district = models.ForeignKey(
        "districts.District", on_delete=models.CASCADE, db_index=False, related_name="+"
    )
    scheme = models.ForeignKey("schemes.Scheme", on_delete=models.CASCADE, db_index=False, related_name="+")
    month = models.PositiveSmallIntegerField()
    received = models.PositiveIntegerField(default=0)
    approved = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    sanctioned = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    released = models.DecimalField(max_digits=16, decimal_places=2, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["financial_year", "district", "scheme", "month"], name="dash_one_month_per_cell"
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="dash_month_1_to_12"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.financial_year} month {self.month}"


class ReceivedByStatus(models.Model):
    """Files of a district and sub-scheme received in a financial year, by their status now,
    with the sum of their benefits: what is waiting for a decision and the money before a
    committee, whatever year the files came in. `late`: how many of them were due before
    `SummaryState.overdue_cutoff` (the start of yesterday, India's date, moved on daily); the
    files due since then are counted from the files at each request, so that "overdue now"
    takes no move to change."""

    financial_year = models.CharField(max_length=7)
    district = models.ForeignKey(
        "districts.District", on_delete=models.CASCADE, db_index=False, related_name="+"
    )
    scheme = models.ForeignKey("schemes.Scheme", on_delete=models.CASCADE, db_index=False, related_name="+")
    status = models.CharField(max_length=20)
    files = models.PositiveIntegerField(default=0)
    benefit = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    late = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["financial_year", "district", "scheme", "status"], name="dash_one_status_per_cell"
            )
        ]
        indexes = [models.Index(fields=["status"], name="dash_status_now")]

    def __str__(self) -> str:
        return f"{self.financial_year} {self.status}: {self.files}"


class DayHistogram(models.Model):
    """How many durations fell in one whole day, by tenth of the day (see the module)."""

    day = models.IntegerField()
    tenth_0 = models.IntegerField(default=0)
    tenth_1 = models.IntegerField(default=0)
    tenth_2 = models.IntegerField(default=0)
    tenth_3 = models.IntegerField(default=0)
    tenth_4 = models.IntegerField(default=0)
    tenth_5 = models.IntegerField(default=0)
    tenth_6 = models.IntegerField(default=0)
    tenth_7 = models.IntegerField(default=0)
    tenth_8 = models.IntegerField(default=0)
    tenth_9 = models.IntegerField(default=0)

    class Meta:
        abstract = True

    def counts(self) -> list[int]:
        return [getattr(self, name) for name in TENTHS]


class DecisionDays(DayHistogram):
    """Days from submission to decision of the files of a district and sub-scheme decided
    (approved or rejected) in a financial year."""

    financial_year = models.CharField(max_length=7)
    district = models.ForeignKey(
        "districts.District", on_delete=models.CASCADE, db_index=False, related_name="+"
    )
    scheme = models.ForeignKey("schemes.Scheme", on_delete=models.CASCADE, db_index=False, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["financial_year", "district", "scheme", "day"], name="dash_one_decision_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.financial_year} decided after {self.day} days"


class DecisionSpread(models.Model):
    """Count, median and 90th percentile of the days to a decision of one place (a district, a
    division or the state) and one sub-scheme or all, for a financial year: read off
    `DecisionDays` for the places a count touched, so that a page reads a hundred rows at most
    instead of adding up a year's histograms."""

    class Level(models.TextChoices):
        DISTRICT = "district"
        DIVISION = "division"
        STATE = "state"

    financial_year = models.CharField(max_length=7)
    level = models.CharField(max_length=10, choices=Level.choices)
    place = models.PositiveBigIntegerField(default=0)  # the district's or division's id; 0: the state
    scheme = models.PositiveBigIntegerField(default=0)  # the sub-scheme's id; 0: all of them
    count = models.PositiveIntegerField()
    median = models.FloatField(null=True)
    p90 = models.FloatField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["financial_year", "level", "scheme", "place"], name="dash_one_spread_per_place"
            )
        ]

    def __str__(self) -> str:
        return f"{self.financial_year} {self.level} {self.place}: median {self.median}"


class StageDays(DayHistogram):
    """Days spent in each status, for the stays of a district's and sub-scheme's files that
    ended in a financial year (from `applications.StageSpan`)."""

    financial_year = models.CharField(max_length=7)
    district = models.ForeignKey(
        "districts.District", on_delete=models.CASCADE, db_index=False, related_name="+"
    )
    scheme = models.ForeignKey("schemes.Scheme", on_delete=models.CASCADE, db_index=False, related_name="+")
    stage = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["financial_year", "district", "scheme", "stage", "day"], name="dash_one_stage_day"
            )
        ]
        indexes = [models.Index(fields=["financial_year", "scheme"], name="dash_stage_year_scheme")]

    def __str__(self) -> str:
        return f"{self.financial_year} {self.stage} for {self.day} days"


class StateStageDays(DayHistogram):
    """`StageDays` added up over the districts: the whole state's days per stage read a few
    thousand rows instead of every district's. Kept with `StageDays` in the same transaction."""

    financial_year = models.CharField(max_length=7)
    scheme = models.ForeignKey("schemes.Scheme", on_delete=models.CASCADE, db_index=False, related_name="+")
    stage = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["financial_year", "scheme", "stage", "day"], name="dash_one_state_stage_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.financial_year} {self.stage} for {self.day} days (state)"


class SummaryState(models.Model):
    """How far the summaries have counted: the highest id of each source of moves (AuditEvents,
    payments) whose files are counted, and the moment the figures are as of. One row."""

    event_id = models.BigIntegerField(default=0)
    payment_id = models.BigIntegerField(default=0)
    as_of = models.DateTimeField(null=True, blank=True)
    rebuilt_at = models.DateTimeField(null=True, blank=True)
    overdue_cutoff = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"dashboard summaries as of {self.as_of}"


class SummaryGap(models.Model):
    """Ids below the watermark that were missing when it moved past them: a transaction still
    open then (its id taken, its row not yet committed) or one rolled back. Each refresh looks
    for them again; a gap no row has filled after `summaries.GAP_PATIENCE` is forgotten."""

    source = models.CharField(max_length=10)
    first_id = models.BigIntegerField()
    last_id = models.BigIntegerField()
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_id__gte=models.F("first_id")), name="dash_gap_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.first_id}-{self.last_id}"
