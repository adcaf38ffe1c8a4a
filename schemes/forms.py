"""The public eligibility checker's questions. One form serves the HTML page and the API
(`/api/v1/eligibility/`), so both ask the same questions and give the same answers.

Every question may be left blank: the rules then say what is still needed instead of guessing.
"""

import copy
from datetime import date
from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from odop_portal.dates import IndianDateField
from schemes.rules.cfc import LandTenure, LegalForm
from schemes.rules.mda import ClaimCategory, TradeType

YES_NO = [("", _("Not sure / skip")), ("yes", _("Yes")), ("no", _("No"))]
# Choices shared by the checker and the application forms (the application forms have no "skip").
CLAIM_CATEGORY_CHOICES = [
    (ClaimCategory.UP_OTHER, _("Other fair or exhibition in Uttar Pradesh")),
    (ClaimCategory.UP_NATIONAL, _("National or international fair held in Uttar Pradesh")),
    (ClaimCategory.OUTSIDE_UP, _("National or international fair in India outside Uttar Pradesh")),
    (ClaimCategory.FOREIGN, _("Trade fair abroad")),
    (ClaimCategory.ECOMMERCE, _("Starting to sell on an e-commerce portal")),
]
TRADE_TYPE_CHOICES = [
    (TradeType.B2B, _("Business to business (B2B)")),
    (TradeType.B2C, _("Business to customer (B2C)")),
]
LEGAL_FORM_CHOICES = [
    (LegalForm.PRODUCER_COMPANY, _("Producer company")),
    (LegalForm.SOCIETY, _("Society")),
    (LegalForm.SECTION_8_COMPANY, _("Section-8 company")),
    (LegalForm.COOPERATIVE, _("Cooperative")),
    (LegalForm.SELF_HELP_GROUP, _("Self-help group")),
]
LAND_TENURE_CHOICES = [
    (LandTenure.OWNED_BY_SPV, _("Owned by the SPV")),
    (LandTenure.LEASE_IN_GOVERNMENT_INDUSTRIAL_AREA, _("Leased in a government industrial area or park")),
    (LandTenure.OTHER, _("Other")),
]
MAX_RUPEES = Decimal("100000000000")  # Rs 10,000 crore: anything above is a typing mistake


def _tri_state(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class YesNoField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=YES_NO, coerce=_tri_state, empty_value=None, required=False, **kwargs)


class RupeesField(forms.DecimalField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(
            max_digits=14,
            decimal_places=2,
            min_value=Decimal("0"),
            max_value=MAX_RUPEES,
            widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "1", "min": "0"}),
            **kwargs,
        )


EARLIEST_DATE = date(1900, 1, 1)  # nobody applying was born, or did anything, before this


class PastDateField(IndianDateField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("This date cannot be in the future."), code="future")
        if value and value < EARLIEST_DATE:
            raise forms.ValidationError(_("This date cannot be before 1900."), code="too_early")


def checker_field(name: str, *, required: bool | None = None) -> forms.Field:
    """A copy of the checker's question `name` for an application step, which asks it in the
    same words with the same checks (a step may make it required)."""
    field = copy.deepcopy(EligibilityForm.base_fields[name])
    if required is not None:
        field.required = field.widget.is_required = required
    return field


class EligibilityForm(forms.Form):
    SECTIONS = {
        "about": [
            "date_of_birth",
            "gender",
            "social_category",
            "is_minority",
            "is_divyang",
            "is_up_native",
            "makes_district_product",
        ],
        "MM": [
            "capital_cost",
            "land_cost",
            "working_capital",
            "is_defaulter",
            "has_earlier_self_employment_benefit",
            "family_has_received_margin_money",
        ],
        "TT": [
            "practises_craft",
            "received_toolkit_before",
            "last_toolkit_on",
            "family_has_received_toolkit",
            "craft_has_qualification_pack",
        ],
        "MDA": [
            "claim_category",
            "event_date",
            "trade_type",
            "stall_cost",
            "freight_cost",
            "rail_or_bus_fare",
            "air_fare",
            "ecommerce_cost",
            "has_registration",
            "earlier_claims_in_year",
            "earlier_ecommerce_claims",
        ],
        "CFC": [
            "legal_form",
            "member_count",
            "product_linked_members",
            "largest_member_share",
            "members_from_distinct_families",
            "land_tenure",
            "lease_years",
            "land_belongs_to_member",
            "cfc_capital_cost",
            "cfc_land_cost",
            "is_environment_or_research_project",
        ],
    }

    # About you
    date_of_birth = PastDateField(label=_("Date of birth"))
    gender = forms.ChoiceField(
        label=_("Gender"),
        required=False,
        choices=[
            ("", _("Not sure / skip")),
            ("female", _("Woman")),
            ("male", _("Man")),
            ("other", _("Other")),
        ],
    )
    social_category = forms.ChoiceField(
        label=_("Social category"),
        required=False,
        choices=[
            ("", _("Not sure / skip")),
            ("general", _("General")),
            ("sc", _("Scheduled Caste")),
            ("st", _("Scheduled Tribe")),
            ("obc", _("Other Backward Class")),
        ],
    )
    is_minority = YesNoField(label=_("Do you belong to a minority community?"))
    is_divyang = YesNoField(label=_("Are you a person with a disability (divyang)?"))
    is_up_native = YesNoField(label=_("Are you a native of Uttar Pradesh?"))
    makes_district_product = YesNoField(
        label=_("Do you make or sell your district's ODOP product, in that district?"),
        help_text=_("See the district directory for each district's product."),
    )

    # Margin Money
    capital_cost = RupeesField(
        label=_("Capital cost of the unit, without land (rupees)"),
        help_text=_("Machinery, equipment, work-shed (rented work-shed may be included)."),
    )
    land_cost = RupeesField(
        label=_("Cost of buying land, if any (rupees)"), help_text=_("Not counted in the project cost.")
    )
    working_capital = RupeesField(label=_("Working capital for one cycle (rupees)"))
    is_defaulter = YesNoField(
        label=_("Are you or your unit a defaulter of any bank or government institution?")
    )
    has_earlier_self_employment_benefit = YesNoField(
        label=_(
            "Have you taken a subsidy under any other self-employment scheme (for example PMEGP or Mukhyamantri Yuva Swarozgar)?"
        )
    )
    family_has_received_margin_money = YesNoField(
        label=_("Has anyone in your family already received margin money under this scheme?")
    )

    # Training and Toolkit
    practises_craft = YesNoField(label=_("Do you work in the district's ODOP craft?"))
    received_toolkit_before = YesNoField(
        label=_("Have you received a toolkit for this work under any government scheme?")
    )
    last_toolkit_on = PastDateField(label=_("If yes, when did you receive it?"))
    family_has_received_toolkit = YesNoField(
        label=_("Has your husband or wife received training and a toolkit under this scheme?")
    )
    craft_has_qualification_pack = YesNoField(
        label=_("Does your craft have a Sector Skill Council qualification pack (RPL)?"),
        help_text=_("If you do not know, leave it: the district office will tell you."),
    )

    # Marketing Development Assistance
    claim_category = forms.ChoiceField(
        label=_("What is the claim for?"),
        required=False,
        choices=[("", _("No claim / skip")), *CLAIM_CATEGORY_CHOICES],
    )
    event_date = PastDateField(label=_("Last day of the fair"))
    trade_type = forms.ChoiceField(
        label=_("Kind of fair"),
        required=False,
        choices=[("", _("Not sure / skip")), *TRADE_TYPE_CHOICES],
    )
    stall_cost = RupeesField(label=_("Stall charges paid (rupees)"))
    freight_cost = RupeesField(label=_("Freight from your workplace to the fair (rupees)"))
    rail_or_bus_fare = RupeesField(label=_("Rail (3-AC) or AC bus fare (rupees)"))
    air_fare = RupeesField(label=_("Economy air fare (rupees)"))
    ecommerce_cost = RupeesField(label=_("Cost of starting on the e-commerce portal (rupees)"))
    has_registration = YesNoField(
        label=_("Do you have an ID card, registration certificate or Udyog Aadhaar/Udyam?")
    )
    has_other_scheme_benefit_for_event = YesNoField(
        label=_("Have you received help from another government scheme for this same fair?")
    )
    earlier_claims_in_year = forms.IntegerField(
        label=_("Claims already made this financial year (paid or pending)"),
        required=False,
        min_value=0,
        max_value=99,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": "0"}),
    )
    earlier_ecommerce_claims = forms.IntegerField(
        label=_("E-commerce claims made before"),
        required=False,
        min_value=0,
        max_value=99,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": "0"}),
    )

    # Common Facility Centre (for a group / SPV)
    legal_form = forms.ChoiceField(
        label=_("Legal form of the group (SPV)"),
        required=False,
        choices=[("", _("Not sure / skip")), *LEGAL_FORM_CHOICES],
    )
    member_count = forms.IntegerField(
        label=_("Number of members"), required=False, min_value=0, max_value=100000
    )
    product_linked_members = forms.IntegerField(
        label=_("Members who work with the ODOP product"), required=False, min_value=0, max_value=100000
    )
    largest_member_share = forms.DecimalField(
        label=_("Largest share held by one member (%)"),
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
        max_digits=5,
        validators=[MinValueValidator(0)],
    )
    members_from_distinct_families = YesNoField(label=_("Is every member from a different family?"))
    land_tenure = forms.ChoiceField(
        label=_("Land for the centre"),
        required=False,
        choices=[("", _("Not sure / skip")), *LAND_TENURE_CHOICES],
    )
    lease_years = forms.IntegerField(
        label=_("Lease period (years)"), required=False, min_value=0, max_value=999
    )
    land_belongs_to_member = YesNoField(label=_("Does the land belong to a member of the SPV?"))
    cfc_capital_cost = RupeesField(label=_("Project cost of the centre, without land (rupees)"))
    cfc_land_cost = RupeesField(
        label=_("Land cost or lease rent (rupees)"), help_text=_("Not counted in the project cost.")
    )
    is_environment_or_research_project = YesNoField(
        label=_(
            "Is it an environment or research project (CETP, ZED, R&D, waste management, industrial estate)?"
        )
    )

    # When the claim or application is made (default today): the rules are those in force then,
    # and an MDA claim's window is counted to it. Asked only by the API.
    applied_on = PastDateField(label=_("Date the claim or application is made (default: today)"))
    # The value of the kit asked for, to see what it would be capped to (GO-TT-2020 5(2)).
    toolkit_value = RupeesField(label=_("Value of the toolkit asked for (rupees)"))

    def clean(self):
        data = super().clean()
        capital, working = data.get("capital_cost"), data.get("working_capital")
        if capital is not None and working is not None and capital + working > MAX_RUPEES:
            self.add_error("working_capital", _("Capital cost and working capital together are too large."))
        birth = data.get("date_of_birth")
        if birth and data.get("last_toolkit_on") and data["last_toolkit_on"] < birth:
            self.add_error("last_toolkit_on", _("This date cannot be before the date of birth."))
        if data.get("received_toolkit_before") is False and data.get("last_toolkit_on"):
            self.add_error(
                "last_toolkit_on", _("You said you have not received a toolkit; leave this date empty.")
            )
        members, linked = data.get("member_count"), data.get("product_linked_members")
        if members is not None and linked is not None and linked > members:
            self.add_error("product_linked_members", _("Cannot be more than the number of members."))
        return data

    # "Under the rules from <date>": today's rules, or those of a published GO that takes effect
    # later (the choices are the days some published RuleSet starts, read when the form is made).
    rules_from = forms.TypedChoiceField(
        label=_("Check under the rules"),
        required=False,
        coerce=date.fromisoformat,
        empty_value=None,
        choices=[],
        help_text=_("A new Government Order has been published that takes effect later."),
    )

    def __init__(self, *args, upcoming: list[date] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rules_from"].choices = [
            ("", _("In force today")),
            *((day.isoformat(), _("From %(day)s") % {"day": f"{day:%d-%m-%Y}"}) for day in upcoming or []),
        ]
        self.has_upcoming = bool(upcoming)

    @property
    def as_of(self) -> date:
        cleaned = getattr(self, "cleaned_data", {})
        return cleaned.get("rules_from") or cleaned.get("applied_on") or timezone.localdate()
