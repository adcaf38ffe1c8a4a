"""No Aadhaar number or Aadhaar hash in any answer; the mobile number whole only for its owner."""

import pytest

from applications.services.profile import aadhaar_hash
from tests.applications.api.people import ROLES, People
from tests.applications.helpers import (
    aadhaar_number,
    at_committee,
    committee_member,
    make_applicant,
    officer,
    submitted_toolkit,
)
from tests.factories import StaffFactory

OWN_SEED, SPOUSE_SEED = 4242, 4343


@pytest.fixture
def known(db):
    """People around an applicant whose own and spouse's Aadhaar numbers are known."""
    return People(
        owner=make_applicant(seed=OWN_SEED, spouse_seed=SPOUSE_SEED),
        other_artisan=make_applicant(seed=2),
        agra_officer=officer("agra"),
        lucknow_officer=officer("lucknow"),
        agra_committee=committee_member(),
        state_staff=StaffFactory(role="state_staff", district=None),
    )


def _secrets() -> list[bytes]:
    own, spouse = aadhaar_number(OWN_SEED), aadhaar_number(SPOUSE_SEED)
    values = [own, spouse, aadhaar_hash(own), aadhaar_hash(spouse)]
    values += [f"{n[:4]} {n[4:8]} {n[8:]}" for n in (own, spouse)]
    return [value.encode() for value in values]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_no_aadhaar_number_or_hash_in_list_or_detail(known, api, role):
    # At the committee, so that every staff role of Agra can read it.
    application = at_committee(submitted_toolkit(known.owner), known.agra_officer)
    assert known.owner.aadhaar_hash.encode() in _secrets()
    client = api(known.user(role))
    answers = [
        client.get("/api/v1/applications/"),
        client.get(f"/api/v1/applications/{application.pk}/"),
        client.get(f"/api/v1/applications/?q={application.reference_number}"),
    ]
    for response in answers:
        for secret in _secrets():
            assert secret not in response.content, (role, response.request["PATH_INFO"])
        assert b"aadhaar_hash" not in response.content


@pytest.mark.django_db
def test_no_aadhaar_in_the_answers_to_moves(known, api):
    application = submitted_toolkit(known.owner)
    responses = [
        api(known.agra_officer).post(f"/api/v1/applications/{application.pk}/take-up/"),
        api(known.agra_officer).post(
            f"/api/v1/applications/{application.pk}/return/",
            {"fields": ["craft"], "documents": [], "reason": "Name the craft."},
            format="json",
        ),
        api(known.user("owner")).post(f"/api/v1/applications/{application.pk}/submit/"),
    ]
    assert [r.status_code for r in responses] == [200, 200, 409]
    for response in responses:
        for secret in _secrets():
            assert secret not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["agra_officer", "agra_committee", "state_staff"])
def test_staff_see_the_name_and_masked_numbers(known, api, role):
    application = at_committee(submitted_toolkit(known.owner), known.agra_officer)
    mobile = known.owner.user.mobile
    last4 = aadhaar_number(OWN_SEED)[-4:]
    detail = api(known.user(role)).get(f"/api/v1/applications/{application.pk}/")
    assert detail.json()["applicant"] == {
        "name": "Ramesh Kumar",
        "masked_aadhaar": f"XXXX XXXX {last4}",
        "mobile": f"******{mobile[-4:]}",
    }
    assert mobile.encode() not in detail.content
    listed = api(known.user(role)).get("/api/v1/applications/")
    assert [row["applicant_name"] for row in listed.json()["results"]] == ["Ramesh Kumar"]


@pytest.mark.django_db
def test_the_owner_sees_their_mobile_number_and_no_staff_only_fields(known, api):
    application = submitted_toolkit(known.owner)
    detail = api(known.user("owner")).get(f"/api/v1/applications/{application.pk}/")
    assert detail.json()["applicant"] == {
        "name": None,
        "masked_aadhaar": None,
        "mobile": known.owner.user.mobile,
    }
    listed = api(known.user("owner")).get("/api/v1/applications/")
    assert [row["applicant_name"] for row in listed.json()["results"]] == [None]
