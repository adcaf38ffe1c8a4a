"""Cells that the file lists written in Python share (the office's and the branch's queues)."""

from django.utils.translation import gettext

from odop_portal.markup import day, escaped


def status_tag(application) -> str:
    return (
        f'<span class="tag status-{escaped(application.status)}">'
        f"{escaped(application.get_status_display())}</span>"
    )


def due_cell(application, overdue: bool) -> str:
    """The due date, marked when the file is overdue; empty when it has none."""
    due = day(application.due_at)
    if due and overdue:
        due += f' <strong class="error">{escaped(gettext("overdue"))}</strong>'
    return due
