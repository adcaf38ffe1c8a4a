"""A what-if's results as the dashboard's tables: the same shape on the page and in the CSV and
Excel downloads (dashboard.exports)."""

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from dashboard.tables import Column, Kind, Row, Table
from rulechanges.models import WhatIf, WhatIfChange

TOP = 25


def _hindi() -> bool:
    return (get_language() or "").startswith("hi")


def _yes_no(value: bool | None) -> str:
    if value is None:
        return str(_("not known yet"))
    return str(_("Yes") if value else _("No"))


MONEY_COLUMNS = [
    Column("files", _("Files"), Kind.COUNT),
    Column("became_eligible", _("Become eligible"), Kind.COUNT),
    Column("became_ineligible", _("Become ineligible"), Kind.COUNT),
    Column("benefit_changed", _("Benefit changes"), Kind.COUNT),
    Column("before", _("Committed now (₹)"), Kind.MONEY),
    Column("after", _("Committed under the draft (₹)"), Kind.MONEY),
    Column("change", _("Change (₹)"), Kind.MONEY),
]


def _money_row(first: dict, tally: dict) -> Row:
    return Row(values={**first, **{c.key: tally.get(c.key) for c in MONEY_COLUMNS}})


def years_table(what_if: WhatIf) -> Table:
    results = what_if.results
    rows = [_money_row({"year": row["year"]}, row) for row in results.get("years", [])]
    total = _money_row({"year": str(_("All years"))}, results.get("state", {}))
    return Table(
        key="years",
        title=_("By financial year of submission"),
        columns=[Column("year", _("Financial year")), *MONEY_COLUMNS],
        rows=rows,
        total=total,
    )


def districts_table(what_if: WhatIf) -> Table:
    hindi = _hindi()
    rows = []
    for row in what_if.results.get("districts", []):
        rows.append(
            Row(
                values={
                    "district": row["name_hi"] if hindi and row["name_hi"] else row["name_en"],
                    **{c.key: row.get(c.key) for c in MONEY_COLUMNS},
                    "target_physical": row.get("target_physical"),
                    "physical_before": row.get("physical_before"),
                    "physical_after": row.get("physical_after"),
                    "target_financial": row.get("target_financial"),
                    "budget_before": row.get("budget_before"),
                    "budget_after": row.get("budget_after"),
                }
            )
        )
    return Table(
        key="districts",
        title=_("By district, with this year's target and budget meters"),
        note=_(
            "Meters: approved this financial year plus the eligible files waiting, as a share of the "
            "district's target (beneficiaries) and budget (rupees), now and under the draft."
        ),
        columns=[
            Column("district", _("District")),
            *MONEY_COLUMNS,
            Column("target_physical", _("Target (beneficiaries)"), Kind.COUNT),
            Column("physical_before", _("Target meter now (%)"), Kind.PERCENT),
            Column("physical_after", _("Target meter under the draft (%)"), Kind.PERCENT),
            Column("target_financial", _("Budget (₹)"), Kind.MONEY),
            Column("budget_before", _("Budget meter now (%)"), Kind.PERCENT),
            Column("budget_after", _("Budget meter under the draft (%)"), Kind.PERCENT),
        ],
        rows=rows,
    )


def reasons_table(what_if: WhatIf) -> Table:
    hindi = _hindi()
    rows = [
        Row(
            values={
                "rule": row["message_hi"] if hindi and row["message_hi"] else row["message_en"],
                "clause": row["clause"],
                "files": row["files"],
                "became_ineligible": row["became_ineligible"],
                "became_eligible": row["became_eligible"],
            }
        )
        for row in what_if.results.get("reasons", [])
    ]
    return Table(
        key="reasons",
        title=_("Why: the rules and figures that change the answer"),
        columns=[
            Column("rule", _("Rule or figure")),
            Column("clause", _("GO clause")),
            Column("files", _("Files"), Kind.COUNT),
            Column("became_ineligible", _("Become ineligible"), Kind.COUNT),
            Column("became_eligible", _("Become eligible"), Kind.COUNT),
        ],
        rows=rows,
    )


CHANGE_COLUMNS = [
    Column("reference", _("File")),
    Column("district", _("District")),
    Column("year", _("Financial year")),
    Column("was_eligible", _("Eligible now")),
    Column("is_eligible", _("Eligible under the draft")),
    Column("old_benefit", _("Benefit now (₹)"), Kind.MONEY),
    Column("new_benefit", _("Benefit under the draft (₹)"), Kind.MONEY),
    Column("change", _("Change (₹)"), Kind.MONEY),
    Column("why", _("Why")),
]


def _change_row(change: WhatIfChange) -> Row:
    hindi = _hindi()
    application = change.application
    why = "; ".join(
        f"{(r['message_hi'] if hindi and r['message_hi'] else r['message_en'])} ({r['clause']})"
        for r in change.reasons
    )
    return Row(
        values={
            "reference": application.reference_number or f"#{application.pk}",
            "district": change.district.name_hi
            if hindi and change.district.name_hi
            else change.district.name_en,
            "year": change.financial_year,
            "was_eligible": _yes_no(change.was_eligible),
            "is_eligible": _yes_no(change.is_eligible),
            "old_benefit": change.old_benefit,
            "new_benefit": change.new_benefit,
            "change": change.change,
            "why": why,
        },
        links={"reference": reverse("applications:office_file", args=[application.pk])},
    )


def changes_query(what_if: WhatIf):
    return (
        WhatIfChange.objects.filter(what_if=what_if)
        .select_related("application", "district")
        .only(
            "financial_year",
            "was_eligible",
            "is_eligible",
            "old_benefit",
            "new_benefit",
            "change",
            "reasons",
            "application__reference_number",
            "district__name_en",
            "district__name_hi",
        )
    )


def largest_changes_table(what_if: WhatIf, limit: int = TOP) -> Table:
    """The files with the largest change either way, each linked to its file. Two queries."""
    query = changes_query(what_if)
    up = list(query.filter(change__gt=Decimal("0")).order_by("-change", "id")[:limit])
    down = list(query.filter(change__lte=Decimal("0")).order_by("change", "id")[:limit])
    largest = sorted(up + down, key=lambda c: (-abs(c.change), c.pk))[:limit]
    return Table(
        key="largest",
        title=_("Files with the largest change"),
        columns=CHANGE_COLUMNS,
        rows=[_change_row(change) for change in largest],
    )


def all_changes_table(what_if: WhatIf) -> Table:
    return Table(
        key="files",
        title=_("Every file that changes"),
        columns=CHANGE_COLUMNS,
        rows=[
            _change_row(change) for change in changes_query(what_if).order_by("id").iterator(chunk_size=2000)
        ],
    )


def admitted_table(what_if: WhatIf) -> Table:
    """A target what-if: the files the raised target would admit, in queue order."""
    return Table(
        key="admitted",
        title=_("Files the raised target would admit, in the order they were submitted"),
        columns=[c for c in CHANGE_COLUMNS if c.key in ("reference", "district", "year", "new_benefit")],
        rows=[_change_row(change) for change in changes_query(what_if).order_by("id")],
    )
