from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

mobile_validator = RegexValidator(
    r"^[6-9][0-9]{9}$",
    _("Enter a 10-digit Indian mobile number starting with 6, 7, 8 or 9."),
)


class Role(models.TextChoices):
    ARTISAN = "artisan", _("Artisan / entrepreneur")
    DISTRICT_OFFICER = "district_officer", _("District officer (DIC)")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    BANK_OFFICER = "bank_officer", _("Bank officer")
    # The lead bank's district manager: follows every bank's Margin Money files in the district.
    LEAD_DISTRICT_MANAGER = "lead_district_manager", _("Lead District Manager (bank)")
    STATE_STAFF = "state_staff", _("State staff (ODOP cell)")
    ADMIN = "admin", _("System administrator")


# Roles whose work is limited to one district: they must belong to one.
DISTRICT_ROLES = (Role.DISTRICT_OFFICER, Role.COMMITTEE_MEMBER, Role.BANK_OFFICER, Role.LEAD_DISTRICT_MANAGER)
STAFF_ROLES = (*DISTRICT_ROLES, Role.STATE_STAFF, Role.ADMIN)


class PortalUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """Everyone who signs in. Artisans sign in with a mobile number and a one-time code and
    have no usable password; staff sign in with a password."""

    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.ARTISAN)
    district = models.ForeignKey(
        "districts.District",
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    mobile = models.CharField(
        _("mobile number"),
        max_length=10,
        unique=True,
        null=True,
        blank=True,
        validators=[mobile_validator],
    )
    bank_branch = models.ForeignKey(
        "districts.BankBranch",
        verbose_name=_("bank branch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
        help_text=_("For bank officers: the branch whose files they handle."),
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="hi"
    )
    failed_login_count = models.PositiveSmallIntegerField(default=0, editable=False)
    locked_until = models.DateTimeField(null=True, blank=True)

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role__in=DISTRICT_ROLES) | Q(district__isnull=False),
                name="district_role_has_district",
                violation_error_message=_(
                    "District officers, committee members, bank officers and Lead District Managers must belong to a district."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.ARTISAN) | Q(mobile__isnull=False),
                name="artisan_has_mobile",
                violation_error_message=_("An artisan account needs a mobile number."),
            ),
        ]

    @property
    def is_artisan(self) -> bool:
        return self.role == Role.ARTISAN

    @property
    def is_portal_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_state_level(self) -> bool:
        return self.role in (Role.STATE_STAFF, Role.ADMIN)


class CodePurpose(models.TextChoices):
    """What a one-time code is for. A code works only for its own purpose, so a code the artisan
    reads out at a toolkit hand-over cannot sign anyone in as the artisan."""

    SIGN_IN = "sign_in", _("Sign-in")
    STATUS_LOOKUP = "status_lookup", _("Status lookup")
    TOOLKIT_HANDOVER = "toolkit_handover", _("Toolkit hand-over")


class OneTimeCode(models.Model):
    """A code sent by SMS for one purpose. Only a keyed hash of the code is stored."""

    mobile = models.CharField(max_length=10, validators=[mobile_validator])
    purpose = models.CharField(
        _("purpose"), max_length=20, choices=CodePurpose.choices, default=CodePurpose.SIGN_IN
    )
    code_hash = models.CharField(max_length=128)
    requested_ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    provider_reference = models.CharField(max_length=128, blank=True)

    class Meta:
        verbose_name = _("one-time code")
        indexes = [
            models.Index(fields=["mobile", "-created_at"], name="otp_mobile_recent"),
            models.Index(fields=["mobile", "purpose", "-created_at"], name="otp_mobile_purpose_recent"),
            models.Index(fields=["requested_ip", "-created_at"], name="otp_ip_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} code #{self.pk} for ******{self.mobile[-4:]}"
