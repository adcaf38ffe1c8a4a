"""Pluggable SMS delivery, chosen by the SMS_BACKEND setting (like Django's email backends).

- `ConsoleBackend` prints each message (development).
- `FileBackend` writes one file per message under SMS_FILE_PATH (staging, tests with a worker).
- `LocmemBackend` keeps messages in `outbox` (unit tests).
A real gateway is one more class with the same `send` method; it raises `TransientSMSError`
for failures worth retrying (timeouts, 5xx) and `SMSError` for the rest.

`idempotency_key` names the message: a second send with the same key is not delivered again (a
gateway gets it as its client reference). Work is delivered at least once (a worker killed
between the send and its commit runs it again), so the key is what makes a message go out once.
"""

import hashlib
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


class SMSError(Exception):
    pass


class TransientSMSError(SMSError):
    """The gateway may accept the same message if asked again later."""


@dataclass(frozen=True)
class SMSMessage:
    to: str
    body: str
    reference: str


def _reference(idempotency_key: str | None) -> str:
    if idempotency_key is None:
        return uuid.uuid4().hex
    return hashlib.sha256(idempotency_key.encode()).hexdigest()[:32]


class BaseBackend:
    def send(self, *, to: str, body: str, idempotency_key: str | None = None) -> str:
        """Deliver one message and return the provider's reference for it."""
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stdout

    def send(self, *, to: str, body: str, idempotency_key: str | None = None) -> str:
        reference = _reference(idempotency_key)
        self.stream.write(f"[SMS to {to}] {body}\n")
        self.stream.flush()
        return reference


class FileBackend(BaseBackend):
    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path or settings.SMS_FILE_PATH)

    def send(self, *, to: str, body: str, idempotency_key: str | None = None) -> str:
        reference = _reference(idempotency_key)
        self.path.mkdir(parents=True, exist_ok=True)
        content = f"To: {to}\nReference: {reference}\n\n{body}\n"
        if idempotency_key is None:
            stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
            (self.path / f"{stamp}-{to}-{reference}.txt").write_text(content, encoding="utf-8")
            return reference
        # One file per key, created atomically: a repeated send is counted, not delivered.
        try:
            with (self.path / f"sms-{to}-{reference}.txt").open("x", encoding="utf-8") as target:
                target.write(content)
        except FileExistsError:
            with (self.path / "duplicates.log").open("a", encoding="utf-8") as log:
                log.write(f"{reference}\n")
        return reference


outbox: list[SMSMessage] = []


class LocmemBackend(BaseBackend):
    def send(self, *, to: str, body: str, idempotency_key: str | None = None) -> str:
        reference = _reference(idempotency_key)
        if idempotency_key is not None and any(m.reference == reference for m in outbox):
            return reference
        outbox.append(SMSMessage(to=to, body=body, reference=reference))
        return reference


def get_backend() -> BaseBackend:
    return import_string(settings.SMS_BACKEND)()


def send_sms(*, to: str, body: str, idempotency_key: str | None = None) -> str:
    return get_backend().send(to=to, body=body, idempotency_key=idempotency_key)
