"""The broker stops, or hangs (accepts connections and never answers), while officers recommend
and an artisan asks for a sign-in code: every request answers in under a second, nothing is
lost, and everything is delivered once the broker is back. Uses a redis-server of the test's
own, so stopping it touches nothing else."""

import re
import socket
import threading
import time

import pytest
from django.urls import reverse

from accounts.models import OneTimeCode
from accounts.services import verify_otp
from applications.models import Application
from applications.workflow import Status
from committees.models import AgendaItem
from outbox.models import OutboxMessage
from outbox.services import _sender, relay
from tests.committees.helpers import seat_committee
from tests.committees.test_committee_worker_integration import _ready_for_recommendation
from tests.conftest import _rebind_broker, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
# The send after commit gives up on a broker that does not answer after SEND_TIMEOUT seconds:
# a request that waited on it (instead of leaving it to the background sender) would take at
# least that long. FAST leaves a loaded machine room (a bulk of 20 took 1.3 s under a full
# test run), which a bound of one second did not.
SEND_TIMEOUT = 4.0
FAST = 2.5  # a recommendation, a bulk recommendation of 20, a sign-in code: each well under SEND_TIMEOUT


@pytest.fixture
def broker_url(private_redis):
    return private_redis.url


class SilentServer:
    """Accepts TCP connections and never answers: a hung Redis."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.held: list[socket.socket] = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        self.sock.settimeout(0.2)
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            self.held.append(conn)

    def close(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=5)
        for conn in self.held:
            conn.close()
        self.sock.close()


def _timed_post(client, url, data):
    started = time.monotonic()
    response = client.post(url, data)
    took = time.monotonic() - started
    print(f"POST {url}: {took:.3f} s")
    return response, took


def _act_while_the_broker_is_out(client, secretary, files):
    """One recommendation, a bulk recommendation of the other files, a sign-in code."""
    client.force_login(secretary)
    client.get(reverse("applications:queue"))  # templates and URLs loaded, as in a running server
    single, *bulk = files
    response, took = _timed_post(
        client, reverse("applications:office_act", args=[single.pk, "recommend"]), {"note": "Fit"}
    )
    assert response.status_code == 302 and took < FAST, took
    response, took = _timed_post(
        client,
        reverse("applications:bulk"),
        {"action": "recommend", "ids": [a.pk for a in bulk], "note": "Fit"},
    )
    assert response.status_code == 302 and took < FAST, took
    client.logout()
    response, took = _timed_post(client, reverse("accounts:login"), {"mobile": "9700000077"})
    assert response.status_code == 302 and took < FAST, took
    assert response["Location"] == reverse("accounts:otp_verify")
    assert Application.objects.filter(pk__in=[a.pk for a in files], status=Status.RECOMMENDED).count() == 21
    assert not AgendaItem.objects.filter(application__in=files).exists()


def _everything_delivered_once(worker, files):
    def relayed():
        relay()
        return not OutboxMessage.objects.filter(state__in=OutboxMessage.OPEN_STATES).exists()

    wait_for(relayed, timeout=90, interval=1, what="the outbox to empty")
    assert Application.objects.filter(pk__in=[a.pk for a in files], status=Status.ON_AGENDA).count() == 21
    for application in files:
        assert AgendaItem.objects.filter(application=application).count() == 1
    assert not OutboxMessage.objects.exclude(state=OutboxMessage.State.DONE).exists()
    otp = OneTimeCode.objects.get(mobile="9700000077")
    assert otp.sent_at is not None
    [sms] = list(worker.sms_dir.glob("*-9700000077-*.txt"))
    code = re.search(r"\b(\d{6})\b", sms.read_text(encoding="utf-8").split("\n\n", 1)[1]).group(1)
    assert verify_otp(mobile="9700000077", code=code).mobile == "9700000077"
    # The sealed code is erased once sent.
    assert OutboxMessage.objects.get(key=f"otp:{otp.pk}").sealed_secret is None


def _files(secretary):
    return [_ready_for_recommendation(secretary, seed) for seed in range(1, 22)]


def test_broker_stopped_requests_answer_at_once_and_all_is_delivered_later(
    celery_worker_process, private_redis, client, settings
):
    _committee, secretary, _members = seat_committee()
    files = _files(secretary)
    private_redis.stop()
    stopped_at = time.monotonic()
    usual, settings.OUTBOX_SEND_TIMEOUT = settings.OUTBOX_SEND_TIMEOUT, SEND_TIMEOUT
    _act_while_the_broker_is_out(client, secretary, files)
    _sender.wait_idle(timeout=30)
    settings.OUTBOX_SEND_TIMEOUT = usual
    assert relay().published == 0  # the relay cannot reach it either; the rows wait
    # The worker rides out the outage (it used to exit after 3 retries, 12-15 s).
    time.sleep(max(0.0, 20 - (time.monotonic() - stopped_at)))
    assert celery_worker_process.process.poll() is None
    private_redis.start()
    _everything_delivered_once(celery_worker_process, files)


def test_broker_hung_requests_answer_at_once_and_all_is_delivered_later(
    celery_worker_process, private_redis, client, settings
):
    _committee, secretary, _members = seat_committee()
    files = _files(secretary)
    silent = SilentServer()
    _rebind_broker(f"redis://127.0.0.1:{silent.port}/0")
    try:
        usual, settings.OUTBOX_SEND_TIMEOUT = settings.OUTBOX_SEND_TIMEOUT, SEND_TIMEOUT
        _act_while_the_broker_is_out(client, secretary, files)
        _sender.wait_idle(timeout=30)
        settings.OUTBOX_SEND_TIMEOUT = usual
        started = time.monotonic()
        assert relay().published == 0
        assert time.monotonic() - started < 10
    finally:
        _rebind_broker(private_redis.url)
        silent.close()
    _everything_delivered_once(celery_worker_process, files)
