"""The admin for staff: targets, committees with their members, meetings read-only; never the
applications themselves."""

import pytest
from django.contrib import admin

from applications.models import Application
from committees.models import Committee, Meeting
from schemes.models import Scheme, Target
from tests.factories import StaffFactory, district

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(client):
    user = StaffFactory(role="admin", district=None, is_staff=True, is_superuser=True)
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return user


def _target_form(**overrides):
    data = {
        "district": str(district("agra").pk),
        "scheme": str(Scheme.objects.get(code="TT").pk),
        "financial_year": "2026-27",
        "physical": "25",
        "financial": "500000",
    }
    data.update(overrides)
    return data


def test_targets_are_edited_in_the_admin(client, administrator):
    response = client.post("/admin/schemes/target/add/", _target_form())
    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.physical, target.updated_by) == (25, administrator)
    # One target per district, sub-scheme and year; the year is checked.
    response = client.post("/admin/schemes/target/add/", _target_form(physical="30"))
    assert response.status_code == 200 and Target.objects.count() == 1
    response = client.post(
        "/admin/schemes/target/add/",
        _target_form(financial_year="2026-28", district=str(district("lucknow").pk)),
    )
    assert response.status_code == 200 and "Write the financial year as 2026-27" in response.content.decode()
    listing = client.get("/admin/schemes/target/?financial_year=2026-27&q=Agra")
    assert listing.status_code == 200 and "Agra" in listing.content.decode()


def test_committees_with_members_and_read_only_meetings(client, administrator):
    committee = Committee.objects.get(kind="tsc", district__slug="agra")
    assert client.get("/admin/committees/committee/?kind=tsc&q=Agra").status_code == 200
    page = client.get(f"/admin/committees/committee/{committee.pk}/change/").content.decode()
    assert "memberships-TOTAL_FORMS" in page
    meeting = Meeting.objects.create(committee=committee, scheduled_for="2026-12-15T11:00:00+05:30")
    assert client.get(f"/admin/committees/meeting/{meeting.pk}/change/").status_code == 200
    assert client.get("/admin/committees/meeting/add/").status_code == 403
    response = client.post(f"/admin/committees/meeting/{meeting.pk}/change/", {"venue": "Elsewhere"})
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.venue == ""


def test_applications_are_not_in_the_admin():
    assert not admin.site.is_registered(Application)
