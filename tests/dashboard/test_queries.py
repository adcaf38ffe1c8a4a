"""The dashboard, its downloads, the list behind a figure and the open data cost the same
number of queries for 30 applications as for 240.

The applications are created directly by `dashboard.synthetic.fill` (rows written with
bulk_create, not through the services): many files in every state, cheaply. Every other test
of the figures builds its applications through the services."""

import pytest
from django.db import transaction

from dashboard.synthetic import fill
from dashboard.years import current_year

# Session and user of a signed-in request.
SIGNED_IN = 2
# Districts with divisions, and sub-schemes.
REFERENCE = 2
# Whether moves are waiting to be counted in the summaries (`fill` counts its own files).
SUMMARIES = 1
# From the summaries: the year's month figures, files waiting now, days to decision, days per
# stage; from the files: overdue now; and targets and statuses (the workflow's tallies).
DASHBOARD = 7
# From the summaries: the year's month figures, days to decision.
OPEN_DATA = 2
# The page of files, and the sub-schemes of the queue's filter.
LIST_PAGE = 2


@pytest.fixture(scope="module", params=[30, 240], ids=["30 files", "240 files"])
def filled_database(request, django_db_setup, django_db_blocker):
    """Filled once per size; rolled back after the tests of that size (see `shared_world`)."""
    with django_db_blocker.unblock(), transaction.atomic():
        assert fill(count=request.param, seed=request.param, batch_size=100) == request.param
        yield request.param
        transaction.set_rollback(True)


@pytest.fixture
def filled(filled_database, db):
    return filled_database


@pytest.mark.parametrize(
    "query",
    ["", "?scheme=TT", "?district=agra&measure=median_days", "?division=lucknow&year=2025-26"],
)
def test_dashboard(filled, state_staff, signed_in, django_assert_num_queries, query):
    client = signed_in(state_staff)
    # + 1: the outbox's figures (deferred work waiting, parked).
    with django_assert_num_queries(SIGNED_IN + REFERENCE + SUMMARIES + DASHBOARD + 1):
        response = client.get(f"/dashboard/{query}")
    assert response.status_code == 200
    assert "Deferred work: 0 waiting, the oldest for 0 s; 0 parked." in response.content.decode()


@pytest.mark.parametrize("table", ["districts.csv", "all.xlsx"])
def test_downloads(filled, state_staff, signed_in, django_assert_num_queries, table):
    client = signed_in(state_staff)
    with django_assert_num_queries(SIGNED_IN + REFERENCE + SUMMARIES + DASHBOARD):
        assert client.get(f"/dashboard/download/{table}").status_code == 200


def test_targets_page(filled, state_staff, signed_in, django_assert_num_queries):
    client = signed_in(state_staff)
    with django_assert_num_queries(SIGNED_IN + REFERENCE + SUMMARIES + DASHBOARD):
        assert client.get(f"/dashboard/targets/?year={current_year()}").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/dashboard/open-data/",
        "/dashboard/open-data/districts.csv?scheme=MM",
        "/api/v1/stats/districts/",
        "/api/v1/stats/months/?scheme=TT",
        "/api/v1/stats/schemes/",
    ],
)
def test_open_data(filled, signed_in, django_assert_num_queries, url):
    client = signed_in(None)
    with django_assert_num_queries(REFERENCE + SUMMARIES + OPEN_DATA):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "query", ["", "?stage=pending", "?district=agra&outcome=approved&decided_in=2025-26"]
)
def test_list_behind_a_figure(filled, state_staff, signed_in, django_assert_num_queries, query):
    client = signed_in(state_staff)
    with django_assert_num_queries(SIGNED_IN + REFERENCE + LIST_PAGE):
        assert client.get(f"/dashboard/applications/{query}").status_code == 200
