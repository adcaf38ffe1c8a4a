"""Email that goes out once: every message carries an idempotency key.

Work is delivered at least once (a worker killed between the send and its commit runs it again),
so, as for SMS, the key names the message. It becomes the message's `Message-ID`
(`<sha256-of-key@domain>`): the same work sends the same Message-ID however often it runs, which
mail systems use to recognise a repeat, and `FileBackend` (staging, tests with a worker) writes
one file per Message-ID and only counts a repeat in `duplicates.log`.
"""

import hashlib
from email.utils import parseaddr
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


def message_id(idempotency_key: str) -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "odop-portal"
    return f"<{hashlib.sha256(idempotency_key.encode()).hexdigest()[:40]}@{domain}>"


def send_email(*, to: list[str], subject: str, body: str, idempotency_key: str) -> int:
    """Send one message to `to` under `idempotency_key`; returns how many were handed over."""
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        headers={"Message-ID": message_id(idempotency_key)},
    )
    return message.send()


class FileBackend(BaseEmailBackend):
    """One file per Message-ID under `file_path`, created atomically: a repeat is not written
    again but counted in duplicates.log."""

    def __init__(self, *, file_path: str | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.path = Path(file_path or settings.BASE_DIR / "var" / "email")

    def send_messages(self, email_messages) -> int:
        self.path.mkdir(parents=True, exist_ok=True)
        written = 0
        for message in email_messages:
            ident = message.extra_headers.get("Message-ID") or message.message()["Message-ID"]
            name = hashlib.sha256(ident.encode()).hexdigest()[:32]
            try:
                with (self.path / f"email-{name}.eml").open("xb") as target:
                    target.write(message.message().as_bytes())
                written += 1
            except FileExistsError:
                with (self.path / "duplicates.log").open("a", encoding="utf-8") as log:
                    log.write(f"{ident}\n")
        return written


def email_each_district(role: str, lines_by_district: dict[int, list[str]], subject: str) -> int:
    """One email per district to its active staff of `role`, listing that district's lines.
    Returns how many districts were written to."""
    from accounts.models import User

    sent = 0
    for district_id, lines in lines_by_district.items():
        emails = list(
            User.objects.filter(role=role, district_id=district_id, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        if emails:
            send_email(
                to=emails,
                subject=subject,
                body="\n".join(lines),
                # The same lines to the same office on the same day are the same message.
                idempotency_key=f"{role}:{district_id}:{timezone.localdate().isoformat()}:{subject}:{lines}",
            )
            sent += 1
    return sent
