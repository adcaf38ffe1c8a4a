"""Staff type dates as artisans do: day first, ASCII or Devanagari digits, in a text box with the
format as its placeholder in their language. No form of the portal keeps the browser's date
picker (which shows and reads dates by the device's locale, often month first)."""

import importlib
import inspect
from datetime import date

import pytest
from django import forms
from django.utils import timezone, translation

from odop_portal.dates import IndianDateField

FORM_MODULES = [
    "accounts.forms",
    "applications.forms",
    "applications.step_forms",
    "cfc.forms",
    "margin_money.forms",
    "mda.forms",
    "margin_money.views",
    "applications.views_office",
    "toolkit.views",
    "cfc.views",
    "committees.views",
    "schemes.forms",
    "dashboard.forms",
]


def _date_fields():
    found = []
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == name:
                for field_name, field in cls.base_fields.items():
                    if isinstance(field, forms.DateField):
                        found.append((f"{cls.__name__}.{field_name}", field))
    return found


def test_the_office_forms_have_dates_to_check():
    names = {name for name, _ in _date_fields()}
    assert {"SanctionForm.sanctioned_on", "ReleaseForm.released_on", "BatchForm.start_date"} <= names


@pytest.mark.parametrize(("name", "field"), _date_fields(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_date_field_reads_day_first_in_a_text_box(name, field):
    assert isinstance(field, IndianDateField), name
    with translation.override("hi"):
        html = field.widget.render("d", None)
    assert 'type="text"' in html and 'placeholder="दिन-माह-वर्ष (दद-मम-वववव)"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["05/03/2026", "5/3/2026", "०५/०३/२०२६", "5-3-2026", "2026-03-05"])
def test_a_sanction_date_is_read_day_first(typed):
    from margin_money.views import SanctionForm

    form = SanctionForm(data={"amount": "100000", "sanctioned_on": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["sanctioned_on"] == date(2026, 3, 5)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "Enter a valid date."), ("hi", "वैध तिथि भरें ।")],
)
def test_a_garbage_or_future_date_is_refused_naming_the_field(language, message):
    from margin_money.views import SanctionForm

    with translation.override(language):
        form = SanctionForm(data={"amount": "100000", "sanctioned_on": "31/31/2026"})
        assert not form.is_valid()
        assert form.errors["sanctioned_on"] == [message]
        tomorrow = (timezone.localdate() + timezone.timedelta(days=1)).strftime("%d/%m/%Y")
        form = SanctionForm(data={"amount": "100000", "sanctioned_on": tomorrow})
        assert not form.is_valid() and list(form.errors) == ["sanctioned_on"]
        # What was typed is shown back as typed.
        assert 'value="31/31/2026"' in str(
            SanctionForm(data={"sanctioned_on": "31/31/2026"})["sanctioned_on"]
        )
