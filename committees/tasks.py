"""Thin committee tasks taking ids, queued through the outbox (applications/queueing.py); the
periodic ones run from Celery beat (`manage.py run_periodic_tasks` runs them once by hand)."""

from celery import shared_task


@shared_task
def place_on_agenda_task(application_id: int) -> int | None:
    from committees.services.meetings import place_on_agenda

    item = place_on_agenda(application_id=application_id)
    return item.pk if item else None


@shared_task
def apply_meeting_decisions_task(meeting_id: int) -> int:
    from committees.services.meetings import apply_meeting_decisions

    return apply_meeting_decisions(meeting_id=meeting_id)


@shared_task
def generate_letter_task(item_id: int, kind: str) -> int | None:
    from committees.services.letters import generate_letter

    letter = generate_letter(item_id=item_id, kind=kind)
    return letter.pk if letter else None


@shared_task
def generate_agenda_pdf_task(meeting_id: int) -> None:
    from committees.services.letters import generate_agenda_pdf

    generate_agenda_pdf(meeting_id=meeting_id)


@shared_task
def generate_minutes_pdf_task(meeting_id: int) -> None:
    from committees.services.letters import generate_minutes_pdf

    generate_minutes_pdf(meeting_id=meeting_id)


@shared_task
def sweep_waiting_recommendations_task() -> int:
    from committees.services.meetings import resume_committee_work, sweep_waiting_recommendations

    return len(sweep_waiting_recommendations()) + sum(resume_committee_work().values())


@shared_task
def lock_due_agendas_task() -> int:
    from committees.services.meetings import lock_due_agendas

    return len(lock_due_agendas())


@shared_task
def remind_members_task() -> int:
    from committees.services.escalation import remind_members

    return remind_members()


@shared_task
def escalate_overdue_task() -> int:
    from committees.services.escalation import escalate_overdue

    return escalate_overdue()
