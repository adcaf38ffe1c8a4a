"""Training and Toolkit after selection: batches, attendance, honoraria, kits and hand-over."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# --- Training and Toolkit (GO-TT-2020) -----------------------------------------------------------


class TrainingBatch(models.Model):
    """A 10-day batch at a training institution (paras 3-4), at most `max_trainees_per_batch`
    trainees of one district, with the RuleSet in force when it was set up."""

    class Track(models.TextChoices):
        RPL = "rpl", _("RPL: 5-day bridge course + 5-day EDP (craft has a QP)")
        GENERAL = "general", _("General: 5-day skill training + 5-day EDP")

    district = models.ForeignKey("districts.District", on_delete=models.PROTECT, related_name="batches")
    ruleset = models.ForeignKey("schemes.RuleSet", on_delete=models.PROTECT, related_name="+")
    institution = models.CharField(_("training institution"), max_length=200)
    track = models.CharField(_("track"), max_length=10, choices=Track.choices)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    venue = models.CharField(_("venue"), max_length=200)
    capacity = models.PositiveSmallIntegerField(_("seats"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["district", "-start_date"], name="batch_district")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="batch_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="batch_has_seats"),
        ]

    def __str__(self) -> str:
        return f"batch #{self.pk} ({self.start_date:%d-%m-%Y})"


class BatchTrainee(models.Model):
    """One selected artisan in a batch; an application is placed in one batch only."""

    batch = models.ForeignKey(TrainingBatch, on_delete=models.PROTECT, related_name="trainees")
    application = models.OneToOneField(
        "applications.Application", on_delete=models.PROTECT, related_name="trainee"
    )
    placed_at = models.DateTimeField(auto_now_add=True)
    completed = models.BooleanField(default=False)
    # Para 5(5): funds short, the toolkit is given with priority in this financial year.
    toolkit_carried_to = models.CharField(max_length=7, blank=True)

    def __str__(self) -> str:
        return f"application #{self.application_id} in batch #{self.batch_id}"


class TrainingAttendance(models.Model):
    trainee = models.ForeignKey(BatchTrainee, on_delete=models.CASCADE, related_name="attendance")
    day = models.DateField()
    present = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["trainee", "day"], name="one_attendance_per_trainee_day")
        ]

    def __str__(self) -> str:
        return f"trainee #{self.trainee_id} on {self.day:%d-%m-%Y}: {'present' if self.present else 'absent'}"


class InstitutionPayment(models.Model):
    """The institution is paid half at the start and half on satisfactory completion (para 4(2))."""

    batch = models.ForeignKey(TrainingBatch, on_delete=models.PROTECT, related_name="institution_payments")
    half = models.PositiveSmallIntegerField(choices=[(1, _("First half")), (2, _("Second half"))])
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    dbt_reference = models.CharField(max_length=60)
    paid_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["batch", "half"], name="each_half_paid_once"),
            models.CheckConstraint(condition=Q(half__in=[1, 2]), name="half_is_one_or_two"),
        ]

    def __str__(self) -> str:
        return f"half {self.half} for batch #{self.batch_id}"


class ToolkitKit(models.Model):
    """The tools and value of a product's toolkit, fixed district-wise and product-wise by the
    committee chaired by the Commissioner & Director Industries (para 5(2)); at most the cap of
    the RuleSet in force (5(3)). An empty district means every district of the product."""

    district = models.ForeignKey(
        "districts.District", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    product = models.ForeignKey("districts.Product", on_delete=models.PROTECT, related_name="+")
    items = models.TextField(_("items"), max_length=4000)
    value = models.DecimalField(_("value (rupees)"), max_digits=10, decimal_places=2)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("toolkit")
        verbose_name_plural = _("toolkits")
        constraints = [models.CheckConstraint(condition=Q(value__gt=0), name="kit_value_positive")]

    def __str__(self) -> str:
        return f"toolkit #{self.pk} (Rs {self.value})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from schemes.selectors import active_ruleset, scheme_get

        if self.value is None:
            return
        cap = active_ruleset(scheme=scheme_get(code="TT"), on=timezone.localdate()).rule_parameters()
        if self.value > cap.toolkit_value_cap:
            raise ValidationError(
                {
                    "value": _("A toolkit may be worth at most Rs %(cap)s (GO-TT-2020 para 5(3)).")
                    % {"cap": cap.toolkit_value_cap}
                }
            )


class ToolkitIssue(models.Model):
    """A toolkit handed over, acknowledged by the one-time code sent to the artisan's mobile,
    and the artisan's feedback on it."""

    application = models.OneToOneField(
        "applications.Application", on_delete=models.PROTECT, related_name="toolkit_issue"
    )
    kit = models.ForeignKey(ToolkitKit, on_delete=models.PROTECT, related_name="issues")
    value = models.DecimalField(max_digits=10, decimal_places=2)
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acknowledged_by_otp = models.BooleanField(default=False)
    feedback_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    feedback_text = models.TextField(blank=True, max_length=2000)
    feedback_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(feedback_rating__isnull=True) | Q(feedback_rating__gte=1, feedback_rating__lte=5),
                name="feedback_rating_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"toolkit issue of application #{self.application_id}"
