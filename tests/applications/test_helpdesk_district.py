"""The help desk files only for its own district's artisans: the district is checked before
anything of the artisan's is read or written."""

import pytest
from django.urls import reverse

from accounts.models import User
from applications.models import Applicant, Application
from districts.models import District
from tests.applications.helpers import PROFILE, aadhaar_number, make_applicant, officer

SECRETS = ["Ramesh Kumar", "1985-04-10", "12 Tajganj", "123456789012", "SBIN0001234"]


def _start(mobile: str) -> dict:
    return {"start-mobile": mobile, "start-scheme": "TT"}


def _profile(district: str, seed: int, **overrides) -> dict:
    data = {
        **PROFILE,
        "district": District.objects.get(slug=district).pk,
        "aadhaar_number": aadhaar_number(seed),
        **overrides,
    }
    return {f"profile-{k}": v for k, v in data.items()}


def _snapshot(applicant):
    row = Applicant.objects.get(pk=applicant.pk)
    return (row.full_name, row.bank_account_number, row.bank_ifsc, row.district_id, row.address)


@pytest.fixture
def agra_artisan(db):
    return make_applicant(seed=901, district="agra")


@pytest.mark.django_db
def test_another_districts_artisan_is_not_shown(client, agra_artisan):
    client.force_login(officer("lucknow", username="dic.lko"))
    client.cookies["django_language"] = "en"
    response = client.post(reverse("applications:helpdesk"), _start(agra_artisan.user.mobile))
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["profile_form"] is None
    for secret in SECRETS:
        assert secret not in html, secret
    assert "This artisan belongs to another district&#x27;s office." in html


@pytest.mark.django_db
@pytest.mark.parametrize("district", ["agra", "lucknow"])
def test_another_districts_artisan_is_not_changed(client, agra_artisan, district):
    """Neither the profile fields nor a move of the artisan to the officer's district."""
    before = _snapshot(agra_artisan)
    client.force_login(officer("lucknow", username="dic.lko"))
    client.cookies["django_language"] = "en"
    data = {
        **_start(agra_artisan.user.mobile),
        **_profile(
            district,
            901,
            full_name="Someone Else",
            bank_account_number="999999999999",
            bank_ifsc="HDFC0000001",
        ),
    }
    response = client.post(reverse("applications:helpdesk"), data)
    assert response.status_code == 200
    assert "This artisan belongs to another district&#x27;s office." in response.content.decode()
    assert _snapshot(agra_artisan) == before
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_a_new_artisan_is_only_registered_in_the_officers_district(client):
    client.force_login(officer("lucknow", username="dic.lko"))
    client.cookies["django_language"] = "en"
    mobile = "9811100077"
    shown = client.post(reverse("applications:helpdesk"), _start(mobile))
    assert shown.context["profile_form"] is not None
    assert not User.objects.filter(mobile=mobile).exists()  # nothing written to show a form
    refused = client.post(reverse("applications:helpdesk"), {**_start(mobile), **_profile("agra", 902)})
    assert refused.status_code == 200
    assert refused.context["profile_form"].errors["district"]
    assert not User.objects.filter(mobile=mobile).exists()
    assert not Applicant.objects.filter(user__mobile=mobile).exists()
    accepted = client.post(reverse("applications:helpdesk"), {**_start(mobile), **_profile("lucknow", 902)})
    assert accepted.status_code == 302
    application = Application.objects.get(applicant__user__mobile=mobile)
    assert application.district.slug == "lucknow"


@pytest.mark.django_db
def test_own_districts_artisan_is_prefilled_and_filed_for(client, agra_artisan):
    client.force_login(officer("agra", username="dic.agra"))
    response = client.post(reverse("applications:helpdesk"), _start(agra_artisan.user.mobile))
    assert response.status_code == 302
    assert Application.objects.get(applicant=agra_artisan).filed_by.username == "dic.agra"


@pytest.mark.django_db
def test_a_staff_number_is_refused_and_nothing_is_written(client):
    staff = officer("agra", username="dic.mobile", mobile="9811100088")
    client.force_login(officer("agra", username="dic.agra"))
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("applications:helpdesk"), {**_start(staff.mobile), **_profile("agra", 903)}
    )
    assert "This number belongs to a staff account." in response.content.decode()
    assert not Applicant.objects.exists()


@pytest.mark.django_db
def test_the_help_desk_is_told_when_the_aadhaar_is_someone_elses(client, agra_artisan):
    client.force_login(officer("agra", username="dic.agra"))
    client.cookies["django_language"] = "en"
    mobile = "9811100099"
    response = client.post(reverse("applications:helpdesk"), {**_start(mobile), **_profile("agra", 901)})
    assert response.status_code == 200
    assert (
        "This Aadhaar number is already registered with another mobile number."
        in (response.context["profile_form"].errors["aadhaar_number"])
    )
    assert not User.objects.filter(mobile=mobile).exists()


@pytest.mark.django_db
def test_the_service_itself_refuses_another_districts_profile(agra_artisan):
    """Even called with the artisan's profile in hand (the form having moved it already)."""
    from applications.services.errors import ApplicationError
    from applications.services.profile import save_profile_at_helpdesk

    before = _snapshot(agra_artisan)
    lucknow = District.objects.get(slug="lucknow")
    agra_artisan.district = lucknow
    with pytest.raises(ApplicationError):
        save_profile_at_helpdesk(
            officer=officer("lucknow", username="dic.lko"),
            mobile=agra_artisan.user.mobile,
            data={"district": lucknow, "full_name": "Someone Else"},
            instance=agra_artisan,
        )
    assert _snapshot(agra_artisan) == before
