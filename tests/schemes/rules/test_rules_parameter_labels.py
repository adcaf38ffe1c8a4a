"""Every figure of every scheme has a name a reader understands, in English and in Hindi, kept
beside the Parameters class so a renamed or added figure cannot go without one."""

import dataclasses
import re
from types import ModuleType

import pytest

from schemes.rules import cfc, margin_money, mda, toolkit

MODULES = [margin_money, toolkit, mda, cfc]
DEVANAGARI = re.compile(r"[\u0900-\u097f]")


def field_names(module: ModuleType) -> list[str]:
    return [field.name for field in dataclasses.fields(module.Parameters)]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.CODE)
def test_every_figure_has_an_english_and_a_hindi_label(module: ModuleType) -> None:
    labels = module.Parameters.LABELS
    for name in field_names(module):
        assert name in labels, f"{module.CODE}.{name} has no label"
        english, hindi = labels[name]
        assert english.strip() == english != "", name
        assert hindi.strip() == hindi != "", name
        assert english != name, name
        assert not DEVANAGARI.search(english), name
        assert DEVANAGARI.search(hindi), name


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.CODE)
def test_no_label_names_a_figure_the_rules_do_not_have(module: ModuleType) -> None:
    assert set(module.Parameters.LABELS) - set(field_names(module)) == set()


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.CODE)
def test_no_two_figures_of_a_scheme_share_a_label(module: ModuleType) -> None:
    labels = module.Parameters.LABELS.values()
    assert len({english for english, _ in labels}) == len(labels)
    assert len({hindi for _, hindi in labels}) == len(labels)


def test_a_label_is_given_in_the_language_asked_for() -> None:
    params = margin_money.Parameters
    assert params.field_label("slab1_limit", "hi") == "पहला स्लैब: परियोजना लागत की सीमा"
    assert params.field_label("slab1_limit", "hi-in") == "पहला स्लैब: परियोजना लागत की सीमा"
    assert params.field_label("slab1_limit", "en") == "First slab: project cost up to"
    assert params.field_label("slab1_limit", "") == "First slab: project cost up to"
    # A name the rules do not label is shown as it is, in either language.
    assert params.field_label("slab5_rate", "hi") == "slab5_rate"
    assert params.field_label("slab5_rate", "en") == "slab5_rate"
