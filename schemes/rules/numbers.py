"""Money and decimal helpers every rules module shares (imported by `base` and `parameters`)."""

from decimal import ROUND_HALF_UP, Decimal

PAISA = Decimal("0.01")
ZERO = Decimal("0.00")
LAKH = Decimal("100000")
CRORE = Decimal("10000000")


def money(value: Decimal | int) -> Decimal:
    """Quantize a rupee amount to paise, rounding half up (the rule for every money output)."""
    return Decimal(value).quantize(PAISA, rounding=ROUND_HALF_UP)


def decimal_to_str(value: Decimal) -> str:
    """Plain decimal notation (never ``2E+6``), for JSON and for stored parameters."""
    return format(value, "f")
