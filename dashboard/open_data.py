"""The public open data: per district and sub-scheme, applications received and approved,
benefits sanctioned and released, and the median days to a decision, for one financial year,
with small cells withheld (see `dashboard.suppression`), read from the summaries
(`dashboard.models`).

The whole year is computed and protected at once, whatever the page shows, so that every view
of it (any sub-scheme, the API, the CSV files, the charts) publishes parts of one protected
table and no two views can be subtracted from each other. A fixed number of queries.

The figures are the same for every visitor, so they are published rather than computed per
request: `published_open_data` keeps the year's protected table in the shared cache for
OPEN_DATA_CACHE_SECONDS and every view states the moment its figures are as of.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from dashboard.counting import figures_as_of
from dashboard.models import MonthFigures
from dashboard.percentiles import Spread, spread_of
from dashboard.selectors import (
    BY_DISTRICT,
    BY_DISTRICT_SCHEME,
    BY_SCHEME,
    OVERALL,
    ReferenceLists,
    Scope,
    summary_decision_spreads,
)
from dashboard.suppression import (
    GRAND_TOTAL,
    THRESHOLD,
    CountTable,
    cell,
    column_total,
    follow,
    protect_together,
    row_total,
)
from dashboard.tables import SECONDARY, Suppressed
from dashboard.years import year_months
from districts.models import District
from schemes.models import Scheme

ZERO = Decimal("0")


@dataclass(frozen=True)
class PublicFigures:
    """One published line: counts and money may be withheld (`Suppressed`), the median is
    None when fewer than 5 decisions stand behind it."""

    received: int | Suppressed
    approved: int | Suppressed
    sanctioned: Decimal | Suppressed
    released: Decimal | Suppressed
    median_days: float | Suppressed | None

    def withheld(self) -> list[str]:
        return [
            name
            for name in ("received", "approved", "sanctioned", "released", "median_days")
            if isinstance(getattr(self, name), Suppressed)
        ]

    def number(self, name: str):
        """The figure for a chart or an API: None when withheld."""
        value = getattr(self, name)
        return None if isinstance(value, Suppressed) else value


@dataclass(frozen=True)
class PublicMonth:
    year: int
    month: int
    received: int | Suppressed
    approved: int | Suppressed


class OpenData:
    """The protected figures of one year: ask for a district's or the state's line, for one
    sub-scheme or all of them."""

    def __init__(self, *, year: str, lists: ReferenceLists):
        self.year = year
        self.lists = lists
        # Every move counted up to this moment (None: the summaries were never counted).
        self.as_of = figures_as_of().as_of
        self.districts: list[District] = lists.districts
        self.schemes: list[Scheme] = lists.schemes
        scope = Scope(year=year)
        district_ids = [d.pk for d in self.districts]
        scheme_ids = [s.pk for s in self.schemes]

        received: dict[tuple, int] = defaultdict(int)
        approved: dict[tuple, int] = defaultdict(int)
        sanctioned: dict[tuple, Decimal] = defaultdict(Decimal)
        released: dict[tuple, Decimal] = defaultdict(Decimal)
        received_by_month: dict[tuple, int] = defaultdict(int)
        approved_by_month: dict[tuple, int] = defaultdict(int)
        rows = MonthFigures.objects.filter(financial_year=year).values_list(
            "district_id", "scheme_id", "month", "received", "approved", "sanctioned", "released"
        )
        for district, scheme, month, received_n, approved_n, sanctioned_sum, released_sum in rows:
            received[(district, scheme)] += received_n
            approved[(district, scheme)] += approved_n
            sanctioned[(district, scheme)] += sanctioned_sum
            released[(district, scheme)] += released_sum
            received_by_month[(month, scheme)] += received_n
            approved_by_month[(month, scheme)] += approved_n
        months = [month for _year, month in year_months(year)]
        self.spreads = summary_decision_spreads(
            scope, grouping_sets=(BY_DISTRICT_SCHEME, BY_DISTRICT, BY_SCHEME, OVERALL)
        )

        self.received = CountTable(received, district_ids, scheme_ids)
        self.approved = CountTable(approved, district_ids, scheme_ids)
        self.received_months = CountTable(received_by_month, months, scheme_ids)
        self.approved_months = CountTable(approved_by_month, months, scheme_ids)
        shared = [(column_total(s), column_total(s)) for s in scheme_ids] + [(GRAND_TOTAL, GRAND_TOTAL)]
        protect_together(self.received, self.received_months, shared)
        protect_together(self.approved, self.approved_months, shared)
        self.sanctioned = follow(self.approved, self._with_margins(sanctioned, district_ids, scheme_ids))
        self.released = follow(self.approved, self._with_margins(released, district_ids, scheme_ids))

    @staticmethod
    def _with_margins(values: dict[tuple, Decimal], rows, columns) -> dict:
        out = {cell(r, c): values.get((r, c), ZERO) for r in rows for c in columns}
        totals_by_row: dict = defaultdict(Decimal)
        totals_by_column: dict = defaultdict(Decimal)
        for r in rows:
            for c in columns:
                totals_by_row[r] += out[cell(r, c)]
                totals_by_column[c] += out[cell(r, c)]
        out.update({row_total(r): totals_by_row[r] for r in rows})
        out.update({column_total(c): totals_by_column[c] for c in columns})
        out[GRAND_TOTAL] = sum(totals_by_row.values(), ZERO)
        return out

    def _median(self, spread: Spread) -> float | Suppressed | None:
        if spread.count == 0:
            return None
        if spread.count < THRESHOLD:
            return SECONDARY
        return spread.median

    def _figures(self, key, spread: Spread) -> PublicFigures:
        return PublicFigures(
            received=self.received.get(key),
            approved=self.approved.get(key),
            sanctioned=self.sanctioned[key],
            released=self.released[key],
            median_days=self._median(spread),
        )

    def district(self, district: District, scheme: Scheme | None) -> PublicFigures:
        if scheme is None:
            return self._figures(row_total(district.pk), spread_of(self.spreads, BY_DISTRICT, district.pk))
        return self._figures(
            cell(district.pk, scheme.pk), spread_of(self.spreads, BY_DISTRICT_SCHEME, district.pk, scheme.pk)
        )

    def state(self, scheme: Scheme | None) -> PublicFigures:
        if scheme is None:
            return self._figures(GRAND_TOTAL, spread_of(self.spreads, OVERALL))
        return self._figures(column_total(scheme.pk), spread_of(self.spreads, BY_SCHEME, scheme.pk))

    def months(self, scheme: Scheme | None) -> list[PublicMonth]:
        result = []
        for calendar_year, month in year_months(self.year):
            key = row_total(month) if scheme is None else cell(month, scheme.pk)
            result.append(
                PublicMonth(
                    year=calendar_year,
                    month=month,
                    received=self.received_months.get(key),
                    approved=self.approved_months.get(key),
                )
            )
        return result


def published_open_data(*, year: str, lists: ReferenceLists) -> OpenData:
    """The year's open data as published: computed at most once per OPEN_DATA_CACHE_SECONDS
    for every web process (the shared cache), so a visitor costs a cache read. Figures move
    with decisions; the page and the API say the time they are as of. 0 turns this off."""
    seconds = settings.OPEN_DATA_CACHE_SECONDS
    if seconds <= 0:
        return OpenData(year=year, lists=lists)
    key = f"open-data:v1:{year}"
    data = cache.get(key)
    if data is None:
        data = OpenData(year=year, lists=lists)
        if data.as_of is not None:  # figures not yet counted are not published
            data.published_at = timezone.now()
            cache.set(key, data, seconds)
    return data


def seconds_left(data: OpenData) -> int:
    """How long the published figures have left in the cache (0: not published, or at their
    end): a page drawn from them is kept no longer than they are."""
    published_at = getattr(data, "published_at", None)
    if published_at is None:
        return 0
    age = (timezone.now() - published_at).total_seconds()
    return max(0, int(settings.OPEN_DATA_CACHE_SECONDS - age))
