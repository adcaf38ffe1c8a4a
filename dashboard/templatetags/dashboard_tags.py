from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from dashboard.formatting import format_value
from dashboard.tables import Kind

register = template.Library()


@register.simple_tag
def cell(row, column) -> str:
    """One table cell's content: the figure, formatted, linked to the list behind it."""
    text = conditional_escape(format_value(row.values.get(column.key), column.kind))
    href = row.links.get(column.key)
    # A few thousand cells a dashboard: what format_html does, without its parsing each time.
    if href:
        return mark_safe(f'<a href="{conditional_escape(href)}">{text}</a>')  # noqa: S308 - both escaped
    return mark_safe(text)  # noqa: S308 - escaped


@register.filter
def is_number(column) -> bool:
    return column.kind != Kind.TEXT
