"""The transactional outbox: record deferred work with the change that causes it, relay it to
Celery, run it once, and park what keeps failing.

Life of a row (`OutboxMessage.State`):

    pending --(relay or the send right after commit)--> sent --(a worker starts it)--> running
    running --(the work returns)--> done
    running --(the work raised)--> pending, after a back-off; parked after OUTBOX_MAX_ATTEMPTS
    sent, never started (message lost in Redis) --> sent again by the relay once `available_at`
    has passed, or at once when the relay finds that Redis lost its data
    running, its runner gone (worker killed: nobody holds the row's advisory lock) --> sent again
    by the next relay run
    any open row past `expires_at` (a sign-in code) --> expired, its secret erased

Nothing here waits on the broker in a request: the send right after commit runs on a background
thread with short socket timeouts, and when it fails the row just stays pending for the relay.
Consumers are idempotent (the services they call lock their rows and re-check state), so a row
delivered twice does its work once."""

import contextlib
import json
import logging
import os
import queue
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from celery import current_app
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Min, Q
from django.utils import timezone
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

from outbox.crypto import seal, unseal
from outbox.models import OutboxMessage

logger = logging.getLogger(__name__)
State = OutboxMessage.State
RUN_TASK = "outbox.tasks.run_outbox_message_task"
# pg_try_advisory_lock(namespace, id): who runs a row holds it; it goes with the connection, so a
# killed worker's hold ends at once and a redelivered message may run the row again.
_LOCK_NAMESPACE = 0x0D0B0001
BROKER_ERRORS = (KombuError, RedisError, OSError)


def _task_name(task) -> str:
    return task if isinstance(task, str) else task.name


def enqueue(
    task, *args, key: str | None = None, secret: str | None = None, expires_at: datetime | None = None
) -> OutboxMessage | None:
    """Record `task(*args)` to run after the surrounding transaction commits. Call it inside the
    transaction that makes the change, so the work and its cause commit (or roll back) together.

    `key` says when two calls are the same work (default: the task and its arguments); a second
    row with the same key is not written and None is returned. `secret` is sealed in the row and
    handed to the task as `secret=`; it never reaches the broker."""
    name = _task_name(task)
    key = key or f"{name}:{json.dumps(list(args), separators=(',', ':'))}"
    now = timezone.now()
    try:
        with transaction.atomic():
            row = OutboxMessage.objects.create(
                key=key[:200],
                task=name,
                args=list(args),
                sealed_secret=seal(secret) if secret is not None else None,
                expires_at=expires_at,
                available_at=now,
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: send_soon(row.pk))
    return row


def send_soon(message_id: int) -> None:
    """Right after commit: in eager mode run the work here (no broker); otherwise hand the row to
    this process's sender thread, which publishes it without holding up the request."""
    if current_app.conf.task_always_eager:
        run_message(message_id=message_id)
        return
    _sender.submit(message_id)


def _sent_timeout(sends: int) -> timedelta:
    # A row sent but never started is sent again, waiting twice as long each time (capped).
    base = settings.OUTBOX_SENT_TIMEOUT
    return min(base * (2 ** min(sends, 10)), settings.OUTBOX_SENT_TIMEOUT_MAX)


def _retry_backoff(attempts: int) -> timedelta:
    return min(settings.OUTBOX_RETRY_BACKOFF * (2 ** max(attempts - 1, 0)), settings.OUTBOX_RETRY_BACKOFF_MAX)


_broker = threading.local()  # each thread's open connection to the broker, kept between sends


def _connection(app, timeout: float):
    """This thread's broker connection, opened once and kept: a fresh one per send cost more
    than the send (about 9 ms in a submission's profile). A connection of another process
    (after a fork), another broker address or another timeout is not reused. Returns it and
    whether it was just opened."""
    wanted = (os.getpid(), app.conf.broker_url, timeout)
    if getattr(_broker, "key", None) == wanted and _broker.conn is not None:
        return _broker.conn, False
    options = {"socket_timeout": timeout, "socket_connect_timeout": timeout, "max_retries": 0}
    _broker.conn = app.connection_for_write(connect_timeout=timeout, transport_options=options)
    _broker.key = wanted
    return _broker.conn, True


def _drop_connection() -> None:
    conn, _broker.conn = getattr(_broker, "conn", None), None
    if conn is not None:
        with contextlib.suppress(*BROKER_ERRORS):
            conn.release()


def publish(rows: list[tuple[int, datetime | None]], *, timeout: float) -> list[int]:
    """Publish the runner task for each (id, expires_at) on this thread's connection, with
    `timeout` second sockets and no retries. A kept connection that fails (Redis restarted since)
    is dropped and the rest sent once on a fresh one; a fresh one that fails stops the batch.
    Returns the ids that reached the broker. Each batch declares the queue again, which matters
    after Redis lost its data."""
    app = current_app
    runner = _task(RUN_TASK)
    published: list[int] = []
    while len(published) < len(rows):
        fresh = True
        try:
            conn, fresh = _connection(app, timeout)
            conn.ensure_connection(max_retries=1, timeout=timeout)
            app.amqp.queues[app.conf.task_default_queue](conn.default_channel).declare()
            producer = app.amqp.Producer(conn, auto_declare=False)
            for message_id, expires_at in rows[len(published) :]:
                # apply_async, not send_task: in eager mode (no broker) it runs here.
                runner.apply_async(args=[message_id], producer=producer, retry=False, expires=expires_at)
                published.append(message_id)
        except BROKER_ERRORS as exc:
            _drop_connection()
            if fresh:
                logger.warning(
                    "broker unreachable (%s): %d outbox rows left for the relay",
                    exc.__class__.__name__,
                    len(rows) - len(published),
                )
                break
    return published


def _mark_sent(rows: list[tuple[int, int]], *, now: datetime, states=(State.PENDING,)) -> None:
    """Mark (id, sends) rows just published as sent, each only if it is still in one of `states`
    and was not sent by someone else since it was read: a worker may take the message and run
    the row before this runs. One conditional UPDATE per number of earlier sends (almost always
    one), so the check and the change are one statement: a row a worker moved on in between
    keeps its state."""
    by_sends: dict[int, list[int]] = {}
    for message_id, sends in rows:
        by_sends.setdefault(sends, []).append(message_id)
    for sends, ids in by_sends.items():
        OutboxMessage.objects.filter(pk__in=ids, state__in=states, sends=sends).update(
            state=State.SENT, sent_at=now, available_at=now + _sent_timeout(sends), sends=sends + 1
        )


# The sender keeps its database connection while rows keep coming (a new one per batch cost
# more than the batch under load) and gives it back after this long without any.
SENDER_KEEPS_CONNECTION_SECONDS = 5.0


class _Sender:
    """One daemon thread per process publishing freshly committed rows. A request only puts an id
    on an in-memory queue; if the process dies first, the row is still pending in the database."""

    def __init__(self) -> None:
        self.queue: queue.SimpleQueue[int | None] = queue.SimpleQueue()
        self.thread: threading.Thread | None = None
        self.pid: int | None = None
        self.lock = threading.Lock()
        self.idle = threading.Event()
        self.idle.set()
        self.released = threading.Event()

    def _alive(self) -> bool:
        return self.thread is not None and self.thread.is_alive() and self.pid == os.getpid()

    def submit(self, message_id: int) -> None:
        with self.lock:
            if not self._alive():
                # After a fork (gunicorn, prefork) the parent's thread is not ours.
                self.queue = queue.SimpleQueue()
                self.pid = os.getpid()
                self.thread = threading.Thread(target=self._run, name="outbox-sender", daemon=True)
                self.thread.start()
            self.idle.clear()
            self.queue.put(message_id)

    def release(self, timeout: float = 10.0) -> None:
        """Have the thread close its database connection now, after the rows before it (a test
        run does this before its database is dropped)."""
        with self.lock:
            if not self._alive():
                return
            self.released.clear()
            self.queue.put(None)
        self.released.wait(timeout)

    def _next(self) -> int | None:
        try:
            return self.queue.get(timeout=SENDER_KEEPS_CONNECTION_SECONDS)
        except queue.Empty:
            connection.close()
            return self.queue.get()

    def _run(self) -> None:
        while True:
            # Up to 100 ids at once; a None (from `release`) ends the batch.
            items = [self._next()]
            while len(items) < 100 and items[-1] is not None:
                try:
                    items.append(self.queue.get_nowait())
                except queue.Empty:
                    break
            ids = [item for item in items if item is not None]
            try:
                if ids:
                    self._send(ids)
            except Exception:  # a daemon thread must not die; the relay sends the rows
                logger.exception("outbox sender failed; %d rows left for the relay", len(ids))
                connection.close()  # not kept: it may be what failed
            finally:
                if items[-1] is None:
                    connection.close()
                    self.released.set()
                if self.queue.empty():
                    self.idle.set()

    @staticmethod
    def _send(ids: list[int]) -> None:
        rows = list(
            OutboxMessage.objects.filter(pk__in=ids, state=State.PENDING)
            .order_by("pk")
            .values_list("pk", "expires_at", "sends")
        )
        published = set(publish([row[:2] for row in rows], timeout=settings.OUTBOX_SEND_TIMEOUT))
        if published:
            sent = [(pk, sends) for pk, _expires, sends in rows if pk in published]
            _mark_sent(sent, now=timezone.now())

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """For tests and the benchmark: wait until every submitted id was handled."""
        return self.idle.wait(timeout)


_sender = _Sender()


@dataclass(frozen=True)
class RelayResult:
    published: int
    left: int
    expired: int


def expire_overdue(*, now: datetime) -> int:
    """Open rows past their expiry (a sign-in code nobody could send in time) are closed and their
    secret erased."""
    return OutboxMessage.objects.filter(
        state__in=[*OutboxMessage.OPEN_STATES, State.PARKED], expires_at__lte=now
    ).update(
        state=State.EXPIRED, sealed_secret=None, done_at=now, last_error="expired before it could be sent"
    )


# A key the relay keeps in the broker's Redis database: when it is gone, Redis lost its data (a
# restart without persistence, a flush) and with it the messages of every row marked sent.
BROKER_MARKER = "outbox:broker-marker"


def broker_lost_data(*, timeout: float) -> bool:
    """Whether the broker's Redis lost its data since the last look (its marker is gone); sets the
    marker again. False for other brokers and when the broker cannot be reached."""
    app = current_app
    if not str(app.conf.broker_url or "").startswith(("redis://", "rediss://")):
        return False
    options = {"socket_timeout": timeout, "socket_connect_timeout": timeout, "max_retries": 0}
    try:
        with app.connection_for_write(connect_timeout=timeout, transport_options=options) as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
            return bool(conn.default_channel.client.set(BROKER_MARKER, "1", nx=True))
    except BROKER_ERRORS:
        return False


def _running_rows_with_runner(ids: list[int]) -> set[int]:
    """Of these running rows, those whose runner is alive: it holds the row's advisory lock (a
    killed worker's lock goes with its connection at once)."""
    if not ids or connection.vendor != "postgresql":
        return set()
    keys = {message_id % 2_147_483_647: message_id for message_id in ids}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT objid::bigint FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND classid = %s AND objsubid = 2 AND objid::bigint = ANY(%s)",
            [_LOCK_NAMESPACE, list(keys)],
        )
        return {keys[objid] for (objid,) in cursor.fetchall() if objid in keys}


def relay(*, limit: int | None = None, timeout: float | None = None) -> RelayResult:
    """Publish every open row whose time has come: new rows the send after commit missed, failed
    rows after their back-off, rows sent but never started. Rows are taken with SELECT ... FOR
    UPDATE SKIP LOCKED, so two relays at once never send the same row, and held until they are
    marked sent. Stops at the first broker error, leaving the rest pending.

    A running row is sent again as soon as its runner is gone (no one holds its advisory lock),
    and never while its runner is alive, however long the work takes. When the broker lost its
    data, every row marked sent is due at once: its message went with the data."""
    now = timezone.now()
    expired = expire_overdue(now=now)
    limit = limit or settings.OUTBOX_RELAY_BATCH
    timeout = timeout if timeout is not None else settings.OUTBOX_RELAY_TIMEOUT
    due = Q(available_at__lte=now)
    if connection.vendor == "postgresql":
        due |= Q(state=State.RUNNING)  # due when its runner is gone, see below
    if broker_lost_data(timeout=timeout):
        logger.warning("the broker lost its data: every outbox row marked sent is sent again")
        due |= Q(state=State.SENT)
    with transaction.atomic():
        rows = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(due, state__in=OutboxMessage.OPEN_STATES)
            .order_by("available_at", "id")
            .only("pk", "expires_at", "sends", "state")[:limit]
        )
        alive = _running_rows_with_runner([row.pk for row in rows if row.state == State.RUNNING])
        rows = [row for row in rows if row.pk not in alive]
        published = set(publish([(row.pk, row.expires_at) for row in rows], timeout=timeout))
        sent = [row for row in rows if row.pk in published]
        # Only rows still open: in eager mode the work already ran. A running row whose runner
        # is gone goes back to "sent": its message now waits for a worker.
        _mark_sent([(row.pk, row.sends) for row in sent], now=now, states=OutboxMessage.OPEN_STATES)
    return RelayResult(published=len(sent), left=len(rows) - len(sent), expired=expired)


def _try_lock(message_id: int) -> bool:
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [_LOCK_NAMESPACE, message_id % 2_147_483_647])
        return bool(cursor.fetchone()[0])


def _unlock(message_id: int) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [_LOCK_NAMESPACE, message_id % 2_147_483_647])


def _task(name: str):
    """The registered task of this name. Rows name their task (services queue by name and never
    import the tasks module that calls them), so a process that has not loaded every app's
    tasks (a web process running work in-process) loads them the way a worker does."""
    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks[name]


def run_message(*, message_id: int) -> bool:
    """Run one row's work if it is still open. Safe to call for the same row twice, even at once:
    the runner holds an advisory lock on the row, and a second delivery while it runs does
    nothing. Returns whether the work ran to the end. Re-raises the work's error after recording
    it (back-off, or parked after OUTBOX_MAX_ATTEMPTS)."""
    if not _try_lock(message_id):
        return False
    try:
        return _run_locked(message_id)
    finally:
        _unlock(message_id)


def _run_locked(message_id: int) -> bool:
    now = timezone.now()
    with transaction.atomic():
        row = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if row is None or row.state not in OutboxMessage.OPEN_STATES:
            return False
        if row.expires_at and row.expires_at <= now:
            expire_overdue(now=now)
            return False
        if row.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            # Started that many times and never finished: the work kills its worker.
            row.state, row.done_at = State.PARKED, now
            row.last_error = row.last_error or f"started {row.attempts} times and never finished"
            row.save(update_fields=["state", "done_at", "last_error"])
            return False
        row.state, row.started_at = State.RUNNING, now
        row.available_at = now + settings.OUTBOX_RUNNING_TIMEOUT
        row.attempts += 1
        row.save(update_fields=["state", "started_at", "available_at", "attempts"])
    kwargs = {}
    if row.sealed_secret is not None:
        kwargs["secret"] = unseal(row.sealed_secret)
    task = _task(row.task)
    try:
        task.run(*row.args, **kwargs)
    except Exception as exc:
        # Any error of the work is recorded on its row (staff see it in the admin) and re-raised
        # so the worker logs it too.
        _record_failure(row, exc)
        raise
    OutboxMessage.objects.filter(pk=row.pk).update(
        state=State.DONE, done_at=timezone.now(), sealed_secret=None, last_error=""
    )
    return True


def _record_failure(row: OutboxMessage, exc: Exception) -> None:
    now = timezone.now()
    error = f"{exc.__class__.__name__}: {exc}"[:2000]
    if row.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        changes = {"state": State.PARKED, "done_at": now, "last_error": error}
        logger.error("outbox row %s parked after %d attempts: %s", row.pk, row.attempts, error)
    else:
        changes = {
            "state": State.PENDING,
            "available_at": now + _retry_backoff(row.attempts),
            "last_error": error,
        }
    OutboxMessage.objects.filter(pk=row.pk, state=State.RUNNING).update(**changes)


def retry_parked(*, message_ids: list[int]) -> int:
    """Staff send parked rows again (admin action): back to pending with a fresh count. A row
    whose secret was erased (an expired code) cannot be retried. Returns how many."""
    now = timezone.now()
    with transaction.atomic():
        parked = list(
            OutboxMessage.objects.select_for_update()
            .filter(pk__in=message_ids, state=State.PARKED)
            .values_list("pk", flat=True)
        )
        OutboxMessage.objects.filter(pk__in=parked).update(
            state=State.PENDING, attempts=0, available_at=now, done_at=None
        )
        for message_id in parked:
            transaction.on_commit(lambda message_id=message_id: send_soon(message_id))
    return len(parked)


def outbox_health(*, now: datetime | None = None) -> dict:
    """One query: open rows, parked rows and the age in seconds of the oldest open row."""
    now = now or timezone.now()
    figures = OutboxMessage.objects.filter(state__in=[*OutboxMessage.OPEN_STATES, State.PARKED]).aggregate(
        oldest=Min("created_at", filter=Q(state__in=OutboxMessage.OPEN_STATES)),
        open=Count("pk", filter=Q(state__in=OutboxMessage.OPEN_STATES)),
        parked=Count("pk", filter=Q(state=State.PARKED)),
    )
    oldest = figures["oldest"]
    return {
        "pending": figures["open"],
        "parked": figures["parked"],
        "oldest_pending_seconds": round((now - oldest).total_seconds(), 1) if oldest else 0,
    }
