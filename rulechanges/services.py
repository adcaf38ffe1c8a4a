"""Writes for a GO change: drafting a RuleSet, sending it for review, simulating it, sending it
back and publishing it (maker-checker), discarding it, and asking what a changed target would
admit.

Every step is a RuleSetEvent in the same transaction. Refusals raise `RuleChangeError` (or
`NotPermitted`) naming the field, and change nothing."""

from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.exceptions import NotPermitted, PortalError
from accounts.models import Role
from applications.documents import check_upload
from applications.models import Application
from districts.models import District
from outbox.services import enqueue
from rulechanges.models import WhatIf
from schemes.models import RuleSet, RuleSetEvent, Scheme, Target
from schemes.rules.base import ParameterError

# Queued by name through the outbox (the tasks module is never imported by services).
RUN_WHAT_IF_TASK = "rulechanges.tasks.run_what_if_task"
APPLY_RULESETS_TASK = "applications.tasks.apply_rulesets_in_force_task"

State = RuleSet.State
Action = RuleSetEvent.Action


class RuleChangeError(PortalError):
    code = "rule_change_refused"


class ParameterProblems(RuleChangeError):
    """Several figures are wrong at once: `problems` lists every ParameterError."""

    def __init__(self, problems: list[ParameterError]):
        super().__init__(_("Some figures break the scheme's own rules."), field=problems[0].field)
        self.problems = problems


def _check_state_user(user) -> None:
    if not (user and user.is_authenticated and user.is_active and user.is_state_level):
        raise NotPermitted(_("Only the state's ODOP cell drafts and publishes rule sets."))


def normalised_parameters(scheme: Scheme, parameters: dict[str, Any]) -> dict[str, Any]:
    """The parameters as the rules read them (missing keys take the GO default), or
    ParameterProblems listing every figure that breaks the rules' invariants."""
    from schemes.rules.base import parameter_problems

    problems = parameter_problems(scheme.rules.Parameters, parameters)
    if problems:
        raise ParameterProblems(problems)
    return scheme.rules.Parameters.from_dict(parameters).to_dict()


def decided_since(*, scheme: Scheme, day: date) -> int:
    """Files of the sub-scheme decided on or after `day`: a RuleSet cannot take effect before
    them, since they were decided under the figures then in force."""
    return Application.objects.filter(scheme=scheme, closed_at__date__gte=day).count()


def check_dates(
    *, scheme: Scheme, go_date: date, effective_from: date, exclude_pk: int | None = None
) -> None:
    if effective_from < go_date:
        raise RuleChangeError(
            _("A rule set cannot take effect before its GO is dated."), field="effective_from"
        )
    if effective_from <= timezone.localdate():
        decided = decided_since(scheme=scheme, day=effective_from)
        if decided:
            raise RuleChangeError(
                _(
                    "%(count)d files of this sub-scheme have been decided since %(day)s under the "
                    "figures then in force; the new figures can take effect from tomorrow at the "
                    "earliest, or from a day before none was decided."
                )
                % {"count": decided, "day": f"{effective_from:%d-%m-%Y}"},
                field="effective_from",
            )
    clash = RuleSet.objects.filter(scheme=scheme, state=State.PUBLISHED, effective_from=effective_from)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise RuleChangeError(
            _("A published rule set of this sub-scheme already takes effect on that day."),
            field="effective_from",
        )


def _check_go_document(upload: UploadedFile | None) -> None:
    if upload is None:
        return
    checked = check_upload(upload, label=str(_("The GO")))
    if checked.content_type != "application/pdf":
        raise RuleChangeError(_("Upload the GO as a PDF."), field="go_document")


def _log(ruleset: RuleSet, action: str, user, note: str = "") -> None:
    RuleSetEvent.objects.create(ruleset=ruleset, action=action, actor=user, note=note)


def draft_ruleset(
    *,
    user,
    scheme: Scheme,
    go_reference: str,
    go_date: date,
    effective_from: date,
    parameters: dict[str, Any],
    notes: str = "",
    go_document: UploadedFile | None = None,
) -> RuleSet:
    """A new draft of `scheme`'s figures by `user` (state staff). The figures are checked
    against the rules' invariants and the dates against the files already decided."""
    _check_state_user(user)
    stored = normalised_parameters(scheme, parameters)
    check_dates(scheme=scheme, go_date=go_date, effective_from=effective_from)
    _check_go_document(go_document)
    with transaction.atomic():
        ruleset = RuleSet(
            scheme=scheme,
            state=State.DRAFT,
            go_reference=go_reference,
            go_date=go_date,
            effective_from=effective_from,
            parameters=stored,
            notes=notes,
            created_by=user,
        )
        if go_document is not None:
            ruleset.go_document.save(f"{scheme.code.lower()}-go.pdf", go_document, save=False)
        ruleset.save()
        _log(ruleset, Action.DRAFTED, user)
    return ruleset


def _locked(ruleset_id: int) -> RuleSet:
    ruleset = RuleSet.objects.select_for_update().select_related("scheme").filter(pk=ruleset_id).first()
    if ruleset is None:
        raise NotPermitted(_("No such rule set."))
    return ruleset


def change_draft(
    *,
    user,
    ruleset_id: int,
    go_reference: str,
    go_date: date,
    effective_from: date,
    parameters: dict[str, Any],
    notes: str = "",
    go_document: UploadedFile | None = None,
) -> RuleSet:
    """The drafter changes their draft (only while it is a draft: in review or published it is
    fixed). A new PDF replaces the old one; none keeps it."""
    _check_state_user(user)
    with transaction.atomic():
        ruleset = _locked(ruleset_id)
        if ruleset.state != State.DRAFT:
            raise RuleChangeError(
                _("Only a draft can be changed; this one is %(state)s.")
                % {"state": ruleset.get_state_display()}
            )
        if ruleset.created_by_id != user.pk:
            raise NotPermitted(_("Only the person who drafted it can change a draft."))
        stored = normalised_parameters(ruleset.scheme, parameters)
        check_dates(scheme=ruleset.scheme, go_date=go_date, effective_from=effective_from)
        _check_go_document(go_document)
        ruleset.go_reference, ruleset.go_date, ruleset.effective_from = go_reference, go_date, effective_from
        ruleset.parameters, ruleset.notes = stored, notes
        fields = ["go_reference", "go_date", "effective_from", "parameters", "notes"]
        if go_document is not None:
            ruleset.go_document.save(f"{ruleset.scheme.code.lower()}-go.pdf", go_document, save=False)
            fields.append("go_document")
        ruleset.save(update_fields=fields)
        _log(ruleset, Action.CHANGED, user)
    return ruleset


def latest_what_if(ruleset: RuleSet) -> WhatIf | None:
    return (
        WhatIf.objects.filter(ruleset=ruleset, kind=WhatIf.Kind.RULESET)
        .order_by("-requested_at", "-id")
        .first()
    )


def simulated(ruleset: RuleSet) -> WhatIf | None:
    """The finished what-if of exactly the figures the draft holds now, if there is one."""
    what_if = latest_what_if(ruleset)
    if what_if and what_if.state == WhatIf.State.DONE and what_if.parameters == ruleset.parameters:
        return what_if
    return None


def request_what_if(*, user, ruleset_id: int) -> WhatIf:
    """Queue a what-if of the draft's figures as they are now. A what-if of the same figures
    already queued or running is returned instead of a second one."""
    _check_state_user(user)
    with transaction.atomic():
        ruleset = _locked(ruleset_id)
        if ruleset.state == State.PUBLISHED:
            raise RuleChangeError(_("This rule set is published; a what-if is for drafts."))
        if ruleset.state == State.DISCARDED:
            raise RuleChangeError(_("This rule set is discarded; a what-if is for drafts."))
        running = latest_what_if(ruleset)
        if (
            running
            and running.state in (WhatIf.State.QUEUED, WhatIf.State.RUNNING)
            and running.parameters == ruleset.parameters
        ):
            return running
        what_if = WhatIf.objects.create(
            kind=WhatIf.Kind.RULESET,
            ruleset=ruleset,
            scheme_id=ruleset.scheme_id,
            parameters=ruleset.parameters,
            requested_by=user,
        )
        _log(ruleset, Action.SIMULATED, user)
        enqueue(RUN_WHAT_IF_TASK, what_if.pk)
    return what_if


def submit_for_review(*, user, ruleset_id: int) -> RuleSet:
    """The drafter sends the draft to a second person. The GO's PDF must be attached and a
    what-if of these figures finished, so the reviewer sees what they would do."""
    _check_state_user(user)
    with transaction.atomic():
        ruleset = _locked(ruleset_id)
        if ruleset.state != State.DRAFT:
            raise RuleChangeError(_("Only a draft can be sent for review."))
        if ruleset.created_by_id != user.pk:
            raise NotPermitted(_("Only the person who drafted it can send a draft for review."))
        if not ruleset.go_document:
            raise RuleChangeError(
                _("Attach the GO as a PDF before sending the draft for review."), field="go_document"
            )
        if simulated(ruleset) is None:
            raise RuleChangeError(
                _("Run the what-if of these figures, and let it finish, before sending them for review.")
            )
        ruleset.state = State.IN_REVIEW
        ruleset.save(update_fields=["state"])
        _log(ruleset, Action.SUBMITTED, user)
    return ruleset


def _check_reviewer(user, ruleset: RuleSet) -> None:
    if ruleset.state != State.IN_REVIEW:
        raise RuleChangeError(_("Only a rule set waiting for review can be published or sent back."))
    if ruleset.created_by_id == user.pk:
        raise NotPermitted(
            _("You drafted this rule set: a second person must review and publish it."), field=None
        )


def return_ruleset(*, user, ruleset_id: int, note: str) -> RuleSet:
    """A second person sends the draft back to its drafter with a note saying why."""
    _check_state_user(user)
    if not note.strip():
        raise RuleChangeError(_("Say what should change before sending the draft back."), field="note")
    with transaction.atomic():
        ruleset = _locked(ruleset_id)
        _check_reviewer(user, ruleset)
        ruleset.state = State.DRAFT
        ruleset.save(update_fields=["state"])
        _log(ruleset, Action.RETURNED, user, note.strip())
    return ruleset


def publish_ruleset(*, user, ruleset_id: int, note: str = "") -> RuleSet:
    """A second person publishes the draft after its what-if: from its effective date it
    computes new submissions and the files still waiting for a decision. Its figures and dates
    are checked again (a file may have been decided since it was drafted). Once published it is
    never changed."""
    _check_state_user(user)
    with transaction.atomic():
        ruleset = _locked(ruleset_id)
        _check_reviewer(user, ruleset)
        normalised_parameters(ruleset.scheme, ruleset.parameters)
        check_dates(
            scheme=ruleset.scheme,
            go_date=ruleset.go_date,
            effective_from=ruleset.effective_from,
            exclude_pk=ruleset.pk,
        )
        if simulated(ruleset) is None:
            raise RuleChangeError(_("These figures have no finished what-if; run it before publishing."))
        ruleset.state = State.PUBLISHED
        ruleset.published_by = user
        ruleset.published_at = timezone.now()
        ruleset.save(update_fields=["state", "published_by", "published_at"])
        _log(ruleset, Action.PUBLISHED, user, note.strip())
        if ruleset.effective_from <= timezone.localdate():
            enqueue(APPLY_RULESETS_TASK, key=f"apply-ruleset:{ruleset.pk}")
    return ruleset


# Only what is not yet anybody's rules can be thrown away; a published RuleSet is history.
DISCARDABLE = (State.DRAFT, State.IN_REVIEW)


def may_discard(user, ruleset: RuleSet) -> bool:
    """Whether `user` (state staff) may discard `ruleset` now: its drafter, while it is a draft
    or waiting for review (their own work, as only they may change it or send it); while it
    waits for review, also the second person who would have published it or sent it back (a
    reviewer who learns the GO was withdrawn); and an administrator at either stage (a draft
    whose drafter has left). Another member of the cell may not discard a colleague's draft."""
    return ruleset.state in DISCARDABLE and (
        ruleset.created_by_id == user.pk or ruleset.state == State.IN_REVIEW or user.role == Role.ADMIN
    )


def discard_ruleset(*, user, ruleset_id: int, note: str = "") -> RuleSet:
    """Throw away a draft or a rule set waiting for review that must never be published (its
    GO withdrawn, a draft made by mistake): it becomes DISCARDED, which no selector of the rules
    reads and no service moves on from. Nothing is deleted: the row, its figures, its GO and its
    steps stay for the record, and the step records who discarded it and why (`note`, optional).

    Who may: see `may_discard`. Holds the row's lock while checking and moving it; a second
    discard, or one of a published RuleSet, is refused and changes nothing."""
    _check_state_user(user)
    with transaction.atomic():
        ruleset = _locked(ruleset_id)
        if ruleset.state not in DISCARDABLE:
            raise RuleChangeError(
                _("Only a draft or a rule set waiting for review can be discarded; this one is %(state)s.")
                % {"state": ruleset.get_state_display()}
            )
        if not may_discard(user, ruleset):
            raise NotPermitted(
                _(
                    "Only the person who drafted it, or an administrator, can discard a draft; a rule "
                    "set waiting for review may also be discarded by a second person."
                )
            )
        ruleset.state = State.DISCARDED
        ruleset.save(update_fields=["state"])
        _log(ruleset, Action.DISCARDED, user, note.strip())
    return ruleset


def request_target_what_if(
    *, user, district: District, scheme: Scheme, financial_year: str, extra: int
) -> WhatIf:
    """Queue the question "if this district's target rose by `extra`, which waiting files
    would it admit?" (state staff only)."""
    _check_state_user(user)
    if extra <= 0:
        raise RuleChangeError(_("Give a rise of at least 1 beneficiary."), field="extra")
    if not Target.objects.filter(district=district, scheme=scheme, financial_year=financial_year).exists():
        raise RuleChangeError(
            _("%(district)s has no target for this sub-scheme in %(year)s.")
            % {"district": district.name, "year": financial_year},
            field="district",
        )
    with transaction.atomic():
        what_if = WhatIf.objects.create(
            kind=WhatIf.Kind.TARGET,
            district=district,
            scheme=scheme,
            financial_year=financial_year,
            extra=extra,
            requested_by=user,
        )
        enqueue(RUN_WHAT_IF_TASK, what_if.pk)
    return what_if
