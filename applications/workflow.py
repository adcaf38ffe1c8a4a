"""Every status an application can have and every move between them, in one table.

`apply_transition` is the only code that assigns `Application.status`. Services lock the row,
check who may act (access checks), then call it; it checks the move is allowed from the current
status, moves the stage clock and writes the AuditEvent in the caller's transaction.
"""

from dataclasses import dataclass
from datetime import timedelta

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


# Who may make a move. The access checks decide who is who for a given application.
OWNER = "owner"  # the artisan whose application it is
OFFICER = "officer"  # a district officer of the application's district (also help-desk filing)
COMMITTEE = "committee"  # the committee's member-secretary
SYSTEM = "system"  # a Celery task acting on a recorded decision


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
}

# States in which the file waits on the office, so its clock runs; elsewhere it is paused
# (with the artisan) or finished.
OFFICE_STATES = {
    Status.SUBMITTED,
    Status.UNDER_SCRUTINY,
    Status.RECOMMENDED,
    Status.ON_AGENDA,
    Status.DEFERRED,
}
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
    from applications.models import AuditEvent

    transition = ensure_transition_allowed(application=application, name=name, actor_kind=actor_kind)
    now = timezone.now()
    source = application.status
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
    if transition.target in FINAL_STATES:
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
    )
