"""Money paid by DBT, shared by every sub-scheme."""

from django.conf import settings
from django.db import models


class Payment(models.Model):
    """Money paid by DBT on an approved application (MDA claims; honoraria and instalments
    will follow). One payment per application and purpose."""

    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="payments"
    )
    purpose = models.CharField(max_length=30)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    dbt_reference = models.CharField(max_length=60)
    paid_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "purpose"], name="one_payment_per_purpose")
        ]

    def __str__(self) -> str:
        return f"{self.purpose} payment of application #{self.application_id}"
