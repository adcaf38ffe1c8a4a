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
