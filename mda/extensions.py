"""What MDA adds to the district office's file page: paying the approved claim by DBT."""

from applications.extensions import OfficeAction, register_office_action
from mda import services
from mda.forms import PayForm


def register() -> None:
    register_office_action(
        OfficeAction(
            "pay_claim",
            services.pay_mda_claim,
            lambda a, moves: "pay_claim" in moves and a.scheme.code == "MDA",
            PayForm,
        )
    )
