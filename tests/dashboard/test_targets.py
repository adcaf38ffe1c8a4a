"""Targets: set, move between districts (two rows in one transaction, never below zero), the
stop on new applications when a district's physical target is met, and reopening when the
target is raised."""

from decimal import Decimal

import pytest
from django.utils import translation

from applications.models import Application
from applications.services.errors import ApplicationError
from applications.services.submission import start_application
from committees.models import AgendaItem
from dashboard.board import dashboard_data
from dashboard.selectors import Scope, reference_lists
from dashboard.services import TargetError, move_target, set_target
from dashboard.years import current_year
from schemes.models import Scheme, Target
from tests.applications.helpers import make_applicant, officer, submitted_toolkit
from tests.committees.helpers import close_agenda, seat_committee
from tests.dashboard.world import _decide, _to_agenda
from tests.factories import StaffFactory, district

pytestmark = pytest.mark.django_db


@pytest.fixture
def tt(db):
    return Scheme.objects.get(code="TT")


@pytest.fixture
def staff(db):
    return StaffFactory(role="state_staff", district=None)


def test_set_target_creates_then_replaces(tt, staff):
    agra = district("agra")
    target = set_target(
        district=agra,
        scheme=tt,
        financial_year="2026-27",
        physical=10,
        financial=Decimal("200000"),
        user=staff,
    )
    again = set_target(
        district=agra,
        scheme=tt,
        financial_year="2026-27",
        physical=12,
        financial=Decimal("250000"),
        user=staff,
    )
    assert again.pk == target.pk and Target.objects.count() == 1
    target.refresh_from_db()
    assert (target.physical, target.financial, target.updated_by) == (12, Decimal("250000.00"), staff)


@pytest.mark.parametrize(
    ("year", "physical", "financial", "field"),
    [
        ("2026-28", 1, 1, "financial_year"),
        ("26-27", 1, 1, "financial_year"),
        ("2026-27", -1, 1, "physical"),
        ("2026-27", 1, -1, "financial"),
    ],
)
def test_set_target_refuses_bad_input(tt, staff, year, physical, financial, field):
    with pytest.raises(TargetError) as refused:
        set_target(
            district=district("agra"),
            scheme=tt,
            financial_year=year,
            physical=physical,
            financial=Decimal(financial),
            user=staff,
        )
    assert refused.value.field == field
    assert not Target.objects.exists()


def _targets():
    return {t.district.slug: (t.physical, t.financial) for t in Target.objects.select_related("district")}


def test_move_changes_both_districts(tt, staff):
    set_target(
        district=district("agra"),
        scheme=tt,
        financial_year="2026-27",
        physical=10,
        financial=Decimal("200000"),
        user=staff,
    )
    set_target(
        district=district("lucknow"),
        scheme=tt,
        financial_year="2026-27",
        physical=4,
        financial=Decimal("80000"),
        user=staff,
    )
    move_target(
        scheme=tt,
        financial_year="2026-27",
        from_district=district("agra"),
        to_district=district("lucknow"),
        physical=3,
        financial=Decimal("60000"),
        user=staff,
    )
    assert _targets() == {"agra": (7, Decimal("140000.00")), "lucknow": (7, Decimal("140000.00"))}
    # A district without a target gets one.
    move_target(
        scheme=tt,
        financial_year="2026-27",
        from_district=district("agra"),
        to_district=district("varanasi"),
        physical=7,
        financial=Decimal("0"),
        user=staff,
    )
    assert _targets() == {
        "agra": (0, Decimal("140000.00")),
        "lucknow": (7, Decimal("140000.00")),
        "varanasi": (7, Decimal("0.00")),
    }


@pytest.mark.parametrize(
    ("to", "physical", "financial", "message"),
    [
        ("lucknow", 11, "0", "below zero"),
        ("lucknow", 0, "200001", "below zero"),
        ("agra", 1, "0", "two different districts"),
        ("lucknow", 0, "0", "how much"),
        ("varanasi", 0, "1000", "Set a target for Varanasi first"),
    ],
)
def test_refused_moves_change_nothing(tt, staff, to, physical, financial, message):
    set_target(
        district=district("agra"),
        scheme=tt,
        financial_year="2026-27",
        physical=10,
        financial=Decimal("200000"),
        user=staff,
    )
    set_target(
        district=district("lucknow"),
        scheme=tt,
        financial_year="2026-27",
        physical=4,
        financial=Decimal("80000"),
        user=staff,
    )
    before = _targets()
    with pytest.raises(TargetError, match=message):
        move_target(
            scheme=tt,
            financial_year="2026-27",
            from_district=district("agra"),
            to_district=district(to),
            physical=physical,
            financial=Decimal(financial),
            user=staff,
        )
    assert _targets() == before


def test_moving_from_a_district_without_a_target_is_refused(tt, staff):
    with pytest.raises(TargetError, match="no target"):
        move_target(
            scheme=tt,
            financial_year="2026-27",
            from_district=district("agra"),
            to_district=district("lucknow"),
            physical=1,
            financial=Decimal("0"),
            user=staff,
        )
    assert not Target.objects.exists()


@pytest.fixture
def approved_this_year(db):
    """One Agra toolkit application approved today by the district committee, through the
    services (submission, scrutiny, agenda, meeting, decision)."""
    dic = officer("agra")
    _c, secretary, members = seat_committee("tsc", "agra", secretary=dic)
    application = _to_agenda(submitted_toolkit(make_applicant(seed=701)), dic)
    meeting = close_agenda(AgendaItem.objects.get(application=application).meeting)
    _decide(meeting, secretary, members, {application: {"decision": "approve"}})
    application.refresh_from_db()
    assert application.status == "approved"
    return application


def test_a_district_that_met_its_target_stops_taking_applications_until_it_is_raised(
    approved_this_year, tt, staff
):
    year = current_year()
    agra, lucknow = district("agra"), district("lucknow")
    set_target(
        district=agra, scheme=tt, financial_year=year, physical=1, financial=Decimal("50000"), user=staff
    )
    newcomer = make_applicant(seed=702)
    with pytest.raises(ApplicationError) as refused:
        start_application(applicant=newcomer, scheme=tt)
    assert str(refused.value.message) == (
        f"Agra has met its target of 1 beneficiaries under Training and Toolkit for {year}, so it is not "
        "taking new applications for this sub-scheme now. New applications reopen when the target is raised."
    )
    assert not Application.objects.filter(applicant=newcomer).exists()
    # Another sub-scheme in Agra, and the same sub-scheme in Lucknow, are open.
    assert start_application(applicant=newcomer, scheme=Scheme.objects.get(code="MM")).status == "draft"
    assert (
        start_application(applicant=make_applicant(seed=703, district="lucknow"), scheme=tt).status == "draft"
    )
    # The dashboard shows the district closed for that sub-scheme.
    data = dashboard_data(Scope(year=year), reference_lists())
    line = next(line for line in data.districts if line.district.slug == "agra")
    assert [s.code for s in line.closed_schemes] == ["TT"]
    # Raised: open again.
    set_target(
        district=agra, scheme=tt, financial_year=year, physical=2, financial=Decimal("50000"), user=staff
    )
    assert start_application(applicant=newcomer, scheme=tt).status == "draft"
    # A target of 0 closes the district; a move that lowers a met target closes it too.
    set_target(
        district=lucknow, scheme=tt, financial_year=year, physical=0, financial=Decimal("0"), user=staff
    )
    with pytest.raises(ApplicationError):
        start_application(applicant=make_applicant(seed=704, district="lucknow"), scheme=tt)
    move_target(
        scheme=tt,
        financial_year=year,
        from_district=agra,
        to_district=lucknow,
        physical=1,
        financial=Decimal("0"),
        user=staff,
    )
    with pytest.raises(ApplicationError):
        start_application(applicant=make_applicant(seed=705), scheme=tt)
    assert (
        start_application(applicant=make_applicant(seed=706, district="lucknow"), scheme=tt).status == "draft"
    )


def test_last_years_approvals_do_not_count_against_this_years_target(world, tt, staff):
    set_target(
        district=district("agra"),
        scheme=tt,
        financial_year=current_year(),
        physical=1,
        financial=Decimal("1"),
        user=staff,
    )
    assert start_application(applicant=make_applicant(seed=707), scheme=tt).status == "draft"


def test_the_artisan_sees_the_message_in_hindi_and_english(approved_this_year, tt, staff, client):
    set_target(
        district=district("agra"),
        scheme=tt,
        financial_year=current_year(),
        physical=1,
        financial=Decimal("1"),
        user=staff,
    )
    applicant = make_applicant(seed=708)
    client.force_login(applicant.user)
    for language in ("en", "hi"):
        response = client.post(f"/applications/new/{tt.slug}/", HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 302
        text = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE=language).content.decode()
        with translation.override(language):
            expected = str(Scheme.objects.get(code="TT").name)
        assert expected in text, language
        assert ("Agra" if language == "en" else "आगरा") in text
    assert not Application.objects.filter(applicant=applicant).exists()


def test_targets_page_sets_and_moves(staff, signed_in, tt):
    client = signed_in(staff)
    response = client.post(
        "/dashboard/targets/",
        {
            "action": "set",
            "set-district": "agra",
            "set-scheme": "TT",
            "set-financial_year": current_year(),
            "set-physical": "10",
            "set-financial": "200000",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Target saved" in response.content.decode()
    response = client.post(
        "/dashboard/targets/",
        {
            "action": "move",
            "move-scheme": "TT",
            "move-financial_year": current_year(),
            "move-from_district": "agra",
            "move-to_district": "lucknow",
            "move-physical": "12",
            "move-financial": "0",
        },
    )
    assert response.status_code == 200  # refused: shown on the page, nothing changed
    assert "below zero" in response.content.decode()
    assert _targets() == {"agra": (10, Decimal("200000.00"))}
    response = client.post(
        "/dashboard/targets/",
        {
            "action": "move",
            "move-scheme": "TT",
            "move-financial_year": current_year(),
            "move-from_district": "agra",
            "move-to_district": "lucknow",
            "move-physical": "4",
            "move-financial": "80000",
        },
        follow=True,
    )
    assert "Target moved from Agra to Lucknow" in response.content.decode()
    assert _targets() == {"agra": (6, Decimal("120000.00")), "lucknow": (4, Decimal("80000.00"))}
