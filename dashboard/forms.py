"""Forms of the targets page. Choices come from the reference lists the page has loaded."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from dashboard.selectors import ReferenceLists
from dashboard.years import current_year, year_choices


class _TargetFormBase(forms.Form):
    scheme = forms.ChoiceField(label=_("Sub-scheme"))
    financial_year = forms.ChoiceField(label=_("Financial year"))
    physical = forms.IntegerField(label=_("Beneficiaries"), min_value=0, max_value=10_000_000)
    financial = forms.DecimalField(label=_("Rupees"), min_value=Decimal("0"), max_digits=14, decimal_places=2)

    def __init__(self, *args, lists: ReferenceLists, **kwargs):
        super().__init__(*args, **kwargs)
        self.lists = lists
        self.fields["scheme"].choices = [(s.code, s.name) for s in lists.schemes]
        # Targets are set for this year or a coming one, and corrected for past years.
        this = current_year()
        start = int(this[:4])
        coming = f"{start + 1}-{(start + 2) % 100:02d}"
        self.fields["financial_year"].choices = [(y, y) for y in [coming, *year_choices()]]
        self.fields["financial_year"].initial = this
        self._districts = {d.slug: d for d in lists.districts}
        for name in self.district_fields:
            self.fields[name].choices = [("", "—")] + [(d.slug, d.name) for d in lists.districts]

    district_fields: tuple[str, ...] = ()

    def clean(self):
        data = super().clean()
        schemes = {s.code: s for s in self.lists.schemes}
        if data.get("scheme"):
            data["scheme"] = schemes[data["scheme"]]
        for name in self.district_fields:
            if data.get(name):
                data[name] = self._districts[data[name]]
        return data


class SetTargetForm(_TargetFormBase):
    district = forms.ChoiceField(label=_("District"))
    district_fields = ("district",)
    field_order = ["district", "scheme", "financial_year", "physical", "financial"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["physical"].help_text = _(
            "A district stops taking new applications under this sub-scheme once its approvals "
            "this year reach this number (0 closes it)."
        )


class MoveTargetForm(_TargetFormBase):
    from_district = forms.ChoiceField(label=_("From district"))
    to_district = forms.ChoiceField(label=_("To district"))
    district_fields = ("from_district", "to_district")
    field_order = ["scheme", "financial_year", "from_district", "to_district", "physical", "financial"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["physical"].initial = 0
        self.fields["financial"].initial = 0
        self.fields["physical"].label = _("Beneficiaries to move")
        self.fields["financial"].label = _("Rupees to move")
