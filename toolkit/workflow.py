"""Training and Toolkit after the committee's selection: the batch, the honorarium and the toolkit
(GO-TT-2020 paras 3-5).

Its statuses and moves, registered with the workflow engine (`applications.workflow`) when the
app starts; the engine alone assigns a status."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.workflow import OFFICER, Status, Table, move, register


class ToolkitStatus(models.TextChoices):
    IN_TRAINING = "in_training", _("Placed in a training batch")
    TRAINED = "trained", _("Training completed")
    HONORARIUM_PAID = "honorarium_paid", _("Honorarium paid")
    TOOLKIT_DEFERRED = "toolkit_deferred", _("Toolkit carried forward to the next financial year")
    TOOLKIT_ISSUED = "toolkit_issued", _("Toolkit handed over")


S = ToolkitStatus

TABLE = Table(
    name="toolkit",
    statuses=ToolkitStatus,
    transitions=[
        # Training and Toolkit (GO-TT-2020): the committee's selection is the approval.
        move(
            "place_in_batch",
            {Status.APPROVED},
            S.IN_TRAINING,
            {OFFICER},
            _("Placed in a training batch"),
        ),
        move("mark_trained", {S.IN_TRAINING}, S.TRAINED, {OFFICER}, _("Training completed")),
        # A selected artisan who never came to the batch waits for a later one.
        move(
            "return_to_selection",
            {S.IN_TRAINING},
            Status.APPROVED,
            {OFFICER},
            _("Never attended the batch; back on the list for a later batch"),
        ),
        move("pay_honorarium", {S.TRAINED}, S.HONORARIUM_PAID, {OFFICER}, _("Honorarium paid")),
        # Para 5(5): funds short, the toolkit waits for the next financial year with priority.
        move(
            "defer_toolkit",
            {S.TRAINED, S.HONORARIUM_PAID},
            S.TOOLKIT_DEFERRED,
            {OFFICER},
            _("Toolkit carried forward to the next financial year"),
        ),
        # A file carried forward before its honorarium was paid is paid while it waits.
        move(
            "pay_deferred_honorarium",
            {S.TOOLKIT_DEFERRED},
            S.TOOLKIT_DEFERRED,
            {OFFICER},
            _("Honorarium paid"),
        ),
        move(
            "issue_toolkit",
            {S.HONORARIUM_PAID, S.TOOLKIT_DEFERRED},
            S.TOOLKIT_ISSUED,
            {OFFICER},
            _("Toolkit handed over"),
        ),
    ],
    holders={
        S.IN_TRAINING: _("Training institution"),
        S.TRAINED: _("District Industries and Enterprise Promotion Centre (honorarium)"),
        S.HONORARIUM_PAID: _("District Industries and Enterprise Promotion Centre (toolkit)"),
        S.TOOLKIT_DEFERRED: _("District Industries and Enterprise Promotion Centre (toolkit next year)"),
        S.TOOLKIT_ISSUED: _("Closed"),
    },
    office_states=frozenset({S.IN_TRAINING, S.TRAINED, S.HONORARIUM_PAID, S.TOOLKIT_DEFERRED}),
)
register(TABLE)
