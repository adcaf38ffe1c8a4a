"""Reads for the CFC pages: the grant's instalments and the state's proposals."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from applications.models import Application
from cfc.models import CfcGrant, UtilisationReport
from cfc.workflow import CfcStatus
from payments.models import Payment


@dataclass(frozen=True)
class CfcInstalment:
    number: int
    planned: Decimal
    payment: Payment | None
    report: UtilisationReport | None


@dataclass(frozen=True)
class CfcGrantSummary:
    grant: CfcGrant
    instalments: list[CfcInstalment]
    released: Decimal


def cfc_grant_summary(application: Application) -> CfcGrantSummary | None:
    """The grant of a CFC proposal past its DPR: the shares, each instalment as planned and as
    released, and the certificates of use. Three queries whatever the file's history."""
    from cfc.services import instalment_amounts

    grant = CfcGrant.objects.filter(application=application).select_related("appraisal_report").first()
    if grant is None:
        return None
    application.cfc_grant = grant
    payments = {
        p.purpose: p
        for p in Payment.objects.filter(application=application, purpose__startswith="instalment_")
    }
    reports = {
        r.after_instalment: r
        for r in UtilisationReport.objects.filter(application=application).select_related("certificate")
    }
    planned = instalment_amounts(application)
    rows = [
        CfcInstalment(number, planned[number - 1], payments.get(f"instalment_{number}"), reports.get(number))
        for number in (1, 2, 3)
    ]
    return CfcGrantSummary(
        grant=grant,
        instalments=rows,
        released=sum((p.amount for p in payments.values()), Decimal("0")),
    )


# After district screening: the stages the ODOP cell follows, and the two it records itself.
CFC_STATE_STAGES = (
    CfcStatus.FORWARDED_TO_STATE,
    CfcStatus.STATE_ON_AGENDA,
    CfcStatus.IN_PRINCIPLE,
    CfcStatus.DPR_SUBMITTED,
    CfcStatus.DPR_APPRAISED,
    CfcStatus.FINAL_ON_AGENDA,
    CfcStatus.FINAL_APPROVED,
    CfcStatus.FINAL_SANCTION,
    CfcStatus.INSTALMENT_1,
    CfcStatus.INSTALMENT_2,
    CfcStatus.INSTALMENT_3,
)


WAITING_ON_STATE = (CfcStatus.DPR_SUBMITTED, CfcStatus.FINAL_APPROVED)


def cfc_proposals_for_state(*, waiting_on_state: bool) -> QuerySet[Application]:
    """CFC proposals past district screening, oldest deadline first; one query per page."""
    stages = WAITING_ON_STATE if waiting_on_state else CFC_STATE_STAGES
    return (
        Application.objects.filter(scheme__code="CFC", status__in=stages)
        .select_related("applicant", "district", "cfc_grant")
        .order_by("due_at", "id")
    )
