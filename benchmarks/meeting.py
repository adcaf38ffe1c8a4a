"""Benchmark: one committee meeting's decisions and letters, applied by real Celery workers.

Makes a fresh database (its name must contain "bench"; it is dropped and made again), starts
`celery worker --concurrency N` (prefork, as in production) with production settings
(`DEBUG=false`), and takes `--items` Training and Toolkit files of Agra through the services to
the District Toolkit Selection Committee's next agenda. When the workers have placed them all and
the outbox is empty, the agenda is closed and the member-secretary records one decision per
item (90% approved, 10% rejected). It then prints how long the workers took to apply the
decisions (meeting closed) and to make every letter (one task per letter), and the minutes:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/odop_bench_meeting REDIS_URL=redis://127.0.0.1:6379/6 \\
        .venv/bin/python benchmarks/meeting.py --items 500 --workers 2
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.load import PRODUCTION_ENV  # noqa: E402 - after the path is set


def _fresh_database(url: str) -> None:
    import psycopg2

    name = urlparse(url).path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"refusing to drop {name!r}: a benchmark database's name contains 'bench'")
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def _wait(what: str, condition, timeout: float) -> float:
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.2)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2, help="worker processes (prefork concurrency)")
    parser.add_argument("--reject-every", type=int, default=10, help="every n-th item is rejected")
    parser.add_argument("--json", type=Path, help="also write the times to this file")
    options = parser.parse_args()
    database_url, redis_url = os.environ.get("DATABASE_URL"), os.environ.get("REDIS_URL")
    if not (database_url and redis_url):
        raise SystemExit("set DATABASE_URL (a database named *bench*) and REDIS_URL")
    scratch = Path(tempfile.mkdtemp(prefix="odop-meeting-bench-"))
    env = {
        **os.environ,
        **PRODUCTION_ENV,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_TASK_DEFAULT_QUEUE": f"bench-{uuid.uuid4().hex[:8]}",
        "CACHE_KEY_PREFIX": "bench-meeting",
        "MEDIA_ROOT": str(scratch / "media"),
        "SMS_BACKEND": "accounts.sms.FileBackend",
        "SMS_FILE_PATH": str(scratch / "sms"),
        "EMAIL_URL": "consolemail://",
        "LOG_LEVEL": "WARNING",
    }
    _fresh_database(database_url)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "odop_portal.settings"
    import django

    django.setup()
    from django.utils import timezone

    from applications.models import Application
    from applications.services.review import recommend_application
    from applications.workflow import Status
    from committees.models import AgendaItem, Letter, Meeting
    from committees.services.meetings import lock_due_agendas, record_meeting_decisions
    from outbox.models import OutboxMessage
    from tests.applications.helpers import officer_access, submitted_toolkit, under_scrutiny, verify_all
    from tests.committees.helpers import seat_committee

    log = (scratch / "worker.log").open("ab")
    worker = subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
        [sys.executable, "-m", "celery", "-A", "odop_portal", "worker", "--pool", "prefork",
         "--concurrency", str(options.workers), "-Q", env["CELERY_TASK_DEFAULT_QUEUE"],
         "--without-gossip", "--without-mingle", "-l", "warning"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        started = time.monotonic()
        _committee, secretary, members = seat_committee(members=2, quorum=3)
        files = []
        for seed in range(options.items):
            application = verify_all(
                under_scrutiny(submitted_toolkit(seed=10_000 + seed), secretary), secretary
            )
            recommend_application(
                application_id=application.pk,
                user=secretary,
                access=officer_access(secretary, application),
                note="Fit for a toolkit.",
            )
            files.append(application.pk)
        print(
            f"{options.items} files submitted, checked and recommended in {time.monotonic() - started:.0f} s"
        )
        on_agenda = Application.objects.filter(pk__in=files, status=Status.ON_AGENDA)
        idle = OutboxMessage.objects.filter(state__in=OutboxMessage.OPEN_STATES)
        _wait("the agenda", lambda: on_agenda.count() == len(files) and not idle.exists(), timeout=1800)
        meetings = set(
            AgendaItem.objects.filter(application_id__in=files).values_list("meeting_id", flat=True)
        )
        if len(meetings) != 1:
            raise SystemExit(f"the files went to {len(meetings)} meetings, not one")
        meeting = Meeting.objects.get(pk=meetings.pop())
        Meeting.objects.filter(pk=meeting.pk).update(
            scheduled_for=timezone.now() - timezone.timedelta(hours=1)
        )
        lock_due_agendas()
        agenda = _wait("the agenda PDF", lambda: bool(Meeting.objects.get(pk=meeting.pk).agenda_pdf), 600)
        _wait("an empty outbox", lambda: not idle.exists(), timeout=600)
        items = list(meeting.items.order_by("position").values_list("pk", flat=True))
        decisions = {
            item: {"decision": "reject", "reason_codes": ["not_viable"], "text": "Costs unclear."}
            if n % options.reject_every == 0
            else {"decision": "approve"}
            for n, item in enumerate(items, start=1)
        }
        t0 = time.monotonic()
        record_meeting_decisions(
            meeting_id=meeting.pk,
            user=secretary,
            present_user_ids=[secretary.pk, *[m.pk for m in members]],
            decisions=decisions,
        )
        recorded = time.monotonic() - t0
        closed = _wait(
            "the decisions", lambda: Meeting.objects.get(pk=meeting.pk).state == Meeting.State.CLOSED, 1800
        )
        letters = Letter.objects.filter(item__meeting=meeting)
        all_letters = _wait("the letters", lambda: letters.count() == len(items), 1800)
        minutes = _wait("the minutes", lambda: bool(Meeting.objects.get(pk=meeting.pk).minutes_pdf), 600)
        outbox_done = _wait("an empty outbox", lambda: not idle.exists(), 600)
        print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
        print(f"meeting of {len(items)} items, {options.workers} worker processes (prefork)")
        print(f"  agenda PDF made in                 {agenda:6.1f} s")
        print(f"  decisions recorded (one request)   {recorded:6.1f} s")
        print(f"  decisions applied (meeting closed) {closed:6.1f} s after recording")
        print(f"  all {len(items)} letters made           {all_letters + closed:6.1f} s after recording")
        print(f"  minutes PDF                        {minutes + all_letters + closed:6.1f} s after recording")
        print(
            f"  outbox empty (SMS sent)            {outbox_done + minutes + all_letters + closed:6.1f} s after recording"
        )
        if options.json:
            seconds = {
                "agenda": agenda,
                "recorded": recorded,
                "decisions": closed,
                "letters": all_letters + closed,
                "minutes": minutes + all_letters + closed,
                "sms": outbox_done + minutes + all_letters + closed,
            }
            options.json.write_text(json.dumps({"items": len(items), "workers": options.workers, **seconds}))
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()


if __name__ == "__main__":
    main()
