"""Financial years (1 April to 31 March, Indian Standard Time) as the dashboard uses them."""

import re
from datetime import date, datetime, time

from django.utils import timezone

from schemes.rules.base import financial_year

# ODOP began in January 2018 (financial year 2017-18); nothing can be older.
FIRST_YEAR_START = 2017
_YEAR = re.compile(r"^(\d{4})-(\d{2})$")


def current_year() -> str:
    return financial_year(timezone.localdate())


def year_choices() -> list[str]:
    """Every financial year from the programme's first to the current one, newest first."""
    last = int(current_year()[:4])
    return [f"{start}-{(start + 1) % 100:02d}" for start in range(last, FIRST_YEAR_START - 1, -1)]


def is_year(value: str) -> bool:
    match = _YEAR.match(value or "")
    return bool(match) and (int(match.group(1)) + 1) % 100 == int(match.group(2))


def year_bounds(year: str) -> tuple[datetime, datetime]:
    """The first instant of the year and the first instant of the next one, in IST."""
    if not is_year(year):
        raise ValueError(f"not a financial year: {year!r}")
    start_year = int(year[:4])
    zone = timezone.get_default_timezone()
    return (
        datetime.combine(date(start_year, 4, 1), time.min, tzinfo=zone),
        datetime.combine(date(start_year + 1, 4, 1), time.min, tzinfo=zone),
    )


def year_months(year: str) -> list[tuple[int, int]]:
    """(calendar year, month) of the twelve months of a financial year, April first."""
    start_year = int(year[:4])
    return [(start_year, month) for month in range(4, 13)] + [
        (start_year + 1, month) for month in range(1, 4)
    ]
