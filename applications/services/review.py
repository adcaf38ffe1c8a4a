"""The district office's side: scrutiny, return, rejection, recommendation, notes, assignment."""

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.exceptions import PortalError
from applications.engine import apply_transition
from applications.facts import evaluate_application
from applications.models import Application, AuditEvent, Note
from applications.queueing import notify_after_commit, place_on_agenda_after_commit
from applications.reasons import REASON_BY_CODE
from applications.services.errors import ApplicationError, Conflict, NotEligible
from applications.services.submission import _refresh_outcome, _store_outcome
from applications.steps import field_labels
from applications.workflow import FINAL_STATES, OFFICER, Status, ensure_transition_allowed


def take_up_application(*, application_id: int, user, access) -> Application:
    """SUBMITTED -> UNDER_SCRUTINY, assigned to the officer taking it up if nobody has it."""
    with transaction.atomic():
        application = access(lock=True)
        apply_transition(application=application, name="take_up", actor_kind=OFFICER, user=user)
        if application.assigned_to_id is None:
            application.assigned_to = user
            application.save(update_fields=["assigned_to", "updated_at"])
    return application


def return_application(
    *, application_id: int, user, access, fields: list[str], documents: list[str], reason: str
) -> Application:
    """UNDER_SCRUTINY -> RETURNED, naming exactly what the artisan must correct."""
    if not fields and not documents:
        raise ApplicationError(_("Choose at least one answer or document to correct."))
    if not reason.strip():
        raise ApplicationError(_("Write what the applicant must do."), field="reason")
    with transaction.atomic():
        application = access(lock=True)
        known_fields = set(field_labels(application.scheme.code))
        known_documents = set(application.scheme.documents.values_list("code", flat=True))
        if not set(fields) <= known_fields or not set(documents) <= known_documents:
            raise ApplicationError(_("Choose answers and documents from the list."))
        event = apply_transition(application=application, name="return", actor_kind=OFFICER, user=user)
        application.returned_fields = list(fields)
        application.returned_documents = list(documents)
        application.save(update_fields=["returned_fields", "returned_documents", "updated_at"])
        Note.objects.create(
            application=application, event=event, author=user, kind=Note.Kind.RETURN, text=reason.strip()
        )

        notify_after_commit(application, f"returned:{event.pk}")
    return application


def reject_application(
    *, application_id: int, user, access, reason_codes: list[str], reason: str
) -> Application:
    """UNDER_SCRUTINY -> REJECTED as not eligible; reasons (codes and words) are required."""
    with transaction.atomic():
        application = access(lock=True)
        if not reason_codes:
            raise ApplicationError(_("Choose at least one reason."), field="reason_codes")
        if not set(reason_codes) <= allowed_reason_codes(application):
            raise ApplicationError(_("Choose reasons from the list."), field="reason_codes")
        if not reason.strip():
            raise ApplicationError(_("Write the explanation for the applicant."), field="reason")
        event = apply_transition(
            application=application,
            name="reject_ineligible",
            actor_kind=OFFICER,
            user=user,
            reason_codes=reason_codes,
        )
        Note.objects.create(
            application=application, event=event, author=user, kind=Note.Kind.REJECTION, text=reason.strip()
        )

        notify_after_commit(application, "rejected")
    return application


def recommend_application(*, application_id: int, user, access, note: str) -> Application:
    """UNDER_SCRUTINY -> RECOMMENDED. Only an eligible application whose papers are all
    verified can go to the committee."""
    with transaction.atomic():
        application = access(lock=True)
        ensure_transition_allowed(application=application, name="recommend", actor_kind=OFFICER)
        outcome = evaluate_application(application)
        if outcome is not None and not outcome.is_eligible:
            raise NotEligible(_("The rules find this application not eligible; reject it instead."))
        if outcome is not None and outcome.needs_documents:
            raise Conflict(_("Verify every paper and answer first: some rules still wait for proof."))
        event = apply_transition(application=application, name="recommend", actor_kind=OFFICER, user=user)
        # An outbox row in this transaction: whatever happens to the broker, it is placed.
        place_on_agenda_after_commit(application)
        if note.strip():
            Note.objects.create(
                application=application,
                event=event,
                author=user,
                kind=Note.Kind.RECOMMENDATION,
                text=note.strip(),
            )
        # The move changes no fact the rules read: the answer found above is the one to keep.
        _store_outcome(application, outcome)
    return application


def verify_document(
    *, application_id: int, document_id: int, user, access, verified: bool = True
) -> Application:
    """Mark a current paper as checked (or not) during scrutiny; the rules then count it."""
    with transaction.atomic():
        application = access(lock=True)
        if application.status != Status.UNDER_SCRUTINY:
            raise Conflict(_("Papers are verified during scrutiny."))
        document = application.documents.filter(pk=document_id, replaced_at__isnull=True).first()
        if document is None:
            raise ApplicationError(_("No such document."))
        document.verified_at = timezone.now() if verified else None
        document.verified_by = user if verified else None
        document.save(update_fields=["verified_at", "verified_by"])
        _refresh_outcome(application)
    return application


def add_internal_note(*, application_id: int, user, access, text: str) -> Note:
    if not text.strip():
        raise ApplicationError(_("Write the note."), field="text")
    with transaction.atomic():
        application = access(lock=True)
        return Note.objects.create(
            application=application, author=user, kind=Note.Kind.INTERNAL, text=text.strip()
        )


def assign_application(*, application_id: int, user, access, assignee) -> Application:
    """Give an open file to an active colleague of the same office (or to nobody); the handover
    is recorded in the history."""
    with transaction.atomic():
        application = access(lock=True)
        if application.status in FINAL_STATES or application.status == Status.DRAFT:
            raise Conflict(_("Only open files can be assigned."))
        if assignee is not None and (
            assignee.district_id != application.district_id
            or assignee.role != "district_officer"
            or not assignee.is_active
        ):
            raise ApplicationError(
                _("Files can only be assigned within the same district office."), field="assignee"
            )
        application.assigned_to = assignee
        application.save(update_fields=["assigned_to", "updated_at"])
        AuditEvent.objects.create(
            application=application,
            actor=user,
            actor_role=user.role,
            action="assign",
            from_status=application.status,
            to_status=application.status,
            reason_codes=[] if assignee is None else [f"user:{assignee.pk}"],
        )
    return application


def allowed_reason_codes(application: Application) -> set[str]:
    """The rules' own failures for this file, and the listed reasons."""
    failed = {
        rule["code"] for rule in (application.outcome or {}).get("rules", []) if rule["status"] == "failed"
    }
    return failed | set(REASON_BY_CODE)


def bulk_action(*, ids: list[int], user, access_for, action, **kwargs) -> dict[int, str]:
    """Apply one review action to many files, each in its own transaction, so one refusal does
    not undo the others. Returns {id: "" for done, or the refusal message}."""
    results: dict[int, str] = {}
    for pk in ids:
        try:
            action(application_id=pk, user=user, access=access_for(pk), **kwargs)
            results[pk] = ""
        except PortalError as exc:
            results[pk] = str(exc.message)
        except Http404:
            results[pk] = _("No such application in your district.")
    return results
