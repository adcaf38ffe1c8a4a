"""Shared fixtures.

Services: tests that need PostgreSQL, Redis or a Celery worker ask for the fixtures below. On a
developer machine without those services they skip; with CI=true a missing service fails the
test, so a green CI run always means the real services were used.
"""

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.utils import translation

from odop_portal.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
IN_CI = os.environ.get("CI", "").lower() == "true"


def need_service(reason: str) -> None:
    """Skip locally, fail in CI."""
    if IN_CI:
        pytest.fail(f"CI=true and a required service is missing: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session", autouse=True)
def _outbox_sender_gives_back_its_connection(django_db_setup):
    """The send-after-commit thread keeps its database connection a few seconds after its last
    row (outbox.services): it gives it back before the test database is dropped."""
    yield
    from outbox.services import _sender

    _sender.release()


@pytest.fixture(autouse=True)
def _eager_celery_and_locmem_sms(settings, tmp_path):
    """Unit tests run tasks inline, keep SMS in memory and uploads in a temporary folder;
    integration tests switch to a worker."""
    from accounts import sms

    settings.MEDIA_ROOT = tmp_path / "media"
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    settings.SMS_BACKEND = "accounts.sms.LocmemBackend"
    sms.outbox.clear()
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _open_data_computed_per_request(settings):
    """The shared cache outlives a test (Redis in CI): published open data would carry one
    test's figures into the next, so tests compute it per request unless they test publishing."""
    settings.OPEN_DATA_CACHE_SECONDS = 0
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # likewise the public pages' fragments


@pytest.fixture(autouse=True)
def _english_for_direct_calls():
    """Services called directly in a test speak English unless a test asks otherwise; pages
    choose their language per request (cookie or Accept-Language) as for a real visitor."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _reference_data_in_transactional_tests(request):
    """Reference data comes from data migrations, and a transactional test empties every table
    when it ends. pytest-django runs such tests after all the others, so each one reloads the
    data it needs (idempotently) instead of relying on serialized rollbacks."""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        yield
        return
    request.getfixturevalue("transactional_db")
    from districts import models as district_models
    from districts.reference import load_reference
    from schemes.models import RequiredDocument, RuleSet, Scheme
    from schemes.reference import load_schemes

    if not district_models.District.objects.exists():
        from committees.committees_data import load_committees
        from committees.models import Committee

        load_reference(district_models)
        load_schemes(Scheme, RuleSet, RequiredDocument)
        load_committees(Committee, district_models.District, Scheme)
    yield


@pytest.fixture
def postgres(db):
    if connection.vendor != "postgresql":
        need_service("needs PostgreSQL: set DATABASE_URL=postgres://...")
    return connection


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = settings.REDIS_URL
    if not url:
        need_service("needs Redis: set REDIS_URL=redis://127.0.0.1:6379/0")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        need_service(f"Redis at {url} is not answering: {exc}")
    return url


def _database_url_for_worker() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


class WorkerProcess:
    def __init__(self, *, queue: str, env: dict[str, str], log_path: Path) -> None:
        self.queue = queue
        self.env = env
        self.log_path = log_path
        self.nodename = f"test-{queue}@localhost"
        self.process: subprocess.Popen | None = None

    def start(self, pool: str = "solo", concurrency: int = 1, **env) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "odop_portal",
                "worker",
                "--pool",
                pool,
                "--concurrency",
                str(concurrency),
                "-Q",
                self.queue,
                "-n",
                self.nodename,
                "--without-gossip",
                "--without-mingle",
                "-l",
                "info",
            ],
            cwd=ROOT,
            env={**self.env, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited early, see {self.log_path}")
            if celery_app.control.ping(destination=[self.nodename], timeout=0.5):
                return
        raise RuntimeError(f"worker did not answer within 60 s, see {self.log_path}")

    def stop(self, kill: bool = False) -> None:
        if self.process and self.process.poll() is None:
            if kill:
                self.process.kill()
            else:
                self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


@pytest.fixture
def broker_url(redis_url) -> str:
    """The broker the worker and the test use; a test may override it (see private_redis)."""
    return redis_url


@pytest.fixture
def celery_worker_process(postgres, broker_url, tmp_path, settings):
    """A real `celery worker` process on its own queue, against Redis and the test database.

    Tasks sent from the test go to Redis (not eager) and the worker writes to the same
    PostgreSQL test database, so the test uses `transaction=True` to commit its data.
    """
    queue = f"test-{uuid.uuid4().hex[:10]}"
    sms_dir = tmp_path / "sms"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url_for_worker(),
        "REDIS_URL": broker_url,
        "CELERY_BROKER_URL": broker_url,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "SMS_BACKEND": "accounts.sms.FileBackend",
        "SMS_FILE_PATH": str(sms_dir),
        "DEBUG": "true",
    }
    ARTIFACTS.mkdir(exist_ok=True)
    worker = WorkerProcess(queue=queue, env=env, log_path=ARTIFACTS / f"worker-{queue}.log")
    previous_queue = celery_app.conf.task_default_queue
    previous_broker = celery_app.conf.broker_url
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    if broker_url != previous_broker:
        _rebind_broker(broker_url)
    settings.SMS_FILE_PATH = sms_dir
    worker.start()
    worker.sms_dir = sms_dir
    yield worker
    worker.stop()
    celery_app.conf.task_default_queue = previous_queue
    if celery_app.conf.broker_url != previous_broker:
        _rebind_broker(previous_broker)


def _rebind_broker(url: str) -> None:
    """Point this process's Celery app at another broker: forget the pooled connections (they
    are left to the garbage collector; closing them breaks holders of the old pool)."""
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def wait_for(predicate, *, timeout: float = 30.0, interval: float = 0.2, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class PrivateRedis:
    """A redis-server of the test's own on a free port, so a test can stop and start the broker
    without touching the machine's Redis."""

    def __init__(self, tmp_path: Path) -> None:
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.dir = tmp_path
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            need_service("redis-server is not installed")
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: self._ping(), timeout=10, what="the private redis-server")

    def _ping(self) -> bool:
        try:
            return bool(redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def private_redis(redis_url, tmp_path):
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()
