import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from applications.workflow import OFFICE_STATES, Status, status_choices, status_label

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
    status = models.CharField(max_length=20, choices=status_choices, default=Status.DRAFT, editable=False)
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

    def get_status_display(self) -> str:
        """The status's label from the workflow tables, a dict lookup. Django's own evaluates the
        callable choices, flattens them and hashes every translated label on each call: in a
        25-row queue that was about 2,000 translations a page."""
        return status_label(self.status)

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_at(timezone.now())

    def is_overdue_at(self, now) -> bool:
        return bool(self.status in OFFICE_STATES and self.due_at and self.due_at < now)

    @property
    def status_label(self) -> str:
        return status_label(self.status)


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
    # A sanction or rejection letter's code names its letter (the committees app's); a receipt's
    # names none. The link is by name only: the shared app imports nothing of the committees.
    letter = models.OneToOneField(
        "committees.Letter", on_delete=models.PROTECT, null=True, blank=True, related_name="verification"
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
