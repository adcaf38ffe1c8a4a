"""Reminders to committee members and escalation of overdue files (GO time limits).

Run by Celery beat; each is safe to run twice."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.mail import email_each_district, send_email
from accounts.models import Role, User
from applications.models import Application
from applications.workflow import (
    BANK_STATES,
    OFFICE_STATES,
    Status,
    status_label,
)
from committees.models import Escalation, Meeting


def remind_members(*, within: timedelta = timedelta(days=2)) -> int:
    """Email the members of meetings in the next two days, once per meeting."""
    now = timezone.now()
    sent = 0
    for meeting in Meeting.objects.filter(
        state__in=[Meeting.State.SCHEDULED, Meeting.State.LOCKED],
        scheduled_for__gt=now,
        scheduled_for__lte=now + within,
    ).select_related("committee"):
        with transaction.atomic():
            locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
            if locked.reminders_sent_at:
                continue
            locked.reminders_sent_at = now
            locked.save(update_fields=["reminders_sent_at"])
            emails = list(meeting.committee.members.exclude(email="").values_list("email", flat=True))
            if emails:
                send_email(
                    to=emails,
                    subject=f"ODOP: {meeting.committee.name_en} meets on {timezone.localtime(meeting.scheduled_for):%d-%m-%Y %H:%M}",
                    body=f"{meeting.items.count()} applications are on the agenda. Venue: {meeting.venue or '-'}.",
                    idempotency_key=f"meeting-reminder:{meeting.pk}",
                )
                sent += len(emails)
    return sent


ESCALATE_TO_DM_AFTER = timedelta(days=7)


def escalate_overdue() -> int:
    """Raise every overdue file once per stage: first to the Deputy Commissioner Industries;
    files waiting on a district committee a further week overdue also to the District Magistrate;
    Margin Money files overdue at a bank also to the Lead District Manager."""
    now = timezone.now()
    created = 0
    overdue = Application.objects.filter(status__in=OFFICE_STATES, due_at__lt=now).only(
        "id", "status", "stage_entered_at", "due_at", "district_id"
    )
    committee_stages = {Status.RECOMMENDED, Status.ON_AGENDA, Status.DEFERRED}
    for application in overdue.iterator():
        levels = [Escalation.Level.DC_INDUSTRIES]
        if application.status in committee_stages and application.due_at + ESCALATE_TO_DM_AFTER < now:
            levels.append(Escalation.Level.DM)
        if application.status in BANK_STATES:
            levels.append(Escalation.Level.LEAD_BANK)
        for level in levels:
            _, made = Escalation.objects.get_or_create(
                application_id=application.pk,
                stage_entered_at=application.stage_entered_at,
                level=level,
                defaults={"status": application.status},
            )
            created += made
    if created:
        officers = User.objects.filter(role=Role.DISTRICT_OFFICER, is_active=True).exclude(email="")
        districts = set(overdue.values_list("district_id", flat=True))
        emails = list(officers.filter(district_id__in=districts).values_list("email", flat=True))
        if emails:
            send_email(
                to=emails,
                subject="ODOP: overdue files",
                body=f"{created} files were escalated today.",
                idempotency_key=f"escalated:{timezone.localdate().isoformat()}:{sorted(emails)}:{created}",
            )
        _tell_lead_district_managers(since=now)
    return created


def _tell_lead_district_managers(*, since) -> None:
    """Each Lead District Manager hears of the Margin Money files escalated to them this run,
    with the branch and how long each has waited there."""
    escalated = (
        Escalation.objects.filter(level=Escalation.Level.LEAD_BANK, created_at__gte=since)
        .select_related("application__district", "application__margin_money__bank_branch")
        .order_by("application__district_id", "application__reference_number")
    )
    by_district: dict[int, list[str]] = {}
    for escalation in escalated:
        application = escalation.application
        case = getattr(application, "margin_money", None)
        branch = f"{case.bank_branch.bank_name}, {case.bank_branch.branch_name}" if case else "-"
        days = (timezone.now() - escalation.stage_entered_at).days
        by_district.setdefault(application.district_id, []).append(
            f"{application.reference_number}: {branch}, {status_label(escalation.status)} for {days} days"
        )
    email_each_district(
        Role.LEAD_DISTRICT_MANAGER, by_district, "ODOP: Margin Money files overdue at the banks"
    )
