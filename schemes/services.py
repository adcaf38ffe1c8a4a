"""Writes for sub-schemes."""

from datetime import date
from typing import Any

from django.db import transaction

from schemes.models import RuleSet, Scheme


def create_ruleset(
    *,
    scheme: Scheme,
    go_reference: str,
    go_date: date,
    effective_from: date,
    parameters: dict[str, Any],
    notes: str = "",
    created_by=None,
) -> RuleSet:
    """Record the figures of a new GO. The parameters are checked against the scheme's rules and
    stored in their normalised form, so a missing key takes the module default explicitly and
    the stored row alone says what was used. Raises ValidationError naming the field."""
    ruleset = RuleSet(
        scheme=scheme,
        go_reference=go_reference,
        go_date=go_date,
        effective_from=effective_from,
        parameters=parameters,
        notes=notes,
        created_by=created_by,
    )
    ruleset.full_clean()
    ruleset.parameters = ruleset.rule_parameters().to_dict()
    with transaction.atomic():
        ruleset.save()
    return ruleset
