"""Periodic work of the dashboard (Celery beat; `manage.py run_periodic_tasks` runs it by hand)."""

from celery import shared_task


@shared_task
def refresh_dashboard_summaries_task() -> int:
    """Count the moves made since the last run into the dashboard's summaries. Idempotent; a
    run that finds another one counting does nothing. Returns the cells recounted."""
    from dashboard.counting import bring_up_to_date

    counted = bring_up_to_date()
    return counted.cells if counted else 0
