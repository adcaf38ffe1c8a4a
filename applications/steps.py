"""The steps of each sub-scheme's application form, in order. Documents and the final review
are steps of every scheme, handled by their own views."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from applications import step_forms as forms
from applications.workflow import Status


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form_class: type[forms.StepForm]


STEPS: dict[str, list[Step]] = {
    "MM": [
        Step("unit", _("Your unit"), forms.MarginMoneyUnitForm),
        Step("project", _("Project cost"), forms.MarginMoneyProjectForm),
        Step("bank", _("Bank"), forms.MarginMoneyBankForm),
        Step("declarations", _("Declarations"), forms.MarginMoneyDeclarationsForm),
    ],
    "TT": [
        Step("craft", _("Your craft"), forms.ToolkitCraftForm),
        Step("history", _("Earlier toolkits"), forms.ToolkitHistoryForm),
    ],
    "MDA": [
        Step("fair", _("The fair"), forms.MdaFairForm),
        Step("expenses", _("Expenses"), forms.MdaExpensesForm),
    ],
    "CFC": [
        Step("spv", _("The SPV"), forms.CfcSpvForm),
        Step("proposal", _("The proposal"), forms.CfcProposalForm),
    ],
}


def step_form(step: Step, application, data=None) -> forms.StepForm:
    """The step's form for `application`, its stored answers as initial values. In a returned
    application only the answers the office flagged can change: the others are disabled, so
    their stored values stand whatever is posted."""
    form = step.form_class(data, initial=application.details.get(step.slug, {}), application=application)
    if application.status == Status.RETURNED:
        for name, field in form.fields.items():
            if name not in application.returned_fields:
                field.disabled = True
    return form


def steps_for(scheme_code: str) -> list[Step]:
    return STEPS[scheme_code]


def step_get(scheme_code: str, slug: str) -> Step | None:
    return next((step for step in STEPS[scheme_code] if step.slug == slug), None)


def field_labels(scheme_code: str) -> dict[str, str]:
    """Every answer of a scheme's form with its label, for choosing what to return."""
    labels = {}
    for step in STEPS[scheme_code]:
        for name, field in step.form_class.base_fields.items():
            labels[name] = str(field.label)
    return labels


def step_of_field(scheme_code: str, field_name: str) -> str | None:
    for step in STEPS[scheme_code]:
        if field_name in step.form_class.base_fields:
            return step.slug
    return None
