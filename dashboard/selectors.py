"""Reads for the state dashboard: every figure by district (and sub-scheme) for a financial year,
in a fixed number of queries whatever the number of applications.

What each figure counts is written once, in `dashboard.measures`. The dashboard reads the
summaries (`dashboard.models`, kept by `dashboard.summaries`): a few thousand rows at most,
whatever the number of files. Only what moves with the clock alone is counted from the files at
each request: the files that fell due since the summaries' overdue cutoff (the start of
yesterday), which become overdue without any move.

The same figures counted from the files themselves (`figures_by_district_and_scheme`,
`monthly_trend`, `stage_spreads`, `decision_spreads`, and `dashboard_data_from_files` with
them) are the definition the summaries are checked against (`manage.py
rebuild_dashboard_summaries --check`, the tests); they cost seconds at a million files.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from applications.access import visible_applications
from applications.models import Application, StageSpan, StatusTally
from dashboard import measures
from dashboard.counting import Freshness
from dashboard.models import TENTHS, DecisionSpread, MonthFigures, ReceivedByStatus, StageDays, StateStageDays
from dashboard.percentiles import Spread, day_histogram_spreads, day_spreads
from dashboard.released import released_by
from dashboard.years import year_bounds, year_months
from districts.models import District, Division
from schemes.models import Scheme, Target

ZERO = Decimal("0")

BY_DISTRICT = ("k_district",)
BY_DIVISION = ("k_division",)
BY_SCHEME = ("k_scheme",)
BY_DISTRICT_SCHEME = ("k_district", "k_scheme")
OVERALL = ()


@dataclass(frozen=True)
class Scope:
    """The year and the part of the state a page looks at."""

    year: str
    scheme: Scheme | None = None
    division: Division | None = None
    district: District | None = None
    now: datetime = field(default_factory=timezone.now)

    @property
    def start(self) -> datetime:
        return year_bounds(self.year)[0]

    @property
    def end(self) -> datetime:
        return year_bounds(self.year)[1]

    def narrow(self, queryset: QuerySet) -> QuerySet:
        """`queryset` (of any model with a scheme and a district) cut to the scope's part."""
        if self.scheme is not None:
            queryset = queryset.filter(scheme_id=self.scheme.pk)
        if self.district is not None:
            queryset = queryset.filter(district_id=self.district.pk)
        elif self.division is not None:
            queryset = queryset.filter(district__division_id=self.division.pk)
        return queryset

    def applications(self) -> QuerySet[Application]:
        """Submitted applications of the scope (drafts are nobody's business but the artisan's)."""
        return self.narrow(Application.objects.filter(submitted_at__isnull=False))

    def targets(self) -> QuerySet[Target]:
        return self.narrow(Target.objects.filter(financial_year=self.year))

    def covers(self, district: District) -> bool:
        if self.district is not None:
            return district.pk == self.district.pk
        if self.division is not None:
            return district.division_id == self.division.pk
        return True

    def filters(self) -> dict[str, str]:
        """The scope as query parameters of the list behind a figure (the year is added per
        figure, because some figures are "now" and not of a year)."""
        params = {}
        if self.scheme is not None:
            params["scheme"] = self.scheme.code
        if self.district is not None:
            params["district"] = self.district.slug
        elif self.division is not None:
            params["division"] = self.division.slug
        return params


@dataclass(frozen=True)
class ReferenceLists:
    districts: list[District]
    divisions: list[Division]
    schemes: list[Scheme]


def reference_lists() -> ReferenceLists:
    """Districts (with their divisions) and sub-schemes for filters and tables: two queries."""
    districts = list(District.objects.select_related("division").order_by("name_en"))
    divisions = sorted({d.division_id: d.division for d in districts}.values(), key=lambda d: d.name_en)
    return ReferenceLists(
        districts=districts, divisions=divisions, schemes=list(Scheme.objects.order_by("position"))
    )


@dataclass
class Figures:
    """The figures of one district and sub-scheme (or of a sum of them)."""

    received: int = 0
    pending: int = 0
    overdue: int = 0  # before a decision
    overdue_after: int = 0  # after approval
    approved: int = 0
    rejected: int = 0
    sanctioned: Decimal = ZERO
    before_committee: Decimal = ZERO
    released: Decimal = ZERO
    target_physical: int | None = None
    target_financial: Decimal | None = None

    @property
    def committed(self) -> Decimal:
        return self.sanctioned + self.before_committee

    def add(self, other: "Figures") -> None:
        for name in ("received", "pending", "overdue", "overdue_after", "approved", "rejected"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("sanctioned", "before_committee", "released"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        if other.target_physical is not None:
            self.target_physical = (self.target_physical or 0) + other.target_physical
            self.target_financial = (self.target_financial or ZERO) + (other.target_financial or ZERO)

    @property
    def physical_met(self) -> bool:
        return self.target_physical is not None and self.approved >= self.target_physical

    @property
    def physical_progress(self) -> float | None:
        if not self.target_physical:
            return None
        return round(100 * self.approved / self.target_physical, 1)

    @property
    def financial_progress(self) -> float | None:
        if not self.target_financial:
            return None
        return round(float(100 * self.sanctioned / self.target_financial), 1)


def figures_by_district_and_scheme(scope: Scope) -> dict[tuple[int, int], Figures]:
    """Every count and sum of the scope, by (district id, scheme id): one query for the
    applications, one for the targets and one per source of released money."""
    start, end = scope.start, scope.end
    rows = (
        scope.applications()
        .values("district_id", "scheme_id")
        .annotate(
            received=Count("pk", filter=measures.received_in(start, end)),
            pending=Count("pk", filter=measures.pending()),
            overdue=Count("pk", filter=measures.overdue_before_decision(scope.now)),
            overdue_after=Count("pk", filter=measures.overdue_after_approval(scope.now)),
            approved=Count("pk", filter=measures.approved_in(start, end)),
            rejected=Count("pk", filter=measures.rejected_in(start, end)),
            sanctioned=Sum("benefit_amount", filter=measures.approved_in(start, end)),
            before_committee=Sum("benefit_amount", filter=measures.before_committee()),
        )
        .order_by()
    )
    figures: dict[tuple[int, int], Figures] = defaultdict(Figures)
    for row in rows:
        figures[(row["district_id"], row["scheme_id"])] = Figures(
            received=row["received"],
            pending=row["pending"],
            overdue=row["overdue"],
            overdue_after=row["overdue_after"],
            approved=row["approved"],
            rejected=row["rejected"],
            sanctioned=row["sanctioned"] or ZERO,
            before_committee=row["before_committee"] or ZERO,
        )
    targets = scope.targets().values("district_id", "scheme_id", "physical", "financial").order_by()
    for target in targets:
        cell = figures[(target["district_id"], target["scheme_id"])]
        cell.target_physical = target["physical"]
        cell.target_financial = target["financial"]
    released = released_by(
        scope.applications().filter(measures.approved_in(start, end)),
        keys={"district": "district_id", "scheme": "scheme_id"},
    )
    for key, amount in released.items():
        figures[key].released = amount
    return dict(figures)


def sum_figures(cells: dict[tuple[int, int], Figures], keep) -> Figures:
    total = Figures()
    for key, cell in cells.items():
        if keep(key):
            total.add(cell)
    return total


def status_counts(scope: Scope) -> dict[str, int]:
    """Applications received in the year, by their status now (the tallies the workflow keeps)."""
    tallies = scope.narrow(StatusTally.objects.filter(financial_year=scope.year, files__gt=0))
    rows = tallies.values("status").annotate(n=Sum("files")).order_by()
    return {row["status"]: row["n"] for row in rows}


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    received: int
    approved: int
    rejected: int


def monthly_trend(scope: Scope) -> list[Month]:
    """Received, approved and rejected in each month of the year (April first): two queries."""
    start, end = scope.start, scope.end
    received = dict(
        scope.applications()
        .filter(measures.received_in(start, end))
        .annotate(month=ExtractMonth("submitted_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("month", "n")
    )
    decided = {
        row["month"]: row
        for row in scope.applications()
        .filter(measures.decided_in(start, end))
        .annotate(month=ExtractMonth("closed_at"))
        .values("month")
        .annotate(
            approved=Count("pk", filter=measures.approved()),
            rejected=Count("pk", filter=measures.rejected()),
        )
        .order_by()
    }
    return [
        Month(
            year=year,
            month=month,
            received=received.get(month, 0),
            approved=decided.get(month, {}).get("approved", 0),
            rejected=decided.get(month, {}).get("rejected", 0),
        )
        for year, month in year_months(scope.year)
    ]


def stage_spreads(scope: Scope) -> dict[str, Spread]:
    """Days spent in each status, for stays that ended in the year (StageSpans: from the move
    into a status to the next move out of it; handovers inside the office are not moves)."""
    spans = scope.narrow(StageSpan.objects.filter(ended_at__gte=scope.start, ended_at__lt=scope.end))
    rows = spans.annotate(k_stage=F("stage"), start_at=F("started_at"), end_at=F("ended_at")).values(
        "k_stage", "start_at", "end_at"
    )
    spreads = day_spreads(rows, grouping_sets=[("k_stage",)])
    return {key[1][0]: spread for key, spread in spreads.items()}


def decision_spreads(scope: Scope, grouping_sets=(BY_DISTRICT, BY_DIVISION, OVERALL)) -> dict:
    """Days from submission to decision for files decided in the year, by the grouping sets."""
    rows = (
        scope.applications()
        .filter(measures.decided_in(scope.start, scope.end))
        .annotate(
            k_district=F("district_id"),
            k_division=F("district__division_id"),
            k_scheme=F("scheme_id"),
            start_at=F("submitted_at"),
            end_at=F("closed_at"),
        )
        .values(*sorted({key for grouping in grouping_sets for key in grouping}), "start_at", "end_at")
    )
    return day_spreads(rows, grouping_sets=grouping_sets)


# --- From the summaries ---------------------------------------------------------------------


def _overdue_since(
    scope: Scope, cutoff: datetime | None, district_ids: list[int]
) -> dict[tuple, tuple[int, int]]:
    """Files overdue now (before a decision, after approval) by (district id, scheme id) that
    fell due since `cutoff` (all of them without one): counted from the files at each request,
    because a file becomes overdue with no move. The districts are named one by one so that
    each is a short range of the index on (district, due date)."""
    files = scope.applications().filter(measures.overdue(scope.now), district_id__in=district_ids)
    if cutoff is not None:
        files = files.filter(due_at__gte=cutoff)
    rows = (
        files.values("district_id", "scheme_id")
        .annotate(
            overdue=Count("pk", filter=measures.pending()),
            overdue_after=Count("pk", filter=measures.after_approval()),
        )
        .order_by()
    )
    return {(row["district_id"], row["scheme_id"]): (row["overdue"], row["overdue_after"]) for row in rows}


def summary_figures(
    scope: Scope, lists: ReferenceLists, freshness: Freshness
) -> tuple[dict[tuple[int, int], Figures], list[Month]]:
    """The figures by (district id, scheme id) and the months of the scope's year, from the
    summaries: one query for the year's months, one for the files waiting and overdue now, one
    for the files fallen due since the summaries' cutoff and one for the targets."""
    figures: dict[tuple[int, int], Figures] = defaultdict(Figures)
    by_month: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    rows = scope.narrow(MonthFigures.objects.filter(financial_year=scope.year)).values_list(
        "district_id", "scheme_id", "month", "received", "approved", "rejected", "sanctioned", "released"
    )
    for district, scheme, month, received, approved, rejected, sanctioned, released in rows:
        cell = figures[(district, scheme)]
        cell.received += received
        cell.approved += approved
        cell.rejected += rejected
        cell.sanctioned += sanctioned
        cell.released += released
        counts = by_month[month]
        counts[0] += received
        counts[1] += approved
        counts[2] += rejected
    waiting = (
        scope.narrow(
            ReceivedByStatus.objects.filter(
                status__in=[*measures.AWAITING_DECISION, *measures.after_approval_clocked()]
            )
        )
        .values("district_id", "scheme_id")
        .annotate(
            pending=Sum("files", filter=Q(status__in=measures.AWAITING_DECISION)),
            before_committee=Sum("benefit", filter=Q(status__in=measures.BEFORE_COMMITTEE)),
            overdue=Sum("late", filter=Q(status__in=measures.AWAITING_DECISION)),
            overdue_after=Sum("late", filter=Q(status__in=measures.after_approval_clocked())),
        )
        .order_by()
    )
    for row in waiting:
        cell = figures[(row["district_id"], row["scheme_id"])]
        cell.pending = row["pending"] or 0
        cell.before_committee = row["before_committee"] or ZERO
        if freshness.overdue_cutoff is not None:
            cell.overdue = row["overdue"] or 0
            cell.overdue_after = row["overdue_after"] or 0
    district_ids = [district.pk for district in lists.districts if scope.covers(district)]
    for key, (overdue, overdue_after) in _overdue_since(
        scope, freshness.overdue_cutoff, district_ids
    ).items():
        figures[key].overdue += overdue
        figures[key].overdue_after += overdue_after
    targets = scope.targets().values("district_id", "scheme_id", "physical", "financial").order_by()
    for target in targets:
        cell = figures[(target["district_id"], target["scheme_id"])]
        cell.target_physical = target["physical"]
        cell.target_financial = target["financial"]
    months = [
        Month(
            year=year,
            month=month,
            received=by_month[month][0],
            approved=by_month[month][1],
            rejected=by_month[month][2],
        )
        for year, month in year_months(scope.year)
    ]
    return dict(figures), months


def summary_decision_spreads(scope: Scope, grouping_sets=(BY_DISTRICT, BY_DIVISION, OVERALL)) -> dict:
    """`decision_spreads` from the summaries (`DecisionSpread`): one query of a hundred rows at
    most. A narrowed scope's groups are its places: a district's "division" and "overall"
    are the district, a division's "overall" the division."""
    Level = DecisionSpread.Level
    by_scheme = BY_DISTRICT_SCHEME in grouping_sets or BY_SCHEME in grouping_sets
    scheme = scope.scheme.pk if scope.scheme else 0
    rows = DecisionSpread.objects.filter(financial_year=scope.year)
    if not by_scheme:
        rows = rows.filter(scheme=scheme)
    if scope.district is not None:
        rows = rows.filter(level=Level.DISTRICT, place=scope.district.pk)
    elif scope.division is not None:
        members = District.objects.filter(division_id=scope.division.pk).values("pk")
        rows = rows.filter(
            Q(level=Level.DISTRICT, place__in=members) | Q(level=Level.DIVISION, place=scope.division.pk)
        )
    spreads: dict = {}
    for level, place, row_scheme, count, median, p90 in rows.values_list(
        "level", "place", "scheme", "count", "median", "p90"
    ):
        spread = Spread(count, median, p90)
        if row_scheme != scheme:  # one sub-scheme's line, the open data's
            keys = {BY_DISTRICT_SCHEME: (place, row_scheme)} if level == Level.DISTRICT else {}
            if level == Level.STATE:
                keys = {BY_SCHEME: (row_scheme,)}
        elif level == Level.DISTRICT and scope.district is not None:
            division = scope.district.division_id
            keys = {BY_DISTRICT: (place,), BY_DIVISION: (division,), OVERALL: ()}
        elif level == Level.DISTRICT:
            keys = {BY_DISTRICT: (place,)}
        elif level == Level.DIVISION and scope.division is not None:
            keys = {BY_DIVISION: (place,), OVERALL: ()}
        elif level == Level.DIVISION:
            keys = {BY_DIVISION: (place,)}
        else:
            keys = {OVERALL: ()}
        for grouping, values in keys.items():
            if grouping in grouping_sets:
                spreads[(grouping, values)] = spread
    return spreads


def summary_stage_spreads(scope: Scope) -> dict[str, Spread]:
    """`stage_spreads` from the summaries: one query, of the state's totals when the scope is
    the whole state (or one sub-scheme of it)."""
    if scope.district is None and scope.division is None:
        rows = StateStageDays.objects.filter(financial_year=scope.year)
        if scope.scheme is not None:
            rows = rows.filter(scheme_id=scope.scheme.pk)
    else:
        rows = scope.narrow(StageDays.objects.filter(financial_year=scope.year))
    rows = rows.annotate(k_stage=F("stage")).values("k_stage", "day", *TENTHS)
    return {
        key[1][0]: spread for key, spread in day_histogram_spreads(rows, grouping_sets=[("k_stage",)]).items()
    }


# --- The dashboard --------------------------------------------------------------------------


def application_list_for_user(*, user) -> QuerySet[Application]:
    """Submitted applications the user may read (state staff: all; a district officer: their
    district's), with what the list shows."""
    return (
        visible_applications(user)
        .filter(submitted_at__isnull=False)
        .select_related("scheme", "district")
        .only(
            "id",
            "reference_number",
            "status",
            "submitted_at",
            "closed_at",
            "due_at",
            "benefit_amount",
            "scheme__code",
            "scheme__name_en",
            "scheme__name_hi",
            "district__slug",
            "district__name_en",
            "district__name_hi",
        )
    )
