from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from odop_portal.markup import day, escaped
from schemes.templatetags.scheme_tags import inr

register = template.Library()

# A number no file has, replaced by each file's own in the bank's file address.
_PK = "918273645"


@register.simple_tag
def branch_rows(page) -> str:
    """The branch queue's rows (50 a page), written here rather than as a loop in the template,
    whose variables, filters and {% url %} were most of the page's time. Each cell carries its
    column's name for the stacked layout of a phone; every value is escaped."""
    now = timezone.now()
    file_url = reverse("margin_money:bank_file", args=[_PK])
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
    overdue_text = escaped(gettext("overdue"))
    rows = []
    for case in page:
        application = case.application
        overdue = application.is_overdue_at(now)
        due = day(application.due_at)
        if due and overdue:
            due += f' <strong class="error">{overdue_text}</strong>'
        cells = [
            f'<a href="{file_url.replace(_PK, str(application.pk))}">{escaped(application.reference_number)}</a>',
            escaped(application.applicant.full_name),
            f'<span class="tag status-{escaped(application.status)}">{escaped(application.get_status_display())}</span>',
            day(case.sent_at),
            due,
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
