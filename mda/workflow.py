"""Marketing Development Assistance after approval: the claim paid by DBT (GO-MDA-2019 paras 11-12).

Its statuses and moves, registered with the workflow engine (`applications.workflow`) when the
app starts; the engine alone assigns a status."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.workflow import OFFICER, Status, Table, move, register


class MdaStatus(models.TextChoices):
    PAID = "paid", _("Paid")


S = MdaStatus

TABLE = Table(
    name="mda",
    statuses=MdaStatus,
    transitions=[
        # Marketing Development Assistance (GO-MDA-2019 paras 11-12).
        move("pay_claim", {Status.APPROVED}, S.PAID, {OFFICER}, _("Paid by DBT")),
    ],
    holders={
        S.PAID: _("Closed"),
    },
    office_states=frozenset({}),
)
register(TABLE)
