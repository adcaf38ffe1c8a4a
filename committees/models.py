"""The DM committees: who sits on them, their meetings, agendas, attendance, recusals,
decisions, letters and escalations of overdue files."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# --- Committees --------------------------------------------------------------------------------


class CommitteeKind(models.TextChoices):
    DLTFC = "dltfc", _("District Level Task Force Committee")
    DLC = "dlc", _("District Level Committee")
    TSC = "tsc", _("Toolkit Selection Committee")
    SLC = "slc", _("State Level Committee")
    HLC = "hlc", _("High Level Committee")


class Committee(models.Model):
    """A committee that decides applications. Which committee decides which sub-scheme in which
    district is data (the `schemes` it decides and its `district`), loaded from the GOs and
    editable in the admin."""

    kind = models.CharField(_("kind"), max_length=10, choices=CommitteeKind.choices)
    district = models.ForeignKey(
        "districts.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committees",
        help_text=_("Empty for the state committees."),
    )
    schemes = models.ManyToManyField("schemes.Scheme", related_name="committees", verbose_name=_("decides"))
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_hi = models.CharField(_("name (Hindi)"), max_length=200)
    chair_en = models.CharField(_("chair (English)"), max_length=200, blank=True)
    chair_hi = models.CharField(_("chair (Hindi)"), max_length=200, blank=True)
    go_reference = models.CharField(_("constituted by"), max_length=200, blank=True)
    # The GOs say how often; the day and the quorum are the district's own choice.
    meeting_interval_months = models.PositiveSmallIntegerField(_("meets every (months)"), default=1)
    meeting_day = models.PositiveSmallIntegerField(_("usual day of the month"), default=15)
    agenda_lock_days = models.PositiveSmallIntegerField(
        _("agenda closes (days before the meeting)"), default=3
    )
    quorum = models.PositiveSmallIntegerField(_("quorum (members present)"), default=3)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="CommitteeMembership", related_name="committees"
    )

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        constraints = [
            models.UniqueConstraint(fields=["kind", "district"], name="one_committee_of_a_kind_per_district"),
        ]

    def __str__(self) -> str:
        return f"{self.name_en} ({self.district.name_en if self.district_id else 'State'})"

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        return self.name_hi if (get_language() or "").startswith("hi") else self.name_en


class CommitteeMembership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        SECRETARY = "secretary", _("Member-secretary")
        MEMBER = "member", _("Member")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    designation = models.CharField(_("designation"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["committee", "user"], name="one_membership_per_committee")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.committee_id} as {self.role}"


class Meeting(models.Model):
    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled: agenda open")
        LOCKED = "locked", _("Agenda closed")
        APPLYING = "applying", _("Decisions being applied")
        CLOSED = "closed", _("Decisions applied")

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    scheduled_for = models.DateTimeField(_("date and time"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.SCHEDULED)
    locked_at = models.DateTimeField(null=True, blank=True)
    agenda_pdf = models.FileField(upload_to="meetings/", null=True, blank=True)
    minutes_pdf = models.FileField(upload_to="meetings/", null=True, blank=True)
    decisions_recorded_at = models.DateTimeField(null=True, blank=True)
    decisions_applied_at = models.DateTimeField(null=True, blank=True)
    reminders_sent_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["scheduled_for", "id"]
        indexes = [models.Index(fields=["committee", "state", "scheduled_for"], name="meeting_next")]

    def __str__(self) -> str:
        return f"{self.committee.name_en} on {self.scheduled_for:%d-%m-%Y}"

    @property
    def has_begun(self) -> bool:
        """Decisions are recorded only for a meeting whose time has come."""
        return self.scheduled_for <= timezone.now()


class AgendaItem(models.Model):
    class Decision(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REJECT = "reject", _("Reject")
        DEFER = "defer", _("Defer to the next meeting")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="agenda_items"
    )
    position = models.PositiveIntegerField()
    added_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    reason_codes = models.JSONField(default=list, blank=True)
    decision_text = models.TextField(blank=True, max_length=2000)
    interview_note = models.TextField(blank=True, max_length=2000)
    # When the decision moved the application (set once; the apply task skips items that have it).
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "application"], name="once_per_agenda"),
            models.UniqueConstraint(fields=["meeting", "position"], name="one_item_per_position"),
            # An application waits on at most one agenda at a time.
            models.UniqueConstraint(
                fields=["application"], condition=Q(applied_at__isnull=True), name="one_open_agenda_item"
            ),
        ]

    def __str__(self) -> str:
        return f"item {self.position} of meeting #{self.meeting_id}"

    # The choices are what the secretary does ("Approve"); a decision taken reads as its outcome.
    OUTCOMES = {
        "approve": _("Approved"),
        "reject": _("Rejected"),
        "defer": _("Deferred to the next meeting"),
    }

    @property
    def decision_outcome(self) -> str:
        return str(self.OUTCOMES.get(self.decision, ""))


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="one_attendance_per_member")]

    def __str__(self) -> str:
        return f"{self.user_id} at meeting #{self.meeting_id}: {'present' if self.present else 'absent'}"


class Recusal(models.Model):
    """A member with a conflict of interest takes no part in one item."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="recusals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "user"], name="one_recusal_per_member_item")]

    def __str__(self) -> str:
        return f"{self.user_id} recused from item #{self.item_id}"


class Letter(models.Model):
    class Kind(models.TextChoices):
        SANCTION = "sanction", _("Sanction letter")
        REJECTION = "rejection", _("Rejection letter")

    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="letters"
    )
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    file = models.FileField(upload_to="letters/")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "kind"], name="one_letter_per_decision")]

    def __str__(self) -> str:
        return f"{self.kind} letter for application #{self.application_id}"


class Escalation(models.Model):
    """A file overdue at a stage, raised to the next level once per stage and level."""

    class Level(models.TextChoices):
        DC_INDUSTRIES = "dc_industries", _("Deputy Commissioner Industries")
        DM = "dm", _("District Magistrate")
        LEAD_BANK = "lead_bank", _("Lead District Manager (bank)")

    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="escalations"
    )
    status = models.CharField(max_length=20)
    stage_entered_at = models.DateTimeField()
    level = models.CharField(max_length=20, choices=Level.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "stage_entered_at", "level"], name="one_escalation_per_stage_level"
            )
        ]

    def __str__(self) -> str:
        return f"{self.level} escalation of application #{self.application_id}"
