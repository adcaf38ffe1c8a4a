"""The DIC's payment of an MDA claim."""

from django import forms
from django.utils.translation import gettext_lazy

from schemes.forms import PastDateField


class PayForm(forms.Form):
    dbt_reference = forms.CharField(label=gettext_lazy("DBT reference"), max_length=60)
    paid_on = PastDateField(label=gettext_lazy("Paid on"), required=True)
