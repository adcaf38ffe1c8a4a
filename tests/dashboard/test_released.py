"""Money released is counted once: a margin-money release is recorded both on the bank case
(amount, lock-in) and as the DBT payment, and the dashboard must not add the two."""

from decimal import Decimal

import pytest
from django.utils import timezone

from applications.models import Application
from dashboard.released import released_by
from margin_money import services as aa
from tests.applications.helpers import (
    MM_STEPS,
    approved_by_committee,
    make_applicant,
    officer,
    officer_access,
    submitted,
    through_the_bank,
)
from tests.margin_money.test_after_approval import _bank_officer


@pytest.mark.django_db
def test_a_margin_money_release_counts_once():
    dic = officer()
    application = approved_by_committee(submitted(make_applicant(), "MM", MM_STEPS), dic, "dltfc")
    margin = application.benefit_amount
    bank = _bank_officer()
    aa.send_to_bank(application_id=application.pk, user=dic, access=officer_access(dic, application))
    through_the_bank(application, dic=dic, bank=bank, loan=Decimal("975000.00"), margin=margin, release=False)
    files = Application.objects.filter(pk=application.pk)
    assert released_by(files, keys={"scheme": "scheme_id"}) == {}
    case = aa.release_margin_money(
        application_id=application.pk,
        user=dic,
        access=officer_access(dic, application),
        dbt_reference="DBT-UP-0001",
        released_on=timezone.localdate(),
    )
    assert case.released_amount == margin
    assert released_by(files, keys={"scheme": "scheme_id"}) == {(application.scheme_id,): margin}
