from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from applications.reasons import REASON_BY_CODE
from applications.rows import due_cell, status_tag
from applications.steps import field_labels, step_of_field
from odop_portal.markup import address_of, day, escaped
from schemes.templatetags.scheme_tags import inr

register = template.Library()


@register.filter
def reason_text(code: str, application) -> str:
    """A rejection reason in words with its GO clause: a rule's own message, or a listed reason."""
    hindi = (get_language() or "").startswith("hi")
    for rule in (application.outcome or {}).get("rules", []):
        if rule["code"] == code:
            return f"{rule['message_hi'] if hindi else rule['message_en']} ({rule['clause']})"
    reason = REASON_BY_CODE.get(code)
    if reason is None:
        return code
    return f"{reason.label} ({reason.clause})" if reason.clause else str(reason.label)


@register.filter
def field_label(name: str, application) -> str:
    return field_labels(application.scheme.code).get(name, name)


@register.filter
def field_step(name: str, application) -> str:
    return step_of_field(application.scheme.code, name) or ""


# Papers that arrive after approval, not among the scheme's required documents.
LATER_DOCUMENTS = {
    "utilisation_certificate": _("Utilisation certificate"),
    "dpr_appraisal": _("Appraisal report of the DPR"),
}


@register.filter
def document_name(code: str, application) -> str:
    for document in application.scheme.documents.all():
        if document.code == code:
            return document.name
    return str(LATER_DOCUMENTS.get(code, code))


@register.simple_tag
def posted_value(posted, prefix: str, pk) -> str:
    """What the user typed for `<prefix>-<pk>` in a form being shown again ("" when none)."""
    return posted.get(f"{prefix}-{pk}", "") if posted else ""


@register.simple_tag
def posted_values(posted, name: str) -> list[str]:
    return posted.getlist(name) if posted else []


@register.filter
def action_label(code: str) -> str:
    """An audit event's action in words ("Taken up for scrutiny"), never its code."""
    from applications.workflow import TRANSITIONS

    if code in TRANSITIONS:
        return str(TRANSITIONS[code].label)
    return str({"assign": _("Assigned to a colleague")}.get(code, code))


@register.filter
def status_label(code: str) -> str:
    from applications import workflow

    return workflow.status_label(code)


@register.inclusion_tag("applications/_intake.html", takes_context=True)
def schemes_open_in(context, district):
    """The sub-schemes a district takes applications for now, each with a way to apply: a
    signed-in artisan of the district starts in one tap; anyone else signs in first."""
    from applications.models import Applicant
    from applications.selectors import intake_for_district

    user = context["request"].user
    profile_district_id = None
    if getattr(user, "role", None) == "artisan":
        profile_district_id = (
            Applicant.objects.filter(user=user).values_list("district_id", flat=True).first()
        )
    return {
        "district": district,
        "intake": intake_for_district(district_id=district.pk),
        "one_tap": profile_district_id == district.pk,
        "elsewhere": profile_district_id not in (None, district.pk),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(takes_context=True)
def own_district_making(context, product):
    """The signed-in artisan's district, when it has `product` among its ODOP products."""
    from applications.models import Applicant

    user = context["request"].user
    if getattr(user, "role", None) != "artisan":
        return None
    applicant = Applicant.objects.filter(user=user).select_related("district").first()
    if applicant is None or not applicant.district.products.filter(pk=product.pk).exists():
        return None
    return applicant.district


@register.simple_tag
def queue_rows(page) -> str:
    """The office queue's rows. Written here rather than as a loop in the template: the loop's
    variables, filters and {% url %} were a third of the page's time, on every page of every
    district. The cells are those the template had; every value is escaped."""
    now = timezone.now()
    file_url = address_of("applications:office_file")
    select = escaped(gettext("Select"))
    rows = []
    for application in page:
        reference = escaped(application.reference_number)
        overdue = application.is_overdue_at(now)
        status = status_tag(application)
        if application.assigned_to:
            status += f' <span class="muted">→ {escaped(application.assigned_to.username)}</span>'
        cells = [
            f'<input type="checkbox" name="ids" value="{application.pk}" aria-label="{select} {reference}">',
            f'<a href="{file_url(application.pk)}">{reference}</a>',
            escaped(application.applicant.full_name),
            escaped(application.scheme.name),
            status,
            day(application.submitted_at),
            due_cell(application, overdue),
        ]
        rows.append(
            f'<tr class="{"overdue" if overdue else ""}">'
            + "".join(f"<td>{cell}</td>" for cell in cells)
            + f'<td class="num">{escaped(inr(application.benefit_amount))}</td></tr>\n'
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value above is escaped
