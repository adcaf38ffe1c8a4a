"""Reads for applications: queues, lists, one file with everything its page shows, timelines."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.utils import timezone

from accounts.models import Role
from applications.access import visible_applications, visible_submitted
from applications.filters import QueueFilter
from applications.models import Application, AuditEvent, Document, Note, StatusTally, Verification
from applications.workflow import HOLDER, SANCTION_ENDED, TRANSITIONS, Status, status_label

QUEUE_ORDERINGS = {
    "received": ("submitted_at", "id"),
    "-received": ("-submitted_at", "-id"),
    "due": ("due_at", "id"),
}


def queue_for_officer(
    *, user, filters, ordering: str = "received"
) -> tuple[QueueFilter, QuerySet[Application]]:
    """The officer's district queue (never drafts), filtered; the caller paginates by keyset."""
    base = (
        visible_submitted(user)
        .select_related("applicant", "scheme", "assigned_to")
        .only(
            "id",
            "reference_number",
            "status",
            "submitted_at",
            "due_at",
            "benefit_amount",
            "is_eligible",
            "applicant__full_name",
            "scheme__code",
            "scheme__name_en",
            "scheme__name_hi",
            "assigned_to__username",
            "district_id",
        )
    )
    filterset = QueueFilter(filters or None, queryset=base, user=user)
    queryset = filterset.qs
    if ordering == "due":
        # Soonest due first lists the files that have a due date (those at an office stage): a
        # keyset page cannot continue past an empty date.
        queryset = queryset.filter(due_at__isnull=False)
    return filterset, queryset.order_by(*QUEUE_ORDERINGS.get(ordering, QUEUE_ORDERINGS["received"]))


def status_counts(*, user) -> dict[str, int]:
    """Submitted files per status in the user's scope: read from the tallies the workflow keeps
    (a few rows whatever the number of files); other roles count their visible files."""
    if user.role in (Role.DISTRICT_OFFICER, Role.STATE_STAFF, Role.ADMIN):
        tallies = StatusTally.objects.filter(files__gt=0)
        if user.role == Role.DISTRICT_OFFICER:
            tallies = tallies.filter(district_id=user.district_id)
        rows = tallies.values("status").annotate(n=Sum("files")).order_by()
    else:
        rows = (
            visible_applications(user)
            .filter(submitted_at__isnull=False)
            .values("status")
            .annotate(n=Count("id"))
            .order_by()
        )
    return {row["status"]: row["n"] for row in rows}


def applications_for_artisan(*, user) -> QuerySet[Application]:
    return visible_applications(user).select_related("scheme", "district").order_by("-created_at")


def application_detail(*, application: Application) -> Application:
    """Reload one application with every relation its pages show, in a fixed number of queries."""
    return (
        Application.objects.select_related(
            "applicant",
            "applicant__user",
            "applicant__district",
            "scheme",
            "ruleset",
            "district",
            "product",
            "assigned_to",
            "filed_by",
        )
        .prefetch_related(
            Prefetch("documents", queryset=Document.objects.order_by("code", "-uploaded_at")),
            Prefetch(
                "events", queryset=AuditEvent.objects.select_related("actor").order_by("created_at", "id")
            ),
            Prefetch("notes", queryset=Note.objects.select_related("author").order_by("created_at", "id")),
            "scheme__documents",
            "letters",
        )
        .get(pk=application.pk)
    )


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    label: str
    status: str
    days: int
    holder: str
    reasons: list
    notes: list


def timeline(application: Application) -> list[TimelineEntry]:
    """Every stage with its date, the days it took (or has taken so far), who held the file,
    and the reasons the artisan was given. Uses the prefetched events and notes."""
    # Moves only: a handover inside the office is not a stage of the file.
    events = [event for event in application.events.all() if event.action in TRANSITIONS]
    public_notes = {}
    for note in application.notes.all():
        if note.is_visible_to_applicant and note.event_id:
            public_notes.setdefault(note.event_id, []).append(note.text)
    entries = []
    now = timezone.now()
    for index, event in enumerate(events):
        until = events[index + 1].created_at if index + 1 < len(events) else now
        entries.append(
            TimelineEntry(
                when=event.created_at,
                label=str(TRANSITIONS[event.action].label),
                status=event.to_status,
                days=(until - event.created_at).days,
                holder=str(HOLDER.get(event.to_status, "")),
                reasons=list(event.reason_codes),
                notes=public_notes.get(event.pk, []),
            )
        )
    return entries


# --- Training and Toolkit ----------------------------------------------------------------------


# --- Common Facility Centre ---------------------------------------------------------------------


# --- Intake: which sub-schemes a district takes applications for now -------------------------


@dataclass(frozen=True)
class Intake:
    scheme: object
    is_open: bool
    target: object | None  # the schemes.Target met, when that is what closed intake
    financial_year: str


def _year_bounds(year: str) -> tuple[datetime, datetime]:
    from datetime import date, time

    start = datetime.combine(date(int(year[:4]), 4, 1), time.min, tzinfo=timezone.get_default_timezone())
    return start, start.replace(year=start.year + 1)


def approvals_counted_against_targets(*, district_id: int, year: str) -> dict[int, int]:
    """Beneficiaries approved this financial year per scheme id: decided and neither rejected
    nor withdrawn, by the date of the decision (the dashboard counts the same way)."""
    start, end = _year_bounds(year)
    rows = (
        Application.objects.filter(district_id=district_id, closed_at__gte=start, closed_at__lt=end)
        .exclude(status__in=[Status.REJECTED, Status.WITHDRAWN])
        .values("scheme_id")
        .annotate(n=Count("id"))
    )
    return {row["scheme_id"]: row["n"] for row in rows}


def intake_for_district(*, district_id: int) -> list[Intake]:
    """Every sub-scheme with whether the district takes new applications for it today: closed
    when the scheme is closed, or when this year's approvals reach the district's physical
    target (a target of 0 closes it). Three queries, whatever the data."""
    from schemes.models import Target
    from schemes.rules.base import financial_year
    from schemes.selectors import scheme_list

    year = financial_year(timezone.localdate())
    targets = {t.scheme_id: t for t in Target.objects.filter(district_id=district_id, financial_year=year)}
    approved = approvals_counted_against_targets(district_id=district_id, year=year)
    intake = []
    for scheme in scheme_list():
        target = targets.get(scheme.pk)
        met = target is not None and approved.get(scheme.pk, 0) >= target.physical
        intake.append(
            Intake(
                scheme=scheme,
                is_open=scheme.is_accepting_applications and not met,
                target=target if met else None,
                financial_year=year,
            )
        )
    return intake


# A sanction no longer stands once the file is withdrawn, rejected (a CFC proposal can be
# rejected at the final meeting after its in-principle sanction), refused its loan by the bank or
# its margin money recovered (GO-MM-2018 para 5: the joint inspection found the unit not running).
RECEIPT_ENDED = frozenset({Status.WITHDRAWN, Status.REJECTED})


@dataclass(frozen=True)
class VerificationAnswer:
    verification: Verification
    stands: bool  # False when the file was later withdrawn, rejected or the sanction cancelled
    status_label: str


def verification_get(*, code: str) -> VerificationAnswer | None:
    """The issued paper with this code, with what has happened to its file since. One query."""
    verification = (
        Verification.objects.select_related("application__applicant", "application__scheme")
        .only(
            "code",
            "kind",
            "number",
            "issued_at",
            "office_en",
            "office_hi",
            "amount",
            "application__status",
            "application__reference_number",
            "application__applicant__full_name",
            "application__scheme__name_en",
            "application__scheme__name_hi",
        )
        .filter(code=code)
        .first()
    )
    if verification is None:
        return None
    status = verification.application.status
    if verification.kind == Verification.Kind.SANCTION:
        # A sanction falls with the file (each table names the statuses that end it).
        stands = status not in SANCTION_ENDED
    elif verification.kind == Verification.Kind.RECEIPT:
        stands = status not in RECEIPT_ENDED
    else:
        stands = True
    return VerificationAnswer(
        verification=verification,
        stands=stands,
        status_label=status_label(status),
    )
