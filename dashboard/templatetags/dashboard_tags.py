from django import template
from django.utils.html import format_html

from dashboard.formatting import format_value
from dashboard.tables import Kind

register = template.Library()


@register.simple_tag
def cell(row, column) -> str:
    """One table cell's content: the figure, formatted, linked to the list behind it."""
    text = format_value(row.values.get(column.key), column.kind)
    href = row.links.get(column.key)
    if href:
        return format_html('<a href="{}">{}</a>', href, text)
    return format_html("{}", text)


@register.filter
def is_number(column) -> bool:
    return column.kind != Kind.TEXT
