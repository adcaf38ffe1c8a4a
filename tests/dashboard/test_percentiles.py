"""Medians and 90th percentiles: PERCENTILE_CONT on PostgreSQL, the histogram elsewhere, the
same numbers from both."""

from collections import Counter

import pytest
from django.db import connection

from dashboard import percentiles
from dashboard.percentiles import _percentile_from_histogram
from dashboard.selectors import Scope, decision_spreads, stage_spreads


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [
        ([11, 25, 27, 30, 36, 43], 0.5, 28.5),
        ([11, 25, 27, 30, 36, 43], 0.9, 39.5),
        ([11, 25, 30, 43], 0.9, 39.1),
        ([4, 4, 4, 7, 9, 10, 10], 0.5, 7.0),
        ([5], 0.9, 5.0),
        ([0.5, 1, 1, 1, 1], 0.5, 1.0),
    ],
)
def test_histogram_percentile_is_percentile_cont(values, fraction, expected):
    assert _percentile_from_histogram(Counter(values), fraction) == expected


def test_empty_histogram_has_no_percentile():
    assert _percentile_from_histogram(Counter(), 0.5) is None


@pytest.mark.django_db
def test_both_methods_agree_on_this_database(world, monkeypatch):
    """On PostgreSQL this compares PERCENTILE_CONT with the histogram; on SQLite the histogram
    with itself (the other method cannot run there)."""
    scope = Scope(year=world.year)
    native = (stage_spreads(scope), decision_spreads(scope))
    if connection.vendor == "postgresql":
        monkeypatch.setattr(percentiles, "_postgresql", percentiles._histogram)
    portable = (stage_spreads(scope), decision_spreads(scope))
    assert native == portable
    assert native[0]["on_agenda"] == percentiles.Spread(5, 20.0, 30.0)
