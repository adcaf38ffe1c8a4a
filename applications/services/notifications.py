"""Messages to the applicant about their file. Each (application, event) is sent at most once:
the row in SentNotification is written in the same transaction as the send, under a lock."""

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.sms import send_sms
from applications.models import Application, SentNotification

MESSAGES = {
    "submitted": lambda ref: (
        _("ODOP: your application %(ref)s has been received. Track it on the portal.") % {"ref": ref}
    ),
    "returned": lambda ref: (
        _("ODOP: application %(ref)s needs a correction from you. Sign in to see what to fix.") % {"ref": ref}
    ),
    "rejected": lambda ref: (
        _("ODOP: a decision has been recorded on application %(ref)s. Sign in to see it.") % {"ref": ref}
    ),
}


def notify_applicant(*, application_id: int, event: str) -> bool:
    """Send the SMS for `event` (a kind, or "kind:<audit event id>" for moves that can repeat)
    unless it was already sent. Returns whether one went out."""
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("applicant__user")
            .filter(pk=application_id)
            .first()
        )
        kind = event.split(":", 1)[0]
        if application is None or kind not in MESSAGES:
            return False
        try:
            with transaction.atomic():
                record = SentNotification.objects.create(application=application, event=event, channel="sms")
        except IntegrityError:
            return False
        user = application.applicant.user
        with translation.override(user.preferred_language or "hi"):
            body = MESSAGES[kind](application.reference_number)
        record.provider_reference = send_sms(to=user.mobile, body=body)
        record.save(update_fields=["provider_reference"])
    return True
