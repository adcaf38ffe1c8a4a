"""Tables as the dashboard shows them and as the downloads write them: one shape for both, so
every table on a page can be downloaded with exactly the figures on the screen."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.functional import Promise


class Kind:
    TEXT = "text"
    COUNT = "count"
    MONEY = "money"
    DAYS = "days"
    PERCENT = "percent"


@dataclass(frozen=True)
class Suppressed:
    """A figure withheld from the open data; `mark` is what is shown instead ("<5" or "c")."""

    mark: str

    def __str__(self) -> str:
        return self.mark


SMALL = Suppressed("<5")
SECONDARY = Suppressed("c")


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    kind: str = Kind.TEXT


@dataclass
class Row:
    values: dict
    links: dict = field(default_factory=dict)
    css: str = ""

    def __getitem__(self, key):
        return self.values.get(key)


@dataclass
class Table:
    key: str
    title: str | Promise
    columns: list[Column]
    rows: list[Row]
    note: str | Promise = ""
    total: Row | None = None

    def all_rows(self) -> list[Row]:
        return [*self.rows, self.total] if self.total is not None else list(self.rows)


def export_value(value, kind: str):
    """The value as a spreadsheet cell: numbers stay numbers, withheld figures their mark."""
    if value is None:
        return ""
    if isinstance(value, Suppressed):
        return value.mark
    if kind == Kind.MONEY:
        return Decimal(value).quantize(Decimal("0.01"))
    if kind in (Kind.DAYS, Kind.PERCENT):
        return round(float(value), 1)
    if isinstance(value, Promise):
        return str(value)
    return value
