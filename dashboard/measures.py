"""What every figure of the dashboard and the open data counts, in one place.

- Received in a year: submitted (given a reference number) between 1 April and 31 March.
- Approved in a year: the committee's decision (``closed_at``) fell in the year and the file was
  neither rejected nor withdrawn. Files that moved on after approval (to the bank, paid, ...)
  stay approved, whatever stage names later work adds.
- Rejected in a year: rejected (by the office or the committee), decided in the year.
- Pending now: waiting for a decision at the office or a committee, whatever year it came in.
- Overdue now: in a stage where the office's clock runs (``OFFICE_STATES``) past its due date,
  counted in two parts: before a decision (one of the files waiting for a decision, at the
  office or a committee) and after approval (waiting on the DIC, the bank, a training batch, a
  payment or the CFC's state stages), so "overdue" never reads larger than "waiting".
- Before a committee now: recommended, on an agenda, or deferred.
- Sanctioned: the benefit of the files approved in the year.
- Committed: sanctioned in the year, plus the benefit of the files before a committee now.
- Released: money actually paid on the files approved in the year (see ``dashboard.released``).
- Days to decision: from submission to decision, for files decided in the year.
- Days per stage: from entering a status to leaving it, for stages left in the year.

`applications.services.submission.start_application` counts approvals the same way when it
checks a district's physical target.
"""

from datetime import datetime

from django.db.models import Q

from applications.workflow import OFFICE_STATES, Status

AWAITING_DECISION = (
    Status.SUBMITTED,
    Status.UNDER_SCRUTINY,
    Status.RECOMMENDED,
    Status.ON_AGENDA,
    Status.DEFERRED,
)
BEFORE_COMMITTEE = (Status.RECOMMENDED, Status.ON_AGENDA, Status.DEFERRED)
NOT_APPROVED_ENDINGS = (Status.REJECTED, Status.WITHDRAWN)


def between(field: str, start: datetime, end: datetime) -> Q:
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def approved() -> Q:
    return Q(closed_at__isnull=False) & ~Q(status__in=NOT_APPROVED_ENDINGS)


def rejected() -> Q:
    return Q(status=Status.REJECTED)


def decided() -> Q:
    return Q(closed_at__isnull=False) & ~Q(status=Status.WITHDRAWN)


def pending() -> Q:
    return Q(status__in=AWAITING_DECISION)


def before_committee() -> Q:
    return Q(status__in=BEFORE_COMMITTEE)


def overdue(now: datetime) -> Q:
    return Q(status__in=OFFICE_STATES, due_at__lt=now)


def after_approval_clocked() -> list[str]:
    """The stages after approval that run against a time limit (every sub-scheme's, read when
    asked: the workflow tables are composed once the apps are ready)."""
    return sorted(set(OFFICE_STATES) - set(AWAITING_DECISION))


def after_approval() -> Q:
    """In a stage after approval that runs against a time limit."""
    return Q(status__in=after_approval_clocked())


def overdue_before_decision(now: datetime) -> Q:
    return overdue(now) & pending()


def overdue_after_approval(now: datetime) -> Q:
    return overdue(now) & after_approval()


def received_in(start: datetime, end: datetime) -> Q:
    return between("submitted_at", start, end)


def approved_in(start: datetime, end: datetime) -> Q:
    return approved() & between("closed_at", start, end)


def rejected_in(start: datetime, end: datetime) -> Q:
    return rejected() & between("closed_at", start, end)


def decided_in(start: datetime, end: datetime) -> Q:
    return decided() & between("closed_at", start, end)


def committed_in(start: datetime, end: datetime) -> Q:
    return approved_in(start, end) | before_committee()
