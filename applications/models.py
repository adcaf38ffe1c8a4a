import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from applications.workflow import OFFICE_STATES, Status

ifsc_validator = RegexValidator(
    r"^[A-Z]{4}0[A-Z0-9]{6}$", _("Enter the 11-character IFSC of your bank branch, for example SBIN0001234.")
)
udyam_validator = RegexValidator(
    r"^UDYAM-[A-Z]{2}-\d{2}-\d{7}$",
    _("Enter the Udyam number as on the certificate, for example UDYAM-UP-12-0012345."),
)
account_validator = RegexValidator(r"^\d{9,18}$", _("Enter the account number: 9 to 18 digits."))
pincode_validator = RegexValidator(r"^[1-9]\d{5}$", _("Enter the 6-digit PIN code."))


class Gender(models.TextChoices):
    FEMALE = "female", _("Woman")
    MALE = "male", _("Man")
    OTHER = "other", _("Other")


class SocialCategory(models.TextChoices):
    GENERAL = "general", _("General")
    SC = "sc", _("Scheduled Caste")
    ST = "st", _("Scheduled Tribe")
    OBC = "obc", _("Other Backward Class")


class Applicant(models.Model):
    """An artisan's or entrepreneur's profile. Aadhaar is never stored: a keyed hash finds
    duplicates and family links, the last four digits are for display."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applicant")
    full_name = models.CharField(_("name (as on Aadhaar)"), max_length=150)
    relative_name = models.CharField(_("father's or husband's name"), max_length=150)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    date_of_birth = models.DateField(_("date of birth"))
    social_category = models.CharField(_("social category"), max_length=10, choices=SocialCategory.choices)
    is_minority = models.BooleanField(_("minority community"), default=False)
    is_divyang = models.BooleanField(_("person with disability (divyang)"), default=False)
    is_up_native = models.BooleanField(_("native of Uttar Pradesh"), default=True)
    # The same English word labels a scheme page's URL: a context keeps the two translations apart.
    address = models.TextField(pgettext_lazy("postal address", "address"), max_length=500)
    district = models.ForeignKey("districts.District", on_delete=models.PROTECT, verbose_name=_("district"))
    pincode = models.CharField(_("PIN code"), max_length=6, validators=[pincode_validator])
    email = models.EmailField(_("email (optional)"), blank=True)
    bank_account_number = models.CharField(
        _("bank account number"), max_length=18, validators=[account_validator]
    )
    bank_ifsc = models.CharField(_("IFSC"), max_length=11, validators=[ifsc_validator])
    udyam_number = models.CharField(
        _("Udyam number (optional)"), max_length=19, blank=True, validators=[udyam_validator]
    )
    aadhaar_hash = models.CharField(max_length=64, unique=True, editable=False)
    aadhaar_last4 = models.CharField(max_length=4, editable=False)
    spouse_aadhaar_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    spouse_aadhaar_last4 = models.CharField(max_length=4, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("applicant")
        verbose_name_plural = _("applicants")

    def __str__(self) -> str:
        return f"applicant #{self.pk}"

    @property
    def masked_aadhaar(self) -> str:
        return f"XXXX XXXX {self.aadhaar_last4}"


class Application(models.Model):
    applicant = models.ForeignKey(Applicant, on_delete=models.PROTECT, related_name="applications")
    scheme = models.ForeignKey("schemes.Scheme", on_delete=models.PROTECT, related_name="applications")
    # The RuleSet the figures were computed with; frozen at submission.
    ruleset = models.ForeignKey("schemes.RuleSet", on_delete=models.PROTECT, related_name="applications")
    district = models.ForeignKey("districts.District", on_delete=models.PROTECT, related_name="applications")
    product = models.ForeignKey(
        "districts.Product", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False)
    reference_number = models.CharField(max_length=40, unique=True, null=True, blank=True, editable=False)
    details = models.JSONField(default=dict, blank=True)
    current_step = models.CharField(max_length=40, blank=True)
    # The rules' last answer for these facts (the same shape the API returns).
    outcome = models.JSONField(null=True, blank=True, editable=False)
    is_eligible = models.BooleanField(null=True, editable=False)
    benefit_amount = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, editable=False
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The officer who filed it at the help desk, if any."),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_applications",
    )
    returned_fields = models.JSONField(default=list, blank=True, editable=False)
    returned_documents = models.JSONField(default=list, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    stage_entered_at = models.DateTimeField(default=timezone.now, editable=False)
    due_at = models.DateTimeField(null=True, blank=True, editable=False)
    paused_remaining = models.DurationField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [
            models.Index(fields=["district", "status", "submitted_at", "id"], name="app_queue"),
            models.Index(fields=["district", "due_at"], name="app_due"),
            models.Index(fields=["applicant", "-created_at"], name="app_applicant"),
            # The office queue's keyset pages: its filter (the district, never a draft) leads,
            # then its sort order, so a page at any depth is an index range scan, not a sort of
            # every file of the district (`app_queue` has the status second and cannot serve it).
            models.Index(
                fields=["district", "submitted_at", "id"],
                name="app_queue_received",
                condition=Q(submitted_at__isnull=False),
            ),
            models.Index(
                fields=["district", "due_at", "id"],
                name="app_queue_due",
                condition=Q(submitted_at__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=Status.DRAFT)
                | Q(reference_number__isnull=False)
                | Q(status=Status.WITHDRAWN),
                name="submitted_has_reference",
            ),
        ]

    def __str__(self) -> str:
        return self.reference_number or f"draft #{self.pk}"

    @property
    def is_overdue(self) -> bool:
        return bool(self.status in OFFICE_STATES and self.due_at and self.due_at < timezone.now())

    @property
    def status_label(self) -> str:
        return Status(self.status).label


class ReferenceCounter(models.Model):
    """The serial register (GO-MM-2018 para 5(1)): one counter per scheme, district and
    financial year, incremented under a row lock so numbers never repeat."""

    scheme_code = models.CharField(max_length=8)
    district = models.ForeignKey("districts.District", on_delete=models.PROTECT, related_name="+")
    financial_year = models.CharField(max_length=7)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scheme_code", "district", "financial_year"], name="one_counter_per_register"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scheme_code}/{self.district_id}/{self.financial_year}: {self.last_number}"


def _document_path(instance: "Document", filename: str) -> str:
    # A random name outside the static tree; the original name is kept only in the row.
    return f"documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:5]}"


class Document(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    code = models.SlugField(max_length=60)
    file = models.FileField(upload_to=_document_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    replaced_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["application", "code"], name="doc_app_code")]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "code"],
                condition=Q(replaced_at__isnull=True),
                name="one_current_document_per_code",
            )
        ]

    def __str__(self) -> str:
        return f"document #{self.pk} ({self.code})"


class AuditEvent(models.Model):
    """Append-only history of moves. Ids and codes only, never personal data."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_role = models.CharField(max_length=32)
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    reason_codes = models.JSONField(default=list, blank=True)
    on_behalf = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["application", "created_at"], name="audit_app_time")]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_status} -> {self.to_status}"


class StageSpan(models.Model):
    """One stay of a file in one status, from the move into it to the move out of it.

    The workflow engine writes it with every move (`apply_transition`), so "days per stage"
    reads the stays that ended in a year from one indexed table instead of pairing every
    AuditEvent with the next by a window. A move that keeps the status (a payment recorded on a
    carried-forward toolkit, say) does not end the stay. Returned-for-correction is a stay of
    its own, so the office's stays never count the artisan's time. District and sub-scheme are
    copied from the file (they never change) so the dashboard's scope needs no join."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="stage_spans")
    district = models.ForeignKey("districts.District", on_delete=models.PROTECT, related_name="+")
    scheme = models.ForeignKey("schemes.Scheme", on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(max_length=20)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["ended_at", "stage"], name="span_ended"),
            models.Index(fields=["district", "ended_at"], name="span_district_ended"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["application"], condition=Q(ended_at__isnull=True), name="one_open_stay_per_file"
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")),
                name="stay_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.stage}: {self.started_at:%d-%m-%Y} - {self.ended_at:%d-%m-%Y}"
            if self.ended_at
            else self.stage
        )


class StatusTally(models.Model):
    """How many submitted files of a district and sub-scheme, received in a financial year, are
    in each status now. Kept by the workflow engine in the same transaction as every move
    (`applications.tallies`), so queues and dashboards read a few rows instead of counting a
    district's files; `manage.py rebuild_summaries` recounts it from the files."""

    district = models.ForeignKey("districts.District", on_delete=models.PROTECT, related_name="+")
    scheme = models.ForeignKey("schemes.Scheme", on_delete=models.PROTECT, related_name="+")
    financial_year = models.CharField(max_length=7)
    status = models.CharField(max_length=20)
    files = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["district", "scheme", "financial_year", "status"], name="one_tally_per_cell"
            ),
            models.CheckConstraint(condition=Q(files__gte=0), name="tally_never_negative"),
        ]
        indexes = [models.Index(fields=["financial_year", "district"], name="tally_year_district")]

    def __str__(self) -> str:
        return f"{self.financial_year} {self.status}: {self.files}"


class Note(models.Model):
    """Words written about an application: internal notes for the office, and the reasons given
    to the artisan for a return or a rejection."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("Internal note")
        RETURN = "return", _("Reason for return")
        REJECTION = "rejection", _("Reason for rejection")
        RECOMMENDATION = "recommendation", _("Recommendation")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    event = models.ForeignKey(
        AuditEvent, on_delete=models.CASCADE, null=True, blank=True, related_name="notes"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField(max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} note #{self.pk}"

    @property
    def is_visible_to_applicant(self) -> bool:
        return self.kind in (self.Kind.RETURN, self.Kind.REJECTION)


class SentNotification(models.Model):
    """One message sent about one event of an application; the unique constraint makes a retried
    task a no-op."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notifications")
    event = models.CharField(max_length=40)
    channel = models.CharField(max_length=10)
    provider_reference = models.CharField(max_length=128, blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "event", "channel"], name="one_message_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.event} for application #{self.application_id}"


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
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="agenda_items")
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

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="letters")
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    file = models.FileField(upload_to="letters/")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "kind"], name="one_letter_per_decision")]

    def __str__(self) -> str:
        return f"{self.kind} letter for application #{self.application_id}"


class Verification(models.Model):
    """A receipt or letter the portal issued, as printed on it: anyone holding the paper (a bank,
    a fair's organiser) checks at /verify/<code> that it is genuine and still stands. The code
    is random (80 bits), never derived from ids, so codes cannot be guessed or enumerated."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Acknowledgement of application")
        SANCTION = "sanction", _("Sanction letter")
        REJECTION = "rejection", _("Rejection letter")

    code = models.CharField(max_length=16, unique=True, editable=False)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="verifications")
    letter = models.OneToOneField(
        Letter, on_delete=models.PROTECT, null=True, blank=True, related_name="verification"
    )
    number = models.CharField(_("letter number"), max_length=60, unique=True)
    issued_at = models.DateTimeField(_("issued on"))
    office_en = models.CharField(max_length=200)
    office_hi = models.CharField(max_length=200)
    signatory_en = models.CharField(max_length=200)
    signatory_hi = models.CharField(max_length=200)
    # The amount the paper states (benefit estimated, sanctioned or the CFC state share).
    amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(kind="receipt"),
                name="one_receipt_per_application",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="receipt", letter__isnull=True)
                | (~models.Q(kind="receipt") & models.Q(letter__isnull=False)),
                name="a_letter_verification_names_its_letter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.number}"


class Escalation(models.Model):
    """A file overdue at a stage, raised to the next level once per stage and level."""

    class Level(models.TextChoices):
        DC_INDUSTRIES = "dc_industries", _("Deputy Commissioner Industries")
        DM = "dm", _("District Magistrate")
        LEAD_BANK = "lead_bank", _("Lead District Manager (bank)")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="escalations")
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


# --- After approval ------------------------------------------------------------------------------


class MarginMoneyCase(models.Model):
    """A Margin Money file's life with the bank, from the DIC sending it to the grant."""

    class Outcome(models.TextChoices):
        GRANT = "grant", _("Converted to grant")
        RECOVERED = "recovered", _("Recovered (wilful misuse)")
        ADJUSTED = "adjusted", _("Adjusted against the loan (natural calamity or exceptional circumstances)")

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="margin_money")
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

    class Meta:
        indexes = [models.Index(fields=["bank_branch", "sent_at"], name="mm_branch_queue")]

    def __str__(self) -> str:
        return f"margin money case of application #{self.application_id}"


class Payment(models.Model):
    """Money paid by DBT on an approved application (MDA claims; honoraria and instalments
    will follow). One payment per application and purpose."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="payments")
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
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="trainee")
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

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="toolkit_issue")
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


# --- Common Facility Centre (GO-CFC-2018 as amended by GO-CFC-2023) ------------------------------


class CfcGrant(models.Model):
    """The state's grant for a sanctioned CFC: the DPR, its appraisal, the final sanction, the
    bipartite agreement and the state share the instalments are computed from (with the file's
    RuleSet). `in_principle_share` is the share sanctioned in principle; `state_share` is the
    share after the appraisal, never more."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="cfc_grant")
    dpr_received_on = models.DateField()
    in_principle_share = models.DecimalField(max_digits=14, decimal_places=2, null=True)
    state_share = models.DecimalField(max_digits=14, decimal_places=2)
    appraisal_agency = models.CharField(max_length=200, blank=True)
    appraised_on = models.DateField(null=True, blank=True)
    appraised_cost = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    appraisal_report = models.ForeignKey(
        "Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sanction_order = models.CharField(max_length=100, blank=True)
    sanctioned_on = models.DateField(null=True, blank=True)
    agreement_signed_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"CFC grant of application #{self.application_id}"


class UtilisationReport(models.Model):
    """How much of the instalments released so far has been used, with the utilisation
    certificate (GO-CFC-2018 para 30): the next instalment needs 75% of them used."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="utilisation_reports")
    after_instalment = models.PositiveSmallIntegerField()
    amount_used = models.DecimalField(max_digits=14, decimal_places=2)
    # Para 30: interest earned on the project account counts as project cost and is adjusted
    # in the next instalment.
    interest_earned = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    certificate = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+")
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
