"""A what-if: what a draft RuleSet (or a changed target) would do to the files in the live
pipeline, computed by a Celery task and kept with the draft."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WhatIf(models.Model):
    class Kind(models.TextChoices):
        RULESET = "ruleset", _("A draft rule set")
        TARGET = "target", _("A changed target")

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    ruleset = models.ForeignKey(
        "schemes.RuleSet", null=True, blank=True, on_delete=models.PROTECT, related_name="what_ifs"
    )
    # The draft's parameters as simulated: a reviewer publishes only what was simulated.
    parameters = models.JSONField(default=dict, blank=True)
    # A target what-if: this district's target of this sub-scheme and year, raised by `extra`.
    district = models.ForeignKey(
        "districts.District", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scheme = models.ForeignKey("schemes.Scheme", on_delete=models.PROTECT, related_name="+")
    financial_year = models.CharField(max_length=7, blank=True)
    extra = models.PositiveIntegerField(null=True, blank=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    results = models.JSONField(default=dict, blank=True)
    error = models.CharField(max_length=300, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("what-if")
        verbose_name_plural = _("what-ifs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="ruleset", ruleset__isnull=False)
                | models.Q(kind="target", district__isnull=False, extra__isnull=False),
                name="whatif_names_what_it_simulates",
            ),
        ]

    def __str__(self) -> str:
        return f"what-if {self.pk} ({self.kind}, {self.state})"

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class WhatIfChange(models.Model):
    """One file the what-if changes: eligible or not, and its benefit, before and after."""

    what_if = models.ForeignKey(WhatIf, on_delete=models.CASCADE, related_name="changes")
    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey("districts.District", on_delete=models.PROTECT, related_name="+")
    financial_year = models.CharField(max_length=7)
    was_eligible = models.BooleanField(null=True)
    is_eligible = models.BooleanField(null=True)
    old_benefit = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    new_benefit = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    change = models.DecimalField(max_digits=14, decimal_places=2)
    # The rules that decide the change: [{"code", "clause", "message_en", "message_hi"}].
    reasons = models.JSONField(default=list)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["what_if", "change"], name="whatif_change_size")]

    def __str__(self) -> str:
        return f"{self.what_if_id}: {self.application_id} {self.change}"
