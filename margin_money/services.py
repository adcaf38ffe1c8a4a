"""After approval: Margin Money with the bank (GO-MM-2018 para 5) and MDA payment (GO-MDA-2019
paras 11-12). Each step is one service: access check, row lock, guard, change, audit event."""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.mail import email_each_district
from accounts.models import Role
from applications.engine import apply_transition
from applications.models import Application
from applications.queueing import notify_after_commit
from applications.services.errors import ApplicationError, Conflict
from applications.workflow import BANK, BANK_STATES, OFFICER
from districts.models import BankBranch
from margin_money.models import MarginMoneyCase
from payments.services import not_future, record_payment

# GO-MM-2018 para 5(5): at least one week of entrepreneurship training.
MIN_TRAINING_DAYS = 7


def _benefit_line(application: Application, code: str) -> Decimal | None:
    for line in ((application.outcome or {}).get("benefit") or {}).get("lines", []):
        if line["code"] == code:
            return Decimal(line["amount"])
    return None


def _case(application: Application) -> MarginMoneyCase:
    return MarginMoneyCase.objects.select_for_update().get(application=application)


def _move(case: MarginMoneyCase, application: Application, name: str, actor_kind: str, user) -> None:
    """Make the move and keep the case's "at the bank" flag (the branch queue's index) equal to
    the file's status, in the same transaction."""
    apply_transition(application=application, name=name, actor_kind=actor_kind, user=user)
    at_bank = application.status in BANK_STATES
    if case.at_bank != at_bank:
        case.at_bank = at_bank
        MarginMoneyCase.objects.filter(pk=case.pk).update(at_bank=at_bank)


def send_to_bank(*, application_id: int, user, access) -> MarginMoneyCase:
    """The DIC sends an approved Margin Money file to the branch the artisan chose (5(3))."""
    with transaction.atomic():
        application = access(lock=True)
        if application.scheme.code != "MM":
            raise Conflict(_("Only Margin Money files go to a bank."))
        bank = application.details.get("bank", {})
        ifsc = (bank.get("branch_ifsc") or "").upper()
        if not ifsc:
            raise ApplicationError(_("The application names no bank branch."))
        apply_transition(application=application, name="send_to_bank", actor_kind=OFFICER, user=user)
        branch, _created = BankBranch.objects.get_or_create(
            ifsc=ifsc,
            defaults={
                "bank_name": bank.get("bank_name", "")[:120],
                "branch_name": bank.get("branch_name", "")[:120],
                "district": application.district,
            },
        )
        case = MarginMoneyCase.objects.create(
            application=application, bank_branch=branch, sent_at=timezone.now()
        )
        notify_after_commit(application, "sent_to_bank")
    return case


def sanction_loan(
    *, application_id: int, user, access, amount: Decimal, sanctioned_on: date
) -> MarginMoneyCase:
    """The branch sanctions the loan (5(4)). The loan cannot exceed the project cost."""
    with transaction.atomic():
        application = access(lock=True)
        case = _case(application)
        not_future(sanctioned_on, "sanctioned_on")
        if sanctioned_on < timezone.localdate(case.sent_at):
            raise ApplicationError(
                _("The loan cannot be sanctioned before the file reached the bank."), field="sanctioned_on"
            )
        project_cost = _benefit_line(application, "project_cost")
        if amount <= 0 or (project_cost is not None and amount > project_cost):
            raise ApplicationError(
                _("The loan must be more than zero and at most the project cost."), field="amount"
            )
        _move(case, application, "sanction_loan", BANK, user)
        case.loan_amount, case.loan_sanctioned_on = amount, sanctioned_on
        case.save(update_fields=["loan_amount", "loan_sanctioned_on"])
        notify_after_commit(application, "loan_sanctioned")
    return case


def refuse_loan(*, application_id: int, user, access, reason: str) -> MarginMoneyCase:
    with transaction.atomic():
        application = access(lock=True)
        case = _case(application)
        if not reason.strip():
            raise ApplicationError(_("Write the reason for refusing the loan."), field="reason")
        _move(case, application, "refuse_loan", BANK, user)
        case.refusal_reason = reason.strip()
        case.save(update_fields=["refusal_reason"])
        notify_after_commit(application, "loan_refused")
    return case


def record_training(
    *,
    application_id: int,
    user,
    access,
    institution: str,
    start: date,
    end: date,
    certificate: str,
    actor_kind: str = BANK,
) -> MarginMoneyCase:
    """At least a week of entrepreneurship training after the sanction (5(5))."""
    with transaction.atomic():
        application = access(lock=True)
        case = _case(application)
        not_future(end, "end")
        if end < start:
            raise ApplicationError(_("The training cannot end before it starts."), field="end")
        if (end - start).days + 1 < MIN_TRAINING_DAYS:
            raise ApplicationError(_("The training must last at least one week."), field="end")
        if case.loan_sanctioned_on and end < case.loan_sanctioned_on:
            raise ApplicationError(_("The training comes after the loan sanction."), field="end")
        if not institution.strip():
            raise ApplicationError(_("Name the training institution."), field="institution")
        _move(case, application, "record_training", actor_kind, user)
        case.training_institution, case.training_from, case.training_to = institution.strip(), start, end
        case.training_certificate = certificate.strip()
        case.save(
            update_fields=["training_institution", "training_from", "training_to", "training_certificate"]
        )
    return case


def disburse_loan(*, application_id: int, user, access, first_instalment_on: date) -> MarginMoneyCase:
    """The first loan instalment, after the training (5(6)-(7))."""
    with transaction.atomic():
        application = access(lock=True)
        case = _case(application)
        not_future(first_instalment_on, "first_instalment_on")
        if case.training_to and first_instalment_on < case.training_to:
            raise ApplicationError(
                _("The loan is disbursed after the training."), field="first_instalment_on"
            )
        _move(case, application, "disburse_loan", BANK, user)
        case.first_instalment_on = first_instalment_on
        case.save(update_fields=["first_instalment_on"])
    return case


def claim_margin_money(
    *, application_id: int, user, access, amount: Decimal, claimed_on: date
) -> MarginMoneyCase:
    """The branch claims exactly the margin money the RuleSet gives for this file (5(8))."""
    with transaction.atomic():
        application = access(lock=True)
        case = _case(application)
        not_future(claimed_on, "claimed_on")
        if case.first_instalment_on and claimed_on < case.first_instalment_on:
            raise ApplicationError(_("The claim follows the first instalment."), field="claimed_on")
        if amount != application.benefit_amount:
            raise ApplicationError(
                _("The margin money for this file is %(amount)s, computed with its Government Order.")
                % {"amount": application.benefit_amount},
                field="amount",
            )
        _move(case, application, "claim_margin_money", BANK, user)
        case.claim_amount, case.claimed_on = amount, claimed_on
        case.save(update_fields=["claim_amount", "claimed_on"])
    return case


def release_margin_money(
    *, application_id: int, user, access, dbt_reference: str, released_on: date
) -> MarginMoneyCase:
    """The DIC releases the claimed amount by DBT (5(8)); the two-year lock-in starts (5(9))."""
    with transaction.atomic():
        application = access(lock=True)
        case = _case(application)
        not_future(released_on, "released_on")
        if not dbt_reference.strip():
            raise ApplicationError(_("Give the DBT reference of the payment."), field="dbt_reference")
        _move(case, application, "release_margin_money", OFFICER, user)
        case.released_amount, case.released_on, case.dbt_reference = (
            case.claim_amount,
            released_on,
            dbt_reference.strip(),
        )
        case.lock_in_ends_on = released_on + timedelta(days=settings.MARGIN_MONEY_LOCK_IN_DAYS)
        case.save(update_fields=["released_amount", "released_on", "dbt_reference", "lock_in_ends_on"])
        record_payment(
            application=application,
            purpose="margin_money",
            amount=case.claim_amount,
            dbt_reference=case.dbt_reference,
            paid_on=released_on,
            user=user,
        )
        notify_after_commit(application, "mm_released")
    return case


CLOSE_LOCK_IN = {
    MarginMoneyCase.Outcome.GRANT: "convert_to_grant",
    MarginMoneyCase.Outcome.RECOVERED: "recover_margin_money",
    MarginMoneyCase.Outcome.ADJUSTED: "adjust_margin_money",
}


def close_lock_in(
    *, application_id: int, user, access, outcome: str, inspected_on: date, note: str
) -> MarginMoneyCase:
    """After the joint inspection: a grant once the two years are over without default (5(10));
    recovery for wilful misuse or adjustment for a calamity at any time, with reasons (5(11))."""
    if outcome not in CLOSE_LOCK_IN:
        raise ApplicationError(_("Choose the outcome."), field="outcome")
    with transaction.atomic():
        application = access(lock=True)
        case = _case(application)
        not_future(inspected_on, "inspected_on")
        if outcome == MarginMoneyCase.Outcome.GRANT and (
            case.lock_in_ends_on is None or inspected_on < case.lock_in_ends_on
        ):
            raise Conflict(
                _("The margin money becomes a grant only after the lock-in ends on %(date)s.")
                % {"date": case.lock_in_ends_on.strftime("%d-%m-%Y") if case.lock_in_ends_on else "-"}
            )
        if outcome != MarginMoneyCase.Outcome.GRANT and not note.strip():
            raise ApplicationError(_("Write the reasons."), field="note")
        _move(case, application, CLOSE_LOCK_IN[outcome], OFFICER, user)
        case.outcome, case.inspected_on, case.inspection_note = outcome, inspected_on, note.strip()
        case.save(update_fields=["outcome", "inspected_on", "inspection_note"])
    return case


def lock_ins_ending(*, within_days: int = 60) -> list[MarginMoneyCase]:
    """Cases whose two-year lock-in ends within `within_days` (for the joint inspection)."""
    today = timezone.localdate()
    return list(
        MarginMoneyCase.objects.filter(
            outcome="",
            lock_in_ends_on__isnull=False,
            lock_in_ends_on__lte=today + timedelta(days=within_days),
        )
        .select_related("application", "bank_branch")
        .order_by("lock_in_ends_on")
    )


def remind_lock_ins_ending(*, within_days: int = 60) -> int:
    """Tell each district office which margin-money lock-ins end within `within_days`, so the
    joint inspection is planned (GO-MM-2018 para 5(10)). One email per office per run."""
    by_district: dict[int, list[str]] = {}
    for case in lock_ins_ending(within_days=within_days):
        by_district.setdefault(case.application.district_id, []).append(
            f"{case.application.reference_number}: {case.lock_in_ends_on:%d-%m-%Y}"
        )
    return email_each_district(Role.DISTRICT_OFFICER, by_district, "ODOP: margin-money lock-ins ending soon")
