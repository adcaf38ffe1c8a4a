"""Figures as people in India read them: 1,23,456 and ₹6,25,000."""

from decimal import Decimal

from django.utils.translation import gettext as _

from dashboard.tables import Kind, Suppressed
from schemes.rules.base import format_inr


def group_indian(number: int) -> str:
    """Indian digit grouping without a currency sign: 1,23,456."""
    sign = "-" if number < 0 else ""
    digits = str(abs(int(number)))
    if len(digits) <= 3:
        return sign + digits
    head, tail = digits[:-3], digits[-3:]
    groups = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return sign + ",".join([*groups, tail])


def rupees(amount) -> str:
    """Whole rupees with Indian grouping (the dashboard does not show paise)."""
    return format_inr(Decimal(amount).quantize(Decimal("1")))


def format_value(value, kind: str) -> str:
    if isinstance(value, Suppressed):
        return value.mark
    if value is None:
        return "–"
    if kind == Kind.COUNT:
        return group_indian(value)
    if kind == Kind.MONEY:
        return rupees(value)
    if kind == Kind.DAYS:
        return f"{float(value):.1f}"
    if kind == Kind.PERCENT:
        return _("%(value)s%%") % {"value": f"{float(value):.0f}"}
    return str(value)
