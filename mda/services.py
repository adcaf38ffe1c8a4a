"""Marketing Development Assistance after approval: the claim paid by DBT against its notified
fair (GO-MDA-2019 paras 11-12)."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from applications.engine import apply_transition
from applications.queueing import notify_after_commit
from applications.services.errors import ApplicationError, Conflict
from applications.workflow import OFFICER
from payments.models import Payment
from payments.services import not_future, record_payment


def pay_mda_claim(*, application_id: int, user, access, dbt_reference: str, paid_on: date) -> Payment:
    """Pay an approved MDA claim: the amount is the rules' figure with the claim's RuleSet (each
    line at 75% up to its cap), never typed in."""
    with transaction.atomic():
        application = access(lock=True)
        if application.scheme.code != "MDA":
            raise Conflict(_("Only marketing assistance claims are paid this way."))
        not_future(paid_on, "paid_on")
        if not dbt_reference.strip():
            raise ApplicationError(_("Give the DBT reference of the payment."), field="dbt_reference")
        apply_transition(application=application, name="pay_claim", actor_kind=OFFICER, user=user)
        payment = record_payment(
            application=application,
            purpose="mda_claim",
            amount=application.benefit_amount,
            dbt_reference=dbt_reference,
            paid_on=paid_on,
            user=user,
        )
        notify_after_commit(application, "paid")
    return payment
