"""Bringing the summaries up to date: the watermarks of what was counted, the gaps left by
transactions still open, the beat task's run (`bring_up_to_date`), the full `rebuild`, and what
a page asks (`figures_as_of`). The counting of cells itself is `summaries.py`'s."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db import OperationalError, connection, transaction
from django.db.models import Exists, Max, OuterRef, Q, Subquery
from django.utils import timezone

from applications.models import AuditEvent
from dashboard.models import (
    DecisionDays,
    DecisionSpread,
    MonthFigures,
    ReceivedByStatus,
    StageDays,
    StateStageDays,
    SummaryGap,
    SummaryState,
)
from dashboard.summaries import (
    EVENTS,
    GAP_PATIENCE,
    GAP_SEARCH,
    MAX_AGE,
    SOURCES,
    STATE,
    Cell,
    Counted,
    Source,
    _move_cutoff,
    _recount,
    _recount_everything,
    add_stays,
    overdue_cutoff,
    year_of,
)

# More moves than this waiting: recount everything rather than cell by cell (a page never
# does; it shows the figures as they stand and leaves the rebuild to the beat task).
BACKLOG_LIMIT = 20_000


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


def _touched(rows: list[tuple]) -> tuple[set[Cell], set[Cell]]:
    """Cells of the rows' files, by the years they were received and decided in; and those
    whose decision rows the rows touch (of files decided)."""
    cells, decided = set(), set()
    for _pk, district, submitted_at, closed_at, *_moment in rows:
        if submitted_at is not None:
            cells.add((district, year_of(submitted_at)))
        if closed_at is not None:
            cells.add((district, year_of(closed_at)))
            decided.add((district, year_of(closed_at)))
    return cells, decided


def _fetch(source: Source, watermark: int, gaps: list[SummaryGap]) -> list[tuple]:
    path = source.application
    fields = [
        "pk",
        f"{path}__district_id",
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
    state = SummaryState.objects.select_for_update(skip_locked=not wait).filter(pk=STATE).first()
    if state is not None and connection.vendor == "postgresql":
        # A recount reads many rows by index: PostgreSQL would spend longer compiling it (JIT,
        # half a second a query at a million files) than running it.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
    return state


def bring_up_to_date(*, rebuild_when_behind: bool = True) -> Counted | None:
    """Recount the cells touched by the moves and payments committed since the last count, and
    add the stays those moves ended.

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
        behind = any(len(rows) > BACKLOG_LIMIT for rows in fetched.values())
        if not behind:
            counted = _count(state, started, gaps, fetched)
    if behind:
        # Recounted in full, in a transaction of its own (its snapshot, see `rebuild`).
        return rebuild() if rebuild_when_behind else None
    return counted


def _count(
    state: SummaryState, started: datetime, gaps: dict[str, list[SummaryGap]], fetched: dict[str, list[tuple]]
) -> Counted:
    """Count the rows `fetched` and move the watermarks past them. Under the count's lock."""
    cells: set[Cell] = set()
    decided: set[Cell] = set()
    new_gaps = {}
    for source in SOURCES:
        rows = fetched[source.name]
        touched, touched_decided = _touched(rows)
        cells |= touched
        decided |= touched_decided
        watermark, new_gaps[source.name] = _advance(
            getattr(state, source.watermark), gaps[source.name], [row[0] for row in rows], started
        )
        setattr(state, source.watermark, watermark)
    cutoff = overdue_cutoff(started)
    if cells:
        _recount(cells, decided, state.overdue_cutoff or cutoff)
    add_stays((pk, moment) for pk, _district, _received, _closed, moment in fetched[EVENTS.name])
    if state.overdue_cutoff != cutoff:
        _move_cutoff(state, cutoff)
    if any(gaps.values()) or any(new_gaps.values()):
        _save_gaps(new_gaps)
    state.as_of = started
    state.save(update_fields=["event_id", "payment_id", "as_of", "overdue_cutoff"])
    return Counted(
        as_of=started,
        moves=sum(len(rows) for rows in fetched.values()),
        cells=len(cells),
        rebuilt=False,
        overdue_cutoff=state.overdue_cutoff,
    )


def _rebuild(state: SummaryState, started: datetime) -> Counted:
    highest = {}
    for source in SOURCES:
        highest[source.name] = source.model.objects.aggregate(top=Max("pk"))["top"] or 0
    state.overdue_cutoff = overdue_cutoff(started)
    rows = _recount_everything(state.overdue_cutoff)
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
    if connection.vendor == "postgresql":
        # The tables were just refilled: plans need their new sizes (one district-year holds
        # thousands of rows, not the hundreds an empty table suggests).
        with connection.cursor() as cursor:
            for model in (
                MonthFigures,
                ReceivedByStatus,
                DecisionDays,
                DecisionSpread,
                StageDays,
                StateStageDays,
            ):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    state.as_of = started
    state.rebuilt_at = started
    state.save(update_fields=["event_id", "payment_id", "as_of", "rebuilt_at", "overdue_cutoff"])
    return Counted(as_of=started, moves=0, cells=rows, rebuilt=True, overdue_cutoff=state.overdue_cutoff)


# A rebuild that finds the state row changed since its snapshot began (another count had just
# finished) starts again, this many times at most.
REBUILD_ATTEMPTS = 20
SERIALIZATION_FAILURE = "40001"


def rebuild() -> Counted:
    """Recount every summary from the files (waits for a count already running).

    On PostgreSQL the rebuild reads one snapshot throughout (REPEATABLE READ): the stays it
    adds up and the watermarks it sets must see the same moves, or a move committed between
    the two would be counted by the rebuild and again by the next count (`add_stays`). Inside
    a transaction already begun (a test's), the isolation is the caller's."""
    for attempt in range(REBUILD_ATTEMPTS):
        snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
        try:
            with transaction.atomic():
                if snapshot:
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                state = _lock(wait=True)
                return _rebuild(state, timezone.now())
        except OperationalError as error:
            # The count that held the lock updated the state row after this snapshot began.
            retry = snapshot and getattr(error.__cause__, "pgcode", None) == SERIALIZATION_FAILURE
            if not retry or attempt == REBUILD_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable: the last attempt returns or raises")


def _state_and_waiting() -> tuple[SummaryState | None, bool]:
    """The state row, and whether rows are waiting to be counted (above a watermark, or in a
    gap): one query, each part an index lookup."""

    def filled(source: Source):
        return Exists(
            SummaryGap.objects.filter(source=source.name).filter(
                Exists(source.model.objects.filter(pk__gte=OuterRef("first_id"), pk__lte=OuterRef("last_id")))
            )
        )

    annotations = {}
    for source in SOURCES:
        # The newest id, not EXISTS(id > watermark): with the watermark a parameter the planner
        # guesses that a third of the table matches and scans all of it.
        annotations[f"{source.name}_newest"] = Subquery(source.model.objects.order_by("-pk").values("pk")[:1])
        annotations[f"{source.name}_gap_filled"] = filled(source)
    state = SummaryState.objects.filter(pk=STATE).annotate(**annotations).first()
    if state is None:
        return None, True
    waiting = any(
        (getattr(state, f"{source.name}_newest") or 0) > getattr(state, source.watermark)
        or getattr(state, f"{source.name}_gap_filled")
        for source in SOURCES
    )
    return state, waiting


@dataclass(frozen=True)
class Freshness:
    """What a page needs to know of the summaries: the moment every move is counted up to (None
    before the first count) and the day before which overdue files are in the summaries."""

    as_of: datetime | None
    overdue_cutoff: datetime | None


def figures_as_of() -> Freshness:
    """The moment the summaries are as of: now when nothing is waiting to be counted (one
    query); else the time of the last count, which the beat task makes every minute. When that
    is older than MAX_AGE (the beat task has stopped, or nothing was ever counted), the page
    counts the waiting moves itself, unless another count is running or more than
    BACKLOG_LIMIT rows are waiting (left to the beat task, which then rebuilds)."""
    now = timezone.now()
    state, waiting = _state_and_waiting()
    if not waiting:
        return Freshness(now, state.overdue_cutoff)
    if state is not None and state.as_of is not None and now - state.as_of <= MAX_AGE:
        return Freshness(state.as_of, state.overdue_cutoff)
    counted = bring_up_to_date(rebuild_when_behind=False)
    if counted is not None:
        return Freshness(counted.as_of, counted.overdue_cutoff)
    if state is None:
        return Freshness(None, None)
    return Freshness(state.as_of, state.overdue_cutoff)
