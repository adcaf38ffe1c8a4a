"""Committees: agendas, meetings, decisions, letters, reminders and escalations.

Tasks call these functions with ids. Every function here is safe to run twice: it locks the rows
it changes, re-checks their state and does nothing when the work is already done."""

import calendar
import logging
from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.mail import send_email
from accounts.models import Role, User
from applications.facts import FACT_BUILDERS, application_answers, as_of
from applications.models import (
    AgendaItem,
    Application,
    Attendance,
    Committee,
    CommitteeMembership,
    Escalation,
    Letter,
    Meeting,
    Note,
    Recusal,
)
from applications.queueing import agenda_key, enqueue_after_commit
from applications.reasons import REASON_BY_CODE
from applications.services.errors import ApplicationError, Conflict
from applications.workflow import (
    BANK_STATES,
    OFFICE_STATES,
    STATE_COMMITTEE_STATES,
    SYSTEM,
    Status,
    apply_transition,
)
from outbox.models import OutboxMessage
from outbox.services import enqueue
from schemes.rules import cfc

logger = logging.getLogger(__name__)
WAITING_FOR_AGENDA = (Status.RECOMMENDED, Status.DEFERRED, Status.FORWARDED_TO_STATE, Status.DPR_APPRAISED)
# The state committee that sanctions a CFC proposal, by the rules' answer (GO-CFC-2018 18, 24).
STATE_COMMITTEE_KIND = {"state_level": "slc", "high_level": "hlc"}


def _state_committee_kind(application: Application) -> str:
    facts = FACT_BUILDERS["CFC"](application_answers(application), as_of(application))
    decided_by = facts and cfc.approving_committee(facts, application.ruleset.rule_parameters())
    return STATE_COMMITTEE_KIND[decided_by or "high_level"]


def committee_for(application: Application) -> Committee | None:
    """The committee that decides this file now (data, not code): the district's own for the
    sub-scheme, or for a screened CFC proposal the State Level Committee (cost up to Rs 10
    crore) or the High Level Committee, which have no district."""
    if application.status in STATE_COMMITTEE_STATES:
        return (
            Committee.objects.filter(
                district__isnull=True, kind=_state_committee_kind(application), schemes=application.scheme_id
            )
            .order_by("id")
            .first()
        )
    return (
        Committee.objects.filter(district_id=application.district_id, schemes=application.scheme_id)
        .order_by("id")
        .first()
    )


AGENDA_TRANSITION = {
    Status.FORWARDED_TO_STATE: "place_on_state_agenda",
    # An appraised DPR returns to the same state committee for the final approval (para 24).
    Status.DPR_APPRAISED: "place_on_final_agenda",
}


def _agenda_transition(application: Application) -> str:
    return AGENDA_TRANSITION.get(application.status, "place_on_agenda")


def next_meeting_time(committee: Committee, now: datetime) -> datetime:
    """The committee's usual day in the first month whose meeting still leaves time to close
    the agenda, at 11:00 local time."""
    local = timezone.localtime(now)
    year, month = local.year, local.month
    for _attempt in range(24):
        day = min(committee.meeting_day, calendar.monthrange(year, month)[1])
        candidate = timezone.make_aware(datetime.combine(datetime(year, month, day).date(), time(11, 0)))
        if candidate - timedelta(days=committee.agenda_lock_days) > now:
            return candidate
        month += committee.meeting_interval_months
        while month > 12:
            month -= 12
            year += 1
    raise RuntimeError("no meeting date found")


def _open_meeting(committee: Committee, now: datetime) -> Meeting:
    """The next meeting whose agenda is still open, created from the schedule if there is none.
    The caller holds the committee's row lock, so two tasks never create two meetings."""
    meeting = (
        Meeting.objects.filter(committee=committee, state=Meeting.State.SCHEDULED, scheduled_for__gt=now)
        .order_by("scheduled_for")
        .first()
    )
    if meeting and meeting.scheduled_for - timedelta(days=committee.agenda_lock_days) > now:
        return meeting
    after = meeting.scheduled_for if meeting else now
    return Meeting.objects.create(
        committee=committee, scheduled_for=next_meeting_time(committee, max(after, now))
    )


def place_on_agenda(*, application_id: int) -> AgendaItem | None:
    """Put a recommended (or deferred) application on its committee's next open agenda.
    Idempotent: an application already on an agenda, or no longer waiting, is left alone."""
    now = timezone.now()
    with transaction.atomic():
        application = Application.objects.select_for_update(of=("self",)).filter(pk=application_id).first()
        if application is None or application.status not in WAITING_FOR_AGENDA:
            return None
        if AgendaItem.objects.filter(application=application, applied_at__isnull=True).exists():
            return None
        committee = committee_for(application)
        if committee is None:
            logger.error(
                "no committee decides scheme %s in district %s",
                application.scheme_id,
                application.district_id,
            )
            return None
        Committee.objects.select_for_update().get(pk=committee.pk)
        meeting = _open_meeting(committee, now)
        position = (meeting.items.aggregate(last=Max("position"))["last"] or 0) + 1
        item = AgendaItem.objects.create(meeting=meeting, application=application, position=position)
        apply_transition(
            application=application, name=_agenda_transition(application), actor_kind=SYSTEM, user=None
        )
        from applications.tasks import notify_applicant_task

        enqueue_after_commit(notify_applicant_task, application.pk, f"on_agenda:{item.pk}")
    return item


def sweep_waiting_recommendations(*, older_than: timedelta = timedelta(minutes=2)) -> list[int]:
    """Files recommended (or deferred) but on no agenda. Each placement is an outbox row keyed by
    the file's stage, so a file whose row exists (pending, or already run) writes nothing, and
    two sweeps at once write one row between them. Returns the files queued by this sweep."""
    from applications.tasks import place_on_agenda_task

    cutoff = timezone.now() - older_than
    waiting = (
        Application.objects.filter(status__in=WAITING_FOR_AGENDA, stage_entered_at__lt=cutoff)
        .exclude(agenda_items__applied_at__isnull=True, agenda_items__isnull=False)
        .only("pk", "stage_entered_at")
        .order_by("pk")
    )
    queued = []
    with transaction.atomic():
        for application in waiting:
            if enqueue(place_on_agenda_task, application.pk, key=agenda_key(application)):
                queued.append(application.pk)
    return queued


def resume_committee_work() -> dict[str, int]:
    """Find from the database alone the committee work that has no open outbox row and queue it:
    meetings still applying decisions, closed agendas without their PDF, closed meetings without
    minutes, decided items without their letter. Covers work recorded before the outbox existed
    and rows parked or expired; whatever Redis has forgotten. Returns what was queued, by kind."""
    from applications.tasks import (
        apply_meeting_decisions_task,
        generate_agenda_pdf_task,
        generate_letter_task,
        generate_minutes_pdf_task,
    )

    open_work = {
        (task, tuple(args))
        for task, args in OutboxMessage.objects.filter(
            state__in=OutboxMessage.OPEN_STATES,
            task__in=[
                apply_meeting_decisions_task.name,
                generate_agenda_pdf_task.name,
                generate_minutes_pdf_task.name,
                generate_letter_task.name,
            ],
        ).values_list("task", "args")
    }
    stamp = timezone.now().isoformat()
    wanted: list[tuple] = []
    for meeting_id in Meeting.objects.filter(state=Meeting.State.APPLYING).values_list("pk", flat=True):
        wanted.append(("apply", apply_meeting_decisions_task, (meeting_id,)))
    for meeting_id in (
        Meeting.objects.filter(state__in=[Meeting.State.LOCKED, Meeting.State.APPLYING, Meeting.State.CLOSED])
        .filter(Q(agenda_pdf="") | Q(agenda_pdf__isnull=True))
        .values_list("pk", flat=True)
    ):
        wanted.append(("agenda_pdf", generate_agenda_pdf_task, (meeting_id,)))
    for meeting_id in (
        Meeting.objects.filter(state=Meeting.State.CLOSED)
        .filter(Q(minutes_pdf="") | Q(minutes_pdf__isnull=True))
        .values_list("pk", flat=True)
    ):
        wanted.append(("minutes_pdf", generate_minutes_pdf_task, (meeting_id,)))
    decided = AgendaItem.objects.filter(
        applied_at__isnull=False, decision__in=[AgendaItem.Decision.APPROVE, AgendaItem.Decision.REJECT]
    ).exclude(letters__isnull=False)
    for item in decided.select_related("application__scheme", "meeting__committee"):
        kind = Letter.Kind.REJECTION if item.decision == AgendaItem.Decision.REJECT else Letter.Kind.SANCTION
        # A CFC approval at the district committee forwards the proposal: no letter then.
        if kind == Letter.Kind.SANCTION and not _sanction_letter_due(item):
            continue
        wanted.append(("letter", generate_letter_task, (item.pk, kind)))
    queued: dict[str, int] = {}
    with transaction.atomic():
        for kind, task, args in wanted:
            if (task.name, args) in open_work:
                continue
            if enqueue(task, *args, key=f"{task.name}:{list(args)}:resumed:{stamp}"):
                queued[kind] = queued.get(kind, 0) + 1
    return queued


def _sanction_letter_due(item: AgendaItem) -> bool:
    if item.application.scheme.code != "CFC":
        return True
    return item.meeting.committee.district_id is None


def lock_due_agendas() -> list[int]:
    """Close the agenda of every meeting within its lock period. Returns the meetings closed."""
    now = timezone.now()
    closed = []
    for meeting in Meeting.objects.filter(state=Meeting.State.SCHEDULED).select_related("committee"):
        if meeting.scheduled_for - timedelta(days=meeting.committee.agenda_lock_days) > now:
            continue
        with transaction.atomic():
            locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
            if locked.state != Meeting.State.SCHEDULED:
                continue
            _lock_agenda(locked, now)
        closed.append(meeting.pk)
    return closed


def _lock_agenda(meeting: Meeting, now: datetime) -> None:
    """Number the items in order of receipt (GO-MM-2018 para 5(1): the serial register) and close
    the agenda. The caller holds the row lock and has checked the meeting is still scheduled.
    The meeting's date and time are never touched: closing an agenda early does not move it."""
    items = list(
        meeting.items.select_related("application").order_by("application__submitted_at", "application_id")
    )
    # Two passes keep the (meeting, position) constraint satisfied while renumbering.
    for item in items:
        item.position += 1_000_000
        item.save(update_fields=["position"])
    for number, item in enumerate(items, start=1):
        item.position = number
        item.save(update_fields=["position"])
    meeting.state = Meeting.State.LOCKED
    meeting.locked_at = now
    meeting.save(update_fields=["state", "locked_at"])
    from applications.tasks import generate_agenda_pdf_task

    enqueue_after_commit(generate_agenda_pdf_task, meeting.pk)


def schedule_meeting(*, committee: Committee, user, scheduled_for: datetime, venue: str = "") -> Meeting:
    if scheduled_for <= timezone.now():
        raise ApplicationError(_("Choose a date in the future."), field="scheduled_for")
    _require_secretary(committee, user)
    return Meeting.objects.create(committee=committee, scheduled_for=scheduled_for, venue=venue)


def close_agenda_now(*, meeting_id: int, user) -> Meeting:
    """The member-secretary closes the agenda before the automatic closing time."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("committee").get(pk=meeting_id)
        _require_secretary(meeting.committee, user)
        if meeting.state != Meeting.State.SCHEDULED:
            raise Conflict(_("The agenda of this meeting is already closed."))
        _lock_agenda(meeting, timezone.now())
    return meeting


def _require_secretary(committee: Committee, user) -> None:
    if not CommitteeMembership.objects.filter(
        committee=committee, user=user, role=CommitteeMembership.Role.SECRETARY
    ).exists():
        raise ApplicationError(_("Only the committee's member-secretary can do this."))


DECISION_TEXT_LIMIT = 2000  # the columns' own limit


def _check_decision_wording(item: AgendaItem, decision: dict) -> None:
    """Reasons come only from the list of REASONS, and the written reasons and interview note
    fit the minutes (and their columns); refused with the item named, before anything is saved."""
    codes = decision.get("reason_codes") or []
    if not isinstance(codes, list) or any(code not in REASON_BY_CODE for code in codes):
        raise ApplicationError(
            _("Item %(n)d: choose the reasons from the list.") % {"n": item.position},
            field=f"item-{item.pk}",
        )
    for key in ("text", "interview_note"):
        value = decision.get(key) or ""
        if not isinstance(value, str) or len(value.strip()) > DECISION_TEXT_LIMIT:
            raise ApplicationError(
                _("Item %(n)d: write at most %(limit)d characters.")
                % {"n": item.position, "limit": DECISION_TEXT_LIMIT},
                field=f"item-{item.pk}",
            )


def record_meeting_decisions(
    *, meeting_id: int, user, present_user_ids: list[int], decisions: dict[int, dict]
) -> Meeting:
    """Record attendance and every item's decision in one go, then queue the task that applies
    them. Refuses (changing nothing) without quorum, with an item undecided, or a rejection
    without reasons. `decisions` maps item id to decision, reason_codes, text, interview_note and
    recused (user ids)."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("committee").get(pk=meeting_id)
        _require_secretary(meeting.committee, user)
        if meeting.state != Meeting.State.LOCKED:
            raise Conflict(_("Decisions are recorded once the agenda is closed, and only once."))
        if meeting.scheduled_for > timezone.now():
            # Minutes record a meeting that was held: never before its date and time.
            raise Conflict(
                _("Decisions are recorded once the meeting has been held (%(when)s).")
                % {"when": f"{timezone.localtime(meeting.scheduled_for):%d-%m-%Y %H:%M}"}
            )
        member_ids = set(meeting.committee.memberships.values_list("user_id", flat=True))
        present = set(present_user_ids) & member_ids
        if len(present) < meeting.committee.quorum:
            raise ApplicationError(
                _("No quorum: %(present)d present, %(quorum)d needed.")
                % {"present": len(present), "quorum": meeting.committee.quorum},
                field="present",
            )
        items = {item.pk: item for item in meeting.items.all()}
        for item_id, item in items.items():
            decision = decisions.get(item_id, {})
            if decision.get("decision") not in AgendaItem.Decision.values:
                raise ApplicationError(
                    _("Record a decision for item %(n)d.") % {"n": item.position}, field=f"item-{item_id}"
                )
            if decision["decision"] == AgendaItem.Decision.REJECT and not (
                decision.get("reason_codes") and decision.get("text", "").strip()
            ):
                raise ApplicationError(
                    _("Give the reasons for rejecting item %(n)d.") % {"n": item.position},
                    field=f"item-{item_id}",
                )
            _check_decision_wording(item, decision)
        Attendance.objects.bulk_create(
            [Attendance(meeting=meeting, user_id=uid, present=uid in present) for uid in sorted(member_ids)]
        )
        for item_id, item in items.items():
            decision = decisions[item_id]
            item.decision = decision["decision"]
            item.reason_codes = list(dict.fromkeys(decision.get("reason_codes") or []))
            item.decision_text = decision.get("text", "").strip()
            item.interview_note = decision.get("interview_note", "").strip()
            item.save(update_fields=["decision", "reason_codes", "decision_text", "interview_note"])
            recused = set(decision.get("recused") or []) & member_ids
            Recusal.objects.bulk_create([Recusal(item=item, user_id=uid) for uid in sorted(recused)])
        meeting.state = Meeting.State.APPLYING
        meeting.decisions_recorded_at = timezone.now()
        meeting.recorded_by = user
        meeting.save(update_fields=["state", "decisions_recorded_at", "recorded_by"])
        from applications.tasks import apply_meeting_decisions_task

        enqueue_after_commit(apply_meeting_decisions_task, meeting.pk)
    return meeting


TRANSITION_FOR = {"approve": "approve", "reject": "reject", "defer": "defer"}
# At the state committee a CFC approval is the in-principle sanction.
STATE_TRANSITION_FOR = {
    "approve": "sanction_in_principle",
    "reject": "reject_at_state",
    "defer": "defer_at_state",
}


# At its second look, after the DPR's appraisal, the approval is final (para 24).
FINAL_TRANSITION_FOR = {"approve": "approve_finally", "reject": "reject_at_state", "defer": "defer_final"}


def _decision_transition(application: Application, decision: str) -> str:
    if application.status == Status.STATE_ON_AGENDA:
        return STATE_TRANSITION_FOR[decision]
    if application.status == Status.FINAL_ON_AGENDA:
        return FINAL_TRANSITION_FOR[decision]
    if decision == "approve" and application.scheme.code == "CFC":
        # The District Level Committee screens CFC proposals; the state committee sanctions.
        return "forward_to_state"
    return TRANSITION_FOR[decision]


def apply_item_decision(*, item_id: int) -> bool:
    """Move one application by its recorded decision, in its own transaction. Safe to repeat:
    an item already applied is skipped. Returns whether it moved the application."""
    from applications.tasks import generate_letter_task, notify_applicant_task, place_on_agenda_task

    with transaction.atomic():
        item = AgendaItem.objects.select_for_update().select_related("meeting").filter(pk=item_id).first()
        if item is None or item.applied_at is not None or not item.decision:
            return False
        application = Application.objects.select_for_update(of=("self",)).get(pk=item.application_id)
        name = _decision_transition(application, item.decision)
        event = apply_transition(
            application=application,
            name=name,
            actor_kind=SYSTEM,
            user=item.meeting.recorded_by,
            reason_codes=item.reason_codes,
        )
        item.applied_at = timezone.now()
        item.save(update_fields=["applied_at"])
        if item.decision == AgendaItem.Decision.REJECT:
            Note.objects.create(
                application=application,
                event=event,
                author=item.meeting.recorded_by,
                kind=Note.Kind.REJECTION,
                text=item.decision_text,
            )
            enqueue_after_commit(generate_letter_task, item.pk, Letter.Kind.REJECTION)
        elif name == "forward_to_state":
            enqueue_after_commit(place_on_agenda_task, application.pk, key=agenda_key(application))
        elif item.decision == AgendaItem.Decision.APPROVE:
            enqueue_after_commit(generate_letter_task, item.pk, Letter.Kind.SANCTION)
        else:
            enqueue_after_commit(place_on_agenda_task, application.pk, key=agenda_key(application))
        enqueue_after_commit(notify_applicant_task, application.pk, f"{name}:{item.pk}")
    return True


def apply_meeting_decisions(*, meeting_id: int) -> int:
    """Apply every recorded decision of a meeting, one application per transaction, then close
    the meeting and queue its minutes. A rerun (redelivered task) finishes what is left."""
    pending = list(
        AgendaItem.objects.filter(meeting_id=meeting_id, applied_at__isnull=True)
        .exclude(decision="")
        .values_list("pk", flat=True)
    )
    moved = sum(1 for item_id in pending if apply_item_decision(item_id=item_id))
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting_id)
        if (
            meeting.state == Meeting.State.APPLYING
            and not meeting.items.filter(applied_at__isnull=True).exists()
        ):
            meeting.state = Meeting.State.CLOSED
            meeting.decisions_applied_at = timezone.now()
            meeting.save(update_fields=["state", "decisions_applied_at"])
            from applications.tasks import generate_minutes_pdf_task

            enqueue_after_commit(generate_minutes_pdf_task, meeting.pk)
    return moved


def generate_letter(*, item_id: int, kind: str) -> Letter | None:
    """The sanction or rejection letter of one decided item, made once."""
    from applications.pdf import render_pdf
    from applications.selectors import application_detail
    from applications.services.verification import letter_verification, printed_verification

    item = AgendaItem.objects.select_related("meeting__committee", "meeting__recorded_by").get(pk=item_id)
    if Letter.objects.filter(item=item, kind=kind).exists():
        return None
    application = application_detail(application=item.application)
    # A CFC proposal comes before a state committee twice: in principle, then finally (para 24).
    cfc_final = (
        application.scheme.code == "CFC"
        and AgendaItem.objects.filter(
            application=application,
            meeting__committee__district__isnull=True,
            decision=AgendaItem.Decision.APPROVE,
            pk__lt=item.pk,
        ).exists()
    )
    context = {"application": application, "item": item, "cfc_final": cfc_final}
    if cfc_final:
        from applications.selectors import cfc_grant_summary

        context["cfc"] = cfc_grant_summary(application)
    amount = None
    if kind == Letter.Kind.SANCTION:
        summary = context.get("cfc")
        amount = summary.grant.state_share if summary else application.benefit_amount
    verification = letter_verification(
        application=application,
        committee=item.meeting.committee,
        kind=kind,
        item_id=item.pk,
        signed_by=item.meeting.recorded_by,
        amount=amount,
    )
    context.update(printed_verification(verification))
    pdf = render_pdf(f"applications/letters/{kind}_pdf.html", context)
    name = f"{kind}-{application.reference_number.replace('/', '-')}.pdf"
    with transaction.atomic():
        if Letter.objects.select_for_update().filter(item=item, kind=kind).exists():
            return None
        letter = Letter(application=application, item=item, kind=kind)
        letter.file.save(name, ContentFile(pdf), save=False)
        letter.save()
        verification.letter = letter
        verification.save()
        from applications.tasks import notify_applicant_task

        enqueue_after_commit(notify_applicant_task, application.pk, f"letter_ready:{letter.pk}")
    return letter


def generate_agenda_pdf(*, meeting_id: int) -> Meeting:
    from applications.pdf import render_pdf

    meeting = Meeting.objects.select_related("committee", "committee__district").get(pk=meeting_id)
    items = meeting.items.select_related(
        "application__applicant", "application__scheme", "application__product"
    ).prefetch_related("application__notes")
    pdf = render_pdf("applications/committee/agenda_pdf.html", {"meeting": meeting, "items": items})
    meeting.agenda_pdf.save(f"agenda-{meeting.pk}.pdf", ContentFile(pdf), save=False)
    Meeting.objects.filter(pk=meeting.pk).update(agenda_pdf=meeting.agenda_pdf.name)
    return meeting


def generate_minutes_pdf(*, meeting_id: int) -> Meeting:
    from applications.pdf import render_pdf

    meeting = Meeting.objects.select_related("committee", "committee__district", "recorded_by").get(
        pk=meeting_id
    )
    items = meeting.items.select_related("application__applicant", "application__scheme").prefetch_related(
        "recusals__user"
    )
    attendance = meeting.attendance.select_related("user")
    pdf = render_pdf(
        "applications/committee/minutes_pdf.html",
        {"meeting": meeting, "items": items, "attendance": attendance},
    )
    meeting.minutes_pdf.save(f"minutes-{meeting.pk}.pdf", ContentFile(pdf), save=False)
    Meeting.objects.filter(pk=meeting.pk).update(minutes_pdf=meeting.minutes_pdf.name)
    return meeting


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
            f"{application.reference_number}: {branch}, {Status(escalation.status).label} for {days} days"
        )
    _email_each_district(
        Role.LEAD_DISTRICT_MANAGER, by_district, "ODOP: Margin Money files overdue at the banks"
    )


def _email_each_district(role: str, lines_by_district: dict[int, list[str]], subject: str) -> int:
    """One email per district to its active staff of `role`, listing that district's lines.
    Returns how many districts were written to."""
    sent = 0
    for district_id, lines in lines_by_district.items():
        emails = list(
            User.objects.filter(role=role, district_id=district_id, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        if emails:
            send_email(
                to=emails,
                subject=subject,
                body="\n".join(lines),
                # The same lines to the same office on the same day are the same message.
                idempotency_key=f"{role}:{district_id}:{timezone.localdate().isoformat()}:{subject}:{lines}",
            )
            sent += 1
    return sent


def remind_lock_ins_ending(*, within_days: int = 60) -> int:
    """Tell each district office which margin-money lock-ins end within `within_days`, so the
    joint inspection is planned (GO-MM-2018 para 5(10)). One email per office per run."""
    from applications.services.after_approval import lock_ins_ending

    by_district: dict[int, list[str]] = {}
    for case in lock_ins_ending(within_days=within_days):
        by_district.setdefault(case.application.district_id, []).append(
            f"{case.application.reference_number}: {case.lock_in_ends_on:%d-%m-%Y}"
        )
    return _email_each_district(Role.DISTRICT_OFFICER, by_district, "ODOP: margin-money lock-ins ending soon")
