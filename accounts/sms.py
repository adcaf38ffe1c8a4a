"""Pluggable SMS delivery, chosen by the SMS_BACKEND setting (like Django's email backends).

- `ConsoleBackend` prints each message (development).
- `FileBackend` writes one file per message under SMS_FILE_PATH (staging, tests with a worker).
- `LocmemBackend` keeps messages in `outbox` (unit tests).
A real gateway is one more class with the same `send` method; it raises `TransientSMSError`
for failures worth retrying (timeouts, 5xx) and `SMSError` for the rest.
"""

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


class BaseBackend:
    def send(self, *, to: str, body: str) -> str:
        """Deliver one message and return the provider's reference for it."""
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stdout

    def send(self, *, to: str, body: str) -> str:
        reference = uuid.uuid4().hex
        self.stream.write(f"[SMS to {to}] {body}\n")
        self.stream.flush()
        return reference


class FileBackend(BaseBackend):
    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path or settings.SMS_FILE_PATH)

    def send(self, *, to: str, body: str) -> str:
        reference = uuid.uuid4().hex
        self.path.mkdir(parents=True, exist_ok=True)
        stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
        target = self.path / f"{stamp}-{to}-{reference}.txt"
        target.write_text(f"To: {to}\nReference: {reference}\n\n{body}\n", encoding="utf-8")
        return reference


outbox: list[SMSMessage] = []


class LocmemBackend(BaseBackend):
    def send(self, *, to: str, body: str) -> str:
        reference = uuid.uuid4().hex
        outbox.append(SMSMessage(to=to, body=body, reference=reference))
        return reference


def get_backend() -> BaseBackend:
    return import_string(settings.SMS_BACKEND)()


def send_sms(*, to: str, body: str) -> str:
    return get_backend().send(to=to, body=body)
