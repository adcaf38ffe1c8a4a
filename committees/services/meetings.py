"""Committees: agendas, meetings and decisions.

Tasks call these functions with ids. Every function here is safe to run twice: it locks the rows
it changes, re-checks their state and does nothing when the work is already done."""

import calendar
import logging
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.engine import apply_transition
from applications.facts import FACT_BUILDERS, application_answers, as_of
from applications.models import Application, Note
from applications.queueing import agenda_key, enqueue_after_commit, notify_after_commit
from applications.reasons import REASON_BY_CODE
from applications.services.errors import ApplicationError, Conflict
from applications.workflow import (
    AGENDA_MOVES,
    DECISION_MOVES,
    SCHEME_DECISION_MOVES,
    STATE_COMMITTEE_STATES,
    SYSTEM,
    Status,
)
from committees.models import (
    AgendaItem,
    Attendance,
    Committee,
    CommitteeMembership,
    Letter,
    Meeting,
    Recusal,
)
from committees.queueing import (
    APPLY_MEETING_DECISIONS,
    GENERATE_AGENDA_PDF,
    GENERATE_LETTER,
    GENERATE_MINUTES_PDF,
    PLACE_ON_AGENDA,
)
from outbox.models import OutboxMessage
from outbox.services import enqueue
from schemes.rules import cfc

logger = logging.getLogger(__name__)
# The statuses that wait for an agenda, and the move that places a file on it, are the workflow
# tables' (`AGENDA_MOVES`); so is the move each decision makes (`DECISION_MOVES`).
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


def _agenda_transition(application: Application) -> str:
    return AGENDA_MOVES[application.status]


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
        if application is None or application.status not in AGENDA_MOVES:
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

        notify_after_commit(application, f"on_agenda:{item.pk}")
    return item


def sweep_waiting_recommendations(*, older_than: timedelta = timedelta(minutes=2)) -> list[int]:
    """Files recommended (or deferred) but on no agenda. Each placement is an outbox row keyed by
    the file's stage, so a file whose row exists (pending, or already run) writes nothing, and
    two sweeps at once write one row between them. Returns the files queued by this sweep."""

    cutoff = timezone.now() - older_than
    waiting = (
        Application.objects.filter(status__in=list(AGENDA_MOVES), stage_entered_at__lt=cutoff)
        .exclude(agenda_items__applied_at__isnull=True, agenda_items__isnull=False)
        .only("pk", "stage_entered_at")
        .order_by("pk")
    )
    queued = []
    with transaction.atomic():
        for application in waiting:
            if enqueue(PLACE_ON_AGENDA, application.pk, key=agenda_key(application)):
                queued.append(application.pk)
    return queued


def resume_committee_work() -> dict[str, int]:
    """Find from the database alone the committee work that has no open outbox row and queue it:
    meetings still applying decisions, closed agendas without their PDF, closed meetings without
    minutes, decided items without their letter. Covers work recorded before the outbox existed
    and rows parked or expired; whatever Redis has forgotten. Returns what was queued, by kind."""

    open_work = {
        (task, tuple(args))
        for task, args in OutboxMessage.objects.filter(
            state__in=OutboxMessage.OPEN_STATES,
            task__in=[
                APPLY_MEETING_DECISIONS,
                GENERATE_AGENDA_PDF,
                GENERATE_MINUTES_PDF,
                GENERATE_LETTER,
            ],
        ).values_list("task", "args")
    }
    stamp = timezone.now().isoformat()
    wanted: list[tuple] = []
    for meeting_id in Meeting.objects.filter(state=Meeting.State.APPLYING).values_list("pk", flat=True):
        wanted.append(("apply", APPLY_MEETING_DECISIONS, (meeting_id,)))
    for meeting_id in (
        Meeting.objects.filter(state__in=[Meeting.State.LOCKED, Meeting.State.APPLYING, Meeting.State.CLOSED])
        .filter(Q(agenda_pdf="") | Q(agenda_pdf__isnull=True))
        .values_list("pk", flat=True)
    ):
        wanted.append(("agenda_pdf", GENERATE_AGENDA_PDF, (meeting_id,)))
    for meeting_id in (
        Meeting.objects.filter(state=Meeting.State.CLOSED)
        .filter(Q(minutes_pdf="") | Q(minutes_pdf__isnull=True))
        .values_list("pk", flat=True)
    ):
        wanted.append(("minutes_pdf", GENERATE_MINUTES_PDF, (meeting_id,)))
    decided = AgendaItem.objects.filter(
        applied_at__isnull=False, decision__in=[AgendaItem.Decision.APPROVE, AgendaItem.Decision.REJECT]
    ).exclude(letters__isnull=False)
    for item in decided.select_related("application__scheme", "meeting__committee"):
        kind = Letter.Kind.REJECTION if item.decision == AgendaItem.Decision.REJECT else Letter.Kind.SANCTION
        # A CFC approval at the district committee forwards the proposal: no letter then.
        if kind == Letter.Kind.SANCTION and not _sanction_letter_due(item):
            continue
        wanted.append(("letter", GENERATE_LETTER, (item.pk, kind)))
    queued: dict[str, int] = {}
    with transaction.atomic():
        for kind, task, args in wanted:
            if (task, args) in open_work:
                continue
            if enqueue(task, *args, key=f"{task}:{list(args)}:resumed:{stamp}"):
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

    enqueue_after_commit(GENERATE_AGENDA_PDF, meeting.pk)


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

        enqueue_after_commit(APPLY_MEETING_DECISIONS, meeting.pk)
    return meeting


def _decision_transition(application: Application, decision: str) -> str:
    """The move a decision makes: by the agenda the file is on (the district's, or a state
    committee's first or final look at a CFC proposal), or the sub-scheme's own where its
    district approval is something else (a CFC screening forwards the proposal)."""
    by_scheme = SCHEME_DECISION_MOVES.get(application.scheme.code, {})
    if application.status == Status.ON_AGENDA and decision in by_scheme:
        return by_scheme[decision]
    # A file on no agenda gets the district's move, which the engine then refuses (InvalidTransition).
    return DECISION_MOVES.get(application.status, DECISION_MOVES[Status.ON_AGENDA])[decision]


def apply_item_decision(*, item_id: int) -> bool:
    """Move one application by its recorded decision, in its own transaction. Safe to repeat:
    an item already applied is skipped. Returns whether it moved the application."""

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
            enqueue_after_commit(GENERATE_LETTER, item.pk, Letter.Kind.REJECTION)
        elif item.decision == AgendaItem.Decision.APPROVE and application.status not in AGENDA_MOVES:
            enqueue_after_commit(GENERATE_LETTER, item.pk, Letter.Kind.SANCTION)
        else:
            # Deferred, or screened and forwarded: it waits for the next agenda.
            enqueue_after_commit(PLACE_ON_AGENDA, application.pk, key=agenda_key(application))
        notify_after_commit(application, f"{name}:{item.pk}")
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

            enqueue_after_commit(GENERATE_MINUTES_PDF, meeting.pk)
    return moved
