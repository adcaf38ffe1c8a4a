"""The artisan's side: starting, filling, documenting, submitting, correcting, withdrawing."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from applications.documents import check_upload, store_document
from applications.engine import apply_transition
from applications.facts import evaluate_application
from applications.models import Applicant, Application, Document
from applications.queueing import notify_after_commit
from applications.selectors import approvals_counted_against_targets
from applications.services.errors import ApplicationError, Conflict, Incomplete, NotEligible
from applications.services.reference import allocate_reference_number
from applications.steps import step_form, step_get, steps_for
from applications.workflow import OFFICER, OWNER, Status
from districts.models import Product
from schemes.models import RequiredDocument, Scheme, Target
from schemes.rules.base import financial_year
from schemes.selectors import active_ruleset

EDITABLE = (Status.DRAFT, Status.RETURNED)


OUTCOME_FIELDS = ["outcome", "is_eligible", "benefit_amount"]


def _refresh_outcome(application: Application) -> None:
    _store_outcome(application, evaluate_application(application))


def set_outcome(application: Application, outcome) -> None:
    """Put the rules' answer on the file (what the officer and the artisan see); not saved."""
    application.outcome = None if outcome is None else outcome.to_dict()
    application.is_eligible = None if outcome is None else outcome.is_eligible
    # No benefit is estimated for a file that is not eligible: nothing would be paid.
    application.benefit_amount = (
        outcome.benefit.amount if outcome and outcome.benefit and outcome.is_eligible else None
    )


def _store_outcome(application: Application, outcome) -> None:
    set_outcome(application, outcome)
    application.save(update_fields=[*OUTCOME_FIELDS, "updated_at"])


def start_application(*, applicant: Applicant, scheme: Scheme, filed_by=None) -> Application:
    """A draft for `scheme`, or the applicant's existing draft of it (one at a time).

    A district whose approved beneficiaries this financial year have reached its physical
    target for the sub-scheme takes no new drafts until state staff raise the target; an
    existing draft can still be finished. Approved means decided and neither rejected nor
    withdrawn, counted by the date of the decision (the dashboard counts the same way)."""
    if not scheme.is_accepting_applications:
        raise ApplicationError(_("This sub-scheme is not taking applications at present."))
    existing = Application.objects.filter(applicant=applicant, scheme=scheme, status=Status.DRAFT).first()
    # Each marketing assistance claim is a fair of its own, so claims may be drafted side by side.
    if existing and scheme.code != "MDA":
        if filed_by is not None and existing.filed_by_id is None:
            # The artisan's own draft stays theirs: the help desk neither reads nor takes it over.
            raise ApplicationError(
                _(
                    "The applicant has already started this application on their own. They can finish "
                    "it from their phone, or withdraw it so that the help desk files it."
                )
            )
        return existing
    year = financial_year(timezone.localdate())
    target = Target.objects.filter(
        district_id=applicant.district_id, scheme=scheme, financial_year=year
    ).first()
    if target is not None:
        approved = approvals_counted_against_targets(district_id=applicant.district_id, year=year).get(
            scheme.pk, 0
        )
        if approved >= target.physical:
            raise ApplicationError(
                _(
                    "%(district)s has met its target of %(target)d beneficiaries under %(scheme)s for "
                    "%(year)s, so it is not taking new applications for this sub-scheme now. New "
                    "applications reopen when the target is raised."
                )
                % {
                    "district": applicant.district.name,
                    "target": target.physical,
                    "scheme": scheme.name,
                    "year": year,
                }
            )
    with transaction.atomic():
        application = Application.objects.create(
            applicant=applicant,
            scheme=scheme,
            ruleset=active_ruleset(scheme=scheme, on=timezone.localdate()),
            district=applicant.district,
            filed_by=filed_by,
            current_step=steps_for(scheme.code)[0].slug,
        )
        _refresh_outcome(application)
    return application


def save_step(*, application_id: int, step_slug: str, raw, access, draft: bool = False) -> Application:
    """Clean one step's posted answers `raw` (a dict or QueryDict) with its form, store only what
    the form cleaned, and re-run the rules. An answer the form refuses raises ApplicationError
    naming the field, and nothing is stored.

    A `draft` step (saved to finish later) may leave answers empty; it stays the step to come
    back to, and submitting checks every step again. In a returned application only the answers
    the officer flagged may change. `access` is the access check that fetches the locked
    application for this user."""
    with transaction.atomic():
        application = access(lock=True)
        if application.status not in EDITABLE:
            raise Conflict(_("This application has been submitted and cannot be changed now."))
        step = step_get(application.scheme.code, step_slug)
        if step is None:
            raise ApplicationError(_("No such step."))
        form = step_form(step, application, data=raw)
        if not (form.is_valid_as_draft() if draft else form.is_valid()):
            field, errors = next(iter(form.errors.items()))
            raise ApplicationError(errors[0], field=None if field == NON_FIELD_ERRORS else field)
        details = dict(application.details)
        details[step_slug] = form.answers_to_store()
        application.details = details
        if step_slug == steps_for(application.scheme.code)[0].slug and form.cleaned_data.get("product"):
            application.product_id = form.cleaned_data["product"].pk
        order = [s.slug for s in steps_for(application.scheme.code)]
        position = order.index(step_slug)
        if draft:
            application.current_step = step_slug
        else:
            application.current_step = order[position + 1] if position + 1 < len(order) else "documents"
        if application.status == Status.DRAFT:
            # A draft always follows the RuleSet in force today.
            application.ruleset = active_ruleset(scheme=application.scheme, on=timezone.localdate())
        application.save(update_fields=["details", "product", "current_step", "ruleset", "updated_at"])
        _refresh_outcome(application)
    return application


def upload_document(*, application_id: int, code: str, upload, user, access) -> Document:
    """Keep a checked file as the current paper `code`; an earlier one is kept as replaced."""
    named = RequiredDocument.objects.filter(code=code).first()
    checked = check_upload(upload, label=named.name if named else "")
    with transaction.atomic():
        application = access(lock=True)
        if application.status not in EDITABLE:
            raise Conflict(_("This application has been submitted; documents cannot be changed now."))
        required = {d.code for d in application.scheme.documents.all()}
        if code not in required:
            raise ApplicationError(_("This document is not asked for in this sub-scheme."), field="file")
        if application.status == Status.RETURNED and code not in application.returned_documents:
            raise Conflict(_("Only the documents the office asked for can be uploaded again."), field="file")
        document = store_document(
            application=application, code=code, upload=upload, checked=checked, user=user
        )
    return document


def missing_documents(application: Application) -> list:
    present = set(application.documents.filter(replaced_at__isnull=True).values_list("code", flat=True))
    special = (
        application.applicant.social_category != "general"
        or application.applicant.gender == "female"
        or (application.applicant.is_minority or application.applicant.is_divyang)
    )
    missing = []
    for document in application.scheme.documents.all():
        needed = document.required_when == "always" or (
            document.required_when == "special_category" and special
        )
        if needed and document.code not in present:
            missing.append(document)
    return missing


def submit_application(*, application_id: int, user, access, on_behalf: bool = False) -> Application:
    """DRAFT -> SUBMITTED with a reference number. Safe against a double click: the row lock
    makes the second request wait, and it then finds the application no longer a draft."""
    with transaction.atomic():
        return _submit(access(lock=True), user=user, on_behalf=on_behalf)


def send_application(*, application_id: int, user, access, on_behalf: bool = False) -> Application:
    """The review page's button, with one (locked) read of the file: a draft is submitted, a
    returned file's corrections are sent back, anything else is a Conflict and changes nothing."""
    with transaction.atomic():
        application = access(lock=True)
        if application.status == Status.RETURNED:
            return _resubmit(application, user=user, on_behalf=on_behalf)
        return _submit(application, user=user, on_behalf=on_behalf)


def _submit(application: Application, *, user, on_behalf: bool) -> Application:
    if application.status != Status.DRAFT:
        raise Conflict(_("This application has already been submitted."))
    # One applicant's submissions queue here, so limits that count their other applications
    # (three MDA claims a year, e-commerce once, once per family) see each other.
    # The locked row is the file's applicant from here on: it is not read again below.
    application.applicant = Applicant.objects.select_for_update().get(pk=application.applicant_id)
    # The district's products, read once for the step forms and the rules' facts alike.
    application.preloaded_district_products = {
        product.pk: product for product in Product.objects.filter(districts=application.district_id)
    }
    # A step saved as a draft may have empty answers: each step must validate in full. Each
    # form is validated once: its typed answers are the rules' too (see `step_answers`).
    incomplete, typed = [], {}
    for step in steps_for(application.scheme.code):
        form = step.form_class(data=application.details.get(step.slug, {}), application=application)
        if not form.is_valid() or step.slug not in application.details:
            incomplete.append(step.title)
        typed.update(form.cleaned_data)
    if incomplete:
        raise Incomplete(
            _("Please complete these steps first: %(steps)s.") % {"steps": ", ".join(map(str, incomplete))}
        )
    missing = missing_documents(application)
    if missing:
        raise Incomplete(
            _("Please upload these documents first: %(documents)s.")
            % {"documents": ", ".join(d.name for d in missing)}
        )
    application.ruleset = active_ruleset(scheme=application.scheme, on=timezone.localdate())
    application.submitted_at = timezone.now()
    outcome = evaluate_application(application, typed)
    if outcome is not None and not outcome.is_eligible:
        hindi = (get_language() or "").startswith("hi")
        failed = [r.message_hi if hindi else r.message_en for r in outcome.rules if r.status == "failed"]
        raise NotEligible(_("You are not eligible: %(reasons)s") % {"reasons": " ".join(failed)})
    # The rules are evaluated once: their facts count the applicant's other files only, so
    # the move to SUBMITTED below cannot change the answer.
    set_outcome(application, outcome)
    # As late as a submitted file may be without its number (a check constraint), so that
    # the register's row lock, held to commit, is held for as short a time as possible.
    application.reference_number = allocate_reference_number(application=application)
    apply_transition(
        application=application,
        name="submit",
        actor_kind=OFFICER if on_behalf else OWNER,
        user=user,
        on_behalf=on_behalf,
        # One UPDATE of the row for the number, the answer and the move.
        save_also=["ruleset", "submitted_at", "reference_number", *OUTCOME_FIELDS],
    )

    notify_after_commit(application, "submitted")
    return application


def resubmit_application(*, application_id: int, user, access, on_behalf: bool = False) -> Application:
    """RETURNED -> UNDER_SCRUTINY once every flagged document has been uploaded again."""
    with transaction.atomic():
        return _resubmit(access(lock=True), user=user, on_behalf=on_behalf)


def _resubmit(application: Application, *, user, on_behalf: bool) -> Application:
    if application.status != Status.RETURNED:
        raise Conflict(_("This application is not waiting for your correction."))
    returned_event = application.events.filter(action="return").order_by("-created_at").first()
    since = returned_event.created_at if returned_event else application.stage_entered_at
    fresh = set(
        application.documents.filter(replaced_at__isnull=True, uploaded_at__gte=since).values_list(
            "code", flat=True
        )
    )
    pending = [code for code in application.returned_documents if code not in fresh]
    if pending:
        names = dict(application.scheme.documents.values_list("code", "name_en"))
        raise Incomplete(
            _("Please upload again: %(documents)s.")
            % {"documents": ", ".join(names.get(c, c) for c in pending)}
        )
    apply_transition(
        application=application,
        name="resubmit",
        actor_kind=OFFICER if on_behalf else OWNER,
        user=user,
        on_behalf=on_behalf,
    )
    application.returned_fields = []
    application.returned_documents = []
    application.save(update_fields=["returned_fields", "returned_documents", "updated_at"])
    _refresh_outcome(application)
    return application


def withdraw_application(*, application_id: int, user, access) -> Application:
    with transaction.atomic():
        application = access(lock=True)
        apply_transition(application=application, name="withdraw", actor_kind=OWNER, user=user)
    return application
