"""One English message id, one meaning. The same word may label two things ("address": where
someone lives, a page's web address) or be a verb and an outcome ("Approve" on a button,
"Approved" as what happened); gettext keys translations by message id, so such a pair needs a
context or two ids, else one of the two reads wrong in Hindi."""

from collections import defaultdict

from django.apps import apps
from django.db import models
from django.utils import translation


def _label_in(language: str, label) -> str:
    with translation.override(language):
        return str(label)


def _kind(field) -> str:
    """What a field's label names: a page's web address or identifier (a slug, a code), or
    something a person fills in."""
    identifier = isinstance(field, models.URLField) or field.name in ("slug", "code")
    return "web address" if identifier else "other"


def test_a_field_label_shared_with_a_web_address_is_translated_apart():
    # English label -> {kind of field: {Hindi translations}}
    seen: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    where: dict[tuple[str, str], str] = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            label = getattr(field, "verbose_name", None)
            if not label or not isinstance(field, models.Field):
                continue
            english = _label_in("en", label)
            hindi = _label_in("hi", label)
            seen[english][_kind(field)].add(hindi)
            where[(english, hindi)] = f"{model._meta.label}.{field.name}"
    clashes = [
        (english, sorted(where[(english, h)] for h in kinds["web address"] & kinds["other"]))
        for english, kinds in seen.items()
        if kinds["web address"] & kinds["other"]
    ]
    assert clashes == [], f"one translation serves a web address and another thing: {clashes}"


def _outcome_labels():
    from applications.workflow import TRANSITIONS, status_choices
    from committees.models import AgendaItem

    yield from ((f"status {value}", label) for value, label in status_choices())
    yield from ((f"decision outcome {code}", label) for code, label in AgendaItem.OUTCOMES.items())
    yield from ((f"history of {name}", t.label) for name, t in TRANSITIONS.items())


def _action_labels():
    from committees.models import AgendaItem

    yield from ((f"decision button {value}", label) for value, label in AgendaItem.Decision.choices)


def test_what_happened_never_reads_as_a_command():
    """Outcomes (a status, a decision taken, a line of history) are not imperatives in Hindi
    ("स्वीकृत करें" is "approve!"), and never share a message id with a button's verb."""
    commands = [
        (where, _label_in("hi", label))
        for where, label in _outcome_labels()
        if _label_in("hi", label).rstrip("।. ").endswith(("करें", "भेजें", "लें", "दें"))
    ]
    assert commands == [], f"outcomes that read as commands: {commands}"
    verbs = {_label_in("en", label) for _where, label in _action_labels()}
    shared = sorted(where for where, label in _outcome_labels() if _label_in("en", label) in verbs)
    assert shared == [], f"outcomes sharing a message id with a verb: {shared}"
