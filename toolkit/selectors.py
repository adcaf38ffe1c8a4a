"""Reads for the Training and Toolkit pages, each in a fixed number of queries."""

from django.db.models import Count, Prefetch, Q

from applications.models import Application
from applications.workflow import Status
from payments.models import Payment
from toolkit.models import TrainingBatch
from toolkit.workflow import ToolkitStatus


def batch_list_for_officer(*, user):
    """The district's batches, newest first, with seats taken; one query."""

    return TrainingBatch.objects.filter(district_id=user.district_id).annotate(
        seats_taken=Count("trainees", distinct=True)
    )


def selected_trainees_waiting_for_officer(*, user):
    """Selected Training and Toolkit applicants of the district not yet in a batch."""

    return (
        Application.objects.filter(
            district_id=user.district_id, scheme__code="TT", status=Status.APPROVED, trainee__isnull=True
        )
        .select_related("applicant")
        .order_by("stage_entered_at", "id")
    )


def toolkits_carried_forward_for_officer(*, user):
    """Para 5(5): trained artisans whose toolkit waits for funds, oldest year first (priority)."""

    return (
        Application.objects.filter(district_id=user.district_id, status=ToolkitStatus.TOOLKIT_DEFERRED)
        .select_related("applicant", "trainee")
        .order_by("trainee__toolkit_carried_to", "stage_entered_at", "id")
    )


def batch_trainees(*, batch):
    """A batch's trainees with their file, days present, honorarium and toolkit; fixed queries."""

    return (
        batch.trainees.select_related(
            "application__applicant", "application__toolkit_issue", "application__product"
        )
        .annotate(days_present=Count("attendance", filter=Q(attendance__present=True)))
        .prefetch_related(
            Prefetch(
                "application__payments",
                queryset=Payment.objects.filter(purpose="honorarium"),
                to_attr="honoraria",
            )
        )
        .order_by("application__applicant__full_name", "id")
    )
