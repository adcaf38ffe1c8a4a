"""Load benchmark: the portal under gunicorn with production settings, beside the ceiling.

The ceiling is a bare Django view returning a tiny JSON answer (`benchmarks/ceiling.py`) under
the same gunicorn command and worker count. Both run on this machine against the database that
`DATABASE_URL` names (fill it first with `manage.py fill_synthetic_data`), and the mixes are run
interleaved, round after round, so both see the same machine load:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/odop_bench REDIS_URL=redis://127.0.0.1:6379/5 \\
        .venv/bin/python benchmarks/load.py --seconds 10 --rounds 3 --connections 4

For each mix it prints requests per second, p50 and p95 latency, the errors (any 5xx, or an
answer other than the one expected), and the ratio to the ceiling's requests per second in the
same round. Mixes:

- public: home, scheme pages, the directory, a district page, the eligibility checker, the
  districts API and the open-data page, as an anonymous visitor in Hindi and English;
- signed in: a district officer's queue and a file of the queue, an artisan's list and file;
- dashboard: the state staff's whole-state dashboard (a Celery beat runs throughout, as in
  production, counting the moves into the dashboard's summaries every minute);
- submissions: artisans submitting complete Training and Toolkit drafts (one POST each, with
  its CSRF token; `--submissions` drafts a round, made before the run through the services),
  with a Celery worker taking the receipts and SMS off the queue. A round ends early when its
  drafts are used up; each draft is submitted once, and any answer but the redirect to the
  submitted file counts as an error. After each round the CPU time per submission is printed
  for the portal's gunicorn, the worker, this process and the rest of the machine (PostgreSQL,
  Redis), read from /proc from the round's start until the worker is idle.

The load generator is a thread per connection with keep-alive HTTP/1.1 (the standard library),
bounded in time; it sends traffic only to 127.0.0.1. Sessions are made in this process with the
same SECRET_KEY the servers use, as a sign-in would make them.
"""

import argparse
import http.client
import itertools
import json
import os
import platform
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The servers and this process share these, so the sessions made here are valid there.
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "load-benchmark-" + secrets.token_urlsafe(32),
    "AADHAAR_HASH_KEY": "load-benchmark-aadhaar-" + secrets.token_urlsafe(32),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "EMAIL_URL": "consolemail://",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    name: str
    app: str
    workers: int
    env: dict
    port: int = field(default_factory=_free_port)
    process: subprocess.Popen | None = None

    def start(self, log_dir: Path) -> None:
        log = (log_dir / f"{self.name}.log").open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
            [
                sys.executable,
                "-m",
                "gunicorn",
                self.app,
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name} exited early; see {log_dir / (self.name + '.log')}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"{self.name} did not listen within 60 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


@dataclass
class Request:
    path: str
    cookie: str = ""
    language: str = "en"
    expect: int = 200
    body: str = ""  # a form: the request is a POST


def _run(port: int, requests: list[Request], *, seconds: float, connections: int, once: bool = False) -> dict:
    """Send the requests round-robin from `connections` threads for `seconds` (or, with `once`,
    each request once, until they are used up or the time is over); gather latencies."""
    latencies: list[float] = []
    by_path: dict[str, list[float]] = {}
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    shared = iter(requests)

    def next_once():
        with lock:
            return next(shared, None)

    def worker(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        mine_by_path: dict[str, list[float]] = {}
        wrong: list[str] = []
        mine_requests = (
            iter(next_once, None) if once else itertools.islice(itertools.cycle(requests), offset, None)
        )
        for request in mine_requests:
            if time.monotonic() >= stop_at:
                break
            headers = {"Host": "localhost", "Accept-Language": request.language}
            if request.cookie:
                headers["Cookie"] = request.cookie
            if request.body:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            started = time.perf_counter()
            try:
                conn.request(
                    "POST" if request.body else "GET",
                    request.path,
                    body=request.body or None,
                    headers=headers,
                )
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as exc:
                wrong.append(f"{request.path}: {exc.__class__.__name__}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append((time.perf_counter() - started) * 1000)
            mine_by_path.setdefault(f"{request.language} {request.path}", []).append(mine[-1])
            if response.status != request.expect:
                wrong.append(f"{request.path}: {response.status}")
        conn.close()
        with lock:
            latencies.extend(mine)
            errors.extend(wrong)
            for path, values in mine_by_path.items():
                by_path.setdefault(path, []).extend(values)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()

    def pick(q: float) -> float:
        return latencies[min(len(latencies) - 1, round(q * (len(latencies) - 1)))] if latencies else 0.0

    return {
        "rps": len(latencies) / elapsed if elapsed else 0.0,
        "p50": statistics.median(latencies) if latencies else 0.0,
        "p95": pick(0.95),
        "count": len(latencies),
        "errors": errors,
        "by_path": {path: statistics.median(values) for path, values in by_path.items()},
    }


def _session_cookie(user) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _mixes() -> dict[str, list[Request]]:
    from django.db.models import Count

    from accounts.models import Role, User
    from applications.models import Application
    from districts.models import District
    from schemes.models import Scheme

    busiest = (
        Application.objects.filter(submitted_at__isnull=False)
        .values("district_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    if busiest is None:
        raise SystemExit("No applications: fill the database first (manage.py fill_synthetic_data).")
    district = District.objects.get(pk=busiest["district_id"])
    officer, _ = User.objects.get_or_create(
        username=f"bench.dic.{district.slug}",
        defaults={"role": Role.DISTRICT_OFFICER, "district": district},
    )
    staff, _ = User.objects.get_or_create(username="bench.state", defaults={"role": Role.STATE_STAFF})
    office_file = (
        Application.objects.filter(district=district, submitted_at__isnull=False).order_by("-pk").first()
    )
    artisan_file = (
        Application.objects.filter(applicant__user__isnull=False, submitted_at__isnull=False)
        .select_related("applicant__user")
        .order_by("pk")
        .first()
    )
    schemes = list(Scheme.objects.order_by("code").values_list("slug", flat=True))
    public = []
    for language in ("hi", "en"):
        public += [
            Request("/", language=language),
            Request("/schemes/", language=language),
            *(Request(f"/schemes/{slug}/", language=language) for slug in schemes),
            Request("/districts/", language=language),
            Request(f"/districts/{district.slug}/", language=language),
            Request("/schemes/eligibility/", language=language),
            Request("/api/v1/districts/", language=language),
            Request("/dashboard/open-data/", language=language),
        ]
    officer_cookie = _session_cookie(officer)
    signed_in = [
        Request("/applications/office/", cookie=officer_cookie),
        Request(f"/applications/office/{office_file.pk}/", cookie=officer_cookie),
    ]
    if artisan_file is not None:
        artisan_cookie = _session_cookie(artisan_file.applicant.user)
        signed_in += [
            Request("/applications/", cookie=artisan_cookie),
            Request(f"/applications/{artisan_file.pk}/", cookie=artisan_cookie),
        ]
    dashboard = [Request("/dashboard/", cookie=_session_cookie(staff))]
    return {"public mix": public, "signed-in mix": signed_in, "dashboard": dashboard}


def _submissions(count: int, *, one_district: bool = False) -> list[Request]:
    """`count` complete drafts of new artisans, each with its submit POST ready: spread over the
    districts in turn, as a state's submissions are (or all in Agra with `one_district`, where
    every submission updates the same reference counter and status tallies)."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils.crypto import get_random_string

    from accounts.exceptions import PortalError
    from districts.models import District
    from tests.applications.helpers import make_applicant, toolkit_draft
    from tests.factories import ArtisanFactory

    districts = (
        ["agra"] if one_district else list(District.objects.order_by("pk").values_list("slug", flat=True))
    )
    base = int(time.time() * 1000) % 10**9  # Aadhaar numbers no earlier run used
    requests = []
    for n in range(count):
        try:
            # A mobile number no earlier run used either (the factory's sequence restarts).
            user = ArtisanFactory(mobile=f"8{(base + n) % 10**9:09d}")
            applicant = make_applicant(seed=base + n, district=districts[n % len(districts)], user=user)
            draft = toolkit_draft(applicant)
        except PortalError:  # that district's intake is closed (its target met)
            continue
        # Django takes the CSRF cookie's secret itself as the form's token.
        token = get_random_string(32)
        cookie = f"{_session_cookie(draft.applicant.user)}; {settings.CSRF_COOKIE_NAME}={token}"
        requests.append(
            Request(
                reverse("applications:review", args=[draft.pk]),
                cookie=cookie,
                body=f"csrfmiddlewaretoken={token}",
                expect=302,
            )
        )
    return requests


def _start_celery_worker(env: dict, log_dir: Path) -> subprocess.Popen:
    log = (log_dir / "worker.log").open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "odop_portal", "worker", "--pool", "prefork",
         "--concurrency", "1", "--without-gossip", "--without-mingle", "-l", "warning"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip


def _start_celery_beat(env: dict, log_dir: Path) -> subprocess.Popen:
    """The beat, as production runs it beside the workers: it counts the moves into the
    dashboard's summaries every minute, so a dashboard request never has to (it counts them
    itself only when the last count is older than MAX_AGE, as when no beat runs), and it
    relays the outbox."""
    log = (log_dir / "beat.log").open("ab")
    return subprocess.Popen(  # noqa: S603 - our own beat, fixed arguments
        [sys.executable, "-m", "celery", "-A", "odop_portal", "beat", "-s", str(log_dir / "beat-schedule"),
         "-l", "warning"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip


TICKS = os.sysconf("SC_CLK_TCK")


def _tree_cpu(roots: set[int]) -> float:
    """CPU seconds (user and system) of the processes `roots` and all their descendants."""
    parents, used = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        parents[int(entry)] = int(fields[1])
        used[int(entry)] = (int(fields[11]) + int(fields[12])) / TICKS
    total = 0.0
    for pid, seconds in used.items():
        ancestor = pid
        while ancestor > 1 and ancestor not in roots:
            ancestor = parents.get(ancestor, 0)
        if ancestor in roots:
            total += seconds
    return total


def _machine_cpu() -> float:
    """CPU seconds the whole machine has spent busy (not idle or waiting for the disk)."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(
        int, Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    )
    return (user + nice + system + irq + softirq + steal) / TICKS


def _cpu_reading(portal: "Server", worker: subprocess.Popen) -> dict[str, float]:
    return {
        "web": _tree_cpu({portal.process.pid}),
        "worker": _tree_cpu({worker.pid}),
        "load generator": time.process_time(),
        "machine": _machine_cpu(),
    }


def _settle(worker: subprocess.Popen) -> None:
    """Bring the database to the state of a portal whose beat has been running: the synthetic
    data leaves recommended files that no sweep has yet placed on an agenda, and the first
    sweep's thousands of moves and SMS would land in whichever round came a minute after the
    start. Run the minute's work once now and wait for the worker to send what it queued."""
    from committees.tasks import sweep_waiting_recommendations_task
    from dashboard.tasks import refresh_dashboard_summaries_task

    sweep_waiting_recommendations_task.run()
    refresh_dashboard_summaries_task.run()
    _wait_until_idle(worker, limit=900)


def _wait_until_idle(worker: subprocess.Popen, *, limit: float = 60) -> None:
    """Until the worker has used under 10 ms of CPU in a second: the round's SMS are sent."""
    deadline, last = time.monotonic() + limit, _tree_cpu({worker.pid})
    while time.monotonic() < deadline:
        time.sleep(1)
        now = _tree_cpu({worker.pid})
        if now - last < 0.01:
            return
        last = now


def _cpu_per_submission(before: dict, after: dict, count: int) -> dict[str, float]:
    """Milliseconds of CPU per submission in each part; `rest` is the machine's other
    processes (PostgreSQL, Redis, the kernel's work for them)."""
    spent = {name: after[name] - before[name] for name in before}
    spent["rest"] = spent.pop("machine") - spent["web"] - spent["worker"] - spent["load generator"]
    return {name: 1000 * seconds / count for name, seconds in spent.items()} if count else {}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10, help="length of each measurement (default 10)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--connections", type=int, default=4, help="concurrent connections (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of each server (default 2)")
    parser.add_argument(
        "--submissions", type=int, default=300, help="drafts made for each round of submissions (0: none)"
    )
    parser.add_argument(
        "--one-district",
        action="store_true",
        help="make every draft in Agra (one reference counter, one district's tallies)",
    )
    parser.add_argument("--json", type=Path, help="also write every round's figures to this file")
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database filled by fill_synthetic_data.")
    os.environ.update(PRODUCTION_ENV)
    static_root = Path(tempfile.mkdtemp(prefix="odop-load-static-"))
    os.environ["STATIC_ROOT"] = str(static_root)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "odop_portal.settings")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("collectstatic", interactive=False, verbosity=0)
    mixes = _mixes()
    drafts = (
        [_submissions(args.submissions, one_district=args.one_district) for _ in range(args.rounds + 1)]
        if args.submissions
        else []
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM applications_application")
        applications = cursor.fetchone()[0]
    connection.close()

    log_dir = Path(tempfile.mkdtemp(prefix="odop-load-logs-"))
    env = {**os.environ}
    portal = Server("portal", "odop_portal.wsgi:application", args.workers, env)
    ceiling = Server("ceiling", "benchmarks.ceiling:application", args.workers, env)
    results: dict[str, list[dict]] = {
        name: [] for name in ["ceiling", *mixes, *(["submissions"] * bool(drafts))]
    }
    worker = beat = None
    try:
        portal.start(log_dir)
        ceiling.start(log_dir)
        worker = _start_celery_worker(env, log_dir)
        beat = _start_celery_beat(env, log_dir)
        _settle(worker)
        # Warm both up: imports, template caches, connection pools.
        _run(ceiling.port, [Request("/")], seconds=1, connections=1)
        for requests in mixes.values():
            _run(portal.port, requests, seconds=2, connections=1)
        if drafts:
            _run(portal.port, drafts.pop(), seconds=2, connections=1, once=True)
        for _ in range(args.rounds):
            ceiling_round = _run(
                ceiling.port, [Request("/")], seconds=args.seconds, connections=args.connections
            )
            results["ceiling"].append(ceiling_round)
            rounds = [(name, requests, False) for name, requests in mixes.items()]
            if drafts:
                rounds.append(("submissions", drafts.pop(), True))
            for name, requests, once in rounds:
                before = _cpu_reading(portal, worker) if name == "submissions" else None
                measured = _run(
                    portal.port, requests, seconds=args.seconds, connections=args.connections, once=once
                )
                if before is not None:
                    _wait_until_idle(worker)
                    measured["cpu"] = _cpu_per_submission(
                        before, _cpu_reading(portal, worker), measured["count"]
                    )
                measured["ratio"] = measured["rps"] / ceiling_round["rps"] if ceiling_round["rps"] else 0.0
                results[name].append(measured)
    finally:
        portal.stop()
        ceiling.stop()
        for process in (beat, worker):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)

    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"database: PostgreSQL {pg_version}, {applications:,} applications")
    print(
        f"gunicorn {args.workers} workers per server, {args.connections} connections, "
        f"{args.rounds} interleaved rounds of {args.seconds:g} s; server logs in {log_dir}\n"
    )
    print(f"{'mix':16} {'round':>5} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'ratio':>7} {'errors':>7}")
    for name, rounds in results.items():
        for number, result in enumerate(rounds, start=1):
            ratio = f"{result['ratio']:.1%}" if "ratio" in result else ""
            print(
                f"{name:16} {number:5d} {result['rps']:9.1f} {result['p50']:8.1f} {result['p95']:8.1f} "
                f"{ratio:>7} {len(result['errors']):7d}"
            )
        slowest = {}
        for result in rounds:
            for path, median in result.get("by_path", {}).items():
                slowest[path] = max(slowest.get(path, 0.0), median)
        if len(slowest) > 1:
            top = sorted(slowest.items(), key=lambda item: -item[1])[:4]
            print("  slowest (median ms, worst round): " + ", ".join(f"{p} {m:.1f}" for p, m in top))
        for number, result in enumerate(rounds, start=1):
            if result.get("cpu"):
                parts = ", ".join(f"{part} {ms:.1f}" for part, ms in result["cpu"].items())
                print(f"  round {number}, CPU ms per submission (until the worker is idle): {parts}")
        errors = sorted({e for result in rounds for e in result["errors"]})
        if errors:
            print(f"  errors in {name}: {', '.join(errors[:8])}")
    if args.json:
        args.json.write_text(json.dumps({"applications": applications, "mixes": results}, default=str))


if __name__ == "__main__":
    main()
