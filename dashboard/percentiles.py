"""Median and 90th percentile of durations in days, in one query whatever the number of rows.

The caller gives a queryset whose rows carry group keys and two instants (``start_at``,
``end_at``). Durations are rounded to a tenth of a day in SQL, then:

- on PostgreSQL, ``PERCENTILE_CONT`` computes both percentiles for every grouping set at once
  (``GROUP BY GROUPING SETS``);
- elsewhere (SQLite), the database returns how many rows have each rounded duration in each
  group, a set bounded by groups x distinct tenths of a day (a few thousand rows for years of
  data), and the same continuous percentile is read off that histogram here.

Both give the same numbers for the same data: `PERCENTILE_CONT` interpolates linearly between
the two nearest rows, and so does `_percentile_from_histogram`.
"""

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import QuerySet

# The ten counts of a stored day histogram (`dashboard.models.DayHistogram`), by tenth of the day.
TENTHS = tuple(f"tenth_{k}" for k in range(10))
MEDIAN = 0.5
NINETIETH = 0.9
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Spread:
    """How many durations, and their median and 90th percentile in days (None when empty)."""

    count: int
    median: float | None
    p90: float | None


EMPTY = Spread(0, None, None)

# Key of one group in the result: (the grouping set, the values of its keys in that order).
GroupKey = tuple[tuple[str, ...], tuple]


def _days_sql(vendor: str) -> str:
    if vendor == "postgresql":
        return "ROUND((EXTRACT(EPOCH FROM (r.end_at - r.start_at)) / 86400.0)::numeric, 1)"
    # SQLite keeps datetimes as ISO text, which julianday() reads.
    return "ROUND(julianday(r.end_at) - julianday(r.start_at), 1)"


def day_spreads(
    rows: QuerySet,
    *,
    grouping_sets: Sequence[tuple[str, ...]],
    ended_between: tuple[datetime, datetime] | None = None,
) -> dict[GroupKey, Spread]:
    """Spreads of (end_at - start_at) in days for each group of each grouping set.

    `rows` is a ``values()`` queryset naming every key of the grouping sets plus ``start_at`` and
    ``end_at``; rows without an end are left out, and with `ended_between` only rows that ended
    in [start, end) count. The empty grouping set ``()`` gives the overall spread. Groups with
    no rows are absent from the result (use `EMPTY`)."""
    keys = sorted({key for grouping in grouping_sets for key in grouping})
    for name in keys:
        if not _NAME.match(name):
            raise ValueError(f"unsafe key name {name!r}")
    inner_sql, inner_params = rows.order_by().query.sql_with_params()
    vendor = connection.vendor
    quoted = [connection.ops.quote_name(name) for name in keys]
    where = "r.end_at IS NOT NULL AND r.start_at IS NOT NULL"
    params = list(inner_params)
    if ended_between is not None:
        where += " AND r.end_at >= %s AND r.end_at < %s"
        params += [
            connection.ops.adapt_datetimefield_value(ended_between[0]),
            connection.ops.adapt_datetimefield_value(ended_between[1]),
        ]
    selected = "".join(f"r.{q}, " for q in quoted)
    durations = f"SELECT {selected}{_days_sql(vendor)} AS days FROM ({inner_sql}) r WHERE {where}"  # noqa: S608 - names checked above, values are parameters
    if vendor == "postgresql":
        return _postgresql(durations, params, keys, grouping_sets)
    return _histogram(durations, params, keys, grouping_sets)


def _postgresql(durations: str, params: list, keys: list[str], grouping_sets) -> dict[GroupKey, Spread]:
    quoted = [connection.ops.quote_name(name) for name in keys]
    columns = "".join(f"d.{q}, " for q in quoted)
    # GROUPING(a, b) is a bit mask of the keys left out of a row's set, the first key highest.
    grouping = f"GROUPING({', '.join(f'd.{q}' for q in quoted)})" if keys else "0"
    sets = ", ".join(
        "(" + ", ".join(f"d.{connection.ops.quote_name(k)}" for k in s) + ")" for s in grouping_sets
    )
    sql = (
        f"SELECT {columns}{grouping} AS grouping_mask, COUNT(*), "  # noqa: S608 - names checked by the caller
        f"PERCENTILE_CONT({MEDIAN}) WITHIN GROUP (ORDER BY d.days), "
        f"PERCENTILE_CONT({NINETIETH}) WITHIN GROUP (ORDER BY d.days) "
        f"FROM ({durations}) d"
    )
    if keys:
        sql += f" GROUP BY GROUPING SETS ({sets})"
    masks = {}
    for grouping in grouping_sets:
        mask = 0
        for key in keys:
            mask = (mask << 1) | (0 if key in grouping else 1)
        masks[mask] = tuple(grouping)
    result: dict[GroupKey, Spread] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            values = dict(zip(keys, row[: len(keys)], strict=True))
            mask, count, median, p90 = row[len(keys) :]
            if not count:
                continue
            grouping = masks[mask]
            result[(grouping, tuple(values[key] for key in grouping))] = Spread(
                count, _tidy(median), _tidy(p90)
            )
    return result


def _histogram(durations: str, params: list, keys: list[str], grouping_sets) -> dict[GroupKey, Spread]:
    quoted = [connection.ops.quote_name(name) for name in keys]
    columns = "".join(f"d.{q}, " for q in quoted)
    sql = f"SELECT {columns}d.days, COUNT(*) FROM ({durations}) d GROUP BY {columns}d.days"  # noqa: S608 - names checked by the caller
    histograms: dict[GroupKey, Counter] = defaultdict(Counter)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            values = dict(zip(keys, row[: len(keys)], strict=True))
            days, count = row[len(keys) :]
            for grouping in grouping_sets:
                histograms[(tuple(grouping), tuple(values[key] for key in grouping))][float(days)] += count
    return {
        key: Spread(
            sum(histogram.values()),
            _percentile_from_histogram(histogram, MEDIAN),
            _percentile_from_histogram(histogram, NINETIETH),
        )
        for key, histogram in histograms.items()
    }


def _percentile_from_histogram(histogram: Counter, fraction: float) -> float | None:
    """PERCENTILE_CONT over the values a histogram stands for (value -> how many)."""
    total = sum(histogram.values())
    if not total:
        return None
    position = fraction * (total - 1)
    lower_index = math.floor(position)
    weight = position - lower_index
    lower = upper = None
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if lower is None and seen > lower_index:
            lower = value
        if seen > lower_index + (1 if weight else 0):
            upper = value
            break
    return _tidy(lower + (upper - lower) * weight)


def tenths_sql(vendor: str) -> str:
    """A row's duration (``r.start_at`` to ``r.end_at``) in whole tenths of a day, rounded as
    `day_spreads` rounds it: the summaries keep these (see `dashboard.models`)."""
    return f"CAST(ROUND({_days_sql(vendor)} * 10) AS INTEGER)"


# One whole day's counts by tenth (day + 0.0, ..., day + 0.9): `dashboard.models.DayHistogram`.
DayCounts = Sequence[int]


def spread_of_days(days: dict[int, DayCounts]) -> Spread:
    """Count, median and 90th percentile of the durations a day histogram stands for (whole
    day -> ten counts by tenth), the same numbers `_percentile_from_histogram` and
    ``PERCENTILE_CONT`` give for those durations: the days are walked to the one holding each
    rank, then that day's tenths."""
    ordered = sorted(days.items())
    totals = [sum(counts) for _day, counts in ordered]
    total = sum(totals)
    if not total:
        return EMPTY

    def value_at(rank: int) -> float:
        # The duration in days at 0-based `rank` of the sorted durations.
        seen = 0
        for (day, counts), in_day in zip(ordered, totals, strict=True):
            if seen + in_day <= rank:
                seen += in_day
                continue
            for tenth, count in enumerate(counts):
                seen += count
                if seen > rank:
                    return (day * 10 + tenth) / 10
        raise IndexError(rank)

    return Spread(total, _interpolated(value_at, total, MEDIAN), _interpolated(value_at, total, NINETIETH))


def _interpolated(value_at, total: int, fraction: float) -> float | None:
    """As `_percentile_from_histogram` (and PERCENTILE_CONT): linear between the two values
    nearest to `fraction` of the way, `value_at(rank)` giving the value at a 0-based rank."""
    position = fraction * (total - 1)
    lower_index = math.floor(position)
    weight = position - lower_index
    lower = value_at(lower_index)
    upper = value_at(lower_index + 1) if weight else lower
    return _tidy(lower + (upper - lower) * weight)


def day_histogram_spreads(
    rows: QuerySet, *, grouping_sets: Sequence[tuple[str, ...]]
) -> dict[GroupKey, Spread]:
    """Spreads read off stored day histograms (`dashboard.models.DayHistogram`), in one query.

    `rows` is a ``values()`` queryset of histogram rows naming every key of the grouping sets,
    ``day`` and the ten ``tenth_*`` counts. The database adds the rows up for each grouping set
    (one branch of a UNION ALL each), runs a total along each group's days and returns only
    the days holding the ranks the median and the 90th percentile fall on (a few a group);
    Python walks their tenths as `spread_of_days` does, with the same numbers."""
    keys = sorted({key for grouping in grouping_sets for key in grouping})
    for name in keys:
        if not _NAME.match(name):
            raise ValueError(f"unsafe key name {name!r}")
    quote = connection.ops.quote_name
    day = quote("day")
    tenths = [quote(name) for name in TENTHS]
    inner_sql, inner_params = rows.order_by().query.sql_with_params()
    finest = ", ".join(f"r.{quote(key)}" for key in [*keys, "day"])
    # Integers throughout: PostgreSQL would add bigints up as numerics, slowly.
    summed = ", ".join(f"CAST(SUM({{table}}.{t}) AS INTEGER) AS {t}" for t in tenths)
    finest_rows = f"SELECT {finest}, {summed.format(table='r')} FROM ({inner_sql}) r GROUP BY {finest}"  # noqa: S608 - names checked above
    branches = []
    for index, grouping in enumerate(grouping_sets):
        columns = "".join(
            f"h.{quote(key)} AS {quote(key)}, " if key in grouping else f"NULL AS {quote(key)}, "
            for key in keys
        )
        group = ", ".join(f"h.{quote(key)}" for key in [*grouping, "day"])
        branches.append(
            f"SELECT {index} AS gs, {columns}h.{day}, {summed.format(table='h')} FROM h GROUP BY {group}"  # noqa: S608
        )
    in_day = " + ".join(f"g.{t}" for t in tenths)
    group_of = ", ".join(["g.gs", *(f"g.{quote(key)}" for key in keys)])
    running = (
        f"SELECT g.*, {in_day} AS n, "  # noqa: S608 - names checked above
        f"SUM({in_day}) OVER (PARTITION BY {group_of} ORDER BY g.{day} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS upto, "
        f"SUM({in_day}) OVER (PARTITION BY {group_of}) AS total FROM ({' UNION ALL '.join(branches)}) g"
    )
    # A day holds ranks upto - n .. upto - 1. The ranks needed are floor(f * (total - 1)) and
    # the next, for f = 0.5 and 0.9: whole-number arithmetic, one rank of margin either side.
    windows = " OR ".join(
        f"(c.upto - c.n <= ({numerator} * (c.total - 1)) / {denominator} + 2 "
        f"AND c.upto - 1 >= ({numerator} * (c.total - 1)) / {denominator} - 1)"
        for numerator, denominator in ((1, 2), (9, 10))
    )
    sql = f"WITH h AS ({finest_rows}) SELECT * FROM ({running}) c WHERE {windows}"  # noqa: S608
    found: dict[GroupKey, list] = defaultdict(list)
    totals: dict[GroupKey, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, inner_params)
        for row in cursor.fetchall():
            grouping = tuple(grouping_sets[row[0]])
            values = dict(zip(keys, row[1 : 1 + len(keys)], strict=True))
            key = (grouping, tuple(values[name] for name in grouping))
            start = 1 + len(keys)
            found[key].append(
                (row[start], row[start + 1 : start + 11], int(row[start + 12]) - int(row[start + 11]))
            )
            totals[key] = int(row[start + 13])
    spreads = {}
    for key, days in found.items():
        days.sort()
        total = totals[key]
        spreads[key] = Spread(
            total, _percentile_of(days, total, MEDIAN), _percentile_of(days, total, NINETIETH)
        )
    return {key: spread for key, spread in spreads.items() if spread.count}


def _percentile_of(days: list[tuple[int, DayCounts, int]], total: int, fraction: float) -> float | None:
    """PERCENTILE_CONT from the days holding the ranks needed: (day, its ten counts, how many
    durations come before it)."""

    def value_at(rank: int) -> float:
        for day, counts, before in days:
            seen = before
            for tenth, count in enumerate(counts):
                seen += count
                if seen - count <= rank < seen:
                    return (day * 10 + tenth) / 10
        raise IndexError(rank)

    return _interpolated(value_at, total, fraction)


def _tidy(value) -> float | None:
    # Two decimals remove floating-point noise so both databases give identical numbers.
    return None if value is None else round(float(value), 2)


def spread_of(spreads: dict[GroupKey, Spread], grouping: tuple[str, ...], *values) -> Spread:
    return spreads.get((grouping, tuple(values)), EMPTY)
