"""Money released is counted once: a margin-money release is recorded both on the bank case
(amount, lock-in) and as the DBT payment, and the dashboard must not add the two."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from applications.models import Application
from applications.services import after_approval as aa
from dashboard.released import released_by
from tests.applications.helpers import MM_STEPS, approved_by_committee, make_applicant, officer, submitted
from tests.applications.test_after_approval import _bank, _bank_officer, _dic


@pytest.mark.django_db
def test_a_margin_money_release_counts_once():
    dic = officer()
    application = approved_by_committee(submitted(make_applicant(), "MM", MM_STEPS), dic, "dltfc")
    margin = application.benefit_amount
    bank = _bank_officer()
    today = timezone.localdate()
    aa.send_to_bank(application_id=application.pk, user=dic, access=_dic(dic, application))
    aa.sanction_loan(
        application_id=application.pk,
        user=bank,
        access=_bank(bank, application),
        amount=Decimal("975000.00"),
        sanctioned_on=today,
    )
    aa.record_training(
        application_id=application.pk,
        user=bank,
        access=_bank(bank, application),
        institution="RSETI Agra",
        start=today - timedelta(days=6),
        end=today,
        certificate="",
    )
    aa.disburse_loan(
        application_id=application.pk, user=bank, access=_bank(bank, application), first_instalment_on=today
    )
    files = Application.objects.filter(pk=application.pk)
    assert released_by(files, keys={"scheme": "scheme_id"}) == {}
    aa.claim_margin_money(
        application_id=application.pk,
        user=bank,
        access=_bank(bank, application),
        amount=margin,
        claimed_on=today,
    )
    aa.release_margin_money(
        application_id=application.pk,
        user=dic,
        access=_dic(dic, application),
        dbt_reference="DBT-UP-0001",
        released_on=today,
    )
    assert released_by(files, keys={"scheme": "scheme_id"}) == {(application.scheme_id,): margin}
