"""After approval: Margin Money with the bank to the grant, and MDA payment, through the services
with the money checked exactly against each file's RuleSet."""

from datetime import date, timedelta
from decimal import Decimal
from functools import partial

import pytest
from django.http import Http404
from django.utils import timezone

from applications.access import access_application_for_review
from applications.models import Application, AuditEvent
from applications.services.errors import ApplicationError, Conflict
from applications.workflow import Status
from districts.models import BankBranch, District
from margin_money import services as aa
from margin_money.access import access_application_for_bank
from margin_money.models import MarginMoneyCase
from margin_money.workflow import MarginMoneyStatus
from mda import services as mda_services
from mda.workflow import MdaStatus
from payments.models import Payment
from tests.applications.helpers import (
    MDA_STEPS,
    MM_STEPS,
    approved_by_committee,
    make_applicant,
    officer,
    submitted,
)
from tests.factories import StaffFactory


def _bank_officer(branch_ifsc="SBIN0012345", district="agra", username="bank.sikandra"):
    from districts.models import District

    branch, _ = BankBranch.objects.get_or_create(
        ifsc=branch_ifsc,
        defaults={
            "bank_name": "State Bank of India",
            "branch_name": "Sikandra",
            "district": District.objects.get(slug=district),
        },
    )
    return StaffFactory(role="bank_officer", username=username, bank_branch=branch, district=branch.district)


def _bank(user, application):
    return partial(access_application_for_bank, user=user, pk=application.pk)


def _dic(user, application):
    return partial(access_application_for_review, user=user, pk=application.pk)


def _snapshot(application):
    row = Application.objects.filter(pk=application.pk).values("status", "due_at").get()
    case = MarginMoneyCase.objects.filter(application=application).values().first()
    return row, case, AuditEvent.objects.filter(application=application).count(), Payment.objects.count()


@pytest.fixture
def approved_mm(db):
    dic = officer()
    application = submitted(make_applicant(), "MM", MM_STEPS)
    return approved_by_committee(application, dic, "dltfc"), dic


@pytest.mark.django_db
def test_margin_money_from_approval_to_grant(approved_mm):
    application, dic = approved_mm
    # Project cost: 8 L machinery + 2 L work-shed + 5 L working capital = 15 L; land (5 L) excluded.
    # Up to 25 L: 25% = 3,75,000; own contribution 10% (general) = 1,50,000; loan 9,75,000.
    assert application.status == Status.APPROVED
    assert application.benefit_amount == Decimal("375000.00")
    bank = _bank_officer()
    case = aa.send_to_bank(application_id=application.pk, user=dic, access=_dic(dic, application))
    assert case.bank_branch.ifsc == "SBIN0012345"
    today = timezone.localdate()
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
        certificate="RSETI/2026/77",
    )
    aa.disburse_loan(
        application_id=application.pk, user=bank, access=_bank(bank, application), first_instalment_on=today
    )
    aa.claim_margin_money(
        application_id=application.pk,
        user=bank,
        access=_bank(bank, application),
        amount=Decimal("375000.00"),
        claimed_on=today,
    )
    case = aa.release_margin_money(
        application_id=application.pk,
        user=dic,
        access=_dic(dic, application),
        dbt_reference="DBT-UP-0001",
        released_on=today,
    )
    assert case.released_amount == Decimal("375000.00")
    assert case.lock_in_ends_on == today + timedelta(days=730)
    assert Payment.objects.get(application=application).amount == Decimal("375000.00")
    assert [c.pk for c in aa.lock_ins_ending(within_days=731)] == [case.pk]
    with pytest.raises(Conflict, match="only after the lock-in ends"):
        aa.close_lock_in(
            application_id=application.pk,
            user=dic,
            access=_dic(dic, application),
            outcome="grant",
            inspected_on=today,
            note="",
        )
    MarginMoneyCase.objects.filter(pk=case.pk).update(lock_in_ends_on=today)
    aa.close_lock_in(
        application_id=application.pk,
        user=dic,
        access=_dic(dic, application),
        outcome="grant",
        inspected_on=today,
        note="Unit running",
    )
    application.refresh_from_db()
    assert application.status == MarginMoneyStatus.CONVERTED_TO_GRANT
    actions = list(AuditEvent.objects.filter(application=application).values_list("action", flat=True))
    assert actions[-8:] == [
        "approve",
        "send_to_bank",
        "sanction_loan",
        "record_training",
        "disburse_loan",
        "claim_margin_money",
        "release_margin_money",
        "convert_to_grant",
    ]


@pytest.mark.django_db
def test_refused_bank_steps_change_nothing(approved_mm):
    application, dic = approved_mm
    bank = _bank_officer()
    aa.send_to_bank(application_id=application.pk, user=dic, access=_dic(dic, application))
    today = timezone.localdate()
    before = _snapshot(application)
    with pytest.raises(ApplicationError, match="at most the project cost") as info:
        aa.sanction_loan(
            application_id=application.pk,
            user=bank,
            access=_bank(bank, application),
            amount=Decimal("1500000.01"),
            sanctioned_on=today,
        )
    assert info.value.field == "amount"
    with pytest.raises(ApplicationError, match="future"):
        aa.sanction_loan(
            application_id=application.pk,
            user=bank,
            access=_bank(bank, application),
            amount=Decimal("900000"),
            sanctioned_on=today + timedelta(days=1),
        )
    from applications.workflow import InvalidTransition

    with pytest.raises(InvalidTransition):
        aa.disburse_loan(
            application_id=application.pk,
            user=bank,
            access=_bank(bank, application),
            first_instalment_on=today,
        )
    assert _snapshot(application) == before
    aa.sanction_loan(
        application_id=application.pk,
        user=bank,
        access=_bank(bank, application),
        amount=Decimal("900000"),
        sanctioned_on=today,
    )
    before = _snapshot(application)
    with pytest.raises(ApplicationError, match="at least one week"):
        aa.record_training(
            application_id=application.pk,
            user=bank,
            access=_bank(bank, application),
            institution="ITI",
            start=today - timedelta(days=5),
            end=today,
            certificate="",
        )
    assert _snapshot(application) == before


@pytest.mark.django_db
def test_claim_must_equal_the_rulesets_margin_money(approved_mm):
    application, dic = approved_mm
    bank = _bank_officer()
    today = timezone.localdate()
    aa.send_to_bank(application_id=application.pk, user=dic, access=_dic(dic, application))
    aa.sanction_loan(
        application_id=application.pk,
        user=bank,
        access=_bank(bank, application),
        amount=Decimal("975000"),
        sanctioned_on=today,
    )
    aa.record_training(
        application_id=application.pk,
        user=bank,
        access=_bank(bank, application),
        institution="ITI",
        start=today - timedelta(days=7),
        end=today,
        certificate="",
    )
    aa.disburse_loan(
        application_id=application.pk, user=bank, access=_bank(bank, application), first_instalment_on=today
    )
    before = _snapshot(application)
    with pytest.raises(ApplicationError, match=r"375000\.00") as info:
        aa.claim_margin_money(
            application_id=application.pk,
            user=bank,
            access=_bank(bank, application),
            amount=Decimal("400000"),
            claimed_on=today,
        )
    assert info.value.field == "amount"
    assert _snapshot(application) == before


@pytest.mark.django_db
def test_a_bank_officer_sees_only_files_sent_to_their_branch(approved_mm):
    application, dic = approved_mm
    other_branch = _bank_officer(branch_ifsc="PUNB0001234", username="bank.other")
    own = _bank_officer()
    with pytest.raises(Http404):
        _bank(own, application)(lock=False)  # not sent yet
    aa.send_to_bank(application_id=application.pk, user=dic, access=_dic(dic, application))
    assert _bank(own, application)(lock=False).pk == application.pk
    with pytest.raises(Http404):
        _bank(other_branch, application)(lock=False)
    before = _snapshot(application)
    with pytest.raises(Http404):
        aa.sanction_loan(
            application_id=application.pk,
            user=other_branch,
            access=_bank(other_branch, application),
            amount=Decimal("1"),
            sanctioned_on=date.today(),
        )
    assert _snapshot(application) == before


@pytest.mark.django_db
def test_mda_claim_is_paid_the_rules_amount():
    dic = officer()
    application = submitted(
        make_applicant(),
        "MDA",
        MDA_STEPS,
        fair={"event_date": (timezone.localdate() - timedelta(days=10)).isoformat()},
    )
    application = approved_by_committee(application, dic, "dlc")
    # Outside UP, B2C: stall 75% of 3,00,000 capped at 2,00,000; freight 75% of 40,000 = 30,000
    # (cap 50,000); rail actual 4,000; air 75% of 12,000 capped at 7,000 => 2,41,000.
    assert application.benefit_amount == Decimal("241000.00")
    payment = mda_services.pay_mda_claim(
        application_id=application.pk,
        user=dic,
        access=_dic(dic, application),
        dbt_reference="DBT-9",
        paid_on=timezone.localdate(),
    )
    assert payment.amount == Decimal("241000.00")
    application.refresh_from_db()
    assert application.status == MdaStatus.PAID
    with pytest.raises(Exception):  # noqa: B017 - the second payment is refused by the workflow
        mda_services.pay_mda_claim(
            application_id=application.pk,
            user=dic,
            access=_dic(dic, application),
            dbt_reference="DBT-10",
            paid_on=timezone.localdate(),
        )
    assert Payment.objects.filter(application=application).count() == 1


@pytest.mark.django_db
def test_fourth_mda_claim_in_a_year_is_refused():
    applicant = make_applicant()
    event = (timezone.localdate() - timedelta(days=10)).isoformat()
    for _ in range(3):
        submitted(applicant, "MDA", MDA_STEPS, fair={"event_date": event})
    from applications.services.errors import NotEligible

    with pytest.raises(NotEligible, match="3"):
        submitted(applicant, "MDA", MDA_STEPS, fair={"event_date": event})


@pytest.mark.django_db
def test_overdue_at_the_bank_escalates_to_the_lead_district_manager_too(approved_mm):
    from django.core import mail

    from committees.services.escalation import escalate_overdue

    application, dic = approved_mm
    ldm = StaffFactory(role="lead_district_manager", username="ldm.agra", email="ldm.agra@example.org")
    StaffFactory(
        role="lead_district_manager",
        username="ldm.lucknow",
        email="ldm.lucknow@example.org",
        district=District.objects.get(slug="lucknow"),
    )
    aa.send_to_bank(application_id=application.pk, user=dic, access=_dic(dic, application))
    Application.objects.filter(pk=application.pk).update(due_at=timezone.now() - timedelta(days=1))
    assert escalate_overdue() == 2
    assert set(application.escalations.values_list("level", flat=True)) == {"dc_industries", "lead_bank"}
    # Agra's Lead District Manager hears of it, with the branch; Lucknow's does not.
    to_ldm = [m for m in mail.outbox if "ldm" in " ".join(m.to)]
    assert [m.to for m in to_ldm] == [[ldm.email]]
    branch = MarginMoneyCase.objects.get(application=application).bank_branch
    assert application.reference_number in to_ldm[0].body
    assert f"{branch.bank_name}, {branch.branch_name}" in to_ldm[0].body
    assert escalate_overdue() == 0
    assert len([m for m in mail.outbox if "ldm" in " ".join(m.to)]) == 1


@pytest.mark.django_db
def test_offices_hear_of_lock_ins_ending(approved_mm, mailoutbox):
    from margin_money.services import remind_lock_ins_ending

    application, dic = approved_mm
    dic.email = "dic.agra@example.gov.in"
    dic.save(update_fields=["email"])
    aa.send_to_bank(application_id=application.pk, user=dic, access=_dic(dic, application))
    MarginMoneyCase.objects.filter(application=application).update(
        lock_in_ends_on=timezone.localdate() + timedelta(days=30)
    )
    assert remind_lock_ins_ending(within_days=60) == 1
    assert application.reference_number in mailoutbox[-1].body
    assert mailoutbox[-1].to == ["dic.agra@example.gov.in"]
