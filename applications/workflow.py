"""Every status an application can have and every move between them, in one table.

`apply_transition` is the only code that assigns `Application.status`. Services lock the row,
check who may act (access checks), then call it; it checks the move is allowed from the current
status, moves the stage clock and writes the AuditEvent in the caller's transaction.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.exceptions import PortalError


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_SCRUTINY = "under_scrutiny", _("Under scrutiny")
    RETURNED = "returned", _("Returned for correction")
    RECOMMENDED = "recommended", _("Recommended to the committee")
    ON_AGENDA = "on_agenda", _("On the committee's agenda")
    DEFERRED = "deferred", _("Deferred to the next meeting")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    # Margin Money after approval (GO-MM-2018 para 5).
    SENT_TO_BANK = "sent_to_bank", _("Sent to the bank")
    LOAN_SANCTIONED = "loan_sanctioned", _("Loan sanctioned by the bank")
    LOAN_REFUSED = "loan_refused", _("Loan refused by the bank")
    TRAINING_DONE = "training_done", _("Entrepreneurship training completed")
    LOAN_DISBURSED = "loan_disbursed", _("Loan disbursed")
    MM_CLAIMED = "mm_claimed", _("Margin money claimed by the bank")
    MM_RELEASED = "mm_released", _("Margin money released (2-year lock-in)")
    CONVERTED_TO_GRANT = "converted_to_grant", _("Margin money converted to grant")
    MM_RECOVERED = "mm_recovered", _("Margin money recovered")
    MM_ADJUSTED = "mm_adjusted", _("Margin money adjusted against the loan")
    # Marketing Development Assistance after approval.
    PAID = "paid", _("Paid")
    # Training and Toolkit after selection (GO-TT-2020 paras 3-5).
    IN_TRAINING = "in_training", _("Placed in a training batch")
    TRAINED = "trained", _("Training completed")
    HONORARIUM_PAID = "honorarium_paid", _("Honorarium paid")
    TOOLKIT_DEFERRED = "toolkit_deferred", _("Toolkit carried forward to the next financial year")
    TOOLKIT_ISSUED = "toolkit_issued", _("Toolkit handed over")
    # Common Facility Centre after district screening (GO-CFC-2018 paras 16-30, as amended 2023).
    FORWARDED_TO_STATE = "forwarded_to_state", _("Forwarded to the state committee")
    STATE_ON_AGENDA = "state_on_agenda", _("On the state committee's agenda")
    IN_PRINCIPLE = "in_principle", _("Sanctioned in principle")
    DPR_SUBMITTED = "dpr_submitted", _("Detailed project report submitted")
    DPR_APPRAISED = "dpr_appraised", _("Detailed project report appraised")
    FINAL_ON_AGENDA = "final_on_agenda", _("On the state committee's agenda for final approval")
    FINAL_APPROVED = "final_approved", _("Finally approved by the state committee")
    FINAL_SANCTION = "final_sanction", _("Final sanction")
    INSTALMENT_1 = "instalment_1", _("First instalment released")
    INSTALMENT_2 = "instalment_2", _("Second instalment released")
    INSTALMENT_3 = "instalment_3", _("Third instalment released")


# Who may make a move. The access checks decide who is who for a given application.
OWNER = "owner"  # the artisan whose application it is
OFFICER = "officer"  # a district officer of the application's district (also help-desk filing)
COMMITTEE = "committee"  # the committee's member-secretary
SYSTEM = "system"  # a Celery task acting on a recorded decision
BANK = "bank"  # an officer of the bank branch the file was sent to
STATE = "state"  # state staff of the ODOP cell / MSME department (CFC appraisal and sanction)


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    actors: frozenset[str]
    label: str


def _t(name, sources, target, actors, label) -> Transition:
    return Transition(name, frozenset(sources), target, frozenset(actors), label)


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        _t("submit", {Status.DRAFT}, Status.SUBMITTED, {OWNER, OFFICER}, _("Submitted")),
        _t("take_up", {Status.SUBMITTED}, Status.UNDER_SCRUTINY, {OFFICER}, _("Taken up for scrutiny")),
        _t("return", {Status.UNDER_SCRUTINY}, Status.RETURNED, {OFFICER}, _("Returned for correction")),
        _t(
            "resubmit",
            {Status.RETURNED},
            Status.UNDER_SCRUTINY,
            {OWNER, OFFICER},
            _("Corrected and resubmitted"),
        ),
        _t(
            "reject_ineligible",
            {Status.UNDER_SCRUTINY},
            Status.REJECTED,
            {OFFICER},
            _("Rejected as not eligible"),
        ),
        _t(
            "recommend",
            {Status.UNDER_SCRUTINY},
            Status.RECOMMENDED,
            {OFFICER},
            _("Recommended to the committee"),
        ),
        _t(
            "withdraw",
            {Status.DRAFT, Status.SUBMITTED, Status.RETURNED},
            Status.WITHDRAWN,
            {OWNER},
            _("Withdrawn by the applicant"),
        ),
        # The committee's moves (agenda, decisions) are made by tasks and the member-secretary.
        _t(
            "place_on_agenda",
            {Status.RECOMMENDED, Status.DEFERRED},
            Status.ON_AGENDA,
            {SYSTEM},
            _("Placed on the agenda"),
        ),
        _t(
            "approve",
            {Status.ON_AGENDA},
            Status.APPROVED,
            {COMMITTEE, SYSTEM},
            _("Approved by the committee"),
        ),
        _t(
            "reject", {Status.ON_AGENDA}, Status.REJECTED, {COMMITTEE, SYSTEM}, _("Rejected by the committee")
        ),
        _t(
            "defer",
            {Status.ON_AGENDA},
            Status.DEFERRED,
            {COMMITTEE, SYSTEM},
            _("Deferred to the next meeting"),
        ),
        # Margin Money with the bank (GO-MM-2018 para 5(3)-(11)).
        _t("send_to_bank", {Status.APPROVED}, Status.SENT_TO_BANK, {OFFICER}, _("Sent to the bank")),
        _t(
            "sanction_loan",
            {Status.SENT_TO_BANK},
            Status.LOAN_SANCTIONED,
            {BANK},
            _("Loan sanctioned by the bank"),
        ),
        _t("refuse_loan", {Status.SENT_TO_BANK}, Status.LOAN_REFUSED, {BANK}, _("Loan refused by the bank")),
        _t(
            "record_training",
            {Status.LOAN_SANCTIONED},
            Status.TRAINING_DONE,
            {BANK, OFFICER},
            _("Entrepreneurship training completed"),
        ),
        _t("disburse_loan", {Status.TRAINING_DONE}, Status.LOAN_DISBURSED, {BANK}, _("Loan disbursed")),
        _t(
            "claim_margin_money",
            {Status.LOAN_DISBURSED},
            Status.MM_CLAIMED,
            {BANK},
            _("Margin money claimed by the bank"),
        ),
        _t(
            "release_margin_money",
            {Status.MM_CLAIMED},
            Status.MM_RELEASED,
            {OFFICER},
            _("Margin money released"),
        ),
        _t(
            "convert_to_grant",
            {Status.MM_RELEASED},
            Status.CONVERTED_TO_GRANT,
            {OFFICER},
            _("Margin money converted to grant"),
        ),
        _t(
            "recover_margin_money",
            {Status.MM_RELEASED},
            Status.MM_RECOVERED,
            {OFFICER},
            _("Margin money recovered"),
        ),
        _t(
            "adjust_margin_money",
            {Status.MM_RELEASED},
            Status.MM_ADJUSTED,
            {OFFICER},
            _("Margin money adjusted against the loan"),
        ),
        # Marketing Development Assistance (GO-MDA-2019 paras 11-12).
        _t("pay_claim", {Status.APPROVED}, Status.PAID, {OFFICER}, _("Paid by DBT")),
        # Training and Toolkit (GO-TT-2020): the committee's selection is the approval.
        _t(
            "place_in_batch",
            {Status.APPROVED},
            Status.IN_TRAINING,
            {OFFICER},
            _("Placed in a training batch"),
        ),
        _t("mark_trained", {Status.IN_TRAINING}, Status.TRAINED, {OFFICER}, _("Training completed")),
        # A selected artisan who never came to the batch waits for a later one.
        _t(
            "return_to_selection",
            {Status.IN_TRAINING},
            Status.APPROVED,
            {OFFICER},
            _("Never attended the batch; back on the list for a later batch"),
        ),
        _t("pay_honorarium", {Status.TRAINED}, Status.HONORARIUM_PAID, {OFFICER}, _("Honorarium paid")),
        # Para 5(5): funds short, the toolkit waits for the next financial year with priority.
        _t(
            "defer_toolkit",
            {Status.TRAINED, Status.HONORARIUM_PAID},
            Status.TOOLKIT_DEFERRED,
            {OFFICER},
            _("Toolkit carried forward to the next financial year"),
        ),
        # A file carried forward before its honorarium was paid is paid while it waits.
        _t(
            "pay_deferred_honorarium",
            {Status.TOOLKIT_DEFERRED},
            Status.TOOLKIT_DEFERRED,
            {OFFICER},
            _("Honorarium paid"),
        ),
        _t(
            "issue_toolkit",
            {Status.HONORARIUM_PAID, Status.TOOLKIT_DEFERRED},
            Status.TOOLKIT_ISSUED,
            {OFFICER},
            _("Toolkit handed over"),
        ),
        # Common Facility Centre. The District Level Committee's approval is a screening: it
        # sends the proposal to the State Level or High Level Committee (GO-CFC-2018 16-18).
        _t(
            "forward_to_state",
            {Status.ON_AGENDA},
            Status.FORWARDED_TO_STATE,
            {COMMITTEE, SYSTEM},
            _("Screened by the district committee and forwarded to the state committee"),
        ),
        _t(
            "place_on_state_agenda",
            {Status.FORWARDED_TO_STATE},
            Status.STATE_ON_AGENDA,
            {SYSTEM},
            _("Placed on the state committee's agenda"),
        ),
        _t(
            "sanction_in_principle",
            {Status.STATE_ON_AGENDA},
            Status.IN_PRINCIPLE,
            {COMMITTEE, SYSTEM},
            _("Sanctioned in principle by the state committee"),
        ),
        _t(
            "reject_at_state",
            {Status.STATE_ON_AGENDA, Status.FINAL_ON_AGENDA},
            Status.REJECTED,
            {COMMITTEE, SYSTEM},
            _("Rejected by the state committee"),
        ),
        _t(
            "defer_at_state",
            {Status.STATE_ON_AGENDA},
            Status.FORWARDED_TO_STATE,
            {COMMITTEE, SYSTEM},
            _("Deferred to the state committee's next meeting"),
        ),
        _t(
            "submit_dpr",
            {Status.IN_PRINCIPLE},
            Status.DPR_SUBMITTED,
            {OFFICER},
            _("Detailed project report received"),
        ),
        # Paras 21-22: an expert agency chosen by the State Level Committee appraises the DPR;
        # the ODOP cell records its report and the appraised cost.
        _t(
            "appraise_dpr",
            {Status.DPR_SUBMITTED},
            Status.DPR_APPRAISED,
            {STATE},
            _("Detailed project report appraised"),
        ),
        # Para 24: the same state committee gives the final approval, at a meeting.
        _t(
            "place_on_final_agenda",
            {Status.DPR_APPRAISED},
            Status.FINAL_ON_AGENDA,
            {SYSTEM},
            _("Placed on the state committee's agenda for final approval"),
        ),
        _t(
            "approve_finally",
            {Status.FINAL_ON_AGENDA},
            Status.FINAL_APPROVED,
            {COMMITTEE, SYSTEM},
            _("Finally approved by the state committee"),
        ),
        _t(
            "defer_final",
            {Status.FINAL_ON_AGENDA},
            Status.DPR_APPRAISED,
            {COMMITTEE, SYSTEM},
            _("Deferred to the state committee's next meeting"),
        ),
        # Para 25: the financial sanction is issued by the MSME and Export Promotion Department.
        _t(
            "sanction_finally",
            {Status.FINAL_APPROVED},
            Status.FINAL_SANCTION,
            {STATE},
            _("Financial sanction issued"),
        ),
        # Para 27: the bipartite agreement between DC Industries and the SPV, before any release.
        _t(
            "sign_agreement",
            {Status.FINAL_SANCTION},
            Status.FINAL_SANCTION,
            {OFFICER},
            _("Bipartite agreement signed with the SPV"),
        ),
        _t(
            "release_instalment_1",
            {Status.FINAL_SANCTION},
            Status.INSTALMENT_1,
            {OFFICER},
            _("First instalment released"),
        ),
        _t(
            "release_instalment_2",
            {Status.INSTALMENT_1},
            Status.INSTALMENT_2,
            {OFFICER},
            _("Second instalment released"),
        ),
        _t(
            "release_instalment_3",
            {Status.INSTALMENT_2},
            Status.INSTALMENT_3,
            {OFFICER},
            _("Third instalment released"),
        ),
    ]
}

# Where the file is, for the artisan's timeline (an office, never a person).
HOLDER = {
    Status.DRAFT: _("You (not yet submitted)"),
    Status.SUBMITTED: _("District Industries and Enterprise Promotion Centre"),
    Status.UNDER_SCRUTINY: _("District Industries and Enterprise Promotion Centre"),
    Status.RETURNED: _("You (correction needed)"),
    Status.RECOMMENDED: _("District committee"),
    Status.ON_AGENDA: _("District committee"),
    Status.DEFERRED: _("District committee"),
    Status.APPROVED: _("District Industries and Enterprise Promotion Centre"),
    Status.REJECTED: _("Closed"),
    Status.WITHDRAWN: _("Closed"),
    Status.SENT_TO_BANK: _("Bank branch"),
    Status.LOAN_SANCTIONED: _("Bank branch (training)"),
    Status.LOAN_REFUSED: _("Closed"),
    Status.TRAINING_DONE: _("Bank branch"),
    Status.LOAN_DISBURSED: _("Bank branch"),
    Status.MM_CLAIMED: _("District Industries and Enterprise Promotion Centre"),
    Status.MM_RELEASED: _("Bank branch (2-year lock-in)"),
    Status.CONVERTED_TO_GRANT: _("Closed"),
    Status.MM_RECOVERED: _("Closed"),
    Status.MM_ADJUSTED: _("Closed"),
    Status.PAID: _("Closed"),
    Status.IN_TRAINING: _("Training institution"),
    Status.TRAINED: _("District Industries and Enterprise Promotion Centre (honorarium)"),
    Status.HONORARIUM_PAID: _("District Industries and Enterprise Promotion Centre (toolkit)"),
    Status.TOOLKIT_DEFERRED: _("District Industries and Enterprise Promotion Centre (toolkit next year)"),
    Status.TOOLKIT_ISSUED: _("Closed"),
    Status.FORWARDED_TO_STATE: _("State committee"),
    Status.STATE_ON_AGENDA: _("State committee"),
    Status.IN_PRINCIPLE: _("You (detailed project report due)"),
    Status.DPR_SUBMITTED: _("ODOP cell (appraisal of the report)"),
    Status.DPR_APPRAISED: _("State committee"),
    Status.FINAL_ON_AGENDA: _("State committee"),
    Status.FINAL_APPROVED: _("MSME department (financial sanction)"),
    Status.FINAL_SANCTION: _("District Industries and Enterprise Promotion Centre"),
    Status.INSTALMENT_1: _("You (utilisation certificate due)"),
    Status.INSTALMENT_2: _("You (utilisation certificate due)"),
    Status.INSTALMENT_3: _("Closed"),
}

# States in which the file waits on the office, so its clock runs; elsewhere it is paused
# (with the artisan) or finished.
OFFICE_STATES = {
    Status.SUBMITTED,
    Status.UNDER_SCRUTINY,
    Status.RECOMMENDED,
    Status.ON_AGENDA,
    Status.DEFERRED,
    # After approval: each waits on the DIC or the bank against a GO time limit.
    Status.APPROVED,
    Status.SENT_TO_BANK,
    Status.LOAN_SANCTIONED,
    Status.TRAINING_DONE,
    Status.LOAN_DISBURSED,
    Status.MM_CLAIMED,
    Status.IN_TRAINING,
    Status.TRAINED,
    Status.HONORARIUM_PAID,
    Status.TOOLKIT_DEFERRED,
    Status.FORWARDED_TO_STATE,
    Status.STATE_ON_AGENDA,
    Status.IN_PRINCIPLE,
    Status.DPR_SUBMITTED,
    Status.DPR_APPRAISED,
    Status.FINAL_ON_AGENDA,
    Status.FINAL_APPROVED,
    Status.FINAL_SANCTION,
    # GO-CFC-2018 para 33: state funds may not lie unused more than 3 months, so each
    # instalment's utilisation certificate runs against a clock too.
    Status.INSTALMENT_1,
    Status.INSTALMENT_2,
}
# CFC stages decided by a state committee (district NULL) rather than the district's own.
STATE_COMMITTEE_STATES = {
    Status.FORWARDED_TO_STATE,
    Status.STATE_ON_AGENDA,
    Status.DPR_APPRAISED,
    Status.FINAL_ON_AGENDA,
}
# Stages that wait on the bank (overdue files there escalate to the Lead District Manager too).
BANK_STATES = {Status.SENT_TO_BANK, Status.LOAN_SANCTIONED, Status.TRAINING_DONE, Status.LOAN_DISBURSED}
# A decision was taken (closed_at is set when a file first reaches one of these).
FINAL_STATES = {Status.APPROVED, Status.REJECTED, Status.WITHDRAWN}


class InvalidTransition(PortalError):
    status_code = 409
    code = "invalid_transition"


def stage_time_limit(status: str) -> timedelta | None:
    days = settings.STAGE_TIME_LIMIT_DAYS.get(status)
    return None if days is None else timedelta(days=days)


def allowed_transitions(status: str, actor: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.sources and actor in t.actors]


def ensure_transition_allowed(*, application, name: str, actor_kind: str) -> Transition:
    """Raise InvalidTransition (changing nothing) unless `name` is allowed now for `actor_kind`."""
    transition = TRANSITIONS[name]
    if actor_kind not in transition.actors:
        raise InvalidTransition(_("You cannot do this to this application."))
    if application.status not in transition.sources:
        raise InvalidTransition(
            _("This application is %(status)s; it cannot be %(action)s now.")
            % {"status": Status(application.status).label.lower(), "action": str(transition.label).lower()}
        )
    return transition


def apply_transition(
    *, application, name: str, actor_kind: str, user, reason_codes=(), on_behalf: bool = False
):
    """Move a locked application along `name`, restart or pause its stage clock and record the
    AuditEvent. The caller holds the row lock (select_for_update) inside a transaction.
    Raises InvalidTransition, changing nothing, when the move is not allowed."""
    from applications.models import AuditEvent, StageSpan
    from applications.tallies import count_move

    transition = ensure_transition_allowed(application=application, name=name, actor_kind=actor_kind)
    now = timezone.now()
    source = application.status
    count_move(application=application, source=source, target=transition.target)
    if transition.target != source:
        # The stay in the old status ends and one in the new status begins (see StageSpan).
        StageSpan.objects.filter(application=application, ended_at__isnull=True).update(ended_at=now)
        StageSpan.objects.create(
            application=application,
            district_id=application.district_id,
            scheme_id=application.scheme_id,
            stage=transition.target,
            started_at=now,
        )
    # The clock pauses while the file is with the artisan and resumes where it stopped.
    if transition.target == Status.RETURNED and application.due_at:
        application.paused_remaining = application.due_at - now
        application.due_at = None
    elif source == Status.RETURNED and application.paused_remaining is not None:
        application.due_at = now + application.paused_remaining
        application.paused_remaining = None
    elif transition.target in OFFICE_STATES:
        limit = stage_time_limit(transition.target)
        application.due_at = now + limit if limit else None
    else:
        application.due_at = None
    application.status = transition.target
    application.stage_entered_at = now
    if transition.target in FINAL_STATES and application.closed_at is None:
        application.closed_at = now
    application.save(
        update_fields=["status", "stage_entered_at", "due_at", "paused_remaining", "closed_at", "updated_at"]
    )
    return AuditEvent.objects.create(
        application=application,
        actor=user,
        actor_role=getattr(user, "role", "") if user else "system",
        action=name,
        from_status=source,
        to_status=transition.target,
        reason_codes=list(reason_codes),
        on_behalf=on_behalf,
        created_at=now,  # the same moment as the file's clock and its stays
    )


def stays_from_moves(moves) -> list[tuple[str, datetime, datetime | None]]:
    """The stays (stage, started, ended or None) that a file's moves make, in order: what
    `apply_transition` writes as StageSpans, for a history built without it (synthetic data,
    the backfill). `moves` are (source, target, at) tuples in the order they happened."""
    stays: list[list] = []
    for source, target, at in moves:
        if target == source:
            continue
        if stays:
            stays[-1][2] = at
        stays.append([target, at, None])
    return [tuple(stay) for stay in stays]
