"""Every validation message a form or public API serializer can show is in Hindi.

Each form of the project is bound, under Hindi, to several kinds of bad input
(empty, too long, letters in number fields, too many digits, bad dates, bad
choices); every resulting error message must carry no English sentence
(heuristic: a run of three or more Latin words).
"""

import importlib
import inspect
import re

import pytest
from django import forms
from django.utils import translation

FORM_MODULES = [
    "accounts.forms",
    "applications.forms",
    "applications.step_forms",
    "cfc.forms",
    "margin_money.forms",
    "mda.forms",
    "schemes.forms",
    "dashboard.forms",
    "districts.forms",
]
SERIALIZER_CLASSES = [
    "EligibilityRequestSerializer",
]
ENGLISH_RUN = re.compile(r"[A-Za-z]+(?:[’'][A-Za-z]+)?(?:\s+[A-Za-z]+(?:[’'][A-Za-z]+)?){2,}")
BAD_VALUES = ["", "x" * 600, "abc", "9" * 40, "2026-13-45", "not-a-choice", "1.23456789"]


def _form_classes():
    found = []
    for name in FORM_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == name:
                found.append(cls)
    return found


def _english(messages):
    return [m for m in messages if ENGLISH_RUN.search(str(m))]


def _reference_lists():
    from dashboard.selectors import reference_lists

    return {"lists": reference_lists()}


def _colleagues():
    from accounts.models import User

    return {"colleagues": User.objects.filter(is_staff=True)}


# What the views give the forms that need more than their data (as each view builds it).
CONSTRUCTOR_ARGUMENTS = {
    "_TargetFormBase": _reference_lists,
    "SetTargetForm": _reference_lists,
    "MoveTargetForm": _reference_lists,
    "AssignForm": _colleagues,
}


def _build(cls, data):
    if cls.__name__ in CONSTRUCTOR_ARGUMENTS:
        return cls(data=data, **CONSTRUCTOR_ARGUMENTS[cls.__name__]())
    for kwargs in ({}, {"application": None}):
        try:
            return cls(data=data, **kwargs)
        except TypeError:
            continue
    return None


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", _form_classes(), ids=lambda c: c.__name__)
def test_form_errors_are_hindi(form_class):
    with translation.override("hi"):
        probe = _build(form_class, {})
        # A new form that needs arguments gets a line in CONSTRUCTOR_ARGUMENTS.
        assert probe is not None, f"{form_class.__name__} needs constructor arguments"
        messages = []
        for bad in BAD_VALUES:
            data = dict.fromkeys(probe.fields, bad)
            form = _build(form_class, data)
            form.is_valid()
            for errs in form.errors.values():
                messages.extend(errs)
        assert not _english(messages), _english(messages)


@pytest.mark.parametrize("name", SERIALIZER_CLASSES)
def test_public_api_serializer_errors_are_hindi(name):
    module = importlib.import_module("schemes.api.serializers")
    cls = getattr(module, name)
    messages = []

    def walk(detail):
        if isinstance(detail, dict):
            for v in detail.values():
                walk(v)
        elif isinstance(detail, list):
            for v in detail:
                walk(v)
        else:
            messages.append(str(detail))

    with translation.override("hi"):
        fields = cls().fields
        for bad in [*BAD_VALUES, None, [], {"a": 1}, 10**30]:
            s = cls(data=dict.fromkeys(fields, bad))
            assert not s.is_valid()
            walk(s.errors)
        s = cls(data=[])
        s.is_valid()
        walk(s.errors)
    assert messages
    assert not _english(messages), _english(messages)


def test_heuristic_catches_django_english():
    assert _english(["Ensure that there are no more than 14 digits in total."])
    assert not _english(["सुनिश्चित करें कि कुल 14 से अधिक अंक न हों।"])
