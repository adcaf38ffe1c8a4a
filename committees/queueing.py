"""The committees' Celery tasks by name. Services queue them through the outbox by name
(`applications.queueing.enqueue_after_commit`), so a service never imports the tasks that call
it; a test checks each name is a registered task."""

from applications.queueing import PLACE_ON_AGENDA_TASK

PLACE_ON_AGENDA = PLACE_ON_AGENDA_TASK
APPLY_MEETING_DECISIONS = "committees.tasks.apply_meeting_decisions_task"
GENERATE_LETTER = "committees.tasks.generate_letter_task"
GENERATE_AGENDA_PDF = "committees.tasks.generate_agenda_pdf_task"
GENERATE_MINUTES_PDF = "committees.tasks.generate_minutes_pdf_task"
