"""Forms of the rule-change pages: a draft's GO and one field per figure of the scheme's
Parameters, the reviewer's note, the reason for discarding one, and a target what-if."""

import dataclasses
import typing
from decimal import Decimal
from fractions import Fraction

from django import forms
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from districts.models import District
from schemes.changes import parameter_notes
from schemes.models import Scheme
from schemes.rules.base import ParameterError, ParametersBase


def problem_message(problem: ParameterError) -> str:
    """The rules' own message for a broken figure, in the reader's language."""
    return problem.message_hi if (get_language() or "").startswith("hi") else problem.message_en


def _figure_label(parameter_class: type[ParametersBase], name: str) -> str:
    """A figure's label in the reader's language, with its name in the rules beside it: staff
    compare the figures with the GO, and the rules' messages name the figure so."""
    label = parameter_class.field_label(name, get_language() or "")
    return format_html("{} <small><code>{}</code></small>", label, name)


def _field_for(label: str, hint, default, note: str) -> forms.Field:
    common = {"label": label, "help_text": note, "initial": default}
    if hint is bool:
        return forms.TypedChoiceField(
            choices=[("true", _("Yes")), ("false", _("No"))],
            coerce=lambda value: value == "true",
            **{**common, "initial": "true" if default else "false"},
        )
    if hint is int:
        return forms.IntegerField(min_value=0, **common)
    if hint is Decimal:
        return forms.DecimalField(min_value=0, max_digits=18, decimal_places=6, **common)
    if hint is Fraction:
        return forms.CharField(max_length=20, **{**common, "initial": str(default)})
    if typing.get_origin(hint) is tuple:
        return forms.CharField(max_length=500, required=False, **{**common, "initial": ", ".join(default)})
    return forms.CharField(max_length=200, required=False, **common)


class RuleSetDraftForm(forms.Form):
    """The GO and every figure. `parameters_of(cleaned_data)` gives the dict the rules read."""

    go_reference = forms.CharField(label=_("GO number"), max_length=200)
    go_date = forms.DateField(label=_("GO date"), widget=forms.DateInput(attrs={"type": "date"}))
    effective_from = forms.DateField(
        label=_("Effective from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    go_document = forms.FileField(
        label=_("The GO (PDF)"),
        required=False,
        help_text=_("Needed before the draft is sent for review; a new file replaces the old one."),
    )
    notes = forms.CharField(
        label=_("What changes, and why"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, scheme: Scheme, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        cls = scheme.rules.Parameters
        self.parameter_class = cls
        notes = parameter_notes(cls)
        hints = typing.get_type_hints(cls)
        values = cls.from_dict(current)
        self.parameter_names = []
        for field in dataclasses.fields(cls):
            self.fields[field.name] = _field_for(
                _figure_label(cls, field.name),
                hints[field.name],
                getattr(values, field.name),
                notes.get(field.name, ""),
            )
            self.parameter_names.append(field.name)

    def parameters_of(self, data: dict) -> dict:
        hints = typing.get_type_hints(self.parameter_class)
        result = {}
        for name in self.parameter_names:
            value = data.get(name)
            hint = hints[name]
            if typing.get_origin(hint) is tuple:
                value = [part.strip() for part in (value or "").split(",") if part.strip()]
            elif isinstance(value, Decimal):
                value = str(value.normalize()) if value == value.to_integral() else str(value)
            result[name] = value
        return result

    def add_problems(self, problems: list[ParameterError]) -> None:
        for problem in problems:
            field = problem.field if problem.field in self.fields else None
            self.add_error(field, problem_message(problem))

    def figures(self):
        return [self[name] for name in self.parameter_names]

    def go_fields(self):
        return [self[name] for name in ("go_reference", "go_date", "effective_from", "go_document", "notes")]


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the drafter"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when sending the draft back."),
    )


class DiscardForm(forms.Form):
    note = forms.CharField(
        label=_("Why it is discarded"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For the record: the GO withdrawn, a draft made by mistake."),
    )


class TargetWhatIfForm(forms.Form):
    district = forms.ModelChoiceField(label=_("District"), queryset=District.objects.order_by("name_en"))
    scheme = forms.ModelChoiceField(label=_("Sub-scheme"), queryset=Scheme.objects.order_by("position"))
    financial_year = forms.RegexField(
        label=_("Financial year"),
        regex=r"^\d{4}-\d{2}$",
        max_length=7,
        error_messages={"invalid": _("Write the financial year as 2026-27.")},
    )
    extra = forms.IntegerField(
        label=_("Rise in the physical target (beneficiaries)"), min_value=1, max_value=100000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Names in the reader's language.
        self.fields["district"].label_from_instance = lambda district: district.name
        self.fields["scheme"].label_from_instance = lambda scheme: scheme.name
