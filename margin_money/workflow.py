"""Margin Money after approval: the bank's sanction, training, disbursement, the claim and the 2-year
lock-in (GO-MM-2018 para 5).

Its statuses and moves, registered with the workflow engine (`applications.workflow`) when the
app starts; the engine alone assigns a status."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.workflow import BANK, OFFICER, Status, Table, move, register


class MarginMoneyStatus(models.TextChoices):
    SENT_TO_BANK = "sent_to_bank", _("Sent to the bank")
    LOAN_SANCTIONED = "loan_sanctioned", _("Loan sanctioned by the bank")
    LOAN_REFUSED = "loan_refused", _("Loan refused by the bank")
    TRAINING_DONE = "training_done", _("Entrepreneurship training completed")
    LOAN_DISBURSED = "loan_disbursed", _("Loan disbursed")
    MM_CLAIMED = "mm_claimed", _("Margin money claimed by the bank")
    MM_RELEASED = "mm_released", _("Margin money released (2-year lock-in)")
    CONVERTED_TO_GRANT = "converted_to_grant", _("Margin money converted to grant")
    MM_RECOVERED = "mm_recovered", _("Margin money recovered")
    MM_ADJUSTED = "mm_adjusted", _("Margin money adjusted against the loan")


S = MarginMoneyStatus

TABLE = Table(
    name="margin_money",
    statuses=MarginMoneyStatus,
    transitions=[
        # Margin Money with the bank (GO-MM-2018 para 5(3)-(11)).
        move("send_to_bank", {Status.APPROVED}, S.SENT_TO_BANK, {OFFICER}, _("Sent to the bank")),
        move(
            "sanction_loan",
            {S.SENT_TO_BANK},
            S.LOAN_SANCTIONED,
            {BANK},
            _("Loan sanctioned by the bank"),
        ),
        move("refuse_loan", {S.SENT_TO_BANK}, S.LOAN_REFUSED, {BANK}, _("Loan refused by the bank")),
        move(
            "record_training",
            {S.LOAN_SANCTIONED},
            S.TRAINING_DONE,
            {BANK, OFFICER},
            _("Entrepreneurship training completed"),
        ),
        move("disburse_loan", {S.TRAINING_DONE}, S.LOAN_DISBURSED, {BANK}, _("Loan disbursed")),
        move(
            "claim_margin_money",
            {S.LOAN_DISBURSED},
            S.MM_CLAIMED,
            {BANK},
            _("Margin money claimed by the bank"),
        ),
        move(
            "release_margin_money",
            {S.MM_CLAIMED},
            S.MM_RELEASED,
            {OFFICER},
            _("Margin money released"),
        ),
        move(
            "convert_to_grant",
            {S.MM_RELEASED},
            S.CONVERTED_TO_GRANT,
            {OFFICER},
            _("Margin money converted to grant"),
        ),
        move(
            "recover_margin_money",
            {S.MM_RELEASED},
            S.MM_RECOVERED,
            {OFFICER},
            _("Margin money recovered"),
        ),
        move(
            "adjust_margin_money",
            {S.MM_RELEASED},
            S.MM_ADJUSTED,
            {OFFICER},
            _("Margin money adjusted against the loan"),
        ),
    ],
    holders={
        S.SENT_TO_BANK: _("Bank branch"),
        S.LOAN_SANCTIONED: _("Bank branch (training)"),
        S.LOAN_REFUSED: _("Closed"),
        S.TRAINING_DONE: _("Bank branch"),
        S.LOAN_DISBURSED: _("Bank branch"),
        S.MM_CLAIMED: _("District Industries and Enterprise Promotion Centre"),
        S.MM_RELEASED: _("Bank branch (2-year lock-in)"),
        S.CONVERTED_TO_GRANT: _("Closed"),
        S.MM_RECOVERED: _("Closed"),
        S.MM_ADJUSTED: _("Closed"),
    },
    office_states=frozenset(
        {S.SENT_TO_BANK, S.LOAN_SANCTIONED, S.TRAINING_DONE, S.LOAN_DISBURSED, S.MM_CLAIMED}
    ),
    bank_states=frozenset({S.SENT_TO_BANK, S.LOAN_SANCTIONED, S.TRAINING_DONE, S.LOAN_DISBURSED}),
    # A refused loan or recovered margin money ends the sanction (GO-MM-2018 para 5).
    sanction_ended=frozenset({S.LOAN_REFUSED, S.MM_RECOVERED}),
)
register(TABLE)
