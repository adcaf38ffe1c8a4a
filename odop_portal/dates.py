"""A date field for what people in India type: day first, ASCII or Devanagari digits.

The formats themselves live in `odop_portal/formats/` (FORMAT_MODULE_PATH) so every Django date
field reads dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy and yyyy-mm-dd. This field adds Devanagari digits
(as amounts already accept them), refuses a JSON value that is not a string, and shows the format
in the visitor's language as the placeholder.
"""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

DEVANAGARI_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")


class IndianDateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(
            attrs={
                "placeholder": _("dd-mm-yyyy"),
                "inputmode": "numeric",
                "autocomplete": "off",
                **(attrs or {}),
            },
            format="%d-%m-%Y",
        )


class IndianDateField(forms.DateField):
    widget = IndianDateInput

    def to_python(self, value):
        # A JSON body may carry a number, a boolean, a list or an object where a date belongs.
        if value is not None and not isinstance(value, str | date):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if isinstance(value, str):
            value = value.strip().translate(DEVANAGARI_DIGITS)
        return super().to_python(value)
