"""The state dashboard's tables and charts, built from `DashboardData`. Every figure carries the
address of the list of applications behind it."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from dashboard import charts
from dashboard.board import DashboardData, DistrictLine, league
from dashboard.filters import PUBLIC_MEASURES, STAFF_MEASURES
from dashboard.formatting import format_value, group_indian, rupees
from dashboard.released import is_recorded
from dashboard.selectors import Figures
from dashboard.tables import Column, Kind, Row, Table

MEASURE_KINDS = {
    "received": Kind.COUNT,
    "pending": Kind.COUNT,
    "overdue": Kind.COUNT,
    "overdue_after": Kind.COUNT,
    "approved": Kind.COUNT,
    "rejected": Kind.COUNT,
    "sanctioned": Kind.MONEY,
    "released": Kind.MONEY,
    "median_days": Kind.DAYS,
    "physical_progress": Kind.PERCENT,
}


class Links:
    """Addresses of the application list for the figures of one scope and year."""

    def __init__(self, data: DashboardData):
        self.scope = data.scope
        self.base = reverse("dashboard:applications")
        self.filters = self.scope.filters()
        # A district's links appear in several tables and charts: made once each.
        self.made: dict[tuple, dict[str, str]] = {}
        # Each key=value, encoded once: a dashboard's thousands of links share a few dozen.
        self.pairs: dict[tuple, str] = {}

    def url(self, place: dict | None = None, **params) -> str:
        query = {**self.filters, **(place or {}), **params}
        return f"{self.base}?{'&'.join(self._pair(item) for item in query.items())}"

    def _pair(self, item: tuple) -> str:
        encoded = self.pairs.get(item)
        if encoded is None:
            encoded = self.pairs[item] = urlencode([item])
        return encoded

    def for_figures(self, place: dict | None = None) -> dict[str, str]:
        key = tuple((place or {}).items())
        if key not in self.made:
            self.made[key] = self._for_figures(place)
        return self.made[key]

    def _for_figures(self, place: dict | None) -> dict[str, str]:
        year = self.scope.year
        approved = self.url(place, outcome="approved", decided_in=year)
        return {
            "received": self.url(place, received_in=year),
            "pending": self.url(place, stage="pending"),
            "overdue": self.url(place, overdue="on", stage="pending"),
            "overdue_after": self.url(place, overdue="on", stage="after_approval"),
            "approved": approved,
            "rejected": self.url(place, outcome="rejected", decided_in=year),
            "decided": self.url(place, outcome="decided", decided_in=year),
            "sanctioned": approved,
            "released": approved,
            "committed": self.url(place, committed_in=year),
            "median_days": self.url(place, outcome="decided", decided_in=year),
            "p90_days": self.url(place, outcome="decided", decided_in=year),
        }


def _figure_values(figures: Figures, decision) -> dict:
    return {
        "received": figures.received,
        "pending": figures.pending,
        "overdue": figures.overdue,
        "overdue_after": figures.overdue_after,
        "approved": figures.approved,
        "rejected": figures.rejected,
        "decided": figures.approved + figures.rejected,
        "sanctioned": figures.sanctioned,
        "committed": figures.committed,
        "released": figures.released,
        "median_days": decision.median,
        "p90_days": decision.p90,
        "physical_progress": figures.physical_progress,
    }


def _figure_columns() -> list[Column]:
    return [
        Column("received", _("Received in the year"), Kind.COUNT),
        Column("pending", _("Waiting for a decision now (office and committee)"), Kind.COUNT),
        Column("overdue", _("Overdue before a decision"), Kind.COUNT),
        Column("overdue_after", _("Overdue after approval (bank, training, payment)"), Kind.COUNT),
        Column("approved", _("Approved in the year"), Kind.COUNT),
        Column("rejected", _("Rejected in the year"), Kind.COUNT),
        Column("sanctioned", _("Sanctioned (₹)"), Kind.MONEY),
        Column("released", _("Released (₹)"), Kind.MONEY),
        Column("median_days", _("Median days to decision"), Kind.DAYS),
        Column("p90_days", _("90th percentile days to decision"), Kind.DAYS),
    ]


def released_note() -> str:
    if is_recorded():
        return _(
            "Released: money paid by DBT and margin money released to banks, as recorded after "
            "approval, on the applications approved in the year."
        )
    return _("Released: not recorded yet; the stages after approval are not in use, so it shows 0.")


def staff_tables(data: DashboardData) -> dict[str, Table]:
    links = Links(data)
    year = data.scope.year
    tables: dict[str, Table] = {}

    summary_columns = [
        Column("received", _("Received in the year"), Kind.COUNT),
        Column("pending", _("Waiting for a decision now (office and committee)"), Kind.COUNT),
        Column("overdue", _("Overdue before a decision"), Kind.COUNT),
        Column("overdue_after", _("Overdue after approval (bank, training, payment)"), Kind.COUNT),
        Column("approved", _("Approved in the year"), Kind.COUNT),
        Column("rejected", _("Rejected in the year"), Kind.COUNT),
        Column("committed", _("Committed (₹)"), Kind.MONEY),
        Column("sanctioned", _("Sanctioned (₹)"), Kind.MONEY),
        Column("released", _("Released (₹)"), Kind.MONEY),
        Column("median_days", _("Median days to decision"), Kind.DAYS),
        Column("p90_days", _("90th percentile days to decision"), Kind.DAYS),
    ]
    tables["summary"] = Table(
        key="summary",
        title=_("Summary"),
        columns=summary_columns,
        rows=[Row(_figure_values(data.total, data.total_decision), links.for_figures())],
        note=_(
            "Committed: sanctioned in the year plus the benefit of files before a committee now "
            "(recommended, on an agenda or deferred)."
        )
        + " "
        + released_note(),
    )

    tables["statuses"] = Table(
        key="statuses",
        title=_("Applications received in the year, by status now"),
        columns=[Column("status", _("Status")), Column("files", _("Files"), Kind.COUNT)],
        rows=[
            Row({"status": label, "files": n}, {"files": links.url(status=value, received_in=year)})
            for value, label, n in data.statuses
        ],
        total=Row(
            {"status": _("Total"), "files": sum(n for _v, _l, n in data.statuses)},
            {"files": links.url(received_in=year)},
            css="total",
        ),
    )

    district_rows = []
    for line in data.districts:
        place = {"district": line.district.slug}
        values = {"district": line.district.name, "division": line.district.division.name}
        values.update(_figure_values(line.figures, line.decision))
        district_rows.append(Row(values, links.for_figures(place)))
    tables["districts"] = Table(
        key="districts",
        title=_("By district"),
        columns=[Column("district", _("District")), Column("division", _("Division")), *_figure_columns()],
        rows=district_rows,
        total=Row(
            {"district": _("Total"), "division": "", **_figure_values(data.total, data.total_decision)},
            links.for_figures(),
            css="total",
        ),
    )

    tables["divisions"] = Table(
        key="divisions",
        title=_("By division"),
        columns=[Column("division", _("Division")), *_figure_columns()],
        rows=[
            Row(
                {"division": line.division.name, **_figure_values(line.figures, line.decision)},
                links.for_figures({"division": line.division.slug, "district": ""}),
            )
            for line in data.divisions
        ],
    )

    tables["league"] = Table(
        key="league",
        title=_("District league table"),
        note=_(
            "Best first: fewest files waiting for a decision now, then the shortest median time "
            "from submission to decision this year."
        ),
        columns=[
            Column("rank", _("Rank"), Kind.COUNT),
            Column("district", _("District")),
            Column("pending", _("Waiting for a decision now (office and committee)"), Kind.COUNT),
            Column("overdue", _("Overdue before a decision"), Kind.COUNT),
            Column("overdue_after", _("Overdue after approval (bank, training, payment)"), Kind.COUNT),
            Column("decided", _("Decided in the year"), Kind.COUNT),
            Column("median_days", _("Median days to decision"), Kind.DAYS),
            Column("p90_days", _("90th percentile days to decision"), Kind.DAYS),
        ],
        rows=[
            Row(
                {"rank": rank, "district": line.district.name, **_figure_values(line.figures, line.decision)},
                links.for_figures({"district": line.district.slug}),
            )
            for rank, line in enumerate(league(data.districts), start=1)
        ],
    )

    tables["stages"] = Table(
        key="stages",
        title=_("Days spent at each stage"),
        note=_(
            "From entering a status to leaving it, for stays that ended in the year. "
            "Returned files wait with the applicant."
        ),
        columns=[
            Column("stage", _("Stage")),
            Column("count", _("Stays ended in the year"), Kind.COUNT),
            Column("median_days", _("Median days"), Kind.DAYS),
            Column("p90_days", _("90th percentile days"), Kind.DAYS),
        ],
        rows=[
            Row({"stage": label, "count": spread.count, "median_days": spread.median, "p90_days": spread.p90})
            for _value, label, spread in data.stages
        ],
    )

    tables["trend"] = Table(
        key="trend",
        title=_("Month by month"),
        columns=[
            Column("month", _("Month")),
            Column("received", _("Received"), Kind.COUNT),
            Column("approved", _("Approved"), Kind.COUNT),
            Column("rejected", _("Rejected"), Kind.COUNT),
        ],
        rows=[
            Row(
                {
                    "month": iso_month(month.year, month.month),
                    "received": month.received,
                    "approved": month.approved,
                    "rejected": month.rejected,
                }
            )
            for month in data.months
        ],
    )

    target_rows = []
    for line in data.districts:
        figures = line.figures
        place = {"district": line.district.slug}
        target_rows.append(
            Row(
                {
                    "district": line.district.name,
                    "target_physical": figures.target_physical,
                    "approved": figures.approved,
                    "physical_progress": figures.physical_progress,
                    "target_financial": figures.target_financial,
                    "sanctioned": figures.sanctioned,
                    "financial_progress": figures.financial_progress,
                    "closed": ", ".join(scheme.code for scheme in line.closed_schemes),
                },
                {"approved": links.url(place, outcome="approved", decided_in=year)},
                css="met" if line.closed_schemes else "",
            )
        )
    tables["targets"] = Table(
        key="targets",
        title=_("Progress against targets"),
        note=_(
            "Physical: beneficiaries approved in the year against the target; financial: benefit "
            "sanctioned against the target. A district that has met its physical target for the "
            "current year takes no new applications for that sub-scheme until the target is raised."
        ),
        columns=[
            Column("district", _("District")),
            Column("target_physical", _("Physical target"), Kind.COUNT),
            Column("approved", _("Approved"), Kind.COUNT),
            Column("physical_progress", _("Physical achieved"), Kind.PERCENT),
            Column("target_financial", _("Financial target (₹)"), Kind.MONEY),
            Column("sanctioned", _("Sanctioned (₹)"), Kind.MONEY),
            Column("financial_progress", _("Financial achieved"), Kind.PERCENT),
            Column("closed", _("Closed to new applications")),
        ],
        rows=target_rows,
    )
    return tables


def measure_label(measure: str) -> str:
    return str(dict(STAFF_MEASURES).get(measure, measure))


def _measure_value(line: DistrictLine, measure: str):
    return _figure_values(line.figures, line.decision).get(measure)


def iso_month(year: int, month: int) -> str:
    """2027-03: the same in Hindi and English, in tables, charts and downloads (Django's short
    Hindi month names are cut to a syllable, "दिस्", "मा")."""
    return f"{year}-{month:02d}"


def month_labels(data_months) -> list[str]:
    return [iso_month(month.year, month.month) for month in data_months]


def staff_charts(data: DashboardData, measure: str) -> dict:
    kind = MEASURE_KINDS.get(measure, Kind.COUNT)
    label = measure_label(measure)
    figure_links = Links(data)
    links = {
        line.district.name: figure_links.for_figures({"district": line.district.slug}).get(measure, "")
        for line in data.districts
    }
    values = [(line, _measure_value(line, measure)) for line in data.districts]
    ordered = sorted(values, key=lambda item: (item[1] is None, -(item[1] or 0), item[0].district.name_en))
    bars = [
        charts.Bar(
            label=line.district.name,
            value=None if value is None else float(value),
            text=format_value(value, kind),
            href=links.get(line.district.name, ""),
        )
        for line, value in ordered
    ]
    dots = [
        charts.Dot(
            label=line.district.name,
            lat=None if line.district.hq_lat is None else float(line.district.hq_lat),
            lon=None if line.district.hq_lon is None else float(line.district.hq_lon),
            value=None if value is None else float(value),
            text=format_value(value, kind),
            href=links.get(line.district.name, ""),
        )
        for line, value in values
    ]
    fmt = _axis_format(kind)
    return {
        "measure_label": label,
        "bars": charts.bar_chart(
            title=_("%(measure)s by district, %(year)s") % {"measure": label, "year": data.scope.year},
            description=_(
                "One bar per district, largest first; the same figures are in the table beside it."
            ),
            bars=bars,
        ),
        "bar_rows": [(bar.label, bar.text, bar.href) for bar in bars],
        "trend": charts.trend_chart(
            title=_("Month by month, %(year)s") % {"year": data.scope.year},
            description=_(
                "Applications received, approved and rejected in each month of the financial year."
            ),
            labels=month_labels(data.months),
            series=[
                charts.Series(_("Received"), [m.received for m in data.months]),
                charts.Series(_("Approved"), [m.approved for m in data.months]),
                charts.Series(_("Rejected"), [m.rejected for m in data.months]),
            ],
            fmt=lambda v: group_indian(round(v)),
        ),
        "map": charts.district_map(
            title=_("%(measure)s by district on the map, %(year)s")
            % {"measure": label, "year": data.scope.year},
            description=_(
                "Each dot is a district headquarters; darker means more. The table beside it lists the figures."
            ),
            dots=dots,
            fmt=fmt,
            no_data=_("No figure"),
            whole_numbers=kind == Kind.COUNT,
        ),
        "map_rows": [
            (dot.label, dot.text, charts.colour_class(dot.value, max((d.value or 0) for d in dots)), dot.href)
            for dot in sorted(dots, key=lambda d: d.label)
        ],
    }


def _axis_format(kind: str):
    if kind == Kind.MONEY:
        return lambda v: rupees(v)
    if kind in (Kind.DAYS, Kind.PERCENT):
        return lambda v: f"{v:.0f}"
    return lambda v: group_indian(round(v))


# --- Open data ------------------------------------------------------------------------------

PUBLIC_KINDS = {
    "received": Kind.COUNT,
    "approved": Kind.COUNT,
    "sanctioned": Kind.MONEY,
    "released": Kind.MONEY,
    "median_days": Kind.DAYS,
}


def _public_values(figures) -> dict:
    return {
        "received": figures.received,
        "approved": figures.approved,
        "sanctioned": figures.sanctioned,
        "released": figures.released,
        "median_days": figures.median_days,
    }


def _public_columns() -> list[Column]:
    return [
        Column("received", _("Applications received"), Kind.COUNT),
        Column("approved", _("Approved"), Kind.COUNT),
        Column("sanctioned", _("Benefits sanctioned (₹)"), Kind.MONEY),
        Column("released", _("Benefits released (₹)"), Kind.MONEY),
        Column("median_days", _("Median days to decision"), Kind.DAYS),
    ]


def suppression_note() -> str:
    return _(
        "So that no figure points to a person, counts from 1 to 4 are shown as <5. Figures that "
        "would let them be worked out by subtraction, money behind a withheld count, and medians "
        "of fewer than 5 decisions are shown as c."
    )


def public_tables(data, scheme) -> dict[str, Table]:
    """The open-data tables for one sub-scheme (or all), from the protected figures."""
    tables = {
        "districts": Table(
            key="districts",
            title=_("By district"),
            columns=[
                Column("district", _("District")),
                Column("division", _("Division")),
                *_public_columns(),
            ],
            rows=[
                Row(
                    {
                        "district": district.name,
                        "division": district.division.name,
                        **_public_values(data.district(district, scheme)),
                    }
                )
                for district in data.districts
            ],
            total=Row(
                {"district": _("Uttar Pradesh"), "division": "", **_public_values(data.state(scheme))},
                css="total",
            ),
            note=suppression_note() + " " + released_note(),
        ),
        "months": Table(
            key="months",
            title=_("Month by month"),
            columns=[
                Column("month", _("Month")),
                Column("received", _("Applications received"), Kind.COUNT),
                Column("approved", _("Approved"), Kind.COUNT),
            ],
            rows=[
                Row(
                    {
                        "month": iso_month(month.year, month.month),
                        "received": month.received,
                        "approved": month.approved,
                    }
                )
                for month in data.months(scheme)
            ],
            note=suppression_note(),
        ),
        "schemes": Table(
            key="schemes",
            title=_("By sub-scheme"),
            columns=[Column("scheme", _("Sub-scheme")), *_public_columns()],
            rows=[Row({"scheme": item.name, **_public_values(data.state(item))}) for item in data.schemes],
            total=Row({"scheme": _("All sub-schemes"), **_public_values(data.state(None))}, css="total"),
            note=suppression_note(),
        ),
    }
    return tables


def public_charts(data, scheme, measure: str) -> dict:
    kind = PUBLIC_KINDS.get(measure, Kind.COUNT)
    label = str(dict(PUBLIC_MEASURES).get(measure, measure))
    lines = [(district, data.district(district, scheme)) for district in data.districts]

    def number(figures):
        value = figures.number(measure)
        return None if value is None else float(value)

    ordered = sorted(
        lines, key=lambda item: (number(item[1]) is None, -(number(item[1]) or 0), item[0].name_en)
    )
    bars = [
        charts.Bar(label=d.name, value=number(f), text=format_value(getattr(f, measure), kind))
        for d, f in ordered
    ]
    dots = [
        charts.Dot(
            label=d.name,
            lat=None if d.hq_lat is None else float(d.hq_lat),
            lon=None if d.hq_lon is None else float(d.hq_lon),
            value=number(f),
            text=format_value(getattr(f, measure), kind),
        )
        for d, f in lines
    ]
    months = data.months(scheme)

    def plain(value):
        return value if isinstance(value, int) else None

    largest = max((dot.value for dot in dots if dot.value is not None), default=0)
    return {
        "measure_label": label,
        "bars": charts.bar_chart(
            title=_("%(measure)s by district, %(year)s") % {"measure": label, "year": data.year},
            description=_(
                "One bar per district, largest first; the same figures are in the table beside it."
            ),
            bars=bars,
        ),
        "bar_rows": [(bar.label, bar.text, "") for bar in bars],
        "trend": charts.trend_chart(
            title=_("Month by month, %(year)s") % {"year": data.year},
            description=_("Applications received and approved in each month of the financial year."),
            labels=[iso_month(m.year, m.month) for m in months],
            series=[
                charts.Series(_("Received"), [plain(m.received) for m in months]),
                charts.Series(_("Approved"), [plain(m.approved) for m in months]),
            ],
            fmt=lambda v: group_indian(round(v)),
        ),
        "map": charts.district_map(
            title=_("%(measure)s by district on the map, %(year)s") % {"measure": label, "year": data.year},
            description=_(
                "Each dot is a district headquarters; darker means more. The table beside it lists the figures."
            ),
            dots=dots,
            fmt=_axis_format(kind),
            no_data=_("No figure, or withheld"),
            whole_numbers=kind == Kind.COUNT,
        ),
        "map_rows": [
            (dot.label, dot.text, charts.colour_class(dot.value, largest), "")
            for dot in sorted(dots, key=lambda d: d.label)
        ],
    }
