"""An email is named by its idempotency key: a repeat of the same work (a worker killed between
the send and its commit) sends the same Message-ID, and the file backend delivers it once."""

import pytest

from accounts.mail import FileBackend, message_id, send_email
from applications.models import SentNotification
from applications.services.notifications import notify_applicant
from tests.applications.helpers import make_applicant, submitted_toolkit

pytestmark = pytest.mark.django_db


def _applicant_with_email():
    applicant = make_applicant(seed=41)
    applicant.email = "artisan41@example.in"
    applicant.save(update_fields=["email"])
    return applicant


def test_the_same_notification_run_again_carries_the_same_message_id(mailoutbox):
    application = submitted_toolkit(_applicant_with_email())
    mailoutbox.clear()
    assert notify_applicant(application_id=application.pk, event="on_agenda")
    # The worker died before its commit: the record of the send is gone, the work runs again.
    SentNotification.objects.filter(application=application, event="on_agenda").delete()
    assert notify_applicant(application_id=application.pk, event="on_agenda")
    first, again = mailoutbox
    assert first.extra_headers["Message-ID"] == again.extra_headers["Message-ID"]
    assert first.message()["Message-ID"] == message_id(f"notify:{application.pk}:on_agenda")
    # Another event is another message.
    assert notify_applicant(application_id=application.pk, event="returned")
    assert mailoutbox[-1].extra_headers["Message-ID"] != first.extra_headers["Message-ID"]


def test_the_file_backend_delivers_a_message_id_once(settings, tmp_path):
    settings.MAILERS = {
        "default": {"BACKEND": "accounts.mail.FileBackend", "OPTIONS": {"file_path": str(tmp_path)}}
    }
    for _ in range(3):
        send_email(to=["a@example.in"], subject="S", body="B", idempotency_key="k1")
    send_email(to=["a@example.in"], subject="S", body="B", idempotency_key="k2")
    assert len(list(tmp_path.glob("email-*.eml"))) == 2
    assert (tmp_path / "duplicates.log").read_text().count("\n") == 2
    assert FileBackend(file_path=str(tmp_path)).send_messages([]) == 0
