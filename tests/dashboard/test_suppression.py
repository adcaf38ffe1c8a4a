"""Small cells in the open data: counts from 1 to 4 withheld, figures that would give them
away by subtraction withheld too, money and medians behind them as well."""

import pytest

from dashboard.open_data import OpenData
from dashboard.selectors import reference_lists
from dashboard.suppression import GRAND_TOTAL, CountTable, cell, column_total, row_total
from dashboard.tables import SECONDARY, SMALL
from districts.models import District
from schemes.models import Scheme


@pytest.fixture
def world(shared_world, db):
    """Built once for this module (the tests here only read it)."""
    return shared_world


def test_small_counts_are_withheld_and_zero_is_not():
    table = CountTable({("a", "x"): 3, ("a", "y"): 7, ("b", "x"): 9, ("b", "y"): 0}, ["a", "b"], ["x", "y"])
    assert table.get(cell("a", "x")) is SMALL
    assert table.get(cell("b", "y")) == 0
    table.protect()
    # Row a: 3 is alone, so 7 goes too; column x: 3 alone then, so 9 goes too.
    assert table.get(cell("a", "y")) is SECONDARY
    assert table.get(cell("b", "x")) is SECONDARY
    # Column y would give a's 7 back (b's is 0): its total goes, then column x's so that the
    # grand total cannot give y's back; row b likewise, then row a's.
    assert table.get(column_total("y")) is SECONDARY
    assert table.get(column_total("x")) is SECONDARY
    assert table.get(row_total("b")) is SECONDARY
    assert table.get(row_total("a")) is SECONDARY
    assert (table.get(GRAND_TOTAL), table.get(cell("b", "y"))) == (19, 0)


def test_no_group_is_left_with_a_lone_withheld_figure():
    counts = {(r, c): (r * 7 + c * 3) % 11 for r in range(8) for c in range(4)}
    table = CountTable(counts, range(8), range(4))
    table.protect()
    for components, total in table.groups():
        if total in table.withheld:
            continue
        assert sum(1 for key in components if key in table.withheld) != 1


@pytest.mark.django_db
def test_open_data_for_the_world(world):
    data = OpenData(year=world.year, lists=reference_lists())
    agra, lucknow = District.objects.get(slug="agra"), District.objects.get(slug="lucknow")
    kanpur = District.objects.get(slug="kanpur-nagar")
    tt, mm = Scheme.objects.get(code="TT"), Scheme.objects.get(code="MM")
    # Received: Agra 6, Lucknow 4. Lucknow's 4 is small; Agra's 6 would give it away from the
    # state's 10, so it is withheld too, and so is Agra's all-schemes total (its other
    # sub-schemes are 0, so the total would give Agra's 6 back).
    assert data.district(lucknow, tt).received is SMALL
    assert data.district(agra, tt).received is SECONDARY
    assert data.district(agra, None).received is SECONDARY
    assert data.district(lucknow, None).received is SMALL
    assert data.state(tt).received == 10 and data.state(None).received == 10
    assert data.district(agra, mm).received == 0 and data.district(kanpur, tt).received == 0
    # Approved: Agra 3, Lucknow 1, state 4: all small. Money follows the approved counts.
    for figures in (data.district(agra, tt), data.district(lucknow, None), data.state(tt), data.state(None)):
        assert figures.approved is SMALL
        assert figures.sanctioned is SECONDARY and figures.released is SECONDARY
    assert data.district(kanpur, tt).sanctioned == 0
    # Medians need 5 decisions: Agra has 4, Lucknow 2; the state's 6 give 28.5.
    assert data.district(agra, tt).median_days is SECONDARY
    assert data.district(lucknow, tt).median_days is SECONDARY
    assert data.state(tt).median_days == 28.5
    assert data.district(kanpur, tt).median_days is None
    assert data.district(agra, tt).withheld() == [
        "received",
        "approved",
        "sanctioned",
        "released",
        "median_days",
    ]
    # Months: April 7 received, May 3. May is small; April would give it away from the 10.
    april, may = data.months(tt)[:2]
    assert (april.received, may.received) == (SECONDARY, SMALL)
    assert (april.approved, may.approved) == (SMALL, SMALL)
    assert [m.received for m in data.months(tt)[2:]] == [0] * 10


@pytest.mark.django_db
def test_public_page_and_csv_show_marks_not_numbers(world, signed_in):
    client = signed_in(None)
    html = client.get(f"/dashboard/open-data/?year={world.year}&scheme=TT").content.decode()
    assert "&lt;5" in html
    for reference in (app.reference_number for app in world.apps.values()):
        assert reference not in html
    csv_text = client.get(f"/dashboard/open-data/districts.csv?year={world.year}&scheme=TT").content.decode(
        "utf-8-sig"
    )
    lines = {line.split(",")[0]: line for line in csv_text.splitlines()}
    assert lines["Agra"] == "Agra,Agra,c,<5,c,c,c"
    assert lines["Lucknow"] == "Lucknow,Lucknow,<5,<5,c,c,c"
    assert lines["Kanpur Nagar"] == "Kanpur Nagar,Kanpur,0,0,0.00,0.00,"
    assert lines["Uttar Pradesh"] == "Uttar Pradesh,,10,<5,c,c,28.5"
