from decimal import Decimal, InvalidOperation

from django import template
from django.utils.translation import get_language

from schemes.rules.base import format_inr, format_rate

register = template.Library()


@register.filter
def inr(value) -> str:
    """Rupees with Indian digit grouping (₹6,25,000)."""
    if value in (None, ""):
        return ""
    try:
        return format_inr(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)


@register.filter
def bilingual(obj, field: str) -> str:
    """`{{ rule|bilingual:"message" }}` gives message_hi or message_en for the active language;
    works on dicts (API shapes) and objects."""
    suffix = "hi" if (get_language() or "").startswith("hi") else "en"
    key = f"{field}_{suffix}"
    if isinstance(obj, dict):
        return obj.get(key, "")
    return getattr(obj, key, "")


@register.filter
def percent(value) -> str:
    """A fraction as a percentage: 0.25 -> 25%."""
    if value in (None, ""):
        return ""
    return format_rate(Decimal(str(value)))


@register.filter
def field(form, name: str):
    """`form|field:"name"`: a bound field by name, for forms laid out from a list of names."""
    return form[name]
