"""The Common Facility Centre grant after the in-principle sanction."""

from django.conf import settings
from django.db import models

# --- Common Facility Centre (GO-CFC-2018 as amended by GO-CFC-2023) ------------------------------


class CfcGrant(models.Model):
    """The state's grant for a sanctioned CFC: the DPR, its appraisal, the final sanction, the
    bipartite agreement and the state share the instalments are computed from (with the file's
    RuleSet). `in_principle_share` is the share sanctioned in principle; `state_share` is the
    share after the appraisal, never more."""

    application = models.OneToOneField(
        "applications.Application", on_delete=models.PROTECT, related_name="cfc_grant"
    )
    dpr_received_on = models.DateField()
    in_principle_share = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    state_share = models.DecimalField(max_digits=14, decimal_places=2)
    appraisal_agency = models.CharField(max_length=200, blank=True)
    appraised_on = models.DateField(null=True, blank=True)
    appraised_cost = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    appraisal_report = models.ForeignKey(
        "applications.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sanction_order = models.CharField(max_length=100, blank=True)
    sanctioned_on = models.DateField(null=True, blank=True)
    agreement_signed_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"CFC grant of application #{self.application_id}"


class UtilisationReport(models.Model):
    """How much of the instalments released so far has been used, with the utilisation
    certificate (GO-CFC-2018 para 30): the next instalment needs 75% of them used."""

    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="utilisation_reports"
    )
    after_instalment = models.PositiveSmallIntegerField()
    amount_used = models.DecimalField(max_digits=14, decimal_places=2)
    # Para 30: interest earned on the project account counts as project cost and is adjusted
    # in the next instalment.
    interest_earned = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    certificate = models.ForeignKey("applications.Document", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "after_instalment"], name="one_report_per_instalment"
            )
        ]

    def __str__(self) -> str:
        return f"utilisation after instalment {self.after_instalment} of application #{self.application_id}"
