"""Common Facility Centre after the state committee's in-principle sanction (GO-CFC-2018 paras
19-33 as amended by GO-CFC-2023): the DPR, its appraisal, the final approval (a state committee
meeting, see committees.py), the financial sanction, the bipartite agreement, and the state share
released in three instalments (40/30/30), each after 75% of what was released before is used and
certified.

The DIC is the executing agency (para 26) and records the DPR, the agreement and the releases;
the ODOP cell records the appraisal and the department's financial sanction. The amounts come
from the rules with the file's own RuleSet, never typed in."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from applications.documents import check_upload, store_document
from applications.engine import apply_transition
from applications.facts import FACT_BUILDERS, application_answers, as_of
from applications.models import Application
from applications.queueing import notify_after_commit, place_on_agenda_after_commit
from applications.services.errors import ApplicationError, Conflict
from applications.workflow import OFFICER, STATE, ensure_transition_allowed
from cfc.models import CfcGrant, UtilisationReport
from cfc.workflow import CfcStatus
from payments.models import Payment
from payments.services import not_future, record_payment
from schemes.rules import cfc

CERTIFICATE = "utilisation_certificate"
APPRAISAL = "dpr_appraisal"
# The stages at which a utilisation certificate is due, and the instalment it follows.
CERTIFIED_AFTER = {CfcStatus.INSTALMENT_1: 1, CfcStatus.INSTALMENT_2: 2}
# GO-CFC-2018 para 30: the next instalment after 75% use of those released.
UTILISATION_NEEDED = Decimal("0.75")


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
        not_future(received_on, "received_on")
        share = _state_share(application)
        apply_transition(application=application, name="submit_dpr", actor_kind=OFFICER, user=user)
        return CfcGrant.objects.create(
            application=application, dpr_received_on=received_on, in_principle_share=share, state_share=share
        )


def appraised_state_share(application: Application, appraised_cost: Decimal) -> Decimal:
    """The state share after the appraisal: what the rules allow on the appraised project cost
    (land excluded), never more than the share sanctioned in principle."""
    facts = FACT_BUILDERS["CFC"](application_answers(application), as_of(application))
    params = application.ruleset.rule_parameters()
    limit = cfc.max_state_share(
        appraised_cost, facts.applicant, facts.is_environment_or_research_project, params
    )
    if not limit:
        raise ApplicationError(
            _("At this appraised cost the scheme cannot pay a state share; check the figure."),
            field="appraised_cost",
        )
    return min(application.cfc_grant.in_principle_share or application.cfc_grant.state_share, limit)


def record_appraisal(
    *, application_id: int, user, access, agency: str, appraised_on: date, appraised_cost: Decimal, upload
) -> CfcGrant:
    """Paras 21-22: the appraisal of the DPR by the expert agency the State Level Committee
    chose, recorded by the ODOP cell with the agency's report. The appraised project cost (land
    excluded) can only lower the state share. The file then waits for the state committee's
    final approval (the agenda task is queued after commit)."""
    checked = check_upload(upload, label=_("Appraisal report"))
    with transaction.atomic():
        application = access(lock=True)
        ensure_transition_allowed(application=application, name="appraise_dpr", actor_kind=STATE)
        grant = CfcGrant.objects.select_for_update().get(application=application)
        if not agency.strip():
            raise ApplicationError(_("Give the name of the appraising agency."), field="agency")
        not_future(appraised_on, "appraised_on")
        if appraised_on < grant.dpr_received_on:
            raise ApplicationError(_("The appraisal follows the DPR."), field="appraised_on")
        if appraised_cost <= 0:
            raise ApplicationError(_("Give the project cost the agency appraised."), field="appraised_cost")
        share = appraised_state_share(application, appraised_cost)
        report = store_document(
            application=application, code=APPRAISAL, upload=upload, checked=checked, user=user
        )
        apply_transition(application=application, name="appraise_dpr", actor_kind=STATE, user=user)
        grant.appraisal_agency, grant.appraised_on = agency.strip(), appraised_on
        grant.appraised_cost, grant.appraisal_report, grant.state_share = appraised_cost, report, share
        grant.save(
            update_fields=[
                "appraisal_agency",
                "appraised_on",
                "appraised_cost",
                "appraisal_report",
                "state_share",
            ]
        )

        place_on_agenda_after_commit(application)
        notify_after_commit(application, "appraise_dpr")
    return grant


def record_final_sanction(
    *, application_id: int, user, access, sanction_order: str, sanctioned_on: date
) -> CfcGrant:
    """Para 25: the financial sanction of the MSME and Export Promotion Department after the
    state committee's final approval, recorded by the ODOP cell with the order's number."""
    with transaction.atomic():
        application = access(lock=True)
        ensure_transition_allowed(application=application, name="sanction_finally", actor_kind=STATE)
        grant = CfcGrant.objects.select_for_update().get(application=application)
        not_future(sanctioned_on, "sanctioned_on")
        if grant.appraised_on and sanctioned_on < grant.appraised_on:
            raise ApplicationError(_("The final sanction follows the appraisal."), field="sanctioned_on")
        if not sanction_order.strip():
            raise ApplicationError(_("Give the number of the sanction order."), field="sanction_order")
        apply_transition(application=application, name="sanction_finally", actor_kind=STATE, user=user)
        grant.sanction_order, grant.sanctioned_on = sanction_order.strip(), sanctioned_on
        grant.save(update_fields=["sanction_order", "sanctioned_on"])
        notify_after_commit(application, "sanction_finally")
    return grant


def record_agreement(*, application_id: int, user, access, signed_on: date) -> CfcGrant:
    """Para 27: DC Industries signs the bipartite agreement with the SPV before any release."""
    with transaction.atomic():
        application = access(lock=True)
        ensure_transition_allowed(application=application, name="sign_agreement", actor_kind=OFFICER)
        grant = CfcGrant.objects.select_for_update().get(application=application)
        if grant.agreement_signed_on:
            raise Conflict(_("The bipartite agreement is already recorded."))
        not_future(signed_on, "signed_on")
        if grant.sanctioned_on and signed_on < grant.sanctioned_on:
            raise ApplicationError(_("The agreement follows the financial sanction."), field="signed_on")
        apply_transition(application=application, name="sign_agreement", actor_kind=OFFICER, user=user)
        grant.agreement_signed_on = signed_on
        grant.save(update_fields=["agreement_signed_on"])
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
    *,
    application_id: int,
    user,
    access,
    after_instalment: int,
    amount_used: Decimal,
    upload,
    interest_earned: Decimal = Decimal("0"),
) -> UtilisationReport:
    """The certificate of use of the instalments released so far, kept as the file's current
    `utilisation_certificate` document, with the interest the project account earned since the
    last certificate (para 30: it counts as project cost and is adjusted in the next instalment).
    Once per instalment; the SPV uploads it from its own page, or the DIC for it."""
    checked = check_upload(upload, label=_("Utilisation certificate"))
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
        if interest_earned < 0:
            raise ApplicationError(_("The interest earned cannot be negative."), field="interest_earned")
        document = store_document(
            application=application, code=CERTIFICATE, upload=upload, checked=checked, user=user
        )
        return UtilisationReport.objects.create(
            application=application,
            after_instalment=after_instalment,
            amount_used=amount_used,
            interest_earned=interest_earned,
            certificate=document,
            recorded_by=user,
        )


def release_instalment(
    *, application_id: int, user, access, number: int, dbt_reference: str, paid_on: date
) -> Payment:
    """Release instalment `number` (1-3) of the state share. The 1st needs the bipartite
    agreement (para 27); the 2nd needs 75% of the 1st used, the 3rd 75% of the 1st and 2nd
    together, each with its certificate uploaded (para 30). Under the application's row lock, so
    a double submission releases nothing twice."""
    if number not in (1, 2, 3):
        raise ApplicationError(_("Choose the instalment."), field="number")
    name = f"release_instalment_{number}"
    with transaction.atomic():
        application = access(lock=True)
        ensure_transition_allowed(application=application, name=name, actor_kind=OFFICER)
        not_future(paid_on, "paid_on")
        if not dbt_reference.strip():
            raise ApplicationError(_("Give the reference of the transfer."), field="dbt_reference")
        amount = instalment_amounts(application)[number - 1]
        if number == 1 and not application.cfc_grant.agreement_signed_on:
            raise Conflict(_("Record the bipartite agreement with the SPV first (para 27)."))
        if number > 1:
            report = (
                UtilisationReport.objects.select_related("certificate")
                .filter(application=application, after_instalment=number - 1)
                .first()
            )
            released = _released(application)
            if report is None or report.certificate.replaced_at is not None:
                raise Conflict(_("Upload the utilisation certificate of the earlier instalments first."))
            if report.amount_used < (UTILISATION_NEEDED * released).quantize(Decimal("0.01")):
                raise Conflict(
                    _("At least 75%% of the Rs %(released)s released must be used first; Rs %(used)s is.")
                    % {"released": released, "used": report.amount_used}
                )
            # Para 30: interest earned on the project account is adjusted in the next instalment.
            amount = max(amount - report.interest_earned, Decimal("0"))
        apply_transition(application=application, name=name, actor_kind=OFFICER, user=user)
        payment = record_payment(
            application=application,
            purpose=f"instalment_{number}",
            amount=amount,
            dbt_reference=dbt_reference,
            paid_on=paid_on,
            user=user,
        )
        notify_after_commit(application, f"instalment_released:{number}")
    return payment
