"""Forms of the DIC's Margin Money steps after the bank's claim."""

from django import forms
from django.utils.translation import gettext_lazy

from margin_money.models import MarginMoneyCase
from schemes.forms import PastDateField


class ReleaseForm(forms.Form):
    dbt_reference = forms.CharField(label=gettext_lazy("DBT reference"), max_length=60)
    released_on = PastDateField(label=gettext_lazy("Released on"), required=True)


class CloseLockInForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome of the joint inspection"), choices=MarginMoneyCase.Outcome.choices
    )
    inspected_on = PastDateField(label=gettext_lazy("Date of the joint inspection"), required=True)
    note = forms.CharField(
        label=gettext_lazy("Findings and reasons"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
