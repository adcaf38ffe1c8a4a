"""For tests of two connections racing: wait until one of them waits on the other's lock."""

import time

from django.db import connection


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def some_connection_waits_on_a_lock(seconds: float = 30) -> bool:
    """Whether, within `seconds`, a connection to this database is seen waiting on a lock."""
    deadline = time.monotonic() + seconds
    while not _waiting_on_a_lock() and time.monotonic() < deadline:
        time.sleep(0.02)
    return _waiting_on_a_lock()
