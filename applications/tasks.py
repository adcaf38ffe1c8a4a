"""Thin tasks taking ids. Services queue them through the outbox (applications/queueing.py), which
retries a failed run with back-off and parks it after OUTBOX_MAX_ATTEMPTS; a transient SMS
gateway error is one such failure."""

from celery import shared_task


@shared_task
def notify_applicant_task(application_id: int, event: str) -> bool:
    from applications.services.notifications import notify_applicant

    return notify_applicant(application_id=application_id, event=event)


@shared_task
def place_on_agenda_task(application_id: int) -> int | None:
    from applications.services.committees import place_on_agenda

    item = place_on_agenda(application_id=application_id)
    return item.pk if item else None


@shared_task
def apply_meeting_decisions_task(meeting_id: int) -> int:
    from applications.services.committees import apply_meeting_decisions

    return apply_meeting_decisions(meeting_id=meeting_id)


@shared_task
def generate_letter_task(item_id: int, kind: str) -> int | None:
    from applications.services.committees import generate_letter

    letter = generate_letter(item_id=item_id, kind=kind)
    return letter.pk if letter else None


@shared_task
def generate_agenda_pdf_task(meeting_id: int) -> None:
    from applications.services.committees import generate_agenda_pdf

    generate_agenda_pdf(meeting_id=meeting_id)


@shared_task
def generate_minutes_pdf_task(meeting_id: int) -> None:
    from applications.services.committees import generate_minutes_pdf

    generate_minutes_pdf(meeting_id=meeting_id)


# --- Periodic (Celery beat; `manage.py run_periodic_tasks` runs them once by hand) -------------


@shared_task
def sweep_waiting_recommendations_task() -> int:
    from applications.services.committees import resume_committee_work, sweep_waiting_recommendations

    return len(sweep_waiting_recommendations()) + sum(resume_committee_work().values())


@shared_task
def lock_due_agendas_task() -> int:
    from applications.services.committees import lock_due_agendas

    return len(lock_due_agendas())


@shared_task
def remind_members_task() -> int:
    from applications.services.committees import remind_members

    return remind_members()


@shared_task
def escalate_overdue_task() -> int:
    from applications.services.committees import escalate_overdue

    return escalate_overdue()


@shared_task
def remind_lock_ins_ending_task() -> int:
    from applications.services.committees import remind_lock_ins_ending

    return remind_lock_ins_ending()
