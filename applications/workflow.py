"""The workflow engine: every status an application can have and every move between them.

The moves every sub-scheme shares (from the draft to the committee's approval or rejection) are
the table below; each sub-scheme's life after approval is its own table in its own app
(`margin_money/workflow.py`, `mda/workflow.py`, `toolkit/workflow.py`, `cfc/workflow.py`), which
the app registers when Django starts (`register`). The engine composes them: `TRANSITIONS`,
`HOLDER` and the sets of states below hold every table's entries, and a status or a move name
belongs to exactly one table. `engine.apply_transition` is the only code that assigns a status. Services lock the row,
check who may act (access checks), then call it; it checks the move is allowed from the current
status, moves the stage clock and writes the AuditEvent in the caller's transaction.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
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
BANK = "bank"  # an officer of the bank branch the file was sent to
STATE = "state"  # state staff of the ODOP cell / MSME department (CFC appraisal and sanction)


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    actors: frozenset[str]
    label: str


def move(name, sources, target, actors, label) -> Transition:
    return Transition(name, frozenset(sources), target, frozenset(actors), label)


@dataclass(frozen=True)
class Table:
    """One part of the workflow: its statuses, its moves, and what the engine and the apps
    above it need to know of each status."""

    name: str
    statuses: type[models.TextChoices]
    transitions: list[Transition]
    # Where the file is, for the artisan's timeline (an office, never a person).
    holders: dict[str, str]
    # States in which the file waits on an office, so its clock runs; elsewhere it is paused
    # (with the artisan) or finished.
    office_states: frozenset[str] = frozenset()
    # A decision was taken (closed_at is set when a file first reaches one of these).
    final_states: frozenset[str] = frozenset()
    # Stages decided by a state committee (district NULL) rather than the district's own.
    state_committee_states: frozenset[str] = frozenset()
    # Stages that wait on a bank (overdue files there escalate to the Lead District Manager too).
    bank_states: frozenset[str] = frozenset()
    # Statuses after which a sanction letter no longer stands.
    sanction_ended: frozenset[str] = frozenset()
    # Statuses that wait for a committee's agenda, and the move that places the file on it.
    agenda_moves: dict[str, str] = field(default_factory=dict)
    # On an agenda in this status, the move each decision ("approve", "reject", "defer") makes.
    decision_moves: dict[str, dict[str, str]] = field(default_factory=dict)
    # A sub-scheme whose district approval is something else (CFC: a screening), by decision.
    scheme_decision_moves: dict[str, dict[str, str]] = field(default_factory=dict)
    # Submitted and not yet decided: a file here is computed again under a RuleSet that takes
    # effect while it waits (its benefit is not yet sanctioned).
    undecided_states: frozenset[str] = frozenset()


TABLES: dict[str, Table] = {}
TRANSITIONS: dict[str, Transition] = {}
HOLDER: dict[str, str] = {}
STATUS_LABELS: dict[str, str] = {}
OFFICE_STATES: set[str] = set()
FINAL_STATES: set[str] = set()
STATE_COMMITTEE_STATES: set[str] = set()
BANK_STATES: set[str] = set()
SANCTION_ENDED: set[str] = set()
UNDECIDED_STATES: set[str] = set()
AGENDA_MOVES: dict[str, str] = {}
DECISION_MOVES: dict[str, dict[str, str]] = {}
SCHEME_DECISION_MOVES: dict[str, dict[str, str]] = {}


def register(table: Table) -> None:
    """Add a sub-scheme's table to the engine. A status or a move already registered by
    another table is refused: each belongs to exactly one."""
    if TABLES.get(table.name) is table:
        return
    if table.name in TABLES:
        raise ValueError(f"workflow table {table.name!r} is registered twice")
    shared_statuses = set(table.statuses.values) & set(STATUS_LABELS)
    shared_moves = {t.name for t in table.transitions} & set(TRANSITIONS)
    if shared_statuses or shared_moves:
        raise ValueError(f"{table.name}: already in another table: {sorted(shared_statuses | shared_moves)}")
    TABLES[table.name] = table
    STATUS_LABELS.update(table.statuses.choices)
    TRANSITIONS.update((t.name, t) for t in table.transitions)
    HOLDER.update(table.holders)
    OFFICE_STATES.update(table.office_states)
    FINAL_STATES.update(table.final_states)
    STATE_COMMITTEE_STATES.update(table.state_committee_states)
    BANK_STATES.update(table.bank_states)
    SANCTION_ENDED.update(table.sanction_ended)
    AGENDA_MOVES.update(table.agenda_moves)
    DECISION_MOVES.update(table.decision_moves)
    SCHEME_DECISION_MOVES.update(table.scheme_decision_moves)
    UNDECIDED_STATES.update(table.undecided_states)


def status_choices() -> list[tuple[str, str]]:
    """Every registered status with its label: the shared ones first, then each table in the
    order the apps are installed. Asked before the apps are ready (the sub-schemes register
    their tables in `AppConfig.ready`) it raises rather than answer with part of them."""
    from django.apps import apps

    if not apps.ready:
        raise ImproperlyConfigured("the statuses are composed once every app is ready")
    return list(STATUS_LABELS.items())


def status_label(status: str) -> str:
    """The status's label, or the code itself for one no table knows."""
    return str(STATUS_LABELS.get(status, status))


CORE = Table(
    name="applications",
    statuses=Status,
    transitions=[
        move("submit", {Status.DRAFT}, Status.SUBMITTED, {OWNER, OFFICER}, _("Submitted")),
        move("take_up", {Status.SUBMITTED}, Status.UNDER_SCRUTINY, {OFFICER}, _("Taken up for scrutiny")),
        move("return", {Status.UNDER_SCRUTINY}, Status.RETURNED, {OFFICER}, _("Returned for correction")),
        move(
            "resubmit",
            {Status.RETURNED},
            Status.UNDER_SCRUTINY,
            {OWNER, OFFICER},
            _("Corrected and resubmitted"),
        ),
        move(
            "reject_ineligible",
            {Status.UNDER_SCRUTINY},
            Status.REJECTED,
            {OFFICER},
            _("Rejected as not eligible"),
        ),
        move(
            "recommend",
            {Status.UNDER_SCRUTINY},
            Status.RECOMMENDED,
            {OFFICER},
            _("Recommended to the committee"),
        ),
        move(
            "withdraw",
            {Status.DRAFT, Status.SUBMITTED, Status.RETURNED},
            Status.WITHDRAWN,
            {OWNER},
            _("Withdrawn by the applicant"),
        ),
        # The committee's moves (agenda, decisions) are made by tasks and the member-secretary.
        move(
            "place_on_agenda",
            {Status.RECOMMENDED, Status.DEFERRED},
            Status.ON_AGENDA,
            {SYSTEM},
            _("Placed on the agenda"),
        ),
        move(
            "approve",
            {Status.ON_AGENDA},
            Status.APPROVED,
            {COMMITTEE, SYSTEM},
            _("Approved by the committee"),
        ),
        move(
            "reject", {Status.ON_AGENDA}, Status.REJECTED, {COMMITTEE, SYSTEM}, _("Rejected by the committee")
        ),
        move(
            "defer",
            {Status.ON_AGENDA},
            Status.DEFERRED,
            {COMMITTEE, SYSTEM},
            _("Deferred to the next meeting"),
        ),
    ],
    holders={
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
    },
    office_states=frozenset(
        {
            Status.SUBMITTED,
            Status.UNDER_SCRUTINY,
            Status.RECOMMENDED,
            Status.ON_AGENDA,
            Status.DEFERRED,
            # After approval each sub-scheme's next step runs against a GO time limit.
            Status.APPROVED,
        }
    ),
    final_states=frozenset({Status.APPROVED, Status.REJECTED, Status.WITHDRAWN}),
    undecided_states=frozenset(
        {
            Status.SUBMITTED,
            Status.UNDER_SCRUTINY,
            Status.RETURNED,
            Status.RECOMMENDED,
            Status.ON_AGENDA,
            Status.DEFERRED,
        }
    ),
    sanction_ended=frozenset({Status.WITHDRAWN, Status.REJECTED}),
    agenda_moves={Status.RECOMMENDED: "place_on_agenda", Status.DEFERRED: "place_on_agenda"},
    decision_moves={Status.ON_AGENDA: {"approve": "approve", "reject": "reject", "defer": "defer"}},
)
register(CORE)


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
            % {"status": status_label(application.status).lower(), "action": str(transition.label).lower()}
        )
    return transition


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
