"""The workflow engine: the one function that moves a file.

Services lock the row, check who may act (access checks), then call `apply_transition`; it
checks the move is allowed from the current status (the composed tables of `workflow.py`),
moves the stage clock, keeps the tallies and the stays, and writes the AuditEvent, all in the
caller's transaction. Nothing else assigns `Application.status` (tests/odop_portal/test_layout.py)."""

from django.utils import timezone

from applications.models import AuditEvent, StageSpan
from applications.tallies import count_move
from applications.workflow import (
    FINAL_STATES,
    OFFICE_STATES,
    Status,
    ensure_transition_allowed,
    stage_time_limit,
)


def apply_transition(
    *,
    application,
    name: str,
    actor_kind: str,
    user,
    reason_codes=(),
    on_behalf: bool = False,
    save_also=(),
):
    """Move a locked application along `name`, restart or pause its stage clock and record the
    AuditEvent. The caller holds the row lock (select_for_update) inside a transaction.
    Raises InvalidTransition, changing nothing, when the move is not allowed.

    `save_also` names fields the caller changed on `application` for this move: they are saved
    in the same UPDATE as the move's (each UPDATE of the row writes a new entry in every one of
    its indexes that a changed column is in)."""
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
    moved = ["status", "stage_entered_at", "due_at", "paused_remaining", "closed_at", "updated_at"]
    application.save(update_fields=[*moved, *(f for f in save_also if f not in moved)])
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
