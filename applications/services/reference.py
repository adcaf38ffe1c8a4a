from django.db import transaction
from django.utils import timezone

from applications.models import Application, ReferenceCounter
from schemes.rules.base import financial_year


def allocate_reference_number(*, application: Application) -> str:
    """Next number in the serial register of the application's scheme, district and financial
    year, e.g. ODOP/MM/AGR/2026-27/000123. Must run inside the submitting transaction: the
    counter row stays locked until commit, so concurrent submissions queue here and never share
    a number, and a rolled-back submission gives its number back."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_reference_number must run inside the submitting transaction")
    year = financial_year(timezone.localdate(application.submitted_at))
    key = {
        "scheme_code": application.scheme.code,
        "district_id": application.district_id,
        "financial_year": year,
    }
    # Create the register row if it is new without racing: a conflicting insert is ignored.
    ReferenceCounter.objects.bulk_create([ReferenceCounter(**key)], ignore_conflicts=True)
    counter = ReferenceCounter.objects.select_for_update().get(**key)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"ODOP/{application.scheme.code}/{application.district.code}/{year}/{counter.last_number:06d}"
