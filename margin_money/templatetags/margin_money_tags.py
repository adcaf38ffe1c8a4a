from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from applications.rows import due_cell, status_tag
from odop_portal.markup import address_of, day, escaped
from schemes.templatetags.scheme_tags import inr

register = template.Library()


@register.simple_tag
def branch_rows(page) -> str:
    """The branch queue's rows (50 a page), written here rather than as a loop in the template,
    whose variables, filters and {% url %} were most of the page's time. Each cell carries its
    column's name for the stacked layout of a phone; every value is escaped."""
    now = timezone.now()
    file_url = address_of("margin_money:bank_file")
    labels = [
        escaped(label)
        for label in (
            gettext("Reference"),
            gettext("Applicant"),
            gettext("Status"),
            gettext("Received"),
            gettext("Due"),
            gettext("Margin money"),
        )
    ]
    rows = []
    for case in page:
        application = case.application
        overdue = application.is_overdue_at(now)
        cells = [
            f'<a href="{file_url(application.pk)}">{escaped(application.reference_number)}</a>',
            escaped(application.applicant.full_name),
            status_tag(application),
            day(case.sent_at),
            due_cell(application, overdue),
        ]
        rows.append(
            f'<tr class="{"overdue" if overdue else ""}">'
            + "".join(
                f'<td data-label="{label}">{cell}</td>'
                for label, cell in zip(labels[:-1], cells, strict=True)
            )
            + f'<td class="num" data-label="{labels[-1]}">{escaped(inr(application.benefit_amount))}</td></tr>\n'
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value above is escaped
