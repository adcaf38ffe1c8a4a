from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts.exceptions import PortalError
from accounts.models import mobile_validator
from accounts.services import authenticate_staff


def normalise_mobile(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit())
    # People often type the country code or a leading zero.
    if len(digits) == 12 and digits.startswith("91"):
        digits = digits[2:]
    elif len(digits) == 11 and digits.startswith("0"):
        digits = digits[1:]
    return digits


class MobileField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Mobile number"))
        kwargs.setdefault("max_length", 16)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "tel-national", "placeholder": "98XXXXXXXX"}
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalise_mobile(super().to_python(value) or "")

    def validate(self, value):
        super().validate(value)
        if value:
            mobile_validator(value)


class OTPRequestForm(forms.Form):
    mobile = MobileField()


class OTPVerifyForm(forms.Form):
    code = forms.CharField(
        label=_("One-time code"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        error_messages={"min_length": _("The code has 6 digits.")},
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError(_("The code has 6 digits."))
        return code


class StaffAuthenticationMixin:
    """Django's sign-in form, with the portal's lockout messages and the staff-only rule."""

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            try:
                self.user_cache = authenticate_staff(
                    request=self.request, username=username, password=password
                )
            except PortalError as exc:
                raise forms.ValidationError(exc.message, code=exc.code) from exc
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class StaffAuthenticationForm(StaffAuthenticationMixin, AuthenticationForm):
    """The staff sign-in page."""


class AdminStaffAuthenticationForm(StaffAuthenticationMixin, AdminAuthenticationForm):
    """The admin login: the same service and lockout as the staff sign-in, and the admin's own
    rule that only accounts with admin access get in."""
