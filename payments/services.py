"""Payments by DBT, one place for every sub-scheme: Margin Money released to the bank, MDA claims,
Training and Toolkit honoraria and CFC instalments. Called inside the move's transaction, after
its workflow move, so a payment and its move commit together."""

from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from applications.services.errors import ApplicationError
from payments.models import Payment


def not_future(value: date, field: str) -> None:
    """Refuse a date after today (India's date), naming the field."""
    if value > timezone.localdate():
        raise ApplicationError(_("This date cannot be in the future."), field=field)


def record_payment(
    *, application, purpose: str, amount: Decimal, dbt_reference: str, paid_on: date, user
) -> Payment:
    """Record money paid on `application` for `purpose` (one payment per purpose)."""
    return Payment.objects.create(
        application=application,
        purpose=purpose,
        amount=amount,
        dbt_reference=dbt_reference.strip(),
        paid_on=paid_on,
        recorded_by=user,
    )


def paid(application, purpose: str) -> bool:
    return Payment.objects.filter(application=application, purpose=purpose).exists()
