"""What each sub-scheme adds to the pages every sub-scheme shares.

The shared pages (the artisan's file, the district office's file) are the application core's;
the steps after approval are each sub-scheme's own. A sub-scheme app registers, when Django
starts, the office's actions it offers on the file (`OfficeAction`) and what it shows on the
pages (`register_file_context`), so the core never imports a sub-scheme app."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms


@dataclass(frozen=True)
class OfficeAction:
    """A step the district office takes on the file page: `/applications/office/<pk>/<name>/`.

    `offered(application, moves)` says whether to show it now, given the moves open to the
    officer; `form` (None for a button) is filled and cleaned, then `service` is called with
    the cleaned data; `done` is the message shown after it."""

    name: str
    service: Callable
    offered: Callable[..., bool]
    form: type[forms.Form] | None = None
    done: str = ""


OFFICE_ACTIONS: dict[str, OfficeAction] = {}
# Each returns extra template context for a file: fn(application, page) with page "owner" (the
# artisan's page) or "office" (the district office's file page); {} when it has nothing to add.
FILE_CONTEXTS: list[Callable[..., dict]] = []


def register_office_action(action: OfficeAction) -> None:
    if OFFICE_ACTIONS.get(action.name, action) is not action:
        raise ValueError(f"office action {action.name!r} is registered twice")
    OFFICE_ACTIONS[action.name] = action


def register_file_context(builder: Callable[..., dict]) -> None:
    if builder not in FILE_CONTEXTS:
        FILE_CONTEXTS.append(builder)


def file_context(application, page: str) -> dict:
    context: dict = {}
    for builder in FILE_CONTEXTS:
        context.update(builder(application, page))
    return context


def office_forms(application, moves: set[str]) -> dict[str, forms.Form | None]:
    """The office actions open now, each with an empty form (None for a plain button)."""
    return {
        name: action.form(prefix=name) if action.form else None
        for name, action in OFFICE_ACTIONS.items()
        if action.offered(application, moves)
    }
