"""Each sub-scheme's application steps, as forms.

Step forms reuse the eligibility checker's field names and field types, so the rules read an
application exactly as they read the checker.
"""

from datetime import timedelta
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from districts.models import Product
from schemes.forms import (
    CLAIM_CATEGORY_CHOICES,
    LAND_TENURE_CHOICES,
    LEGAL_FORM_CHOICES,
    TRADE_TYPE_CHOICES,
    PastDateField,
    RupeesField,
    checker_field,
)
from schemes.models import NotifiedFair
from schemes.rules.mda import ClaimCategory
from schemes.selectors import notified_fairs_for_claim


class StepForm(forms.Form):
    """Base of the application steps. `fact_fields` feed the rules."""

    def __init__(self, *args, application=None, **kwargs):
        self.application = application
        super().__init__(*args, **kwargs)

    def _is_given(self, name: str) -> bool:
        field = self.fields[name]
        value = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
        return value not in field.empty_values

    def is_valid_as_draft(self) -> bool:
        """A step saved to finish later: every value given must be valid, but nothing is
        required yet (that check belongs to "continue" and to submitting). Errors about
        answers left empty are dropped, so only the ones about what was typed show."""
        self.is_valid()
        for name in list(self.errors):
            if name != forms.forms.NON_FIELD_ERRORS and not self._is_given(name):
                del self.errors[name]
        return not self.errors

    def answers_to_store(self) -> dict:
        """The cleaned answers (call after `is_valid()`), as `Application.details` keeps them: in
        the form's own input format (ids, ISO dates, "yes"/"no"), so that the form reads them back
        and the database can filter on them. Answers that follow from another (a notified fair's
        name, place and dates) are among the cleaned ones; nothing posted is stored uncleaned."""
        return {name: _as_stored(self.fields.get(name), value) for name, value in self.cleaned_data.items()}


def _as_stored(field, value):
    """A cleaned value written back as the form data it came from, so the step's form reads the
    stored answer again exactly as typed (JSON: strings, lists, booleans)."""
    if value is None or value == "":
        return ""
    if isinstance(field, forms.BooleanField):
        return bool(value)
    if isinstance(value, (list, tuple, QuerySet)):
        return [_as_stored(None, item) for item in value]
    if isinstance(field, forms.TypedChoiceField):
        # The choice that gives this value (YesNoField: True -> "yes").
        return next(
            (str(key) for key, _label in field.choices if key != "" and field.coerce(key) == value), ""
        )
    if hasattr(value, "pk"):
        return str(value.pk)
    if isinstance(value, Decimal):
        return format(value, "f")  # "8e5" is stored as "800000"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


class PreloadableModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that can be handed its rows already read (`preloaded`, by pk), so a
    form checked for many files at once (a what-if) asks no query per file. Unset, it is a
    plain ModelChoiceField."""

    preloaded: dict | None = None

    def to_python(self, value):
        if self.preloaded is None:
            return super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return self.preloaded[int(str(value))]
        except (KeyError, ValueError):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            ) from None


class ProductStepMixin(forms.Form):
    product = PreloadableModelChoiceField(
        label=_("ODOP product of your district"),
        queryset=Product.objects.none(),
        empty_label=_("Choose the product"),
    )

    def setup_product(self):
        if self.application is not None:
            # Set when the rows are already read: by `applications.facts.Lookups` for many files
            # at once, by the submission for its checks. The queryset is then never evaluated.
            preloaded = getattr(self.application, "preloaded_district_products", None)
            self.fields["product"].preloaded = preloaded
            self.fields["product"].queryset = (
                self.application.district.products.order_by("name_en")
                if preloaded is None
                else Product.objects.filter(pk__in=list(preloaded)).order_by("name_en")
            )


class MarginMoneyUnitForm(StepForm, ProductStepMixin):
    unit_name = forms.CharField(label=_("Name of the unit"), max_length=150)
    activity = forms.ChoiceField(
        label=_("Kind of unit"),
        choices=[
            ("industry", _("Industry (manufacturing)")),
            ("service", _("Service")),
            ("business", _("Business (trade)")),
        ],
    )
    unit_address = forms.CharField(
        label=_("Address of the unit"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_product()


class MarginMoneyProjectForm(StepForm):
    machinery_cost = RupeesField(label=_("Machinery and equipment (rupees)"), required=True)
    workshed_cost = RupeesField(label=_("Work-shed, building or rent (rupees)"))
    other_capital_cost = RupeesField(label=_("Other capital items (rupees)"))
    land_cost = checker_field("land_cost")
    working_capital = checker_field("working_capital", required=True)


class MarginMoneyBankForm(StepForm):
    bank_name = forms.CharField(label=_("Preferred bank"), max_length=120)
    branch_name = forms.CharField(label=_("Branch"), max_length=120)
    branch_ifsc = forms.CharField(label=_("Branch IFSC"), max_length=11)

    def clean_branch_ifsc(self):
        from applications.models import ifsc_validator

        value = self.cleaned_data["branch_ifsc"].strip().upper()
        ifsc_validator(value)
        return value


class MarginMoneyDeclarationsForm(StepForm):
    is_defaulter = checker_field("is_defaulter")
    has_earlier_self_employment_benefit = checker_field("has_earlier_self_employment_benefit")
    family_has_received_margin_money = checker_field("family_has_received_margin_money")

    def clean(self):
        data = super().clean()
        for name in (
            "is_defaulter",
            "has_earlier_self_employment_benefit",
            "family_has_received_margin_money",
        ):
            if data.get(name) is None and name not in self.errors:
                self.add_error(name, _("Please answer yes or no."))
        return data


class ToolkitCraftForm(StepForm, ProductStepMixin):
    craft = forms.CharField(label=_("Your craft or trade"), max_length=150)
    experience_years = forms.IntegerField(label=_("Years of experience"), min_value=0, max_value=80)
    craft_has_qualification_pack = checker_field("craft_has_qualification_pack")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_product()


class ToolkitHistoryForm(StepForm):
    received_toolkit_before = checker_field("received_toolkit_before")
    last_toolkit_on = checker_field("last_toolkit_on")
    family_has_received_toolkit = checker_field("family_has_received_toolkit")

    def clean(self):
        data = super().clean()
        if data.get("received_toolkit_before") is None and "received_toolkit_before" not in self.errors:
            self.add_error("received_toolkit_before", _("Please answer yes or no."))
        if (
            data.get("received_toolkit_before")
            and not data.get("last_toolkit_on")
            and "last_toolkit_on" not in self.errors
        ):
            self.add_error("last_toolkit_on", _("Give the date you received the toolkit."))
        if data.get("received_toolkit_before") is False and data.get("last_toolkit_on"):
            self.add_error(
                "last_toolkit_on", _("You said you have not received a toolkit; leave this date empty.")
            )
        if (
            data.get("family_has_received_toolkit") is None
            and "family_has_received_toolkit" not in self.errors
        ):
            self.add_error("family_has_received_toolkit", _("Please answer yes or no."))
        return data


class _OfferedFairIterator(ModelChoiceIterator):
    def __init__(self, field):
        super().__init__(field)
        if field.offered is not None:
            self.queryset = field.offered


class NotifiedFairField(forms.ModelChoiceField):
    """A notified fair, offered by name, place and dates in the reader's language.

    `offered` (the list shown) may be narrower than `queryset` (what is accepted), so that a
    fair still to come is refused with its own message rather than as unknown."""

    iterator = _OfferedFairIterator
    offered: QuerySet[NotifiedFair] | None = None

    def label_from_instance(self, obj: NotifiedFair) -> str:
        return obj.label


class MdaFairForm(StepForm, ProductStepMixin):
    """The fair is chosen from the ODOP cell's notified list (GO-MDA-2019/2020: only notified
    fairs are paid for); its name, place, category, last day and, when the notification fixes
    it, B2B or B2C come from the list. An e-commerce claim names no fair: the portal and the
    invoice date are typed.

    The rules and every page read ``fair_name``, ``fair_place``, ``claim_category``,
    ``event_date`` and ``trade_type`` from the stored answers; ``notified_fair`` keeps the
    fair's id beside them (see `clean`)."""

    claim_category = forms.ChoiceField(
        label=_("What is the claim for?"),
        choices=CLAIM_CATEGORY_CHOICES,
        help_text=_("For a fair, the kind under which the ODOP cell notified it is used."),
    )
    notified_fair = NotifiedFairField(
        label=_("The notified fair"),
        queryset=NotifiedFair.objects.none(),
        required=False,
        empty_label=_("Choose the fair"),
        help_text=_("Only fairs notified by the ODOP cell are paid for. Leave empty for e-commerce."),
        error_messages={"invalid_choice": _("Choose a fair from the notified list.")},
    )
    trade_type = forms.ChoiceField(
        label=_("Kind of fair"),
        required=False,
        choices=[("", _("Not applicable")), *TRADE_TYPE_CHOICES],
        help_text=_("If the notification says B2B or B2C, that is used."),
    )
    fair_name = forms.CharField(
        label=_("Name of the fair or portal"),
        max_length=200,
        required=False,
        help_text=_("Only for e-commerce: the portal's name. A fair's name comes from the list."),
    )
    event_date = PastDateField(
        label=_("Last day of the fair (or the e-commerce invoice date)"),
        help_text=_("Only for e-commerce: the invoice date. A fair's last day comes from the list."),
    )

    field_order = ["product", "claim_category", "notified_fair", "trade_type", "fair_name", "event_date"]
    # Typed answers that a chosen fair replaces, so an error in them does not stop a fair claim.
    FROM_THE_FAIR = ("fair_name", "event_date", "trade_type")
    # Longer than any claim window (GO-MDA-2019 para 8: 120 days after the month of the fair);
    # the rules say when a claim is late.
    OFFERED_DAYS = 366

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_product()
        kept = (self.application.details.get("fair") or {}).get("notified_fair") if self.application else None
        kept_pk = int(kept) if str(kept or "").isdigit() else None
        today = timezone.localdate()
        # Offered: active fairs that are over, from the last OFFERED_DAYS days, and the fair this
        # claim already names. Accepted: any active fair, and that one (a fair taken off the list
        # stays with the claims that named it).
        offered = Q(
            is_active=True, end_date__lte=today, end_date__gte=today - timedelta(days=self.OFFERED_DAYS)
        )
        if kept_pk is not None:
            offered |= Q(pk=kept_pk)
        field = self.fields["notified_fair"]
        field.offered = NotifiedFair.objects.filter(offered).order_by("-end_date", "name_en")
        field.queryset = notified_fairs_for_claim(keep_pk=kept_pk)

    @staticmethod
    def fair_answers(fair: NotifiedFair, *, trade_type: str = "") -> dict:
        """What a fair claim keeps from its notified fair, as stored (JSON). B2B or B2C fixed by
        the notification prevails over the artisan's answer."""
        return {
            "fair_name": fair.name_en,
            "fair_place": fair.place,
            "claim_category": fair.category,
            "event_date": fair.end_date.isoformat(),
            "trade_type": fair.trade_type or trade_type or "",
        }

    def clean(self):
        data = super().clean()
        category = data.get("claim_category")
        fair = data.get("notified_fair")
        if not category:
            return data
        if category == ClaimCategory.ECOMMERCE:
            if fair is not None:
                self.add_error(
                    "notified_fair",
                    _("An e-commerce claim is not for a fair: leave the fair empty."),
                )
            if not data.get("fair_name") and "fair_name" not in self.errors:
                self.add_error("fair_name", _("Give the name of the e-commerce portal."))
            if not data.get("event_date") and "event_date" not in self.errors:
                self.add_error("event_date", _("Give the date of the e-commerce invoice."))
            return data
        if fair is None:
            if "notified_fair" not in self.errors:
                self.add_error("notified_fair", _("Choose your fair from the notified list."))
            return data
        if fair.end_date > timezone.localdate():
            self.add_error(
                "notified_fair",
                _("This fair ends on %(date)s. You can claim only after it is over.")
                % {"date": f"{fair.end_date:%d-%m-%Y}"},
            )
            return data
        for name in self.FROM_THE_FAIR:
            self.errors.pop(name, None)
        data.update(self.fair_answers(fair, trade_type=data.get("trade_type") or ""))
        data["event_date"] = fair.end_date
        return data


class MdaExpensesForm(StepForm):
    stall_cost = checker_field("stall_cost")
    freight_cost = checker_field("freight_cost")
    rail_or_bus_fare = checker_field("rail_or_bus_fare")
    air_fare = checker_field("air_fare")
    ecommerce_cost = checker_field("ecommerce_cost")
    has_registration = checker_field("has_registration")
    has_other_scheme_benefit_for_event = checker_field("has_other_scheme_benefit_for_event")

    def clean(self):
        data = super().clean()
        amounts = ("stall_cost", "freight_cost", "rail_or_bus_fare", "air_fare", "ecommerce_cost")
        if not any(data.get(name) for name in amounts) and not self.errors:
            raise ValidationError(_("Enter at least one expense you are claiming."))
        return data


class CfcSpvForm(StepForm, ProductStepMixin):
    spv_name = forms.CharField(label=_("Name of the SPV"), max_length=200)
    legal_form = forms.ChoiceField(
        label=_("Legal form of the group (SPV)"),
        choices=LEGAL_FORM_CHOICES,
    )
    registration_number = forms.CharField(label=_("Registration number"), max_length=60)
    member_count = forms.IntegerField(label=_("Number of members"), min_value=1, max_value=100000)
    product_linked_members = checker_field("product_linked_members", required=True)
    largest_member_share = forms.DecimalField(
        label=_("Largest share held by one member (%)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        max_digits=5,
    )
    members_from_distinct_families = checker_field("members_from_distinct_families")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_product()

    def clean(self):
        data = super().clean()
        members, linked = data.get("member_count"), data.get("product_linked_members")
        if members is not None and linked is not None and linked > members:
            self.add_error("product_linked_members", _("Cannot be more than the number of members."))
        return data


class CfcProposalForm(StepForm):
    components = forms.MultipleChoiceField(
        label=_("Facilities in the centre"),
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("testing_lab", _("Testing lab")),
            ("design_centre", _("Design development and training centre")),
            ("research_centre", _("Technical research and development centre")),
            ("display_centre", _("Product display-cum-sale centre")),
            ("raw_material_bank", _("Raw-material bank")),
            ("common_production", _("Common production or processing centre")),
            ("logistics", _("Common logistics centre")),
            ("information_centre", _("Information centre")),
            ("packaging", _("Packaging, labelling and barcoding")),
            ("other", _("Other facility from the diagnostic study")),
        ],
    )
    land_tenure = forms.ChoiceField(
        label=_("Land for the centre"),
        choices=LAND_TENURE_CHOICES,
    )
    lease_years = checker_field("lease_years")
    land_belongs_to_member = checker_field("land_belongs_to_member")
    cfc_capital_cost = checker_field("cfc_capital_cost", required=True)
    cfc_land_cost = checker_field("cfc_land_cost")
    spv_contribution = RupeesField(
        label=_("What the SPV will put in (rupees)"),
        help_text=_("At least 10% to 40% of the project cost, by its size (GO-CFC-2023)."),
    )
    is_environment_or_research_project = checker_field("is_environment_or_research_project")
