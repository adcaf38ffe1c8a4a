"""The dashboard's data: each district's and division's lines and the state's, assembled from
the summaries (or, for a check, from the files) by the selectors of `selectors.py`."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from applications.workflow import Status, status_choices
from dashboard.counting import figures_as_of
from dashboard.percentiles import EMPTY, Spread, spread_of
from dashboard.selectors import (
    BY_DISTRICT,
    BY_DIVISION,
    OVERALL,
    Figures,
    Month,
    ReferenceLists,
    Scope,
    decision_spreads,
    figures_by_district_and_scheme,
    monthly_trend,
    stage_spreads,
    status_counts,
    summary_decision_spreads,
    summary_figures,
    summary_stage_spreads,
)
from districts.models import District, Division
from schemes.models import Scheme


@dataclass
class DistrictLine:
    district: District
    figures: Figures
    decision: Spread
    closed_schemes: list[Scheme]


@dataclass
class DivisionLine:
    division: Division
    figures: Figures
    decision: Spread


@dataclass
class DashboardData:
    scope: Scope
    districts: list[DistrictLine]
    divisions: list[DivisionLine]
    total: Figures
    total_decision: Spread
    statuses: list[tuple[str, str, int]]
    months: list[Month]
    stages: list[tuple[str, str, Spread]]
    # The moment every move is counted up to (None: the summaries were never counted). Files
    # overdue are counted at the moment of the request.
    as_of: datetime | None = None


def dashboard_data(scope: Scope, lists: ReferenceLists) -> DashboardData:
    """Everything the dashboard shows for `scope`, from the summaries, in a fixed number of
    queries: the moves waiting to be counted are counted first (`counting.figures_as_of`)."""
    freshness = figures_as_of()
    cells, months = summary_figures(scope, lists, freshness)
    return _assemble(
        scope,
        lists,
        cells=cells,
        spreads=summary_decision_spreads(scope),
        counts=status_counts(scope),
        months=months,
        stage_times=summary_stage_spreads(scope),
        as_of=freshness.as_of,
    )


def dashboard_data_from_files(scope: Scope, lists: ReferenceLists) -> DashboardData:
    """The same, counted from the files themselves (seconds at a million files): what the
    summaries are checked against."""
    return _assemble(
        scope,
        lists,
        cells=figures_by_district_and_scheme(scope),
        spreads=decision_spreads(scope),
        counts=status_counts(scope),
        months=monthly_trend(scope),
        stage_times=stage_spreads(scope),
        as_of=scope.now,
    )


def _assemble(scope, lists, *, cells, spreads, counts, months, stage_times, as_of) -> DashboardData:
    schemes = {scheme.pk: scheme for scheme in lists.schemes}
    is_current_year = scope.start <= scope.now < scope.end
    by_district: dict[int, list[tuple[int, Figures]]] = defaultdict(list)
    for (district_id, scheme_id), cell in sorted(cells.items(), key=lambda item: item[0]):
        by_district[district_id].append((scheme_id, cell))
    lines = []
    for district in lists.districts:
        if not scope.covers(district):
            continue
        figures = Figures()
        for _scheme_id, cell in by_district.get(district.pk, ()):
            figures.add(cell)
        closed = [
            schemes[scheme_id]
            for scheme_id, cell in by_district.get(district.pk, ())
            if is_current_year and cell.physical_met
        ]
        lines.append(
            DistrictLine(
                district=district,
                figures=figures,
                decision=spread_of(spreads, BY_DISTRICT, district.pk),
                closed_schemes=sorted(closed, key=lambda s: s.position),
            )
        )
    divisions = []
    for division in lists.divisions:
        members = [line for line in lines if line.district.division_id == division.pk]
        if not members:
            continue
        figures = Figures()
        for line in members:
            figures.add(line.figures)
        divisions.append(
            DivisionLine(
                division=division, figures=figures, decision=spread_of(spreads, BY_DIVISION, division.pk)
            )
        )
    total = Figures()
    for line in lines:
        total.add(line.figures)
    return DashboardData(
        scope=scope,
        districts=lines,
        divisions=divisions,
        total=total,
        total_decision=spread_of(spreads, OVERALL),
        statuses=[
            (value, label, counts.get(value, 0)) for value, label in status_choices() if value != Status.DRAFT
        ],
        months=months,
        stages=[
            (value, label, stage_times.get(value, EMPTY))
            for value, label in status_choices()
            if value in stage_times
        ],
        as_of=as_of,
    )


def league(lines: list[DistrictLine]) -> list[DistrictLine]:
    """Districts best first: fewest files waiting for a decision, then the shortest median time
    to decision (a district that decided nothing this year comes after those that did)."""
    return sorted(
        lines,
        key=lambda line: (
            line.figures.pending,
            line.decision.median is None,
            line.decision.median or 0,
            line.district.name_en,
        ),
    )
