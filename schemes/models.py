import re
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from schemes.forms import CLAIM_CATEGORY_CHOICES, TRADE_TYPE_CHOICES
from schemes.rules import SCHEME_MODULES
from schemes.rules.mda import FAIR_CATEGORIES


class SchemeCode(models.TextChoices):
    MARGIN_MONEY = "MM", _("Margin Money")
    TOOLKIT = "TT", _("Training and Toolkit")
    MDA = "MDA", _("Marketing Development Assistance")
    CFC = "CFC", _("Common Facility Centre")


class Scheme(models.Model):
    """One of the four ODOP sub-schemes. Its rules live in `schemes/rules/` (a module or a
    package per sub-scheme); its figures live in RuleSets."""

    code = models.CharField(_("code"), max_length=8, unique=True, choices=SchemeCode.choices)
    slug = models.SlugField(pgettext_lazy("web address of a page", "address"), max_length=60, unique=True)
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
    them, from a date.

    A RuleSet is drafted by one member of the state's ODOP cell, simulated over the live
    pipeline, and published by a second one (maker-checker); only a published RuleSet computes
    anything for a real file. A draft may be changed until it is sent for review; a published
    RuleSet is never changed again: when a GO changes, a new one is drafted, and files keep the
    RuleSet they were computed with. A draft or one waiting for review that should never be
    published (its GO withdrawn, a draft made by mistake) is discarded: kept, with its figures,
    GO and steps, for the record, and never used by the rules, changed or published again."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("Waiting for review")
        PUBLISHED = "published", _("Published")
        # A context of its own: the step "Discarded" (RuleSetEvent) reads differently in Hindi.
        DISCARDED = "discarded", pgettext_lazy("state of a rule set", "Discarded")

    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="rulesets", verbose_name=_("sub-scheme")
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    go_reference = models.CharField(_("GO number"), max_length=200)
    go_date = models.DateField(_("GO date"))
    effective_from = models.DateField(_("effective from"))
    go_document = models.FileField(
        _("the GO (PDF)"), upload_to="government-orders/%Y/", max_length=200, blank=True
    )
    parameters = models.JSONField(
        _("parameters"),
        help_text=_("Rates, caps, slabs and limits; keys are checked against the scheme's rules."),
    )
    notes = models.TextField(
        _("notes"), blank=True, help_text=_("What changed, and which figures are uncertain.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("drafted by"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["scheme__position", "-effective_from"]
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "effective_from"],
                condition=models.Q(state="published"),
                name="one_ruleset_per_scheme_and_day",
            ),
            # Maker-checker (ASVS 2.3.5): whoever drafted a RuleSet cannot be the one who
            # published it. The GO values loaded with the reference data have neither.
            models.CheckConstraint(
                condition=~models.Q(state="published")
                | models.Q(published_by__isnull=True)
                | models.Q(created_by__isnull=True)
                | ~models.Q(published_by=models.F("created_by")),
                name="ruleset_published_by_a_second_person",
            ),
            models.CheckConstraint(
                condition=models.Q(state="published", published_at__isnull=False)
                | (~models.Q(state="published") & models.Q(published_at__isnull=True)),
                name="ruleset_published_has_a_time",
            ),
        ]
        indexes = [models.Index(fields=["scheme", "state", "effective_from"], name="ruleset_scheme_state")]

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

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    def is_effective_on(self, day: date) -> bool:
        return self.is_published and self.effective_from <= day


class RuleSetEvent(models.Model):
    """One step in a RuleSet's life (drafted, changed, sent for review, simulated, sent back,
    published, discarded), append-only, with who took it and the reviewer's note."""

    class Action(models.TextChoices):
        DRAFTED = "drafted", _("Drafted")
        CHANGED = "changed", _("Changed")
        SUBMITTED = "submitted", _("Sent for review")
        SIMULATED = "simulated", _("What-if run")
        RETURNED = "returned", _("Sent back")
        PUBLISHED = "published", _("Published")
        DISCARDED = "discarded", _("Discarded")

    ruleset = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("step"), max_length=12, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("rule set step")
        verbose_name_plural = _("rule set steps")

    def __str__(self) -> str:
        return f"{self.ruleset_id} {self.action} {self.created_at:%d-%m-%Y %H:%M}"


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


# The claim categories a fair can fall under: every category but e-commerce (GO-MDA-2019/2020
# items 1-3). Stored as plain strings so the migration does not depend on the rules' enum.
FAIR_CATEGORY_CHOICES = [
    (str(value), label) for value, label in CLAIM_CATEGORY_CHOICES if value in FAIR_CATEGORIES
]
FAIR_TRADE_TYPE_CHOICES = [(str(value), label) for value, label in TRADE_TYPE_CHOICES]


class NotifiedFair(models.Model):
    """A fair or exhibition notified by the Commissioner & Director of Industries (ODOP cell):
    Marketing Development Assistance pays only for notified fairs (GO-MDA-2019, as amended by
    GO-MDA-2020: "notified and revised by the Commissioner").

    A claim names its fair by id and keeps the fair's name, place, category and last day in its
    own answers. A fair is taken off the list by deactivating it, never deleted, so the claims
    that named it can still show it."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_hi = models.CharField(_("name (Hindi)"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=120)
    category = models.CharField(
        _("claim category"),
        max_length=20,
        choices=FAIR_CATEGORY_CHOICES,
        help_text=_("Sets the caps on stall, freight and travel (GO-MDA-2019/2020 items 1-3)."),
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"), help_text=_("Claims can be made from the day after."))
    trade_type = models.CharField(
        _("kind of fair"),
        max_length=3,
        choices=FAIR_TRADE_TYPE_CHOICES,
        blank=True,
        help_text=_("Only if the notification says B2B or B2C; otherwise the artisan answers it."),
    )
    notification_reference = models.CharField(
        _("notification reference"),
        max_length=200,
        help_text=_("The Commissioner's order number and date that notified the fair."),
    )
    is_active = models.BooleanField(
        _("open for claims"),
        default=True,
        help_text=_("Untick to take the fair off the list; claims that named it keep it."),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["-end_date", "name_en"]
        verbose_name = _("notified fair")
        verbose_name_plural = _("notified fairs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="notified_fair_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(category__in=[value for value, _label in FAIR_CATEGORY_CHOICES]),
                name="notified_fair_category_is_a_fair",
            ),
        ]
        indexes = [models.Index(fields=["is_active", "end_date"], name="notified_fair_active_end")]

    def __str__(self) -> str:
        return f"{self.name_en}, {self.place} ({self.start_date:%d-%m-%Y} to {self.end_date:%d-%m-%Y})"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day cannot be before the first day.")})

    @property
    def name(self) -> str:
        """The name in the reader's language (English when no Hindi name was given)."""
        if self.name_hi and (get_language() or "").startswith("hi"):
            return self.name_hi
        return self.name_en

    @property
    def label(self) -> str:
        """Name, place and dates in the reader's language, as offered in a claim form."""
        return gettext("%(name)s, %(place)s (%(start)s to %(end)s)") % {
            "name": self.name,
            "place": self.place,
            "start": f"{self.start_date:%d-%m-%Y}",
            "end": f"{self.end_date:%d-%m-%Y}",
        }
