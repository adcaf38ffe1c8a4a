"""Charts drawn on the server as SVG: one dot per district coloured by its class, bars, the
month chart; readable at 360 px (360-unit viewBox, full width), no script."""

import re

import pytest

from dashboard import charts, reports
from dashboard.board import dashboard_data
from dashboard.open_data import OpenData
from dashboard.selectors import Scope, reference_lists
from schemes.models import Scheme

DOT = re.compile(r'<circle class="dot (m[\w-]+)"[^>]*><title>([^<]+): ([^<]+)</title></circle>')


@pytest.fixture
def world(shared_world, db):
    """Built once for this module (the tests here only read it)."""
    return shared_world


def dots(svg: str) -> dict[str, tuple[str, str]]:
    return {name: (klass, text) for klass, name, text in DOT.findall(str(svg))}


@pytest.mark.parametrize(
    ("value", "largest", "expected"),
    [
        (0, 6, 0),
        (1, 6, 0),
        (2, 6, 1),
        (4, 6, 3),
        (6, 6, 4),
        (5, 0, 0),
        (None, 6, None),
        (27.5, 31.5, 4),
        (6.3, 31.5, 1),
    ],
)
def test_colour_classes_are_fifths_of_the_range(value, largest, expected):
    assert charts.colour_class(value, largest) == expected


@pytest.mark.django_db
def test_staff_map_has_one_dot_per_district_with_the_right_colour(world):
    data = dashboard_data(Scope(year=world.year), reference_lists())
    svg = reports.staff_charts(data, "received")["map"]
    found = dots(svg)
    assert len(found) == 75 and str(svg).count('<circle class="dot ') == 75
    # Agra 6 of a largest 6: the darkest fifth; Lucknow 4: the fourth; everyone else 0.
    assert found["Agra"] == ("m4", "6")
    assert found["Lucknow"] == ("m3", "4")
    assert {klass for name, (klass, _t) in found.items() if name not in ("Agra", "Lucknow")} == {"m0"}
    assert 'fill="#b30000"' in str(svg)
    legend = re.findall(
        r'<g class="legend-item"><circle class="dot-key ([\w-]+)".*?<text[^>]*>([^<]+)</text>', str(svg)
    )
    assert legend == [
        ("m0", "0 – 1"),
        ("m1", "2"),
        ("m2", "3"),
        ("m3", "4"),
        ("m4", "5 – 6"),
        ("m-none", "No figure"),
    ]
    svg = reports.staff_charts(data, "median_days")["map"]
    found = dots(svg)
    assert found["Agra"] == ("m4", "27.5") and found["Lucknow"] == ("m4", "31.5")
    assert found["Varanasi"] == ("m-none", "–")


@pytest.mark.django_db
def test_public_map_leaves_withheld_figures_uncoloured(world):
    tt = Scheme.objects.get(code="TT")
    data = OpenData(year=world.year, lists=reference_lists())
    found = dots(reports.public_charts(data, tt, "received")["map"])
    assert len(found) == 75
    assert found["Agra"] == ("m-none", "c") and found["Lucknow"] == ("m-none", "&lt;5")
    assert found["Varanasi"] == ("m0", "0")


@pytest.mark.django_db
def test_bars_trend_and_size(world):
    data = dashboard_data(Scope(year=world.year), reference_lists())
    drawn = reports.staff_charts(data, "approved")
    bars = str(drawn["bars"])
    assert bars.count('<g class="bar-row">') == 75
    assert bars.count('<rect class="bar"') == 2  # only Agra and Lucknow approved anything
    first = re.search(r'<g class="bar-row">.*?</g>', bars).group(0)
    assert "Agra: 3" in first and f"decided_in={world.year}" in first and "district=agra" in first
    trend = str(drawn["trend"])
    assert trend.count('<rect class="series-0"') == 2  # received in April and May only
    for svg in (drawn["bars"], drawn["map"], drawn["trend"]):
        text = str(svg)
        assert re.match(r'<svg class="chart [\w-]+" viewBox="0 0 360 [\d.]+" width="100%"', text)
        assert "<script" not in text and "http://" not in text.replace("http://www.w3.org/2000/svg", "")
        assert "<title>" in text and "<desc>" in text


def test_labels_are_escaped():
    svg = str(charts.bar_chart(title="<t>", description="d", bars=[charts.Bar('A "&" <b>', 1.0, "1")]))
    assert "<b>" not in svg and "&lt;b&gt;" in svg


@pytest.mark.django_db
def test_no_figure_has_its_own_mark_unlike_the_lowest_class(world):
    tt = Scheme.objects.get(code="TT")
    data = OpenData(year=world.year, lists=reference_lists())
    svg = str(reports.public_charts(data, tt, "received")["map"])
    circles = re.findall(r'<circle class="(?:dot|dot-key) (m[\w-]+)"([^>]*)>', svg)
    looks = {}
    for klass, attributes in circles:
        looks.setdefault(klass, set()).add(re.sub(r'\s*c[xy]="[^"]*"', "", attributes).strip(" /"))
    # Every dot of a class looks the same as its legend key, and "no figure" looks like no class.
    assert all(len(variants) == 1 for variants in looks.values()), looks
    (none,) = looks["m-none"]
    (lowest,) = looks["m0"]
    assert "stroke-dasharray" in none and "stroke-dasharray" not in lowest
    assert 'fill="#ffffff"' in none and 'fill="#ffffff"' not in lowest


def test_chart_text_is_large_enough_for_a_phone():
    svg = str(
        charts.trend_chart(
            title="t",
            description="d",
            labels=[f"2026-{m:02d}" for m in range(1, 13)],
            series=[charts.Series("Received", [1] * 12)],
            fmt=str,
        )
    )
    sizes = [int(size) for size in re.findall(r'font-size="(\d+)"', svg)]
    assert sizes and min(sizes) >= 14
    assert "2026-03" in svg
