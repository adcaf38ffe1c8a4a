"""A worker keeps its PostgreSQL connection from one task to the next, replaces one that died in
between without failing the task, and gives it back after a task that failed."""

import uuid

import pytest
from django.db import connection

from dashboard.tasks import refresh_dashboard_summaries_task
from outbox.tasks import run_outbox_message_task
from tests.conftest import _database_url_for_worker, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _backends(application_name: str) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = %s",
            [application_name],
        )
        return {pid for (pid,) in cursor.fetchall()}


def _run(worker, task, *args) -> str:
    """Send the task and wait for the worker's log to say how it ended."""
    task_id = uuid.uuid4().hex
    task.apply_async(args=args, task_id=task_id)

    def outcome():
        for line in worker.log_path.read_text(errors="replace").splitlines():
            if task_id in line:
                if "succeeded" in line:
                    return "succeeded"
                if "raised" in line:
                    return "raised"
        return None

    return wait_for(outcome, timeout=30, what=f"task {task_id} in the worker's log")


def test_the_connection_is_kept_renewed_when_dead_and_given_back_after_a_failure(celery_worker_process):
    worker = celery_worker_process
    name = f"worker-{uuid.uuid4().hex[:8]}"
    worker.stop()
    worker.start(DATABASE_URL=f"{_database_url_for_worker()}?application_name={name}")

    assert _run(worker, refresh_dashboard_summaries_task) == "succeeded"
    first = _backends(name)
    assert len(first) == 1, "the worker closed its connection after the task"
    assert _run(worker, refresh_dashboard_summaries_task) == "succeeded"
    assert _backends(name) == first, "the second task opened a new backend"

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [next(iter(first))])
    wait_for(lambda: not _backends(name), timeout=10, what="the killed backend to go")
    assert _run(worker, refresh_dashboard_summaries_task) == "succeeded"
    renewed = _backends(name)
    assert len(renewed) == 1 and renewed.isdisjoint(first)

    # A database error inside the task (an id that is not a number): the connection goes.
    assert _run(worker, run_outbox_message_task, "not-a-number") == "raised"
    assert not _backends(name)
    assert _run(worker, refresh_dashboard_summaries_task) == "succeeded"
    assert len(_backends(name)) == 1
