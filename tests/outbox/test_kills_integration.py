"""A meeting of 100 decisions applied by a real prefork worker that is killed again and again
(the busy child, and once the whole worker) while its private Redis is flushed once mid-way:
every decision is applied once, every letter made once, every message sent once, and the outbox
is empty after the relay has run."""

import os
import random
import signal
import subprocess
import threading
import time
from collections import Counter

import pytest
import redis
from django.db import connection
from django.db.models import Count, Max, Sum

from applications.models import AuditEvent, SentNotification
from committees.models import AgendaItem, Letter, Meeting
from committees.services.meetings import record_meeting_decisions
from outbox.models import OutboxMessage
from outbox.services import relay
from tests.committees.helpers import close_agenda, seat_committee
from tests.committees.test_committee_worker_integration import _ready_for_recommendation, _recommend
from tests.conftest import wait_for

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
]
DECISIONS = 100


@pytest.fixture
def broker_url(private_redis):
    return private_redis.url


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]


def test_kills_and_a_flush_lose_nothing_and_repeat_nothing(
    request, django_capture_on_commit_callbacks, private_redis
):
    rng = random.Random(2026)
    _committee, secretary, members = seat_committee()
    # Built eagerly (no worker yet): the files go on one agenda as the services are called.
    for seed in range(DECISIONS):
        _recommend(_ready_for_recommendation(secretary, seed), secretary)
    meeting = AgendaItem.objects.filter(applied_at__isnull=True).first().meeting
    assert meeting.items.count() == DECISIONS
    meeting = close_agenda(meeting)

    # The product's own timeouts, as in production (the worker reads none of the test's
    # settings anyway): a killed runner's row is sent again at the next relay run because its
    # advisory lock is gone, and the flush is seen by the relay's marker in Redis.
    worker = request.getfixturevalue("celery_worker_process")
    worker.stop()
    worker_env = {"CELERY_VISIBILITY_TIMEOUT": "5", "CELERY_UNACKED_RESTORE_INTERVAL": "1"}
    worker.start(pool="prefork", concurrency=2, **worker_env)

    stop = threading.Event()

    def relay_loop():
        try:
            while not stop.is_set():
                relay()
                time.sleep(1)
        finally:
            connection.close()

    relayer = threading.Thread(target=relay_loop, daemon=True)
    relayer.start()
    items = list(meeting.items.order_by("position"))
    decisions = {
        item.pk: (
            {"decision": "approve"}
            if i % 2 == 0
            else {"decision": "reject", "reason_codes": ["not_viable"], "text": "Costs unclear."}
        )
        for i, item in enumerate(items)
    }
    record_meeting_decisions(
        meeting_id=meeting.pk,
        user=secretary,
        present_user_ids=[secretary.pk, *[m.pk for m in members]],
        decisions=decisions,
    )
    kills, flushed, whole = 0, False, False
    started = time.monotonic()
    deadline = started + 150
    try:
        while time.monotonic() < deadline:
            done = Letter.objects.count()
            if (
                done >= DECISIONS
                and not OutboxMessage.objects.filter(state__in=OutboxMessage.OPEN_STATES).exists()
            ):
                break
            time.sleep(rng.uniform(0.5, 2.5))
            if not flushed and done >= DECISIONS // 3:
                redis.Redis.from_url(private_redis.url).flushdb()
                flushed = True
            elif not whole and done >= DECISIONS // 2:
                children = _children(worker.process.pid)
                os.kill(worker.process.pid, signal.SIGKILL)
                for child in children:
                    os.kill(child, signal.SIGKILL)
                worker.process.wait(timeout=10)
                worker.process = None
                worker.start(pool="prefork", concurrency=2, **worker_env)
                whole = True
                kills += 1
            elif kills < 12:
                children = _children(worker.process.pid)
                if children:
                    os.kill(rng.choice(children), signal.SIGKILL)
                    kills += 1
    finally:
        stop.set()
        relayer.join(timeout=30)
        print(f"{time.monotonic() - started:.1f} s from the decisions; {Letter.objects.count()} letters")
        # Starts and sends per kind of work: duplicate work would show here.
        for row in (
            OutboxMessage.objects.values("task")
            .annotate(rows=Count("pk"), sends=Sum("sends"), starts=Sum("attempts"), most=Max("attempts"))
            .order_by("task")
        ):
            print(row)
    wait_for(
        lambda: (
            (relay() and False)
            or not OutboxMessage.objects.filter(state__in=OutboxMessage.OPEN_STATES).exists()
        ),
        timeout=60,
        interval=1,
        what="the outbox to empty",
    )
    print(
        f"kills={kills} flushed={flushed} whole_worker={whole} deliveries={sum(OutboxMessage.objects.values_list('attempts', flat=True))}"
    )
    assert flushed and whole and kills >= 5
    assert Meeting.objects.get(pk=meeting.pk).state == Meeting.State.CLOSED
    moves = Counter(
        AuditEvent.objects.filter(
            application__agenda_items__meeting=meeting, action__in=["approve", "reject"]
        ).values_list("application_id", flat=True)
    )
    assert len(moves) == DECISIONS and set(moves.values()) == {1}
    letters = Counter(Letter.objects.filter(item__meeting=meeting).values_list("item_id", flat=True))
    assert len(letters) == DECISIONS and set(letters.values()) == {1}
    sms = Counter(path.name for path in worker.sms_dir.glob("sms-*.txt"))
    events = SentNotification.objects.filter(channel="sms", application__agenda_items__meeting=meeting)
    # Submitted, on the agenda, the decision, the letter: four messages a file, each once. The
    # first two went out eagerly (in memory) while the files were built; the worker sent the others.
    assert events.values("application_id", "event").distinct().count() == events.count() == 4 * DECISIONS
    assert events.filter(event__startswith="letter_ready").count() == DECISIONS
    by_worker = events.exclude(event__startswith="submitted").exclude(event__startswith="on_agenda")
    assert by_worker.count() == 2 * DECISIONS
    assert len(sms) == by_worker.count() and set(sms.values()) == {1}
    assert not OutboxMessage.objects.exclude(state=OutboxMessage.State.DONE).exists()
    duplicates = worker.sms_dir / "duplicates.log"
    print(
        "sends suppressed by the idempotency key:",
        len(duplicates.read_text().split()) if duplicates.exists() else 0,
    )
