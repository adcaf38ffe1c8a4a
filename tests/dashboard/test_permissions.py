"""Who may see what: the dashboard, its downloads and targets are for state staff and
administrators; the list behind a figure also for district officers, limited to their
district; the open data for everyone."""

import pytest

from schemes.models import Target
from tests.applications.helpers import make_applicant
from tests.factories import StaffFactory, district

pytestmark = pytest.mark.django_db

STATE_ONLY = [
    "/dashboard/",
    "/dashboard/download/districts.csv",
    "/dashboard/download/all.xlsx",
    "/dashboard/targets/",
]


@pytest.fixture
def people(db):
    return {
        "artisan": make_applicant(seed=900).user,
        "district_officer": StaffFactory(role="district_officer", district=district("agra")),
        "committee_member": StaffFactory(role="committee_member", district=district("agra")),
        "bank_officer": StaffFactory(role="bank_officer", district=district("agra")),
        "state_staff": StaffFactory(role="state_staff", district=None),
        "admin": StaffFactory(role="admin", district=None),
    }


@pytest.mark.parametrize("url", STATE_ONLY)
def test_anonymous_visitors_are_sent_to_sign_in(signed_in, url):
    response = signed_in(None).get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/staff/login/?next=")


@pytest.mark.parametrize("url", STATE_ONLY)
@pytest.mark.parametrize("role", ["artisan", "district_officer", "committee_member", "bank_officer"])
def test_other_roles_are_refused(people, signed_in, url, role):
    assert signed_in(people[role]).get(url).status_code == 403


@pytest.mark.parametrize("url", STATE_ONLY)
@pytest.mark.parametrize("role", ["state_staff", "admin"])
def test_state_staff_and_administrators_are_let_in(people, signed_in, url, role):
    assert signed_in(people[role]).get(url).status_code == 200


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("artisan", 403),
        ("committee_member", 403),
        ("bank_officer", 403),
        ("district_officer", 200),
        ("state_staff", 200),
    ],
)
def test_the_list_behind_a_figure(people, signed_in, role, status):
    assert signed_in(people[role]).get("/dashboard/applications/").status_code == status
    assert signed_in(people[role]).get("/dashboard/applications.csv").status_code == status


def test_anonymous_list_goes_to_sign_in(signed_in):
    assert signed_in(None).get("/dashboard/applications/").status_code == 302


@pytest.mark.parametrize(
    "url", ["/dashboard/open-data/", "/dashboard/open-data/districts.csv", "/api/v1/stats/districts/"]
)
def test_open_data_is_for_everyone(signed_in, url):
    assert signed_in(None).get(url).status_code == 200


def test_a_refused_target_change_changes_nothing(people, signed_in):
    data = {
        "action": "set",
        "set-district": "agra",
        "set-scheme": "TT",
        "set-financial_year": "2026-27",
        "set-physical": "10",
        "set-financial": "100000",
    }
    for role in ("district_officer", "artisan"):
        assert signed_in(people[role]).post("/dashboard/targets/", data).status_code == 403
    assert signed_in(None).post("/dashboard/targets/", data).status_code == 302
    assert not Target.objects.exists()


def test_district_staff_see_only_their_district(world, signed_in):
    client = signed_in(world.agra_officer)
    html = client.get("/dashboard/applications/").content.decode()
    agra = {a.reference_number for n, a in world.apps.items() if n[0] in "AP"}
    lucknow = {a.reference_number for n, a in world.apps.items() if n[0] == "L"}
    assert all(ref in html for ref in agra)
    assert not any(ref in html for ref in lucknow)
    html = client.get("/dashboard/applications/?district=lucknow").content.decode()
    assert not any(ref in html for ref in lucknow | agra)
    csv_text = b"".join(client.get("/dashboard/applications.csv").streaming_content).decode("utf-8-sig")
    assert all(ref in csv_text for ref in agra) and not any(ref in csv_text for ref in lucknow)
    # State staff see every district, read-only: no link into the office's file.
    state = signed_in(StaffFactory(role="state_staff", district=None))
    html = state.get("/dashboard/applications/").content.decode()
    assert all(ref in html for ref in agra | lucknow)
    assert "/applications/office/" not in html
