"""The Celery application. Configuration comes from Django settings (the CELERY_ namespace)."""

import os

from celery import Celery, signals, states

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "odop_portal.settings")

app = Celery("odop_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# A worker's database connections follow the portal's own policy, as a web request's do.
# Celery's Django fixup would close every connection before and after each task, so that each
# SMS, letter or outbox row paid for a new PostgreSQL backend (measured: 275 backends for 250
# submissions, and about 8 ms of server CPU each). A reuse count this large turns that off, and
# the two handlers below decide instead: CONN_MAX_AGE and the health check before the next use
# (`close_old_connections`, what Django runs around every request), and a task that did not
# succeed gives back its connections outright, since a time limit may have cut a query short.
app.conf.update(CELERY_DB_REUSE_MAX=10**12)


def _eager(task) -> bool:
    return bool(getattr(task.request, "is_eager", False))


@signals.task_prerun.connect
def _check_connections_before_task(task=None, **kwargs) -> None:
    if task is not None and not _eager(task):
        from django.db import close_old_connections

        close_old_connections()


@signals.task_postrun.connect
def _give_back_connections_after_task(task=None, state=None, **kwargs) -> None:
    if task is None or _eager(task):
        return
    from django.db import close_old_connections, connections

    if state == states.SUCCESS:
        close_old_connections()
    else:
        connections.close_all()
