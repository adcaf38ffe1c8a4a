"""The four sub-schemes, their first RuleSets (the GO values) and required documents, from
`schemes/data/schemes.json`. Used by the data migration; safe to run again."""

import json
from pathlib import Path

from django.utils import timezone

DATA_FILE = Path(__file__).resolve().parent / "data" / "schemes.json"


def read_scheme_data(path: Path = DATA_FILE) -> dict:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _has_state(RuleSet) -> bool:
    """Whether this (possibly historical) model has the draft/published state yet."""
    return any(field.name == "state" for field in RuleSet._meta.get_fields())


def load_schemes(Scheme, RuleSet, RequiredDocument, data: dict | None = None) -> None:
    """Model classes are passed in so the migration can use its historical models."""
    data = data or read_scheme_data()
    for row in data["schemes"]:
        scheme, _ = Scheme.objects.update_or_create(
            code=row["code"],
            defaults={
                "slug": row["slug"],
                "name_en": row["name_en"],
                "name_hi": row["name_hi"],
                "position": row["position"],
            },
        )
        first = row["ruleset"]
        RuleSet.objects.get_or_create(
            scheme=scheme,
            effective_from=first["effective_from"],
            defaults={
                "go_reference": first["go_reference"],
                "go_date": first["go_date"],
                "parameters": first["parameters"],
                "notes": first["notes"],
                # The GO values themselves: published by the loader, reviewed with this code.
                **({"state": "published", "published_at": timezone.now()} if _has_state(RuleSet) else {}),
            },
        )
        for position, (code, name_en, name_hi, when, clause, help_en, help_hi) in enumerate(
            data["documents"][row["code"]], start=1
        ):
            RequiredDocument.objects.update_or_create(
                scheme=scheme,
                code=code,
                defaults={
                    "name_en": name_en,
                    "name_hi": name_hi,
                    "required_when": when,
                    "clause": clause,
                    "help_en": help_en,
                    "help_hi": help_hi,
                    "position": position,
                },
            )
