from django.db import connection, transaction
from django.utils import timezone

from applications.models import Application, ReferenceCounter
from schemes.rules.base import financial_year


def allocate_reference_number(*, application: Application) -> str:
    """Next number in the serial register of the application's scheme, district and financial
    year, e.g. ODOP/MM/AGR/2026-27/000123. Must run inside the submitting transaction: the
    counter row stays locked until commit, so concurrent submissions queue here and never share
    a number, and a rolled-back submission gives its number back. The caller takes it as late in
    its transaction as it can, so that the lock is held for as short a time as possible.

    One statement creates the register row or moves it on and returns the number (PostgreSQL
    and SQLite both take INSERT ... ON CONFLICT DO UPDATE ... RETURNING)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate_reference_number must run inside the submitting transaction")
    year = financial_year(timezone.localdate(application.submitted_at))
    table = connection.ops.quote_name(ReferenceCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (scheme_code, district_id, financial_year, last_number) "  # noqa: S608 - the table name is the model's own
            "VALUES (%s, %s, %s, 1) ON CONFLICT (scheme_code, district_id, financial_year) "
            f"DO UPDATE SET last_number = {table}.last_number + 1 RETURNING last_number",
            [application.scheme.code, application.district_id, year],
        )
        (number,) = cursor.fetchone()
    return f"ODOP/{application.scheme.code}/{application.district.code}/{year}/{number:06d}"
