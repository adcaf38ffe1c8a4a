"""The list costs the same number of queries for 2 files as for 12; so does one file, however
long its history."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.services.submission import start_application
from schemes.models import Scheme
from tests.applications.helpers import (
    at_committee,
    committee_member,
    make_applicant,
    officer,
    recommended,
    submitted_toolkit,
)
from tests.factories import StaffFactory

LIST_QUERIES = 1  # the page itself: forced authentication reads nothing, no COUNT for cursors


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 12])
@pytest.mark.parametrize("role", ["district_officer", "committee_member", "state_staff"])
def test_staff_list_queries_do_not_grow_with_the_rows(api, django_assert_num_queries, size, role):
    dic = officer("agra")
    for seed in range(size):
        application = submitted_toolkit(seed=10 + seed)
        if role == "committee_member":
            at_committee(application, dic)
    if role == "committee_member":
        user = committee_member()
    else:
        user = dic if role == "district_officer" else StaffFactory(role=role, district=dic.district)
    client = api(user)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get("/api/v1/applications/")
    assert len(response.json()["results"]) == size


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 4])
def test_artisan_list_queries_do_not_grow_with_the_rows(api, django_assert_num_queries, size):
    applicant = make_applicant()
    for scheme in Scheme.objects.order_by("code")[:size]:
        start_application(applicant=applicant, scheme=scheme)
    client = api(applicant.user)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get("/api/v1/applications/")
    assert len(response.json()["results"]) == size


@pytest.mark.django_db
def test_detail_queries_do_not_grow_with_the_history(api):
    dic = officer("agra")
    fresh = submitted_toolkit(seed=1)
    worked = recommended(submitted_toolkit(seed=2), dic)
    client = api(dic)
    counts = []
    for application in (fresh, worked):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/v1/applications/{application.pk}/")
        assert response.status_code == 200
        counts.append(len(queries))
    assert len(response.json()["timeline"]) == 3
    assert counts[0] == counts[1]
