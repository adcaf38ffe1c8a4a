"""Downloads: every table as CSV and Excel, with the figures on the screen, for the filters
chosen."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from dashboard.views import STAFF_TABLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(shared_world, db):
    """Built once for this module (the tests here only read it)."""
    return shared_world


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # so that Excel reads Hindi as UTF-8
    return list(csv.reader(io.StringIO(text[1:])))


def test_district_table_as_csv(world, state_staff, signed_in):
    response = signed_in(state_staff).get(f"/dashboard/download/districts.csv?year={world.year}")
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="odop-dashboard-districts-{world.year}-all-up.csv"'
    )
    rows = _csv(response)
    assert rows[0] == [
        "District",
        "Division",
        "Received in the year",
        "Waiting for a decision now (office and committee)",
        "Overdue before a decision",
        "Overdue after approval (bank, training, payment)",
        "Approved in the year",
        "Rejected in the year",
        "Sanctioned (₹)",
        "Released (₹)",
        "Median days to decision",
        "90th percentile days to decision",
    ]
    by_name = {row[0]: row for row in rows[1:]}
    assert len(rows) == 1 + 75 + 1
    assert by_name["Agra"] == [
        "Agra",
        "Agra",
        "6",
        "2",
        "1",
        "0",
        "3",
        "1",
        "66000.00",
        "0.00",
        "27.5",
        "39.1",
    ]
    assert by_name["Lucknow"] == [
        "Lucknow",
        "Lucknow",
        "4",
        "1",
        "0",
        "0",
        "1",
        "1",
        "22000.00",
        "0.00",
        "31.5",
        "35.1",
    ]
    assert by_name["Kanpur Nagar"] == [
        "Kanpur Nagar",
        "Kanpur",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0.00",
        "0.00",
        "",
        "",
    ]
    assert rows[-1] == ["Total", "", "10", "3", "1", "0", "4", "2", "88000.00", "0.00", "28.5", "39.5"]


def test_the_filters_chosen_apply_to_the_download(world, state_staff, signed_in):
    client = signed_in(state_staff)
    rows = _csv(client.get(f"/dashboard/download/districts.csv?year={world.year}&district=lucknow&scheme=TT"))
    assert [row[:3] for row in rows[1:]] == [["Lucknow", "Lucknow", "4"], ["Total", "", "4"]]
    rows = _csv(client.get(f"/dashboard/download/stages.csv?year={world.year}"))
    assert rows[1:] == [
        ["Submitted", "8", "1.5", "2.0"],
        ["Under scrutiny", "7", "7.0", "10.0"],
        ["Recommended to the committee", "5", "1.0", "1.0"],
        ["On the committee's agenda", "5", "20.0", "30.0"],
    ]
    rows = _csv(client.get(f"/dashboard/download/trend.csv?year={world.year}"))
    start = int(world.year[:4])
    assert rows[1:3] == [[f"{start}-04", "7", "1", "1"], [f"{start}-05", "3", "3", "1"]]
    rows = _csv(client.get(f"/dashboard/download/summary.csv?year={world.year}"))
    assert rows[1] == ["10", "3", "1", "0", "4", "2", "110000.00", "88000.00", "0.00", "28.5", "39.5"]


def test_excel_has_the_same_figures_as_numbers(world, state_staff, signed_in):
    response = signed_in(state_staff).get(f"/dashboard/download/districts.xlsx?year={world.year}")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content))["districts"]
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True)}
    assert rows["Agra"] == ("Agra", "Agra", 6, 2, 1, 0, 3, 1, 66000, 0, 27.5, 39.1)
    assert rows["Total"][2:10] == (10, 3, 1, 0, 4, 2, 88000, 0)
    assert isinstance(rows["Agra"][7], (int, float, Decimal))


def test_every_table_in_one_workbook(world, state_staff, signed_in):
    response = signed_in(state_staff).get(f"/dashboard/download/all.xlsx?year={world.year}")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == list(STAFF_TABLES)
    statuses = {row[0]: row[1] for row in workbook["statuses"].iter_rows(min_row=2, values_only=True)}
    assert (statuses["Approved"], statuses["Withdrawn"], statuses["Total"]) == (3, 1, 10)


@pytest.mark.parametrize(
    "url",
    ["/dashboard/download/nothing.csv", "/dashboard/download/districts.pdf", "/dashboard/download/all.csv"],
)
def test_unknown_downloads_are_404(state_staff, signed_in, url):
    assert signed_in(state_staff).get(url).status_code == 404


def test_open_data_downloads(world, signed_in):
    client = signed_in(None)
    rows = _csv(client.get(f"/dashboard/open-data/schemes.csv?year={world.year}"))
    assert rows[0] == [
        "Sub-scheme",
        "Applications received",
        "Approved",
        "Benefits sanctioned (₹)",
        "Benefits released (₹)",
        "Median days to decision",
    ]
    assert rows[1:] == [
        ["Margin Money", "0", "0", "0.00", "0.00", ""],
        ["Training and Toolkit", "10", "<5", "c", "c", "28.5"],
        ["Marketing Development Assistance", "0", "0", "0.00", "0.00", ""],
        ["Common Facility Centre", "0", "0", "0.00", "0.00", ""],
        ["All sub-schemes", "10", "<5", "c", "c", "28.5"],
    ]
    sheet = load_workbook(
        io.BytesIO(client.get(f"/dashboard/open-data/months.xlsx?year={world.year}").content)
    )["months"]
    assert (sheet["B2"].value, sheet["C2"].value, sheet["B3"].value) == ("c", "<5", "<5")
    start = int(world.year[:4])
    assert [sheet[f"A{row}"].value for row in (2, 10, 13)] == [
        f"{start}-04",
        f"{start}-12",
        f"{start + 1}-03",
    ]


@pytest.mark.parametrize("lang", ["hi", "en"])
def test_open_data_months_are_iso_in_either_language(client, world, lang):
    client.cookies["django_language"] = lang
    rows = _csv(client.get(f"/dashboard/open-data/months.csv?year={world.year}"))
    start = int(world.year[:4])
    months = [row[0] for row in rows[1:13]]
    assert months == [f"{start}-{m:02d}" for m in range(4, 13)] + [f"{start + 1}-{m:02d}" for m in (1, 2, 3)]
