import re
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from schemes.rules import SCHEME_MODULES


class SchemeCode(models.TextChoices):
    MARGIN_MONEY = "MM", _("Margin Money")
    TOOLKIT = "TT", _("Training and Toolkit")
    MDA = "MDA", _("Marketing Development Assistance")
    CFC = "CFC", _("Common Facility Centre")


class Scheme(models.Model):
    """One of the four ODOP sub-schemes. Its rules live in `schemes/rules/<module>.py`; its
    figures live in RuleSets."""

    code = models.CharField(_("code"), max_length=8, unique=True, choices=SchemeCode.choices)
    slug = models.SlugField(_("address"), max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_hi = models.CharField(_("name (Hindi)"), max_length=200)
    position = models.PositiveSmallIntegerField(_("order on pages"), default=0)
    is_accepting_applications = models.BooleanField(_("accepting applications"), default=True)

    class Meta:
        ordering = ["position"]
        verbose_name = _("sub-scheme")
        verbose_name_plural = _("sub-schemes")

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        return self.name_hi if (get_language() or "").startswith("hi") else self.name_en

    @property
    def rules(self):
        return SCHEME_MODULES[self.code]


class RuleSet(models.Model):
    """The figures of a sub-scheme (rates, caps, slabs, days, limits) as one Government Order set
    them, from a date. A RuleSet is never edited once saved: when a GO changes, state staff add
    a new one, and applications keep the RuleSet they were computed with."""

    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="rulesets", verbose_name=_("sub-scheme")
    )
    go_reference = models.CharField(_("GO number"), max_length=200)
    go_date = models.DateField(_("GO date"))
    effective_from = models.DateField(_("effective from"))
    parameters = models.JSONField(
        _("parameters"),
        help_text=_("Rates, caps, slabs and limits; keys are checked against the scheme's rules."),
    )
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("What changed, and which figures are uncertain.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["scheme__position", "-effective_from"]
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "effective_from"], name="one_ruleset_per_scheme_and_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme.code} from {self.effective_from:%d-%m-%Y} (GO {self.go_date:%d-%m-%Y})"

    def clean(self) -> None:
        if not self.scheme_id:
            return
        try:
            self.rule_parameters()
        except (ValueError, TypeError) as exc:
            raise ValidationError({"parameters": str(exc)}) from exc
        if self.go_date and self.effective_from and self.effective_from < self.go_date:
            raise ValidationError(
                {"effective_from": _("A rule set cannot take effect before its GO is dated.")}
            )

    def rule_parameters(self):
        """The scheme module's Parameters built from the stored dict (ValueError on bad keys)."""
        return self.scheme.rules.Parameters.from_dict(self.parameters)

    def is_effective_on(self, day: date) -> bool:
        return self.effective_from <= day


class RequiredDocument(models.Model):
    """A paper an applicant uploads for a sub-scheme."""

    class When(models.TextChoices):
        ALWAYS = "always", _("Always")
        SPECIAL_CATEGORY = (
            "special_category",
            _("Applicants of a special category (SC, ST, OBC, minority, women, divyang)"),
        )
        IF_ANY = "if_any", _("If the applicant has one")

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="documents")
    code = models.SlugField(_("code"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_hi = models.CharField(_("name (Hindi)"), max_length=200)
    help_en = models.CharField(_("help (English)"), max_length=300, blank=True)
    help_hi = models.CharField(_("help (Hindi)"), max_length=300, blank=True)
    required_when = models.CharField(_("required"), max_length=32, choices=When.choices, default=When.ALWAYS)
    clause = models.CharField(_("GO clause"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["scheme__position", "position"]
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="one_document_code_per_scheme")
        ]

    def __str__(self) -> str:
        return f"{self.scheme.code}: {self.name_en}"

    @property
    def name(self) -> str:
        return self.name_hi if (get_language() or "").startswith("hi") else self.name_en

    @property
    def help(self) -> str:
        return self.help_hi if (get_language() or "").startswith("hi") else self.help_en


FINANCIAL_YEAR_PATTERN = r"^(\d{4})-(\d{2})$"


class Target(models.Model):
    """What a district should achieve under one sub-scheme in one financial year (April to
    March): a number of beneficiaries (physical) and an amount in rupees (financial).

    State staff set targets and move them between districts. A district whose approved
    beneficiaries reach the physical target of the current year takes no new applications for
    that sub-scheme until the target is raised."""

    district = models.ForeignKey(
        "districts.District", on_delete=models.PROTECT, related_name="targets", verbose_name=_("district")
    )
    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="targets", verbose_name=_("sub-scheme")
    )
    financial_year = models.CharField(
        _("financial year"), max_length=7, help_text=_("April to March, written as 2026-27.")
    )
    physical = models.PositiveIntegerField(
        _("physical target (beneficiaries)"),
        help_text=_(
            "Once the district's approvals in the year reach this number, it takes no new "
            "applications under this sub-scheme until the target is raised; 0 closes it."
        ),
    )
    financial = models.DecimalField(_("financial target (rupees)"), max_digits=14, decimal_places=2)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("last changed by"),
    )

    class Meta:
        ordering = ["-financial_year", "scheme__position", "district__name_en"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "scheme", "financial_year"], name="one_target_per_district_scheme_year"
            ),
            models.CheckConstraint(
                condition=models.Q(financial__gte=0), name="financial_target_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme.code} {self.financial_year} {self.district.name_en}"

    def clean(self) -> None:
        match = re.match(FINANCIAL_YEAR_PATTERN, self.financial_year or "")
        if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
            raise ValidationError(
                {"financial_year": _("Write the financial year as 2026-27 (April 2026 to March 2027).")}
            )
