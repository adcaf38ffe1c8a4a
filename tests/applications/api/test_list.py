"""The list: keyset pages in a stable order, and the office queue's filters."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from applications.models import Application
from applications.services.submission import start_application
from schemes.models import Scheme
from tests.applications.helpers import officer, recommended, submitted_toolkit, under_scrutiny


def _path(url: str) -> str:
    return urlsplit(url)._replace(scheme="", netloc="").geturl()


def _walk(client, url: str) -> list[list[int]]:
    pages = []
    while url:
        body = client.get(url).json()
        pages.append([row["id"] for row in body["results"]])
        url = body["next"] and _path(body["next"])
    return pages


@pytest.mark.django_db
def test_staff_pages_follow_the_submission_order_without_gaps_or_repeats(people, api):
    applications = [submitted_toolkit(seed=10 + n) for n in range(7)]
    pages = _walk(api(people.agra_officer), "/api/v1/applications/?page_size=3")
    assert pages == [
        [a.pk for a in applications[0:3]],
        [a.pk for a in applications[3:6]],
        [applications[6].pk],
    ]


@pytest.mark.django_db
def test_a_file_moving_between_pages_is_neither_lost_nor_repeated(people, api):
    applications = [submitted_toolkit(seed=10 + n) for n in range(4)]
    client = api(people.agra_officer)
    first = client.get("/api/v1/applications/?page_size=2").json()
    # The office works on a file of the first page meanwhile: its position (submission) stays.
    under_scrutiny(applications[0], people.agra_officer)
    rest = _walk(client, _path(first["next"]))
    seen = [row["id"] for row in first["results"]] + [pk for page in rest for pk in page]
    assert seen == [a.pk for a in applications]


@pytest.mark.django_db
def test_artisan_pages_are_newest_first(people, api):
    schemes = list(Scheme.objects.order_by("code"))
    drafts = [start_application(applicant=people.owner, scheme=scheme) for scheme in schemes]
    pages = _walk(api(people.owner.user), "/api/v1/applications/?page_size=3")
    newest_first = [d.pk for d in reversed(drafts)]
    assert pages == [newest_first[:3], newest_first[3:]]


@pytest.mark.django_db
def test_page_size_is_capped(people, api):
    submitted_toolkit(seed=10)
    response = api(people.agra_officer).get("/api/v1/applications/?page_size=1000")
    assert response.status_code == 200
    assert response.json()["next"] is None


@pytest.mark.django_db
def test_filters_of_the_office_queue(people, api):
    dic = people.agra_officer
    footwear = submitted_toolkit(seed=10)
    at_committee = recommended(submitted_toolkit(seed=11, full_name="Sita Devi"), dic)
    overdue = submitted_toolkit(seed=12)
    Application.objects.filter(pk=overdue.pk).update(due_at=timezone.now() - timedelta(days=1))
    client = api(dic)

    def ids(query: str) -> list[int]:
        response = client.get(f"/api/v1/applications/?{query}")
        assert response.status_code == 200, response.json()
        return [row["id"] for row in response.json()["results"]]

    assert ids("status=recommended") == [at_committee.pk]
    assert ids("q=sita") == [at_committee.pk]
    assert ids(f"q={footwear.reference_number}") == [footwear.pk]
    assert ids("scheme=TT") == [footwear.pk, at_committee.pk, overdue.pk]
    assert ids("scheme=MM") == []
    assert ids(f"product={footwear.product_id}") == [footwear.pk, at_committee.pk, overdue.pk]
    assert ids("overdue=true") == [overdue.pk]
    today = timezone.localdate().isoformat()
    assert ids(f"submitted_from={today}&submitted_to={today}") == [footwear.pk, at_committee.pk, overdue.pk]
    assert ids("submitted_to=2000-01-01") == []
    assert ids("assigned_to_me=true") == [at_committee.pk]
    # Another district's officer filters only within their own district.
    assert api(officer("lucknow")).get("/api/v1/applications/?status=recommended").json()["results"] == []
