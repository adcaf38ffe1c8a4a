"""Throughput of the outbox relay and the delay from commit to a worker starting the work.

    DATABASE_URL=postgres://... REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python benchmarks/outbox.py

1. Relay throughput: N pending rows are relayed to a queue nobody consumes; rows per second.
2. Commit to start: a real `celery worker` (solo) on a queue of its own runs M rows of a task
   that finds nothing to do (a message about an application that does not exist); the delay is
   the row's `started_at - created_at`, with the send right after commit, and without it (the
   relay alone, every OUTBOX_RELAY_INTERVAL seconds, run here by the script).
Rows and queues it makes are removed at the end.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "odop_portal.settings")

import django  # noqa: E402

django.setup()

import redis  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from odop_portal.celery import app  # noqa: E402
from outbox import services  # noqa: E402
from outbox.models import OutboxMessage  # noqa: E402

TASK = "applications.tasks.notify_applicant_task"
NO_SUCH_APPLICATION = 2_000_000_000


def relay_throughput(rows: int, prefix: str) -> float:
    now = timezone.now()
    OutboxMessage.objects.bulk_create(
        OutboxMessage(
            key=f"{prefix}:r{i}", task=TASK, args=[NO_SUCH_APPLICATION, f"bench{i}"], available_at=now
        )
        for i in range(rows)
    )
    started = time.perf_counter()
    sent = 0
    while sent < rows:
        sent += services.relay().published
    return rows / (time.perf_counter() - started)


def commit_to_start(rows: int, prefix: str, *, immediate: bool) -> list[float]:
    original = services._sender.submit
    if not immediate:
        services._sender.submit = lambda message_id: None
    ids = []
    try:
        for i in range(rows):
            with transaction.atomic():
                row = services.enqueue(
                    TASK, NO_SUCH_APPLICATION, f"bench{i}", key=f"{prefix}:{immediate}:{i}"
                )
                ids.append(row.pk)
            time.sleep(0.05)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if not OutboxMessage.objects.filter(pk__in=ids, started_at__isnull=True).exists():
                break
            if not immediate:
                services.relay()
                time.sleep(settings.OUTBOX_RELAY_INTERVAL)
            else:
                time.sleep(0.2)
    finally:
        services._sender.submit = original
    return [
        (started - created).total_seconds()
        for created, started in OutboxMessage.objects.filter(
            pk__in=ids, started_at__isnull=False
        ).values_list("created_at", "started_at")
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--delay-rows", type=int, default=50)
    options = parser.parse_args()
    if not settings.CELERY_BROKER_URL:
        sys.exit("set REDIS_URL (or CELERY_BROKER_URL): the benchmark needs a broker")
    app.conf.task_always_eager = False
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    app.conf.task_default_queue = queue
    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    worker = None
    try:
        rate = relay_throughput(options.rows, prefix)
        print(f"relay: {options.rows} rows at {rate:.0f} rows/s")
        client.delete(queue)
        env = {**os.environ, "CELERY_TASK_DEFAULT_QUEUE": queue}
        worker = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "-m", "celery", "-A", "odop_portal", "worker", "--pool", "solo", "-Q", queue,
             "--without-gossip", "--without-mingle", "-l", "warning"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(8)
        for immediate in (True, False):
            delays = sorted(commit_to_start(options.delay_rows, prefix, immediate=immediate))
            label = (
                "with the send after commit"
                if immediate
                else f"relay alone (every {settings.OUTBOX_RELAY_INTERVAL:g} s)"
            )
            print(
                f"commit to start, {label}: median {statistics.median(delays) * 1000:.0f} ms, "
                f"90th percentile {delays[int(len(delays) * 0.9) - 1] * 1000:.0f} ms, max {delays[-1] * 1000:.0f} ms "
                f"({len(delays)} rows)"
            )
    finally:
        if worker:
            worker.terminate()
            worker.wait(timeout=30)
        client.delete(queue)
        OutboxMessage.objects.filter(key__startswith=prefix).delete()


if __name__ == "__main__":
    main()
