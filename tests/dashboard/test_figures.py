"""Every figure of the state dashboard against the hand-worked values of `world.py`."""

import re
from decimal import Decimal
from html import unescape

import pytest

from applications.workflow import Status
from dashboard.board import dashboard_data, league
from dashboard.selectors import Scope, reference_lists
from districts.models import District, Division
from schemes.models import Scheme, Target
from tests.dashboard.world import BENEFIT

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(shared_world, db):
    """Built once for this module (the tests here only read it)."""
    return shared_world


def _data(world, **scope):
    return dashboard_data(Scope(year=world.year, **scope), reference_lists())


def _line(data, slug):
    return next(line for line in data.districts if line.district.slug == slug)


def test_the_fixture_is_what_the_hand_calculations_assume(world):
    assert {name: app.status for name, app in world.apps.items()} == {
        "A1": Status.APPROVED,
        "A2": Status.APPROVED,
        "A3": Status.REJECTED,
        "A4": Status.RETURNED,
        "A5": Status.SUBMITTED,
        "A6": Status.ON_AGENDA,
        "L1": Status.APPROVED,
        "L2": Status.REJECTED,
        "L3": Status.WITHDRAWN,
        "L4": Status.SUBMITTED,
        "P1": Status.APPROVED,
    }
    assert {app.benefit_amount for app in world.apps.values()} == {BENEFIT}
    assert Decimal("22000.00") == BENEFIT


def test_state_totals(world):
    data = _data(world)
    total = data.total
    assert (total.received, total.pending, total.overdue, total.approved, total.rejected) == (10, 3, 1, 4, 2)
    assert total.sanctioned == Decimal("88000.00")
    assert total.before_committee == Decimal("22000.00")
    assert total.committed == Decimal("110000.00")
    assert total.released == Decimal("0")
    assert (data.total_decision.count, data.total_decision.median, data.total_decision.p90) == (6, 28.5, 39.5)


def test_by_district_and_division(world):
    data = _data(world)
    agra, lucknow = _line(data, "agra"), _line(data, "lucknow")
    figures = agra.figures
    assert (figures.received, figures.pending, figures.overdue, figures.approved, figures.rejected) == (
        6,
        2,
        1,
        3,
        1,
    )
    assert (figures.sanctioned, figures.committed) == (Decimal("66000.00"), Decimal("88000.00"))
    assert (agra.decision.count, agra.decision.median, agra.decision.p90) == (4, 27.5, 39.1)
    figures = lucknow.figures
    assert (figures.received, figures.pending, figures.overdue, figures.approved, figures.rejected) == (
        4,
        1,
        0,
        1,
        1,
    )
    assert (figures.sanctioned, figures.committed) == (Decimal("22000.00"), Decimal("22000.00"))
    assert (lucknow.decision.count, lucknow.decision.median, lucknow.decision.p90) == (2, 31.5, 35.1)
    others = [line for line in data.districts if line.district.slug not in ("agra", "lucknow")]
    assert len(others) == 73 and all(
        line.figures.received == 0 and line.decision.count == 0 for line in others
    )
    divisions = {line.division.slug: line for line in data.divisions}
    assert len(divisions) == 18
    assert divisions["agra"].figures.approved == 3 and divisions["agra"].decision.median == 27.5
    assert divisions["lucknow"].figures.received == 4 and divisions["lucknow"].decision.p90 == 35.1


def test_statuses_months_and_stages(world):
    data = _data(world)
    statuses = {value: n for value, _label, n in data.statuses}
    assert {k: v for k, v in statuses.items() if v} == {
        "submitted": 2,
        "returned": 1,
        "on_agenda": 1,
        "approved": 3,
        "rejected": 2,
        "withdrawn": 1,
    }
    months = [(m.month, m.received, m.approved, m.rejected) for m in data.months]
    assert months[:2] == [(4, 7, 1, 1), (5, 3, 3, 1)]
    assert [m[0] for m in months] == [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]
    assert all(m[1:] == (0, 0, 0) for m in months[2:])
    stages = {value: (s.count, s.median, s.p90) for value, _label, s in data.stages}
    assert stages == {
        "submitted": (8, 1.5, 2.0),
        "under_scrutiny": (7, 7.0, 10.0),
        "recommended": (5, 1.0, 1.0),
        "on_agenda": (5, 20.0, 30.0),
    }


def test_a_district_scheme_and_year_narrow_every_figure(world):
    data = _data(world, district=District.objects.get(slug="lucknow"))
    assert [line.district.slug for line in data.districts] == ["lucknow"]
    assert (data.total.received, data.total.approved, data.total_decision.median) == (4, 1, 31.5)
    assert {value: n for value, _l, n in data.statuses if n} == {
        "approved": 1,
        "rejected": 1,
        "withdrawn": 1,
        "submitted": 1,
    }
    data = _data(world, division=Division.objects.get(slug="agra"))
    assert {line.district.slug for line in data.districts} == set(
        District.objects.filter(division__slug="agra").values_list("slug", flat=True)
    )
    assert (data.total.received, data.total.approved) == (6, 3)
    data = _data(world, scheme=Scheme.objects.get(code="MM"))
    assert (data.total.received, data.total.pending, data.total.approved, data.total.sanctioned) == (
        0,
        0,
        0,
        0,
    )
    assert data.stages == []
    older = dashboard_data(Scope(year=f"{int(world.year[:4]) - 1}-{world.year[2:4]}"), reference_lists())
    # The year before Y: P1 was received then, decided in Y; files pending now are pending in any year.
    assert (older.total.received, older.total.approved, older.total.pending) == (1, 0, 3)


def test_targets_progress(world):
    tt = Scheme.objects.get(code="TT")
    Target.objects.create(
        district=District.objects.get(slug="agra"),
        scheme=tt,
        financial_year=world.year,
        physical=3,
        financial=100000,
    )
    Target.objects.create(
        district=District.objects.get(slug="lucknow"),
        scheme=tt,
        financial_year=world.year,
        physical=5,
        financial=50000,
    )
    data = _data(world)
    agra, lucknow = _line(data, "agra").figures, _line(data, "lucknow").figures
    assert (agra.target_physical, agra.physical_progress, agra.financial_progress) == (3, 100.0, 66.0)
    assert (lucknow.target_physical, lucknow.physical_progress, lucknow.financial_progress) == (5, 20.0, 44.0)
    assert _line(data, "agra").closed_schemes == []  # a past year closes nothing
    assert _line(data, "kanpur-nagar").figures.target_physical is None


def test_league_ranks_by_pendency_then_time_to_decision(world):
    data = _data(world)
    ranked = [line.district.slug for line in league(data.districts)]
    assert ranked[-2:] == ["lucknow", "agra"]
    assert len(ranked) == 75


def _links(html: str) -> dict[str, str]:
    """Figure cards on the dashboard: class -> (value, link)."""
    cards = re.findall(
        r'<li class="figure figure-(\w+)">.*?<span class="value">(.*?)</span></li>', html, re.S
    )
    out = {}
    for key, inner in cards:
        match = re.search(r'<a href="([^"]+)">([^<]+)</a>', inner)
        out[key] = (unescape(match.group(2)), unescape(match.group(1))) if match else (unescape(inner), "")
    return out


def _references(html: str) -> set[str]:
    return set(re.findall(r"ODOP/TT/\w+/\d{4}-\d\d/\d{6}", html))


def test_each_figure_links_to_the_list_behind_it(world, state_staff, signed_in):
    client = signed_in(state_staff)
    response = client.get(f"/dashboard/?year={world.year}")
    assert response.status_code == 200
    cards = _links(response.content.decode())
    apps = world.apps
    expected = {
        "received": ("10", {n for n in apps if n != "P1"}),
        "pending": ("3", {"A5", "A6", "L4"}),
        "overdue": ("1", {"A5"}),
        "overdue_after": ("0", set()),
        "approved": ("4", {"A1", "A2", "L1", "P1"}),
        "rejected": ("2", {"A3", "L2"}),
        "committed": ("₹1,10,000", {"A1", "A2", "L1", "P1", "A6"}),
        "sanctioned": ("₹88,000", {"A1", "A2", "L1", "P1"}),
        "released": ("₹0", {"A1", "A2", "L1", "P1"}),
        "median_days": ("28.5", {"A1", "A2", "A3", "L1", "L2", "P1"}),
    }
    for key, (text, names) in expected.items():
        value, link = cards[key]
        assert value == text, key
        listed = _references(client.get(link).content.decode())
        assert listed == {apps[n].reference_number for n in names}, key


def test_district_and_status_numbers_link_to_their_lists(world, state_staff, signed_in):
    client = signed_in(state_staff)
    html = client.get(f"/dashboard/?year={world.year}").content.decode()
    link = f'/dashboard/applications/?district=agra&amp;received_in={world.year}">6</a>'
    assert link in html
    listed = _references(
        client.get(f"/dashboard/applications/?district=agra&received_in={world.year}").content.decode()
    )
    assert listed == {world.apps[n].reference_number for n in ("A1", "A2", "A3", "A4", "A5", "A6")}
    listed = _references(
        client.get(f"/dashboard/applications/?status=approved&received_in={world.year}").content.decode()
    )
    assert listed == {world.apps[n].reference_number for n in ("A1", "A2", "L1")}
    # Filters of the office queue work here too.
    listed = _references(
        client.get("/dashboard/applications/?scheme=TT&status=submitted&district=lucknow").content.decode()
    )
    assert listed == {world.apps["L4"].reference_number}


def test_overdue_is_split_before_a_decision_and_after_approval(world, state_staff, signed_in):
    """An approved file past its time limit (the DIC has not sent it on) counts as overdue after
    approval, not beside the files waiting for a decision, so "overdue" never exceeds "waiting"."""
    from datetime import timedelta

    from django.utils import timezone

    from applications.models import Application

    # As the world sets dates directly: A1's stage after approval ran out yesterday.
    Application.objects.filter(pk=world.apps["A1"].pk).update(due_at=timezone.now() - timedelta(days=1))
    client = signed_in(state_staff)
    cards = _links(client.get(f"/dashboard/?year={world.year}").content.decode())
    assert (cards["pending"][0], cards["overdue"][0], cards["overdue_after"][0]) == ("3", "1", "1")
    assert _references(client.get(cards["overdue"][1]).content.decode()) == {
        world.apps["A5"].reference_number
    }
    assert _references(client.get(cards["overdue_after"][1]).content.decode()) == {
        world.apps["A1"].reference_number
    }


def test_a_district_chosen_with_a_division_says_the_district_applies(world, state_staff, signed_in):
    html = signed_in(state_staff).get(f"/dashboard/?year={world.year}&division=lucknow&district=agra").content
    html = html.decode()
    assert "the figures are for the district, Agra; the division is not used." in html
    assert "the division is not used" not in (
        signed_in(state_staff).get(f"/dashboard/?year={world.year}&district=agra").content.decode()
    )
