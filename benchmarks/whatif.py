"""How long a what-if takes: a draft RuleSet of each sub-scheme simulated over every file waiting
for a decision, by one real Celery worker process (concurrency 1).

Run it against a database filled by `python manage.py fill_synthetic_data --count 100000`
(DATABASE_URL and REDIS_URL as for the portal):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/odop_bench REDIS_URL=redis://127.0.0.1:6379/5 \\
        .venv/bin/python benchmarks/whatif.py

For each sub-scheme it drafts new figures (as the ODOP cell would: `bench.maker`, created if
missing), asks for the what-if through the service (the outbox queues the task), and waits for
the worker to finish. It prints the files computed, the files that change, the worker's time
(started to finished, as the page shows it) and the time from the request to the result.
The drafts and their what-ifs stay in the database (a benchmark database is dropped after).
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "odop_portal.settings")
QUEUE = f"bench-whatif-{uuid.uuid4().hex[:8]}"
os.environ["CELERY_TASK_DEFAULT_QUEUE"] = QUEUE
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "false")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from applications.models import Application  # noqa: E402
from odop_portal.celery import app as celery_app  # noqa: E402
from rulechanges.models import WhatIf  # noqa: E402
from rulechanges.services import draft_ruleset, request_what_if  # noqa: E402
from schemes.models import Scheme  # noqa: E402
from schemes.selectors import active_ruleset  # noqa: E402

# Figures a GO might change, per sub-scheme.
CHANGES = {
    "MM": {"slab1_rate": "0.30", "slab1_cap": "700000", "min_age": 21},
    "TT": {"honorarium_per_day": "250", "toolkit_value_cap": "25000", "min_age": 21},
    "MDA": {"reimbursement_rate": "0.60"},
    "CFC": {"band1_min_spv_rate": "0.15"},
}


def _worker() -> subprocess.Popen:
    log = open(ROOT / "test-artifacts" / f"worker-{QUEUE}.log", "w")  # noqa: SIM115
    return subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "odop_portal",
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            "1",
            "-Q",
            QUEUE,
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            "-l",
            "WARNING",
        ],
        cwd=ROOT,
        env={**os.environ, "CELERY_TASK_DEFAULT_QUEUE": QUEUE},
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schemes", default="MM,TT,MDA,CFC")
    parser.add_argument("--timeout", type=float, default=600.0)
    args = parser.parse_args()
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = QUEUE
    maker, _created = User.objects.get_or_create(
        username="bench.maker", defaults={"role": Role.STATE_STAFF, "is_staff": True}
    )
    total = Application.objects.count()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"applications in the database: {total}; one worker process (prefork, concurrency 1)")
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    worker = _worker()
    time.sleep(3)
    try:
        print(
            f"{'scheme':<6} {'files':>8} {'changed':>8} {'worker s':>9} {'request->done s':>16} {'files/s':>8}"
        )
        for code in args.schemes.split(","):
            scheme = Scheme.objects.get(code=code)
            current = active_ruleset(scheme=scheme, on=timezone.localdate())
            ruleset = draft_ruleset(
                user=maker,
                scheme=scheme,
                go_reference=f"bench {uuid.uuid4().hex[:6]}",
                go_date=timezone.localdate(),
                effective_from=timezone.localdate() + timedelta(days=30),
                parameters={**current.parameters, **CHANGES[code]},
            )
            asked = time.perf_counter()
            what_if = request_what_if(user=maker, ruleset_id=ruleset.pk)
            while True:
                what_if.refresh_from_db()
                if what_if.state in (WhatIf.State.DONE, WhatIf.State.FAILED):
                    break
                if time.perf_counter() - asked > args.timeout:
                    raise SystemExit(f"{code}: no result after {args.timeout} s (state {what_if.state})")
                time.sleep(0.2)
            waited = time.perf_counter() - asked
            if what_if.state == WhatIf.State.FAILED:
                raise SystemExit(f"{code}: the what-if failed: {what_if.error}")
            state = what_if.results["state"]
            changed = what_if.changes.count()
            rate = state["files"] / what_if.seconds if what_if.seconds else 0
            print(
                f"{code:<6} {state['files']:>8} {changed:>8} {what_if.seconds:>9.1f} {waited:>16.1f} {rate:>8.0f}"
            )
            print(
                "       "
                + json.dumps({k: state[k] for k in ("became_eligible", "became_ineligible", "change")})
            )
    finally:
        worker.terminate()
        worker.wait(timeout=30)


if __name__ == "__main__":
    main()
