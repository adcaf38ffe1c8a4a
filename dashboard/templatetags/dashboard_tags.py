from django import template
from django.utils.safestring import mark_safe

from dashboard.formatting import format_value
from dashboard.tables import Kind
from odop_portal.markup import escaped as _escaped

register = template.Library()


@register.simple_tag
def cell(row, column) -> str:
    """One table cell's content: the figure, formatted, linked to the list behind it."""
    text = _escaped(format_value(row.values.get(column.key), column.kind))
    href = row.links.get(column.key)
    # A few thousand cells a dashboard: what format_html does, without its parsing each time.
    if href:
        return mark_safe(f'<a href="{_escaped(href)}">{text}</a>')  # noqa: S308 - both escaped
    return mark_safe(text)  # noqa: S308 - escaped


@register.simple_tag
def table_rows(table) -> str:
    """A dashboard table's body rows, the first cell of each a row header. Written here rather
    than as loops in the template: a whole-state dashboard has a few thousand cells, and the
    template's loops were most of its time."""
    columns = [(column, ' class="num"' if column.kind != Kind.TEXT else "") for column in table.columns]
    first, rest = columns[0], columns[1:]
    parts = []
    for row in table.rows:
        parts.append(f'<tr class="{_escaped(row.css)}">' if row.css else "<tr>")
        parts.append(f'<th scope="row"{first[1]}>{cell(row, first[0])}</th>')
        parts.extend(f"<td{css}>{cell(row, column)}</td>" for column, css in rest)
        parts.append("</tr>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped by cell() or above


@register.filter
def is_number(column) -> bool:
    return column.kind != Kind.TEXT
