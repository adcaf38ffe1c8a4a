"""Keeping the dashboard's summaries (`dashboard.models`): recounting cells, catching up with the
moves made since the last count, and rebuilding everything.

A cell is (district, financial year), every sub-scheme of it: a month, status or decision row
belongs to one cell, and a cell is recounted whole from the files, so a recount is right
whatever was counted before. (The files are found by indexes led by the district and a date;
narrowing to one sub-scheme as well would only make PostgreSQL read the sub-scheme's index
too.) A move of a file (its AuditEvent) touches the cells of the year the file was received and
of the year it was decided, and its decision rows only once it is decided; a payment touches the
cell of the year its file was approved in. Every payment is recorded with its move, but
payments are followed too, so money recorded without a move is counted all the same.

Days per stage are not recounted: a stay never changes once it has ended, so the count that
counts the move ending it adds its duration to StageDays and StateStageDays (`add_stays`).
That needs every move counted exactly once, which the watermarks below give, and a rebuild
whose stays and watermarks are read from one snapshot (`counting.rebuild`).

How far the summaries have counted is a watermark per source: the highest AuditEvent and
Payment id counted. Ids are taken when a row is written, not when it commits, so a move still
being committed while a count runs can have an id below the new watermark: the ids missing
below it are kept as gaps (`SummaryGap`) and looked for again by every count, until a row fills
them or `GAP_PATIENCE` has passed (a transaction rolled back leaves a gap for ever).

`bring_up_to_date` is what the beat task runs (every minute); the dashboard and the open data
call `figures_as_of` first, which says the moment the figures are as of and counts waiting
moves itself only when the last count is older than MAX_AGE (the beat task has stopped), so a
page never waits for a count while the beat task runs. Only one count runs at a time (a row
lock on `SummaryState`, taken without waiting: a page that finds a count running shows the
figures as they stand, with the time they are as of).

Files become overdue without any move, so overdue files are kept only up to a cutoff, the start
of yesterday, and those due since are counted from the files at each request; the beat task
moves the cutoff on once a day (`overdue_cutoff`, `_move_cutoff`).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from applications.models import Application, AuditEvent, StageSpan
from applications.workflow import Status
from dashboard import measures
from dashboard.models import (
    TENTHS,
    DecisionDays,
    DecisionSpread,
    MonthFigures,
    ReceivedByStatus,
    StageDays,
    StateStageDays,
    SummaryState,
)
from dashboard.percentiles import day_histogram_spreads, tenths_sql
from dashboard.released import available_sources
from dashboard.years import year_bounds
from districts.models import District
from payments.models import Payment
from schemes.rules.base import financial_year

STATE = 1  # the one SummaryState row
# A page whose figures are older than this counts the waiting moves itself (the beat task,
# every minute, has stopped).
MAX_AGE = timedelta(minutes=5)
# A missing id not filled within this long was a rolled-back transaction, not a slow one.
GAP_PATIENCE = timedelta(minutes=15)
# A rebuild looks this far below the newest ids for transactions still open.
GAP_SEARCH = 10_000
ZERO = Decimal("0")

Cell = tuple[int, str]  # district id, financial year


@dataclass(frozen=True)
class Source:
    name: str  # SummaryGap.source
    model: type
    watermark: str  # field of SummaryState
    application: str  # the path from a row to its application


EVENTS = Source("event", AuditEvent, "event_id", "application")
SOURCES = (EVENTS, Source("payment", Payment, "payment_id", "application"))


@dataclass(frozen=True)
class Counted:
    """What one count did."""

    as_of: datetime
    moves: int  # rows of the sources counted (AuditEvents and payments)
    cells: int  # cells recounted
    rebuilt: bool
    overdue_cutoff: datetime | None = None


def year_of(moment: datetime) -> str:
    """The financial year of an instant, by India's date."""
    return financial_year(timezone.localtime(moment, timezone.get_default_timezone()).date())


def _year_of_month(year: int, month: int) -> str:
    start = year if month >= 4 else year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def overdue_cutoff(moment: datetime) -> datetime:
    """The start of the day before `moment`'s, India's date: files due before it are counted as
    overdue in the summaries, those due since at each request (see `ReceivedByStatus`). A
    whole day back, so that a due date moved by hand to yesterday still counts at once."""
    zone = timezone.get_default_timezone()
    day = timezone.localtime(moment, zone).date() - timedelta(days=1)
    return datetime.combine(day, time.min, tzinfo=zone)


def _move_cutoff(state: SummaryState, cutoff: datetime) -> None:
    """Count the files due before `cutoff` again in every ReceivedByStatus row (once a day).
    In a transaction, under the count's lock."""
    zone = timezone.get_default_timezone()
    late: dict[tuple, int] = defaultdict(int)
    rows = (
        Application.objects.filter(submitted_at__isnull=False, due_at__lt=cutoff)
        .annotate(y=ExtractYear("submitted_at", tzinfo=zone), m=ExtractMonth("submitted_at", tzinfo=zone))
        .values("district_id", "scheme_id", "y", "m", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        late[(_year_of_month(row["y"], row["m"]), row["district_id"], row["scheme_id"], row["status"])] += (
            row["n"]
        )
    changed = []
    for status in ReceivedByStatus.objects.all():
        count = late.get((status.financial_year, status.district_id, status.scheme_id, status.status), 0)
        if status.late != count:
            status.late = count
            changed.append(status)
    ReceivedByStatus.objects.bulk_update(changed, ["late"], batch_size=2000)
    state.overdue_cutoff = cutoff


# --- Which figures the files give for some cells ----------------------------------------------


def _cells_q(cells: Iterable[Cell] | None, *, moment: str, prefix: str = "") -> Q:
    """Rows of the files (or their stays, payments) of `cells`, by the year of `moment`: one
    branch per cell, each a range of an index led by the district."""
    if cells is None:
        return Q()
    q = Q(pk__in=[])
    for district, year in sorted(cells):
        start, end = year_bounds(year)
        q |= Q(
            **{
                f"{prefix}district_id": district,
                f"{prefix}{moment}__gte": start,
                f"{prefix}{moment}__lt": end,
            }
        )
    return q


def _summary_q(cells: Iterable[Cell] | None) -> Q:
    """Summary rows of `cells`."""
    if cells is None:
        return Q()
    by_year: dict[str, list[int]] = defaultdict(list)
    for district, year in sorted(cells):
        by_year[year].append(district)
    q = Q(pk__in=[])
    for year, districts in sorted(by_year.items()):
        q |= Q(financial_year=year, district_id__in=districts)
    return q


def _months_and_statuses(
    cells: set[Cell] | None, cutoff: datetime
) -> tuple[list[MonthFigures], list[ReceivedByStatus]]:
    """MonthFigures and ReceivedByStatus rows of `cells` (None: of every cell), from the files:
    one query for the files received, one for those decided, one per source of money paid.
    (Results are read whole: PostgreSQL plans a cursor for its first rows, badly here.)"""
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
        .annotate(
            files=Count("pk"), benefit=Sum("benefit_amount"), late=Count("pk", filter=Q(due_at__lt=cutoff))
        )
        .order_by()
    )
    for row in received:
        month(row["district_id"], row["scheme_id"], row["y"], row["m"]).received += row["files"]
        key = (_year_of_month(row["y"], row["m"]), row["district_id"], row["scheme_id"], row["status"])
        if key not in statuses:
            statuses[key] = ReceivedByStatus(
                financial_year=key[0], district_id=key[1], scheme_id=key[2], status=key[3], benefit=ZERO
            )
        statuses[key].files += row["files"]
        statuses[key].benefit += row["benefit"] or ZERO
        statuses[key].late += row["late"]

    decided = (
        Application.objects.filter(measures.decided(), submitted_at__isnull=False)
        .filter(_cells_q(cells, moment="closed_at"))
        .annotate(y=ExtractYear("closed_at", tzinfo=zone), m=ExtractMonth("closed_at", tzinfo=zone))
        .values("district_id", "scheme_id", "y", "m", "status")
        .annotate(files=Count("pk"), benefit=Sum("benefit_amount"))
        .order_by()
    )
    for row in decided:
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
        for row in paid:
            figures = month(row[f"{prefix}district_id"], row[f"{prefix}scheme_id"], row["y"], row["m"])
            figures.released += row["total"] or ZERO
    return list(months.values()), list(statuses.values())


def _histogram_sql(model, rows, keys: list[tuple[str, str]]) -> tuple[str, list, list[str]]:
    """SELECT the day histogram of `rows` (a values() queryset with the `keys` names and
    ``start_at``/``end_at``) as rows of `model` of the financial year given as the first
    parameter: the SQL, the parameters after the year, and the model's columns it gives, in
    order. `keys` pairs a field of `model` with a name of `rows`."""
    quote = connection.ops.quote_name
    inner_sql, inner_params = rows.order_by().query.sql_with_params()
    names = [quote(name) for _field, name in keys]
    columns = [quote(model._meta.get_field(field).column) for field, _name in keys]
    # k: the tenth within the day, 0-9, for negative durations too (% keeps the sign in SQL).
    durations = (
        f"SELECT {', '.join(f'r.{n}' for n in names)}, {tenths_sql(connection.vendor)} AS tenths "  # noqa: S608 - names are the model's own
        f"FROM ({inner_sql}) r WHERE r.end_at IS NOT NULL AND r.start_at IS NOT NULL"
    )
    split = f"SELECT d.*, ((d.tenths %% 10) + 10) %% 10 AS k FROM ({durations}) d"  # noqa: S608
    group = ", ".join(f"s.{n}" for n in names)
    counts = ", ".join(f"SUM(CASE WHEN s.k = {k} THEN 1 ELSE 0 END)" for k in range(10))
    # (WHERE 1 = 1: SQLite would read the ON of an upsert after it as a join's.)
    sql = (
        f"SELECT %s, {group}, (s.tenths - s.k) / 10, {counts} FROM ({split}) s WHERE 1 = 1 "  # noqa: S608
        f"GROUP BY {group}, (s.tenths - s.k) / 10"
    )
    return sql, list(inner_params), [quote("financial_year"), *columns, quote("day")]


def _insert_histogram(model, year: str, rows, keys: list[tuple[str, str]], *, add: bool = False) -> None:
    """INSERT ... SELECT the day histogram of `rows` (see `_histogram_sql`) into `model`, as
    rows of financial year `year`: the durations never leave the database. With `add`, the
    counts are added to the rows already there (the durations are new ones)."""
    quote = connection.ops.quote_name
    select, params, columns = _histogram_sql(model, rows, keys)
    tenth_columns = [quote(name) for name in TENTHS]
    table = quote(model._meta.db_table)
    sql = f"INSERT INTO {table} ({', '.join(columns)}, {', '.join(tenth_columns)}) {select}"
    if add:
        updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in tenth_columns)
        sql += f" ON CONFLICT ({', '.join(columns)}) DO UPDATE SET {updates}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [year, *params])


def _histogram_differs(model, year: str, rows, keys: list[tuple[str, str]]) -> bool:
    """Whether `model`'s rows of `year` (those with any count) differ from the histogram of
    `rows` (see `_histogram_sql`), compared in the database both ways."""
    quote = connection.ops.quote_name
    select, params, columns = _histogram_sql(model, rows, keys)
    tenth_columns = [quote(name) for name in TENTHS]
    stored = (
        f"SELECT {', '.join(columns)}, {', '.join(tenth_columns)} FROM {quote(model._meta.db_table)} "  # noqa: S608
        f"WHERE {quote('financial_year')} = %s AND ({' + '.join(tenth_columns)}) <> 0"
    )
    with connection.cursor() as cursor:
        for first, first_params, second, second_params in (
            (select, [year, *params], stored, [year]),
            (stored, [year], select, [year, *params]),
        ):
            cursor.execute(
                f"SELECT 1 FROM ({first} EXCEPT {second}) x LIMIT 1",  # noqa: S608
                [*first_params, *second_params],
            )
            if cursor.fetchone() is not None:
                return True
    return False


def histograms_differing(year: str) -> list[str]:
    """The names of the day histograms (decisions, days per stage by district and for the
    state) whose rows of `year` differ from the files and their stays: what `manage.py
    rebuild_dashboard_summaries --compare` checks beside the dashboard's figures."""
    return [
        model.__name__
        for model, rows, keys in (
            (DecisionDays, _decisions(year, None), DECISION_KEYS),
            (StageDays, _stays(year), STAY_KEYS),
            (StateStageDays, _stays(year), STATE_STAY_KEYS),
        )
        if _histogram_differs(model, year, rows, keys)
    ]


def _stays(year: str):
    start, end = year_bounds(year)
    return (
        StageSpan.objects.filter(ended_at__gte=start, ended_at__lt=end)
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


DECISION_KEYS = [("district", "k_district"), ("scheme", "k_scheme")]
STAY_KEYS = [*DECISION_KEYS, ("stage", "k_stage")]
STATE_STAY_KEYS = [("scheme", "k_scheme"), ("stage", "k_stage")]
# Moves per statement when their stays are added (a few thousand parameters, under any limit).
STAYS_AT_ONCE = 1000


def _stays_ended_by(event_ids: list[int], year: str):
    """The stays that the moves `event_ids` ended in financial year `year`: a stay ends at its
    file's move out of its status, the same moment (`applications.engine.apply_transition`)."""
    moves = AuditEvent.objects.filter(pk__in=event_ids)
    ended = moves.filter(
        application_id=OuterRef("application_id"),
        created_at=OuterRef("ended_at"),
        from_status=OuterRef("stage"),
    ).exclude(to_status=F("from_status"))
    return _stays(year).filter(application_id__in=moves.values("application_id")).filter(Exists(ended))


def add_stays(moves: Iterable[tuple[int, datetime]]) -> None:
    """Add the stays that `moves` ((AuditEvent id, its moment)) ended to StageDays and
    StateStageDays. A stay never changes once it has ended, so its duration is added once, by
    the count that counts the move ending it, instead of recounting the year's stays. In a
    transaction, under the count's lock."""
    by_year: dict[str, list[int]] = defaultdict(list)
    for pk, moment in moves:
        by_year[year_of(moment)].append(pk)
    for year, ids in sorted(by_year.items()):
        for at in range(0, len(ids), STAYS_AT_ONCE):
            chunk = ids[at : at + STAYS_AT_ONCE]
            _insert_histogram(StageDays, year, _stays_ended_by(chunk, year), STAY_KEYS, add=True)
            _insert_histogram(StateStageDays, year, _stays_ended_by(chunk, year), STATE_STAY_KEYS, add=True)


def _recount(cells: set[Cell], decided: set[Cell], cutoff: datetime) -> None:
    """Replace the month and status rows of `cells`, and the decision rows of `decided`, with a
    recount from the files. In a transaction, under the count's lock."""
    months, statuses = _months_and_statuses(cells, cutoff)
    MonthFigures.objects.filter(_summary_q(cells)).delete()
    MonthFigures.objects.bulk_create(months, batch_size=2000)
    ReceivedByStatus.objects.filter(_summary_q(cells)).delete()
    ReceivedByStatus.objects.bulk_create(statuses, batch_size=2000)

    by_year: dict[str, set[Cell]] = defaultdict(set)
    for cell in decided:
        by_year[cell[1]].add(cell)
    DecisionDays.objects.filter(_summary_q(decided)).delete()
    for year, year_cells in sorted(by_year.items()):
        _insert_histogram(DecisionDays, year, _decisions(year, year_cells), DECISION_KEYS)
        _recount_decision_spreads(year, {district for district, _year in year_cells})


def _recount_decision_spreads(year: str, districts: set[int] | None) -> None:
    """DecisionSpread rows of `year` again, from DecisionDays, for `districts` (None: every
    one), their divisions and the state."""
    Level = DecisionSpread.Level
    rows = DecisionDays.objects.filter(financial_year=year).annotate(
        k_district=F("district_id"), k_division=F("district__division_id"), k_scheme=F("scheme_id")
    )
    gone = DecisionSpread.objects.filter(financial_year=year)
    of_districts, of_divisions = rows, rows
    if districts is not None:
        divisions = set(District.objects.filter(pk__in=districts).values_list("division_id", flat=True))
        of_districts = rows.filter(district_id__in=districts)
        of_divisions = rows.filter(district__division_id__in=divisions)
        gone = gone.filter(
            Q(level=Level.DISTRICT, place__in=districts)
            | Q(level=Level.DIVISION, place__in=divisions)
            | Q(level=Level.STATE)
        )
    spreads = []
    for level, place_key, of_places in (
        (Level.DISTRICT, "k_district", of_districts),
        (Level.DIVISION, "k_division", of_divisions),
        (Level.STATE, None, rows),
    ):
        places = (place_key,) if place_key else ()
        keys = sorted({*places, "k_scheme"})
        found = day_histogram_spreads(
            of_places.values(*keys, "day", *TENTHS), grouping_sets=[places, (*places, "k_scheme")]
        )
        for (grouping, values), spread in found.items():
            spreads.append(
                DecisionSpread(
                    financial_year=year,
                    level=level,
                    place=values[0] if place_key else 0,
                    scheme=values[-1] if "k_scheme" in grouping else 0,
                    count=spread.count,
                    median=spread.median,
                    p90=spread.p90,
                )
            )
    gone.delete()
    DecisionSpread.objects.bulk_create(spreads, batch_size=2000)


def _years_between(first: datetime | None, last: datetime | None) -> list[str]:
    if first is None or last is None:
        return []
    years, start = [], int(year_of(first)[:4])
    while start <= int(year_of(last)[:4]):
        years.append(f"{start}-{(start + 1) % 100:02d}")
        start += 1
    return years


def _recount_everything(cutoff: datetime) -> int:
    """Every summary row again from the files. In a transaction, under the count's lock."""
    months, statuses = _months_and_statuses(None, cutoff)
    for model in (MonthFigures, ReceivedByStatus, DecisionDays, DecisionSpread, StageDays, StateStageDays):
        model.objects.all().delete()
    MonthFigures.objects.bulk_create(months, batch_size=5000)
    ReceivedByStatus.objects.bulk_create(statuses, batch_size=5000)
    decided = Application.objects.filter(measures.decided(), submitted_at__isnull=False).aggregate(
        first=Min("closed_at"), last=Max("closed_at")
    )
    for year in _years_between(decided["first"], decided["last"]):
        _insert_histogram(DecisionDays, year, _decisions(year, None), DECISION_KEYS)
    for year in _years_between(decided["first"], decided["last"]):
        _recount_decision_spreads(year, None)
    stays = StageSpan.objects.filter(ended_at__isnull=False).aggregate(
        first=Min("ended_at"), last=Max("ended_at")
    )
    for year in _years_between(stays["first"], stays["last"]):
        _insert_histogram(StageDays, year, _stays(year), STAY_KEYS)
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


# --- What pages call --------------------------------------------------------------------------
