"""Forms of the CFC grant after the in-principle sanction."""

from django import forms
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from schemes.forms import (
    PastDateField,
)


class UtilisationForm(forms.Form):
    """The SPV's (or the DIC's, for it) certificate of use of the instalments released so far."""

    amount_used = forms.DecimalField(
        label=_("Amount used (rupees)"), max_digits=14, decimal_places=2, min_value=0
    )
    interest_earned = forms.DecimalField(
        label=_("Interest earned on the project account since the last certificate (rupees)"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        initial=0,
    )
    upload = forms.FileField(label=_("Utilisation certificate (PDF, JPEG or PNG)"))


class AppraisalForm(forms.Form):
    agency = forms.CharField(label=_("Appraising agency"), max_length=200)
    appraised_on = PastDateField(label=_("Appraisal report dated"), required=True)
    appraised_cost = forms.DecimalField(
        label=_("Project cost appraised, land excluded (rupees)"),
        max_digits=14,
        decimal_places=2,
        min_value=1,
    )
    upload = forms.FileField(label=_("Appraisal report (PDF, JPEG or PNG)"))


class FinalSanctionForm(forms.Form):
    sanction_order = forms.CharField(label=_("Financial sanction order number"), max_length=100)
    sanctioned_on = PastDateField(label=_("Sanctioned on"), required=True)


class AgreementForm(forms.Form):
    signed_on = PastDateField(label=_("Bipartite agreement signed on"), required=True)


class DprForm(forms.Form):
    received_on = PastDateField(label=gettext_lazy("DPR received on"), required=True)


class InstalmentForm(forms.Form):
    number = forms.TypedChoiceField(
        label=gettext_lazy("Instalment"),
        coerce=int,
        choices=[
            (1, gettext_lazy("First (40%)")),
            (2, gettext_lazy("Second (30%)")),
            (3, gettext_lazy("Third (30%)")),
        ],
    )
    dbt_reference = forms.CharField(label=gettext_lazy("Transfer reference"), max_length=60)
    paid_on = PastDateField(label=gettext_lazy("Released on"), required=True)


class OfficeUtilisationForm(UtilisationForm):
    field_order = ["after_instalment"]
    after_instalment = forms.TypedChoiceField(
        label=gettext_lazy("Use of the instalments up to"),
        coerce=int,
        choices=[(1, gettext_lazy("First")), (2, gettext_lazy("Second"))],
    )
