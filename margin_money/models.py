"""A Margin Money file's life with the bank (GO-MM-2018 para 5)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MarginMoneyCase(models.Model):
    """A Margin Money file's life with the bank, from the DIC sending it to the grant."""

    class Outcome(models.TextChoices):
        GRANT = "grant", _("Converted to grant")
        RECOVERED = "recovered", _("Recovered (wilful misuse)")
        ADJUSTED = "adjusted", _("Adjusted against the loan (natural calamity or exceptional circumstances)")

    application = models.OneToOneField(
        "applications.Application", on_delete=models.PROTECT, related_name="margin_money"
    )
    bank_branch = models.ForeignKey("districts.BankBranch", on_delete=models.PROTECT, related_name="cases")
    sent_at = models.DateTimeField()
    loan_amount = models.DecimalField(
        _("loan sanctioned"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    loan_sanctioned_on = models.DateField(_("date of sanction"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    training_institution = models.CharField(_("training institution"), max_length=200, blank=True)
    training_from = models.DateField(null=True, blank=True)
    training_to = models.DateField(null=True, blank=True)
    training_certificate = models.CharField(_("certificate number"), max_length=100, blank=True)
    first_instalment_on = models.DateField(_("first instalment"), null=True, blank=True)
    claim_amount = models.DecimalField(
        _("margin money claimed"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    claimed_on = models.DateField(null=True, blank=True)
    released_amount = models.DecimalField(
        _("margin money released"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    released_on = models.DateField(null=True, blank=True)
    dbt_reference = models.CharField(_("DBT reference"), max_length=60, blank=True)
    lock_in_ends_on = models.DateField(null=True, blank=True)
    inspected_on = models.DateField(_("joint inspection"), null=True, blank=True)
    inspection_note = models.TextField(blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    # Whether the file waits on the bank now (its status is one of BANK_STATES), kept with every
    # move (`services._move`), so the branch's queue is one index range at any depth.
    at_bank = models.BooleanField(default=True, editable=False)

    class Meta:
        indexes = [
            # The branch's queue, oldest first, in keyset pages: the filter leads, then the order.
            models.Index(fields=["bank_branch", "sent_at", "id"], name="mm_branch_queue"),
            models.Index(
                fields=["bank_branch", "sent_at", "id"], name="mm_branch_waiting", condition=Q(at_bank=True)
            ),
        ]

    def __str__(self) -> str:
        return f"margin money case of application #{self.application_id}"
