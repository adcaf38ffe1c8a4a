"""Small-cell suppression for the open data, so that no published figure identifies anyone.

A table here is counts by row and column (districts or months by sub-scheme) with its margins:
row totals, column totals and the grand total. The rules:

1. Primary: a count from 1 to 4 is withheld (shown "<5"). Zero is published: it tells nothing
   about anyone.
2. Secondary: a withheld count must not be recoverable by subtraction. In every group of
   figures that add up to a published total (a row with its row total, a column with its
   column total, the row totals with the grand total, the column totals with the grand
   total), if exactly one figure is withheld, the smallest other non-zero published figure of
   the group is withheld too (shown "c"); if the others are all zero, the total is withheld
   instead (withholding a zero would protect nothing: it could only be zero or a small count,
   and the total would still give the sum away). This repeats until no group has a lone
   withheld figure.
3. Figures derived from a withheld count are withheld with it (shown "c"): the money
   sanctioned and released follow the pattern of the approved count, and a median of fewer
   than 5 decisions is not published.

Two tables that share margins (the district table and the month table both end in the
sub-scheme totals and the grand total) are protected together, so a total withheld in one is
withheld in the other (`protect_together`).
"""

from collections.abc import Hashable, Sequence

from dashboard.tables import SECONDARY, SMALL, Suppressed

THRESHOLD = 5

# Keys of a protected table's figures.
Key = tuple


def cell(row: Hashable, column: Hashable) -> Key:
    return ("cell", row, column)


def row_total(row: Hashable) -> Key:
    return ("row", row)


def column_total(column: Hashable) -> Key:
    return ("column", column)


GRAND_TOTAL: Key = ("all",)


def is_small(count: int) -> bool:
    return 0 < count < THRESHOLD


class CountTable:
    """Counts by (row, column) with every margin, and what is withheld of them."""

    def __init__(self, counts: dict[tuple, int], rows: Sequence, columns: Sequence):
        self.rows = list(rows)
        self.columns = list(columns)
        self.values: dict[Key, int] = {}
        for r in self.rows:
            for c in self.columns:
                self.values[cell(r, c)] = counts.get((r, c), 0)
        for r in self.rows:
            self.values[row_total(r)] = sum(self.values[cell(r, c)] for c in self.columns)
        for c in self.columns:
            self.values[column_total(c)] = sum(self.values[cell(r, c)] for r in self.rows)
        self.values[GRAND_TOTAL] = sum(self.values[row_total(r)] for r in self.rows)
        self.withheld: dict[Key, Suppressed] = {
            key: SMALL for key, value in self.values.items() if is_small(value)
        }

    def groups(self) -> list[tuple[list[Key], Key]]:
        groups = [([cell(r, c) for c in self.columns], row_total(r)) for r in self.rows]
        groups += [([cell(r, c) for r in self.rows], column_total(c)) for c in self.columns]
        groups.append(([row_total(r) for r in self.rows], GRAND_TOTAL))
        groups.append(([column_total(c) for c in self.columns], GRAND_TOTAL))
        return groups

    def withhold(self, key: Key) -> bool:
        if key in self.withheld:
            return False
        self.withheld[key] = SECONDARY
        return True

    def protect(self) -> None:
        changed = True
        while changed:
            changed = False
            for components, total in self.groups():
                if total in self.withheld:
                    continue
                hidden = [key for key in components if key in self.withheld]
                if len(hidden) != 1:
                    continue
                shown = [key for key in components if key not in self.withheld and self.values[key] > 0]
                # The smallest figure loses least; ties go to the first in table order.
                candidates = sorted(shown, key=lambda key: self.values[key])
                changed |= self.withhold(candidates[0] if candidates else total)

    def get(self, key: Key) -> int | Suppressed:
        return self.withheld.get(key, self.values[key])


def protect_together(first: CountTable, second: CountTable, shared: Sequence[tuple[Key, Key]]) -> None:
    """Protect two tables whose figures `shared` (pairs of keys) are the same numbers."""
    while True:
        first.protect()
        second.protect()
        changed = False
        for key_first, key_second in shared:
            if key_first in first.withheld and key_second not in second.withheld:
                changed |= second.withhold(key_second)
            if key_second in second.withheld and key_first not in first.withheld:
                changed |= first.withhold(key_first)
        if not changed:
            return


def follow(pattern: CountTable, values: dict[Key, object]) -> dict[Key, object]:
    """Derived figures (money) withheld wherever the count they come from is withheld."""
    return {key: (SECONDARY if key in pattern.withheld else value) for key, value in values.items()}
