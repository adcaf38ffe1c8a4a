"""'If Agra's target rose by N, which waiting files would it admit?': the district's eligible
files waiting for a decision, in the order they came, past the room the target leaves now."""

from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.exceptions import NotPermitted
from dashboard.services import set_target
from districts.models import District
from rulechanges.models import WhatIf, WhatIfChange
from rulechanges.runner import run_what_if
from rulechanges.services import RuleChangeError, request_target_what_if
from schemes.models import Scheme, Target
from schemes.rules.base import financial_year
from tests.applications.helpers import approved_by_committee, officer, submitted_toolkit
from tests.factories import StaffFactory
from tests.rulechanges.helpers import state_user
from tests.rulechanges.test_pages import client_for

pytestmark = pytest.mark.django_db


def _agra_at_its_target():
    dic = officer()
    approved_by_committee(submitted_toolkit(seed=1), dic, "tsc")
    waiting = [submitted_toolkit(seed=seed) for seed in (2, 3, 4)]
    submitted_toolkit(seed=5, district="kanpur-nagar")  # another district's file is not Agra's
    cell = state_user("cell")
    year = financial_year(timezone.localdate())
    set_target(
        district=District.objects.get(slug="agra"),
        scheme=Scheme.objects.get(code="TT"),
        financial_year=year,
        physical=1,
        financial=Decimal("100000"),
        user=cell,
    )
    return cell, waiting, year


def test_a_rise_of_two_admits_the_first_two_waiting_files():
    cell, waiting, year = _agra_at_its_target()
    what_if = request_target_what_if(
        user=cell,
        district=District.objects.get(slug="agra"),
        scheme=Scheme.objects.get(code="TT"),
        financial_year=year,
        extra=2,
    )
    target_before = list(Target.objects.values_list("physical", flat=True))
    run_what_if(what_if_id=what_if.pk)
    what_if.refresh_from_db()
    assert what_if.state == WhatIf.State.DONE
    assert what_if.results == {
        "target_physical": 1,
        "target_financial": "100000.00",
        "approved": 1,
        "waiting": 3,
        "room_before": 0,
        "room_after": 2,
        "admitted": 2,
        "admitted_money": "44000.00",
    }
    admitted = list(
        WhatIfChange.objects.filter(what_if=what_if).order_by("id").values_list("application_id", flat=True)
    )
    assert admitted == [waiting[0].pk, waiting[1].pk]
    # Asking changes no target.
    assert list(Target.objects.values_list("physical", flat=True)) == target_before


def test_the_question_is_for_state_staff_and_needs_a_target():
    cell, _waiting, year = _agra_at_its_target()
    arguments = {
        "district": District.objects.get(slug="agra"),
        "scheme": Scheme.objects.get(code="TT"),
        "financial_year": year,
    }
    with pytest.raises(NotPermitted):
        request_target_what_if(user=StaffFactory(), extra=2, **arguments)
    with pytest.raises(RuleChangeError) as refused:
        request_target_what_if(user=cell, extra=0, **arguments)
    assert refused.value.field == "extra"
    with pytest.raises(RuleChangeError) as refused:
        request_target_what_if(
            user=cell, extra=2, **{**arguments, "district": District.objects.get(slug="kanpur-nagar")}
        )
    assert refused.value.field == "district"
    assert WhatIf.objects.count() == 0


def test_the_page_asks_and_shows_the_admitted_files():
    cell, waiting, year = _agra_at_its_target()
    client = client_for(cell)
    agra = District.objects.get(slug="agra")
    tt = Scheme.objects.get(code="TT")
    bad = client.post(
        "/rule-changes/targets/",
        {"district": agra.pk, "scheme": tt.pk, "financial_year": "26-27", "extra": "x"},
    )
    assert bad.status_code == 200
    assert set(bad.context["form"].errors) == {"financial_year", "extra"}
    assert WhatIf.objects.count() == 0
    response = client.post(
        "/rule-changes/targets/", {"district": agra.pk, "scheme": tt.pk, "financial_year": year, "extra": "1"}
    )
    assert response.status_code == 302
    what_if = WhatIf.objects.get()
    run_what_if(what_if_id=what_if.pk)
    page = client.get(response["Location"]).content.decode()
    assert waiting[0].reference_number in page
    assert waiting[1].reference_number not in page
