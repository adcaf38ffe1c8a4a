"""What changes between two RuleSets of a sub-scheme, figure by figure, for the review pages
and the public scheme page's "what changes" table."""

import dataclasses
import inspect
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.utils.translation import get_language

from schemes.rules.base import decimal_to_str

# A Parameters field's GO note is the `#:` comment above it in the rules module.
_NOTE = re.compile(r"((?:^[ \t]*#:.*\n)+)[ \t]*(\w+)\s*:", re.MULTILINE)


@cache
def parameter_notes(cls: type) -> dict[str, str]:
    """Each figure's GO note (the `#:` comment above the field), by field name."""
    try:
        source = inspect.getsource(cls)
    except (OSError, TypeError):
        return {}
    return {
        name: " ".join(line.strip()[2:].strip() for line in comment.strip().splitlines())
        for comment, name in _NOTE.findall(source)
    }


def shown(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return decimal_to_str(value)
    if isinstance(value, tuple):
        return ", ".join(value)
    return str(value)


@dataclass(frozen=True)
class FigureChange:
    name: str
    label_en: str
    label_hi: str
    note: str
    before: str
    after: str

    @property
    def label(self) -> str:
        """What the figure is, in the reader's language."""
        return self.label_hi if (get_language() or "").startswith("hi") else self.label_en

    @property
    def is_changed(self) -> bool:
        return self.before != self.after


def figure_changes(current, proposed, *, only_changed: bool = False) -> list[FigureChange]:
    """Every figure of two Parameters of one scheme, in the order the rules declare them."""
    cls = type(proposed)
    notes = parameter_notes(cls)
    rows = [
        FigureChange(
            name=field.name,
            label_en=cls.field_label(field.name, "en"),
            label_hi=cls.field_label(field.name, "hi"),
            note=notes.get(field.name, ""),
            before="" if current is None else shown(getattr(current, field.name)),
            after=shown(getattr(proposed, field.name)),
        )
        for field in dataclasses.fields(proposed)
    ]
    return [row for row in rows if row.is_changed] if only_changed else rows
