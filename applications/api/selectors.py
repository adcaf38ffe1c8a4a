"""Reads for the applications API.

The list needs the district's slug, which `selectors.queue_for_officer` does not load (its
`.only()` leaves the district out), so the API has its own list query here, built on the same
access filter `visible_applications`."""

from django.db.models import QuerySet

from accounts.models import Role
from applications.access import visible_applications
from applications.models import Application
from applications.workflow import Status

# Staff read the queue oldest first, as the office works it; an artisan sees their newest first.
STAFF_ORDERING = ("submitted_at", "id")
ARTISAN_ORDERING = ("-created_at", "-id")

LIST_FIELDS = (
    "id",
    "reference_number",
    "status",
    "created_at",
    "submitted_at",
    "due_at",
    "benefit_amount",
    "is_eligible",
    "applicant__full_name",
    "applicant__user_id",
    "scheme__code",
    "district__slug",
    "product__slug",
)


def application_list_for_user(*, user) -> QuerySet[Application]:
    """The applications `user` may read, with what the list shows, in one query per page.

    Staff never see drafts, nor drafts withdrawn before submission: those were never sent to
    the office, and they have no submission time to page by."""
    queryset = visible_applications(user).select_related("applicant", "scheme", "district", "product")
    if user.role != Role.ARTISAN:
        queryset = queryset.exclude(status=Status.DRAFT).filter(submitted_at__isnull=False)
    return queryset.only(*LIST_FIELDS)


def list_ordering(*, user) -> tuple[str, ...]:
    """The keyset the list pages by; each field is never null in that user's list."""
    return ARTISAN_ORDERING if user.role == Role.ARTISAN else STAFF_ORDERING
