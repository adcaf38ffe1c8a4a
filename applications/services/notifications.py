"""Messages to the applicant about their file, by SMS and (when they gave one) email, in their
language. Each (application, event, channel) is sent at most once: a row in SentNotification is
written in the same transaction as the send, under the application's row lock, so a retried or
redelivered task sends nothing twice."""

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.mail import send_email
from accounts.sms import send_sms
from applications.models import Application, SentNotification


def _message(kind: str, ref: str) -> str | None:
    messages = {
        "submitted": _("ODOP: your application %(ref)s has been received. Track it on the portal."),
        "returned": _("ODOP: application %(ref)s needs a correction from you. Sign in to see what to fix."),
        "rejected": _("ODOP: a decision has been recorded on application %(ref)s. Sign in to see it."),
        "reject": _("ODOP: a decision has been recorded on application %(ref)s. Sign in to see it."),
        "on_agenda": _("ODOP: application %(ref)s is on the agenda of the committee's next meeting."),
        "approve": _("ODOP: application %(ref)s has been approved by the committee."),
        "defer": _("ODOP: application %(ref)s has been deferred to the committee's next meeting."),
        "letter_ready": _("ODOP: the letter for application %(ref)s is ready. Download it from the portal."),
        "sent_to_bank": _("ODOP: application %(ref)s has been sent to your bank branch."),
        "loan_sanctioned": _("ODOP: the bank has sanctioned the loan for application %(ref)s."),
        "loan_refused": _("ODOP: the bank has refused the loan for application %(ref)s. Sign in to see why."),
        "mm_released": _("ODOP: margin money for application %(ref)s has been released to the bank."),
        "paid": _("ODOP: the claim %(ref)s has been paid to your bank account."),
        "placed_in_batch": _(
            "ODOP: for application %(ref)s you are placed in a training batch. Sign in to see the dates and venue."
        ),
        "honorarium_paid": _(
            "ODOP: the training honorarium for application %(ref)s has been paid to your bank account."
        ),
        "return_to_selection": _(
            "ODOP: you did not attend the training batch for application %(ref)s. The office will place you in a later batch."
        ),
        "toolkit_deferred": _(
            "ODOP: the toolkit for application %(ref)s will be given with priority in the next financial year."
        ),
        "toolkit_issued": _("ODOP: the toolkit for application %(ref)s has been handed over to you."),
        "forward_to_state": _(
            "ODOP: proposal %(ref)s has been screened by the district committee and sent to the state committee."
        ),
        "sanction_in_principle": _(
            "ODOP: proposal %(ref)s is sanctioned in principle. Submit the detailed project report within 3 months."
        ),
        "reject_at_state": _("ODOP: a decision has been recorded on proposal %(ref)s. Sign in to see it."),
        "defer_at_state": _(
            "ODOP: proposal %(ref)s has been deferred to the state committee's next meeting."
        ),
        "appraise_dpr": _(
            "ODOP: the detailed project report of proposal %(ref)s is appraised and goes to the state committee for final approval."
        ),
        "approve_finally": _(
            "ODOP: proposal %(ref)s has the state committee's final approval. The financial sanction follows."
        ),
        "defer_final": _("ODOP: proposal %(ref)s has been deferred to the state committee's next meeting."),
        "sanction_finally": _(
            "ODOP: the financial sanction for proposal %(ref)s is issued. The first instalment follows the bipartite agreement."
        ),
        "instalment_released": _("ODOP: an instalment of the grant for proposal %(ref)s has been released."),
    }
    template = messages.get(kind)
    return None if template is None else template % {"ref": ref}


def notify_applicant(*, application_id: int, event: str) -> bool:
    """Send the messages for `event` (a kind, or "kind:<id>" for moves that can repeat) unless
    they were already sent. Returns whether anything went out."""
    kind = event.split(":", 1)[0]
    sent = False
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("applicant__user")
            .filter(pk=application_id)
            .first()
        )
        if application is None:
            return False
        user = application.applicant.user
        with translation.override(user.preferred_language or "hi"):
            body = _message(kind, application.reference_number or "")
        if body is None:
            return False
        channels = [("sms", user.mobile)]
        if application.applicant.email:
            channels.append(("email", application.applicant.email))
        for channel, address in channels:
            try:
                with transaction.atomic():
                    record = SentNotification.objects.create(
                        application=application, event=event, channel=channel
                    )
            except IntegrityError:
                continue
            if channel == "sms":
                record.provider_reference = send_sms(
                    to=address, body=body, idempotency_key=f"notify:{application.pk}:{event}"
                )
                record.save(update_fields=["provider_reference"])
            else:
                send_email(
                    to=[address],
                    subject=body[:80],
                    body=body,
                    idempotency_key=f"notify:{application.pk}:{event}",
                )
            sent = True
    return sent
