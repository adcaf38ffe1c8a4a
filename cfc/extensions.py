"""What the CFC grant adds to the shared file pages: the grant and its instalments, the SPV's
utilisation certificate, and the DIC's steps after the in-principle sanction."""

from applications.extensions import OfficeAction, register_file_context, register_office_action
from cfc import selectors, services
from cfc.forms import AgreementForm, DprForm, InstalmentForm, OfficeUtilisationForm, UtilisationForm
from cfc.workflow import CfcStatus


def _context(application, page: str) -> dict:
    if application.scheme.code != "CFC":
        return {}
    summary = selectors.cfc_grant_summary(application)
    context = {"cfc": summary}
    if page == "owner":
        # The SPV certifies the use of each instalment itself (GO-CFC-2018 para 30).
        due = bool(
            summary
            and application.status in services.CERTIFIED_AFTER
            and not summary.instalments[services.CERTIFIED_AFTER[application.status] - 1].report
        )
        context["utilisation_form"] = UtilisationForm(prefix="utilisation") if due else None
    return context


def register() -> None:
    register_file_context(_context)
    for action in [
        OfficeAction("record_dpr", services.record_dpr, lambda a, moves: "submit_dpr" in moves, DprForm),
        OfficeAction(
            "record_agreement",
            services.record_agreement,
            lambda a, moves: "sign_agreement" in moves and not a.cfc_grant.agreement_signed_on,
            AgreementForm,
        ),
        OfficeAction(
            "release_instalment",
            services.release_instalment,
            lambda a, moves: bool(
                moves & {"release_instalment_1", "release_instalment_2", "release_instalment_3"}
            ),
            InstalmentForm,
        ),
        OfficeAction(
            "record_utilisation",
            services.record_utilisation,
            lambda a, moves: a.status in (CfcStatus.INSTALMENT_1, CfcStatus.INSTALMENT_2),
            OfficeUtilisationForm,
        ),
    ]:
        register_office_action(action)
