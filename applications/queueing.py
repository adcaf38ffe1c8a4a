"""Queueing deferred work from services, through the transactional outbox (outbox/services.py).

Each call writes an outbox row in the caller's transaction, so the work commits (or rolls back)
with the change that causes it: a worker or broker that dies after the commit loses nothing, and
the relay sends the row again. A request never waits on the broker: the send after commit runs on
a background thread with short timeouts."""

from outbox.services import enqueue


def enqueue_after_commit(task, *args, key: str | None = None) -> None:
    """Run `task(*args)` once the surrounding transaction commits. Calls with the same `key`
    (default: the task and its arguments) are the same work and write one row."""
    enqueue(task, *args, key=key)


def agenda_key(application) -> str:
    """One placement per stage: the service and the sweep name the same work alike."""
    return f"place_on_agenda:{application.pk}:{application.stage_entered_at.isoformat()}"


# The tasks queued from here, by name (the outbox sends by name; a test checks each is registered).
NOTIFY_APPLICANT_TASK = "applications.tasks.notify_applicant_task"


def notify_after_commit(application, event: str) -> None:
    """Tell the applicant of `event` once the move commits (SMS and email by a task)."""
    enqueue_after_commit(NOTIFY_APPLICANT_TASK, application.pk, event)


# The committees' task that places a recommended file on its committee's next agenda. The core
# names it (the outbox sends tasks by name) instead of importing the committees app above it.
PLACE_ON_AGENDA_TASK = "committees.tasks.place_on_agenda_task"


def place_on_agenda_after_commit(application) -> None:
    """Queue the file's placement on an agenda, once per stage (see `agenda_key`)."""
    enqueue_after_commit(PLACE_ON_AGENDA_TASK, application.pk, key=agenda_key(application))
