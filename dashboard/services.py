"""Writes of the dashboard: targets. Everything else here only reads."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.exceptions import PortalError
from dashboard.years import is_year
from districts.models import District
from schemes.models import Scheme, Target
from schemes.rules.base import format_inr


class TargetError(PortalError):
    code = "target_error"


def _check_year(financial_year: str) -> None:
    if not is_year(financial_year):
        raise TargetError(
            _("Write the financial year as 2026-27 (April 2026 to March 2027)."), field="financial_year"
        )


def set_target(
    *, district: District, scheme: Scheme, financial_year: str, physical: int, financial: Decimal, user
) -> Target:
    """Create or replace the target of a district, sub-scheme and year. Raising the physical
    target above the approvals already made reopens the district to new applications."""
    _check_year(financial_year)
    if physical < 0:
        raise TargetError(_("A target cannot be negative."), field="physical")
    if financial < 0:
        raise TargetError(_("A target cannot be negative."), field="financial")
    with transaction.atomic():
        Target.objects.bulk_create(
            [
                Target(
                    district=district,
                    scheme=scheme,
                    financial_year=financial_year,
                    physical=physical,
                    financial=financial,
                    updated_by=user,
                )
            ],
            ignore_conflicts=True,
        )
        target = Target.objects.select_for_update().get(
            district=district, scheme=scheme, financial_year=financial_year
        )
        target.physical = physical
        target.financial = financial
        target.updated_by = user
        target.save(update_fields=["physical", "financial", "updated_by", "updated_at"])
    return target


def move_target(
    *,
    scheme: Scheme,
    financial_year: str,
    from_district: District,
    to_district: District,
    physical: int,
    financial: Decimal,
    user,
) -> tuple[Target, Target]:
    """Move part of one district's target to another district in one transaction: both rows
    change or neither does. Refuses a move that would leave the giving district below zero,
    and one that would give a district without a target a physical target of nothing (which
    would close it to new applications); the receiving district gets a target if it had none.
    Both rows are locked in id order, so two moves
    between the same districts in opposite directions cannot deadlock."""
    _check_year(financial_year)
    if from_district.pk == to_district.pk:
        raise TargetError(_("Choose two different districts."), field="to_district")
    if physical < 0 or financial < 0:
        raise TargetError(_("Move a positive number of beneficiaries or rupees."), field="physical")
    if physical == 0 and financial == 0:
        raise TargetError(_("Say how much of the target to move."), field="physical")
    with transaction.atomic():
        if (
            physical == 0
            and not Target.objects.filter(
                district=to_district, scheme=scheme, financial_year=financial_year
            ).exists()
        ):
            raise TargetError(
                _("Set a target for %(district)s first, or move some beneficiaries with the money.")
                % {"district": to_district.name},
                field="to_district",
            )
        # A district without a target gets one (from nothing); a refusal below rolls it back.
        Target.objects.bulk_create(
            [
                Target(
                    district=to_district,
                    scheme=scheme,
                    financial_year=financial_year,
                    physical=0,
                    financial=Decimal("0"),
                    updated_by=user,
                )
            ],
            ignore_conflicts=True,
        )
        rows = {
            target.district_id: target
            for target in Target.objects.select_for_update()
            .filter(
                scheme=scheme,
                financial_year=financial_year,
                district_id__in=[from_district.pk, to_district.pk],
            )
            .order_by("pk")
        }
        source, destination = rows.get(from_district.pk), rows[to_district.pk]
        if source is None:
            raise TargetError(
                _("%(district)s has no target for this sub-scheme and year to move.")
                % {"district": from_district.name},
                field="from_district",
            )
        if source.physical - physical < 0 or source.financial - financial < 0:
            raise TargetError(
                _(
                    "%(district)s has a target of %(physical)d beneficiaries and %(financial)s; "
                    "the move would leave it below zero."
                )
                % {
                    "district": from_district.name,
                    "physical": source.physical,
                    "financial": format_inr(source.financial),
                },
                field="physical",
            )
        for target, sign in ((source, -1), (destination, 1)):
            target.physical += sign * physical
            target.financial += sign * financial
            target.updated_by = user
            target.save(update_fields=["physical", "financial", "updated_by", "updated_at"])
    return source, destination
