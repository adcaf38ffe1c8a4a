"""Money released to beneficiaries, from whatever the post-approval stages record.

Released money is not a field of the application: it is recorded by the stages after approval
(a DBT payment, margin money released to the bank). Those stages are added sub-scheme by
sub-scheme, so the dashboard lists the places where a released amount may be recorded and sums
every one that exists in this installation. A deployment without post-approval stages shows
0, labelled as "not recorded yet", and the dashboard needs no change when a stage appears:
add its model and amount field to `RELEASE_SOURCES` if it is not listed already.

Each source costs one GROUP BY query, so the number of queries depends on the code, never on
the data.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet, Sum


@dataclass(frozen=True)
class ReleaseSource:
    model: str  # "app_label.ModelName"
    amount_field: str
    application_field: str = "application"


RELEASE_SOURCES = (
    # Payments by DBT on an approved application: MDA reimbursements, honoraria, CFC
    # instalments and margin money released to the bank (GO-MM-2018 para 5). The margin-money
    # case also keeps the released amount for its lock-in, but the payment is the one record of
    # money paid, so the case is not a source: counting both would count the release twice.
    ReleaseSource("payments.Payment", "amount"),
)


def available_sources() -> list[tuple[type, ReleaseSource]]:
    """The sources whose model and fields exist in this installation."""
    found = []
    for source in RELEASE_SOURCES:
        try:
            model = apps.get_model(source.model)
            model._meta.get_field(source.amount_field)
            model._meta.get_field(source.application_field)
        except (LookupError, FieldDoesNotExist):
            continue
        found.append((model, source))
    return found


def is_recorded() -> bool:
    return bool(available_sources())


def released_by(applications: QuerySet, *, keys: dict[str, str]) -> dict[tuple, Decimal]:
    """Released money on `applications`, summed by `keys` (output name -> Application field)."""
    totals: dict[tuple, Decimal] = defaultdict(Decimal)
    for model, source in available_sources():
        prefix = f"{source.application_field}__"
        rows = (
            model.objects.filter(**{f"{source.application_field}__in": applications.values("pk")})
            .exclude(**{f"{source.amount_field}__isnull": True})
            .values(*(prefix + field for field in keys.values()))
            .annotate(total=Sum(source.amount_field))
            .order_by()
        )
        for row in rows:
            key = tuple(row[prefix + field] for field in keys.values())
            totals[key] += row["total"] or Decimal("0")
    return dict(totals)
