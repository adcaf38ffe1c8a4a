"""Common Facility Centre after the state committee's in-principle sanction (GO-CFC-2018 paras
19-30 as amended by GO-CFC-2023): the DPR, the final sanction, and the state share released in
three instalments (40/30/30), each after 75% of what was released before is used and certified.

The DIC is the executing agency (para 26) and records each step. The amounts come from the rules
with the file's own RuleSet, never typed in."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.documents import check_upload
from applications.models import Application, CfcGrant, Document, Payment, UtilisationReport
from applications.queueing import enqueue_after_commit
from applications.services.errors import ApplicationError, Conflict
from applications.workflow import OFFICER, apply_transition, ensure_transition_allowed
from schemes.rules import cfc

CERTIFICATE = "utilisation_certificate"
# GO-CFC-2018 para 30: the next instalment after 75% use of those released.
UTILISATION_NEEDED = Decimal("0.75")


def _notify(application: Application, event: str) -> None:
    from applications.tasks import notify_applicant_task

    enqueue_after_commit(notify_applicant_task, application.pk, event)


def _not_future(value: date, field: str) -> None:
    if value > timezone.localdate():
        raise ApplicationError(_("This date cannot be in the future."), field=field)


def _state_share(application: Application) -> Decimal:
    for line in ((application.outcome or {}).get("benefit") or {}).get("lines", []):
        if line["code"] == "state_share":
            return Decimal(line["amount"])
    raise Conflict(_("The state share of this proposal is not known."))


def instalment_amounts(application: Application) -> tuple[Decimal, Decimal, Decimal]:
    """40/30/30 of the state share with the file's RuleSet; the last absorbs the rounding."""
    grant = getattr(application, "cfc_grant", None)
    share = grant.state_share if grant else _state_share(application)
    return cfc.instalments(share, application.ruleset.rule_parameters())


def record_dpr(*, application_id: int, user, access, received_on: date) -> CfcGrant:
    """Para 19: the DPR, due within 3 months of the in-principle sanction (the stage's clock)."""
    with transaction.atomic():
        application = access(lock=True)
        ensure_transition_allowed(application=application, name="submit_dpr", actor_kind=OFFICER)
        _not_future(received_on, "received_on")
        share = _state_share(application)
        apply_transition(application=application, name="submit_dpr", actor_kind=OFFICER, user=user)
        return CfcGrant.objects.create(
            application=application, dpr_received_on=received_on, state_share=share
        )


def record_final_sanction(
    *, application_id: int, user, access, sanction_order: str, sanctioned_on: date
) -> CfcGrant:
    """Paras 24-25: final approval by the state committee and the department's financial
    sanction, recorded by the executing agency with the order's number."""
    with transaction.atomic():
        application = access(lock=True)
        ensure_transition_allowed(application=application, name="sanction_finally", actor_kind=OFFICER)
        grant = CfcGrant.objects.select_for_update().get(application=application)
        _not_future(sanctioned_on, "sanctioned_on")
        if sanctioned_on < grant.dpr_received_on:
            raise ApplicationError(_("The final sanction follows the DPR."), field="sanctioned_on")
        if not sanction_order.strip():
            raise ApplicationError(_("Give the number of the sanction order."), field="sanction_order")
        apply_transition(application=application, name="sanction_finally", actor_kind=OFFICER, user=user)
        grant.sanction_order, grant.sanctioned_on = sanction_order.strip(), sanctioned_on
        grant.save(update_fields=["sanction_order", "sanctioned_on"])
    return grant


def _released(application: Application) -> Decimal:
    return sum(
        (
            p.amount
            for p in Payment.objects.filter(application=application, purpose__startswith="instalment_")
        ),
        Decimal("0"),
    )


def record_utilisation(
    *, application_id: int, user, access, after_instalment: int, amount_used: Decimal, upload
) -> UtilisationReport:
    """The certificate of use of the instalments released so far, kept as the file's current
    `utilisation_certificate` document. Once per instalment."""
    checked = check_upload(upload)
    with transaction.atomic():
        application = access(lock=True)
        if application.status != f"instalment_{after_instalment}":
            raise Conflict(_("A utilisation certificate follows the instalment just released."))
        if UtilisationReport.objects.filter(
            application=application, after_instalment=after_instalment
        ).exists():
            raise Conflict(_("The utilisation after this instalment is already recorded."))
        released = _released(application)
        if not Decimal("0") < amount_used <= released:
            raise ApplicationError(
                _("The amount used is more than zero and at most the Rs %(released)s released.")
                % {"released": released},
                field="amount_used",
            )
        now = timezone.now()
        application.documents.filter(code=CERTIFICATE, replaced_at__isnull=True).update(replaced_at=now)
        original_name = (upload.name or "")[:200]
        upload.name = f"upload{checked.extension}"
        document = Document.objects.create(
            application=application,
            code=CERTIFICATE,
            file=upload,
            original_name=original_name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=user,
        )
        return UtilisationReport.objects.create(
            application=application,
            after_instalment=after_instalment,
            amount_used=amount_used,
            certificate=document,
            recorded_by=user,
        )


def release_instalment(
    *, application_id: int, user, access, number: int, dbt_reference: str, paid_on: date
) -> Payment:
    """Release instalment `number` (1-3) of the state share. The 2nd needs 75% of the 1st used,
    the 3rd 75% of the 1st and 2nd together, each with its certificate uploaded (para 30). Under
    the application's row lock, so a double submission releases nothing twice."""
    if number not in (1, 2, 3):
        raise ApplicationError(_("Choose the instalment."), field="number")
    name = f"release_instalment_{number}"
    with transaction.atomic():
        application = access(lock=True)
        ensure_transition_allowed(application=application, name=name, actor_kind=OFFICER)
        _not_future(paid_on, "paid_on")
        if not dbt_reference.strip():
            raise ApplicationError(_("Give the reference of the transfer."), field="dbt_reference")
        amounts = instalment_amounts(application)
        if number > 1:
            report = (
                UtilisationReport.objects.select_related("certificate")
                .filter(application=application, after_instalment=number - 1)
                .first()
            )
            released = sum(amounts[: number - 1], Decimal("0"))
            if report is None or report.certificate.replaced_at is not None:
                raise Conflict(_("Upload the utilisation certificate of the earlier instalments first."))
            if report.amount_used < (UTILISATION_NEEDED * released).quantize(Decimal("0.01")):
                raise Conflict(
                    _("At least 75%% of the Rs %(released)s released must be used first; Rs %(used)s is.")
                    % {"released": released, "used": report.amount_used}
                )
        apply_transition(application=application, name=name, actor_kind=OFFICER, user=user)
        payment = Payment.objects.create(
            application=application,
            purpose=f"instalment_{number}",
            amount=amounts[number - 1],
            dbt_reference=dbt_reference.strip(),
            paid_on=paid_on,
            recorded_by=user,
        )
        _notify(application, f"instalment_released:{number}")
    return payment
