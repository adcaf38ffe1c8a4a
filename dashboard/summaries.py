"""Keeping the dashboard's summaries (`dashboard.models`): recounting cells, catching up with the
moves made since the last count, and rebuilding everything.

A cell is (district, sub-scheme, financial year). A summary row belongs to one cell, and a cell
is always recounted whole from the files, so a recount is right whatever was counted before.
A move of a file (its AuditEvent) touches the cells of the year the file was received, of the
year it was decided and of the year of the move (the stay it ends); a payment touches the cell
of the year its file was approved in. Every payment is recorded with its move, but payments are
followed too, so money recorded without a move is counted all the same.

How far the summaries have counted is a watermark per source: the highest AuditEvent and
Payment id counted. Ids are taken when a row is written, not when it commits, so a move still
being committed while a count runs can have an id below the new watermark: the ids missing
below it are kept as gaps (`SummaryGap`) and looked for again by every count, until a row fills
them or `GAP_PATIENCE` has passed (a transaction rolled back leaves a gap for ever).

`bring_up_to_date` is what the beat task runs (every minute); the dashboard and the open data
call `figures_as_of` first, which counts waiting moves itself when there are some (the few
cells they touched), so the figures a page shows include every move committed before it asked.
Only one count runs at a time (a row lock on `SummaryState`, taken without waiting: a page
that finds a count running shows the figures as they stand, with the time they are as of).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from applications.models import Application, AuditEvent, Payment, StageSpan
from applications.workflow import Status
from dashboard import measures
from dashboard.models import (
    TENTHS,
    DecisionDays,
    MonthFigures,
    ReceivedByStatus,
    StageDays,
    StateStageDays,
    SummaryGap,
    SummaryState,
)
from dashboard.percentiles import tenths_sql
from dashboard.released import available_sources
from dashboard.years import year_bounds
from schemes.rules.base import financial_year

STATE = 1  # the one SummaryState row
# More moves than this waiting: recount everything rather than cell by cell (a page never
# does; it shows the figures as they stand and leaves the rebuild to the beat task).
BACKLOG_LIMIT = 20_000
# A missing id not filled within this long was a rolled-back transaction, not a slow one.
GAP_PATIENCE = timedelta(minutes=15)
# A rebuild looks this far below the newest ids for transactions still open.
GAP_SEARCH = 10_000
ZERO = Decimal("0")

Cell = tuple[int, int, str]  # district id, scheme id, financial year


@dataclass(frozen=True)
class Source:
    name: str  # SummaryGap.source
    model: type
    watermark: str  # field of SummaryState
    application: str  # the path from a row to its application


SOURCES = (
    Source("event", AuditEvent, "event_id", "application"),
    Source("payment", Payment, "payment_id", "application"),
)


@dataclass(frozen=True)
class Counted:
    """What one count did."""

    as_of: datetime
    moves: int  # rows of the sources counted (AuditEvents and payments)
    cells: int  # cells recounted
    rebuilt: bool


def year_of(moment: datetime) -> str:
    """The financial year of an instant, by India's date."""
    return financial_year(timezone.localtime(moment, timezone.get_default_timezone()).date())


def _year_of_month(year: int, month: int) -> str:
    start = year if month >= 4 else year - 1
    return f"{start}-{(start + 1) % 100:02d}"


# --- Which figures the files give for some cells ----------------------------------------------


def _cells_q(cells: Iterable[Cell] | None, *, moment: str, prefix: str = "") -> Q:
    """Rows of the files (or their stays, payments) of `cells`, by the year of `moment`."""
    if cells is None:
        return Q()
    by_year: dict[str, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    for district, scheme, year in cells:
        by_year[year][district].add(scheme)
    q = Q(pk__in=[])
    for year, districts in sorted(by_year.items()):
        start, end = year_bounds(year)
        places = Q(pk__in=[])
        for district, schemes in sorted(districts.items()):
            places |= Q(**{f"{prefix}district_id": district, f"{prefix}scheme_id__in": sorted(schemes)})
        q |= Q(**{f"{prefix}{moment}__gte": start, f"{prefix}{moment}__lt": end}) & places
    return q


def _summary_q(cells: Iterable[Cell] | None) -> Q:
    """Summary rows of `cells` (rows keyed by financial_year, district and scheme)."""
    if cells is None:
        return Q()
    by_year: dict[tuple[str, int], set[int]] = defaultdict(set)
    for district, scheme, year in cells:
        by_year[(year, district)].add(scheme)
    q = Q(pk__in=[])
    for (year, district), schemes in sorted(by_year.items()):
        q |= Q(financial_year=year, district_id=district, scheme_id__in=sorted(schemes))
    return q


def _months_and_statuses(cells: set[Cell] | None) -> tuple[list[MonthFigures], list[ReceivedByStatus]]:
    """MonthFigures and ReceivedByStatus rows of `cells` (None: of every cell), from the files:
    one query for the files received, one for those decided, one per source of money paid."""
    zone = timezone.get_default_timezone()
    months: dict[tuple, MonthFigures] = {}
    statuses: dict[tuple, ReceivedByStatus] = {}

    def month(district: int, scheme: int, year: int, number: int) -> MonthFigures:
        key = (_year_of_month(year, number), district, scheme, number)
        if key not in months:
            months[key] = MonthFigures(
                financial_year=key[0], district_id=district, scheme_id=scheme, month=number
            )
        return months[key]

    received = (
        Application.objects.filter(submitted_at__isnull=False)
        .filter(_cells_q(cells, moment="submitted_at"))
        .annotate(y=ExtractYear("submitted_at", tzinfo=zone), m=ExtractMonth("submitted_at", tzinfo=zone))
        .values("district_id", "scheme_id", "y", "m", "status")
        .annotate(files=Count("pk"), benefit=Sum("benefit_amount"))
        .order_by()
    )
    for row in received.iterator(chunk_size=5000):
        month(row["district_id"], row["scheme_id"], row["y"], row["m"]).received += row["files"]
        key = (_year_of_month(row["y"], row["m"]), row["district_id"], row["scheme_id"], row["status"])
        if key not in statuses:
            statuses[key] = ReceivedByStatus(
                financial_year=key[0], district_id=key[1], scheme_id=key[2], status=key[3], benefit=ZERO
            )
        statuses[key].files += row["files"]
        statuses[key].benefit += row["benefit"] or ZERO

    decided = (
        Application.objects.filter(measures.decided(), submitted_at__isnull=False)
        .filter(_cells_q(cells, moment="closed_at"))
        .annotate(y=ExtractYear("closed_at", tzinfo=zone), m=ExtractMonth("closed_at", tzinfo=zone))
        .values("district_id", "scheme_id", "y", "m", "status")
        .annotate(files=Count("pk"), benefit=Sum("benefit_amount"))
        .order_by()
    )
    for row in decided.iterator(chunk_size=5000):
        figures = month(row["district_id"], row["scheme_id"], row["y"], row["m"])
        if row["status"] == Status.REJECTED:
            figures.rejected += row["files"]
        else:
            figures.approved += row["files"]
            figures.sanctioned += row["benefit"] or ZERO

    for model, source in available_sources():
        prefix = f"{source.application_field}__"
        paid = (
            model.objects.filter(
                **{f"{prefix}submitted_at__isnull": False, f"{prefix}closed_at__isnull": False}
            )
            .exclude(**{f"{prefix}status__in": measures.NOT_APPROVED_ENDINGS})
            .exclude(**{f"{source.amount_field}__isnull": True})
            .filter(_cells_q(cells, moment="closed_at", prefix=prefix))
            .annotate(
                y=ExtractYear(f"{prefix}closed_at", tzinfo=zone),
                m=ExtractMonth(f"{prefix}closed_at", tzinfo=zone),
            )
            .values(f"{prefix}district_id", f"{prefix}scheme_id", "y", "m")
            .annotate(total=Sum(source.amount_field))
            .order_by()
        )
        for row in paid.iterator(chunk_size=5000):
            figures = month(row[f"{prefix}district_id"], row[f"{prefix}scheme_id"], row["y"], row["m"])
            figures.released += row["total"] or ZERO
    return list(months.values()), list(statuses.values())


def _insert_histogram(model, year: str, rows, keys: list[tuple[str, str]]) -> None:
    """INSERT ... SELECT the day histogram of `rows` (a values() queryset with the `keys` names
    and ``start_at``/``end_at``) into `model`, as rows of financial year `year`: the durations
    never leave the database. `keys` pairs a field of `model` with a name of `rows`."""
    quote = connection.ops.quote_name
    inner_sql, inner_params = rows.order_by().query.sql_with_params()
    names = [quote(name) for _field, name in keys]
    columns = [quote(model._meta.get_field(field).column) for field, _name in keys]
    tenth_columns = [quote(name) for name in TENTHS]
    # k: the tenth within the day, 0-9, for negative durations too (% keeps the sign in SQL).
    durations = (
        f"SELECT {', '.join(f'r.{n}' for n in names)}, {tenths_sql(connection.vendor)} AS tenths "  # noqa: S608 - names are the model's own
        f"FROM ({inner_sql}) r WHERE r.end_at IS NOT NULL AND r.start_at IS NOT NULL"
    )
    split = f"SELECT d.*, ((d.tenths %% 10) + 10) %% 10 AS k FROM ({durations}) d"  # noqa: S608
    group = ", ".join(f"s.{n}" for n in names)
    counts = ", ".join(f"SUM(CASE WHEN s.k = {k} THEN 1 ELSE 0 END)" for k in range(10))
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608 - names are the model's own
        f"({quote('financial_year')}, {', '.join(columns)}, {quote('day')}, {', '.join(tenth_columns)}) "
        f"SELECT %s, {group}, (s.tenths - s.k) / 10, {counts} FROM ({split}) s "
        f"GROUP BY {group}, (s.tenths - s.k) / 10"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [year, *inner_params])


def _state_stage_days_add(cells: set[Cell], sign: int) -> None:
    """Add (1) or take away (-1) the StageDays rows of `cells` to the state's totals."""
    quote = connection.ops.quote_name
    rows = (
        StageDays.objects.filter(_summary_q(cells))
        .values("financial_year", "scheme_id", "stage", "day")
        .annotate(**{f"s{k}": Sum(name) for k, name in enumerate(TENTHS)})
        .order_by()
    )
    inner_sql, params = rows.query.sql_with_params()
    table = quote(StateStageDays._meta.db_table)
    keys = [quote(name) for name in ("financial_year", "scheme_id", "stage", "day")]
    tenth_columns = [quote(name) for name in TENTHS]
    values = ", ".join(f"{sign} * q.{quote(f's{k}')}" for k in range(10))
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in tenth_columns)
    sql = (
        f"INSERT INTO {table} ({', '.join(keys)}, {', '.join(tenth_columns)}) "  # noqa: S608 - names are the model's own
        f"SELECT {', '.join(f'q.{k}' for k in keys)}, {values} FROM ({inner_sql}) q WHERE 1 = 1 "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _stays(year: str, cells: set[Cell] | None):
    start, end = year_bounds(year)
    return (
        StageSpan.objects.filter(ended_at__gte=start, ended_at__lt=end)
        .filter(_cells_q(cells, moment="ended_at"))
        .annotate(
            k_district=F("district_id"),
            k_scheme=F("scheme_id"),
            k_stage=F("stage"),
            start_at=F("started_at"),
            end_at=F("ended_at"),
        )
        .values("k_district", "k_scheme", "k_stage", "start_at", "end_at")
    )


def _decisions(year: str, cells: set[Cell] | None):
    start, end = year_bounds(year)
    return (
        Application.objects.filter(measures.decided_in(start, end), submitted_at__isnull=False)
        .filter(_cells_q(cells, moment="closed_at"))
        .annotate(
            k_district=F("district_id"),
            k_scheme=F("scheme_id"),
            start_at=F("submitted_at"),
            end_at=F("closed_at"),
        )
        .values("k_district", "k_scheme", "start_at", "end_at")
    )


def _recount(cells: set[Cell]) -> None:
    """Replace the summary rows of `cells` with a recount from the files. In a transaction,
    under the count's lock."""
    months, statuses = _months_and_statuses(cells)
    MonthFigures.objects.filter(_summary_q(cells)).delete()
    MonthFigures.objects.bulk_create(months, batch_size=2000)
    ReceivedByStatus.objects.filter(_summary_q(cells)).delete()
    ReceivedByStatus.objects.bulk_create(statuses, batch_size=2000)

    by_year: dict[str, set[Cell]] = defaultdict(set)
    for cell in cells:
        by_year[cell[2]].add(cell)
    DecisionDays.objects.filter(_summary_q(cells)).delete()
    _state_stage_days_add(cells, -1)
    StageDays.objects.filter(_summary_q(cells)).delete()
    for year, year_cells in sorted(by_year.items()):
        _insert_histogram(
            DecisionDays,
            year,
            _decisions(year, year_cells),
            [("district", "k_district"), ("scheme", "k_scheme")],
        )
        _insert_histogram(
            StageDays,
            year,
            _stays(year, year_cells),
            [("district", "k_district"), ("scheme", "k_scheme"), ("stage", "k_stage")],
        )
    _state_stage_days_add(cells, 1)
    StateStageDays.objects.filter(financial_year__in=sorted(by_year), **dict.fromkeys(TENTHS, 0)).delete()


def _years_between(first: datetime | None, last: datetime | None) -> list[str]:
    if first is None or last is None:
        return []
    years, start = [], int(year_of(first)[:4])
    while start <= int(year_of(last)[:4]):
        years.append(f"{start}-{(start + 1) % 100:02d}")
        start += 1
    return years


def _recount_everything() -> int:
    """Every summary row again from the files. In a transaction, under the count's lock."""
    months, statuses = _months_and_statuses(None)
    for model in (MonthFigures, ReceivedByStatus, DecisionDays, StageDays, StateStageDays):
        model.objects.all().delete()
    MonthFigures.objects.bulk_create(months, batch_size=5000)
    ReceivedByStatus.objects.bulk_create(statuses, batch_size=5000)
    decided = Application.objects.filter(measures.decided(), submitted_at__isnull=False).aggregate(
        first=Min("closed_at"), last=Max("closed_at")
    )
    for year in _years_between(decided["first"], decided["last"]):
        _insert_histogram(
            DecisionDays, year, _decisions(year, None), [("district", "k_district"), ("scheme", "k_scheme")]
        )
    stays = StageSpan.objects.filter(ended_at__isnull=False).aggregate(
        first=Min("ended_at"), last=Max("ended_at")
    )
    for year in _years_between(stays["first"], stays["last"]):
        _insert_histogram(
            StageDays,
            year,
            _stays(year, None),
            [("district", "k_district"), ("scheme", "k_scheme"), ("stage", "k_stage")],
        )
    quote = connection.ops.quote_name
    tenth_columns = ", ".join(quote(name) for name in TENTHS)
    sums = ", ".join(f"SUM({quote(name)})" for name in TENTHS)
    keys = ", ".join(quote(name) for name in ("financial_year", "scheme_id", "stage", "day"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(StateStageDays._meta.db_table)} ({keys}, {tenth_columns}) "  # noqa: S608 - names are the model's own
            f"SELECT {keys}, {sums} FROM {quote(StageDays._meta.db_table)} GROUP BY {keys}"
        )
    return len(months) + len(statuses)


# --- Watermarks and gaps ------------------------------------------------------------------------


def _missing(first: int, last: int, present: list[int]) -> list[tuple[int, int]]:
    """The ranges of [first, last] not among `present` (sorted)."""
    ranges, expected = [], first
    for found in present:
        if found > expected:
            ranges.append((expected, found - 1))
        expected = max(expected, found + 1)
    if expected <= last:
        ranges.append((expected, last))
    return ranges


def _advance(
    watermark: int, gaps: list[SummaryGap], found: list[int], now: datetime
) -> tuple[int, list[tuple[int, int, datetime]]]:
    """The new watermark and gaps after counting the rows `found` (ids above the watermark or
    inside a gap, sorted)."""
    remaining = []
    for gap in gaps:
        inside = [pk for pk in found if gap.first_id <= pk <= gap.last_id]
        if now - gap.seen_at < GAP_PATIENCE:
            remaining += [
                (first, last, gap.seen_at) for first, last in _missing(gap.first_id, gap.last_id, inside)
            ]
    above = [pk for pk in found if pk > watermark]
    if above:
        remaining += [(first, last, now) for first, last in _missing(watermark + 1, above[-1], above)]
        watermark = above[-1]
    return watermark, remaining


def _waiting_rows(source: Source, watermark: int, gaps: list[SummaryGap]):
    q = Q(pk__gt=watermark)
    for gap in gaps:
        q |= Q(pk__gte=gap.first_id, pk__lte=gap.last_id)
    return source.model.objects.filter(q)


def _touched(source: Source, rows: list[tuple]) -> set[Cell]:
    """Cells of the rows' files: the years they were received and decided in, and for a move
    the year it was made (the stay it ended)."""
    cells = set()
    for _pk, district, scheme, *moments in rows:
        for moment in moments:
            if moment is not None:
                cells.add((district, scheme, year_of(moment)))
    return cells


def _fetch(source: Source, watermark: int, gaps: list[SummaryGap]) -> list[tuple]:
    path = source.application
    fields = [
        "pk",
        f"{path}__district_id",
        f"{path}__scheme_id",
        f"{path}__submitted_at",
        f"{path}__closed_at",
    ]
    if source.model is AuditEvent:
        fields.append("created_at")
    return list(
        _waiting_rows(source, watermark, gaps).order_by("pk").values_list(*fields)[: BACKLOG_LIMIT + 1]
    )


def _save_gaps(gaps: dict[str, list[tuple[int, int, datetime]]]) -> None:
    SummaryGap.objects.all().delete()
    SummaryGap.objects.bulk_create(
        [
            SummaryGap(source=name, first_id=first, last_id=last, seen_at=seen)
            for name, ranges in gaps.items()
            for first, last, seen in ranges
        ]
    )


def _lock(*, wait: bool) -> SummaryState | None:
    """The state row, locked for this transaction; None if another count holds it and `wait`
    is false."""
    SummaryState.objects.bulk_create([SummaryState(pk=STATE)], ignore_conflicts=True)
    return SummaryState.objects.select_for_update(skip_locked=not wait).filter(pk=STATE).first()


def bring_up_to_date(*, rebuild_when_behind: bool = True) -> Counted | None:
    """Recount the cells touched by the moves and payments committed since the last count.

    Returns None, changing nothing, when another count is running, or when more than
    BACKLOG_LIMIT rows are waiting and `rebuild_when_behind` is false; with it (the beat
    task), such a backlog is recounted in full. Safe to run at any time and repeatedly."""
    with transaction.atomic():
        state = _lock(wait=False)
        if state is None:
            return None
        started = timezone.now()
        gaps: dict[str, list[SummaryGap]] = defaultdict(list)
        for gap in SummaryGap.objects.order_by("first_id"):
            gaps[gap.source].append(gap)
        fetched = {
            source.name: _fetch(source, getattr(state, source.watermark), gaps[source.name])
            for source in SOURCES
        }
        if any(len(rows) > BACKLOG_LIMIT for rows in fetched.values()):
            if not rebuild_when_behind:
                return None
            return _rebuild(state, started)
        cells: set[Cell] = set()
        new_gaps = {}
        for source in SOURCES:
            rows = fetched[source.name]
            cells |= _touched(source, rows)
            watermark, new_gaps[source.name] = _advance(
                getattr(state, source.watermark), gaps[source.name], [row[0] for row in rows], started
            )
            setattr(state, source.watermark, watermark)
        if cells:
            _recount(cells)
        if any(gaps.values()) or any(new_gaps.values()):
            _save_gaps(new_gaps)
        state.as_of = started
        state.save(update_fields=["event_id", "payment_id", "as_of"])
    return Counted(
        as_of=started, moves=sum(len(rows) for rows in fetched.values()), cells=len(cells), rebuilt=False
    )


def _rebuild(state: SummaryState, started: datetime) -> Counted:
    highest = {}
    for source in SOURCES:
        highest[source.name] = source.model.objects.aggregate(top=Max("pk"))["top"] or 0
    rows = _recount_everything()
    gaps = {}
    for source in SOURCES:
        top = highest[source.name]
        floor = max(top - GAP_SEARCH, 0)
        present = list(
            source.model.objects.filter(pk__gt=floor, pk__lte=top).order_by("pk").values_list("pk", flat=True)
        )
        gaps[source.name] = (
            [(first, last, started) for first, last in _missing(floor + 1, top, present)] if top else []
        )
        setattr(state, source.watermark, top)
    _save_gaps(gaps)
    state.as_of = started
    state.rebuilt_at = started
    state.save(update_fields=["event_id", "payment_id", "as_of", "rebuilt_at"])
    return Counted(as_of=started, moves=0, cells=rows, rebuilt=True)


def rebuild() -> Counted:
    """Recount every summary from the files (waits for a count already running)."""
    with transaction.atomic():
        state = _lock(wait=True)
        return _rebuild(state, timezone.now())


# --- What pages call --------------------------------------------------------------------------


def _state_and_waiting() -> SummaryState | None:
    """The state row, with whether rows are waiting to be counted: one query."""

    def filled(source: Source):
        return Exists(
            SummaryGap.objects.filter(source=source.name).filter(
                Exists(source.model.objects.filter(pk__gte=OuterRef("first_id"), pk__lte=OuterRef("last_id")))
            )
        )

    annotations = {}
    for source in SOURCES:
        annotations[f"{source.name}_waiting"] = Exists(
            source.model.objects.filter(pk__gt=OuterRef(source.watermark))
        )
        annotations[f"{source.name}_gap_filled"] = filled(source)
    return SummaryState.objects.filter(pk=STATE).annotate(**annotations).first()


def figures_as_of() -> datetime | None:
    """Count the moves waiting, if any, and say the moment the summaries are as of: now when
    nothing is waiting; the time of the last count when another count is running or the
    backlog is left to the beat task; None when nothing has ever been counted. One query when
    nothing is waiting."""
    now = timezone.now()
    state = _state_and_waiting()
    if state is not None and not any(
        getattr(state, f"{source.name}_{kind}") for source in SOURCES for kind in ("waiting", "gap_filled")
    ):
        return now
    counted = bring_up_to_date(rebuild_when_behind=False)
    if counted is not None:
        return counted.as_of
    return state.as_of if state is not None else None
