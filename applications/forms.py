"""Forms: the artisan's profile, the officer's actions, the status lookup and bulk actions.

Each sub-scheme's application steps are in `step_forms.py`.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.in_ import aadhaar

from applications.models import Applicant
from districts.models import District
from odop_portal.dates import IndianDateField, IndianDateInput
from schemes.forms import (
    EARLIEST_DATE,
)


class AadhaarField(forms.CharField):
    """12 digits with a valid Verhoeff check digit; spaces and dashes are allowed."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 16)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        try:
            return aadhaar.validate(value)
        except StdnumError as exc:
            raise ValidationError(
                _("This is not a valid Aadhaar number. Check the 12 digits on your card."),
                code="invalid_aadhaar",
            ) from exc


class ProfileForm(forms.ModelForm):
    aadhaar_number = AadhaarField(
        label=_("Aadhaar number"),
        required=False,
        help_text=_("Only the last four digits are kept; the number itself is never stored."),
    )
    spouse_aadhaar_number = AadhaarField(
        label=_("Husband's or wife's Aadhaar number (if married)"),
        required=False,
        help_text=_("Used only to check the once-per-family rules."),
    )

    class Meta:
        model = Applicant
        fields = [
            "full_name",
            "relative_name",
            "gender",
            "date_of_birth",
            "social_category",
            "is_minority",
            "is_divyang",
            "is_up_native",
            "address",
            "district",
            "pincode",
            "email",
            "bank_account_number",
            "bank_ifsc",
            "udyam_number",
        ]
        field_classes = {"date_of_birth": IndianDateField}
        widgets = {
            "date_of_birth": IndianDateInput(),
            "address": forms.Textarea(attrs={"rows": 3}),
            "pincode": forms.TextInput(attrs={"inputmode": "numeric"}),
            "bank_account_number": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.order_by("name_en")
        # Django's blank choice is a row of dashes (or English); say what to do, in Hindi too.
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.empty_label = _("Choose one")
            elif isinstance(field, forms.ChoiceField) and field.choices and field.choices[0][0] == "":
                field.choices = [("", _("Choose one")), *field.choices[1:]]
        # A new profile must give Aadhaar; an existing one keeps its hash unless a number is typed.
        self.fields["aadhaar_number"].required = self.instance.pk is None

    def clean_bank_ifsc(self) -> str:
        return self.cleaned_data["bank_ifsc"].strip().upper()

    def clean_udyam_number(self) -> str:
        return self.cleaned_data["udyam_number"].strip().upper()

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        if value and value > timezone.localdate():
            raise ValidationError(_("This date cannot be in the future."))
        if value and value < EARLIEST_DATE:
            raise ValidationError(_("This date cannot be before 1900."))
        return value

    def clean(self):
        data = super().clean()
        own, spouse = data.get("aadhaar_number"), data.get("spouse_aadhaar_number")
        if own and spouse and own == spouse:
            self.add_error("spouse_aadhaar_number", _("This is your own Aadhaar number."))
        return data


class ReturnForm(forms.Form):
    fields_to_fix = forms.MultipleChoiceField(
        label=_("Answers to correct"), required=False, widget=forms.CheckboxSelectMultiple
    )
    documents_to_fix = forms.MultipleChoiceField(
        label=_("Documents to upload again"), required=False, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(
        label=_("What the applicant must do"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, field_choices=(), document_choices=(), **kwargs):
        kwargs.setdefault("auto_id", "return_%s")
        super().__init__(*args, **kwargs)
        self.fields["fields_to_fix"].choices = field_choices
        self.fields["documents_to_fix"].choices = document_choices

    def clean(self):
        data = super().clean()
        if not data.get("fields_to_fix") and not data.get("documents_to_fix"):
            raise ValidationError(_("Choose at least one answer or document to correct."))
        return data


class RejectForm(forms.Form):
    reason_codes = forms.MultipleChoiceField(label=_("Reasons"), widget=forms.CheckboxSelectMultiple)
    reason = forms.CharField(
        label=_("Explanation for the applicant"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, reason_choices=(), **kwargs):
        kwargs.setdefault("auto_id", "reject_%s")
        super().__init__(*args, **kwargs)
        self.fields["reason_codes"].choices = reason_choices


class RecommendForm(forms.Form):
    note = forms.CharField(
        label=_("Recommendation for the committee"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "recommend_%s")
        super().__init__(*args, **kwargs)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note (not shown to the applicant)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "note_%s")
        super().__init__(*args, **kwargs)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assign to"), queryset=None, empty_label=_("Nobody"), required=False
    )

    def __init__(self, *args, colleagues=None, **kwargs):
        kwargs.setdefault("auto_id", "assign_%s")
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = colleagues


class DocumentUploadForm(forms.Form):
    code = forms.SlugField(widget=forms.HiddenInput)
    file = forms.FileField(label=_("File (PDF, JPEG or PNG, at most 5 MB)"))


class StatusLookupForm(forms.Form):
    reference_number = forms.CharField(
        label=_("Reference number"), max_length=40, help_text=_("For example ODOP/TT/AGR/2026-27/000123")
    )

    def clean_reference_number(self) -> str:
        return self.cleaned_data["reference_number"].strip().upper()


class HelpdeskStartForm(forms.Form):
    mobile = forms.CharField(label=_("Applicant's mobile number"), max_length=16)
    scheme = forms.ChoiceField(label=_("Sub-scheme"), choices=())

    def __init__(self, *args, schemes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].choices = [(s.code, s.name) for s in schemes]

    def clean_mobile(self) -> str:
        from accounts.forms import normalise_mobile
        from accounts.models import mobile_validator

        value = normalise_mobile(self.cleaned_data["mobile"])
        mobile_validator(value)
        return value


def attach_error(form: forms.Form, exc) -> bool:
    """Show a service's refusal against the field it names (a refused upload names "file", the
    forms' field is "upload"). False when it names none of the form's fields."""
    field = "upload" if exc.field == "file" else exc.field
    if field not in form.fields:
        return False
    form.add_error(field, exc.message)
    return True


class VerifyCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("The 16 letters and digits printed beside the QR code, for example ABCD-EFGH-2345-6789"),
    )


BULK_LIMIT = 200


class SelectedFilesField(forms.Field):
    """The ids of the files ticked on the queue: positive whole numbers, at most BULK_LIMIT."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Select at least one file."),
        "invalid": _("The selection holds something that is not a file number. Select the files again."),
        "too_many": _("Select at most %(limit)d files at a time."),
    }

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        if not all(isinstance(v, str) and v.isdigit() and 0 < int(v) < 2**31 for v in values):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return list(dict.fromkeys(int(v) for v in values))

    def validate(self, value):
        super().validate(value)
        if len(value) > BULK_LIMIT:
            raise ValidationError(
                self.error_messages["too_many"], code="too_many", params={"limit": BULK_LIMIT}
            )


class BulkActionForm(forms.Form):
    """One step over the files ticked on the queue. The view acts only on what this cleans."""

    ids = SelectedFilesField(label=_("Files"))
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            ("take_up", _("Take up for scrutiny")),
            ("recommend", _("Recommend to the committee")),
            ("return", _("Return for correction")),
        ],
        error_messages={"required": _("Choose an action."), "invalid_choice": _("Choose an action.")},
    )
    document = forms.ChoiceField(label=_("Document to upload again (for a return)"), required=False)
    note = forms.CharField(
        label=_("Recommendation, or what the applicants must do"), required=False, max_length=2000
    )

    def __init__(self, *args, document_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].choices = [("", ""), *document_choices]

    def clean(self):
        data = super().clean()
        if data.get("action") == "return" and not (data.get("note") and data.get("document")):
            raise ValidationError(
                _("To return files together, choose the document and write what the applicants must do.")
            )
        return data

    def error_messages_for_people(self) -> list[str]:
        """Each error as one sentence, naming the field where it is about one."""
        shown = []
        for name, errors in self.errors.items():
            for error in errors:
                if name in ("__all__", "ids", "action"):  # these messages say what to do already
                    shown.append(str(error))
                else:
                    shown.append(f"{self.fields[name].label}: {error}")
        return shown
