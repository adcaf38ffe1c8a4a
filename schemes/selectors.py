"""Reads for sub-schemes and their rule sets."""

from datetime import date

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from schemes.models import RequiredDocument, RuleSet, Scheme


def scheme_list() -> QuerySet[Scheme]:
    return Scheme.objects.order_by("position")


def scheme_get(*, slug: str | None = None, code: str | None = None) -> Scheme:
    queryset = Scheme.objects.prefetch_related(
        Prefetch("documents", queryset=RequiredDocument.objects.order_by("position"))
    )
    lookup = {"slug": slug} if slug is not None else {"code": code}
    scheme = queryset.filter(**lookup).first()
    if scheme is None:
        raise Http404("no such sub-scheme")
    return scheme


def active_rulesets(*, on: date) -> dict[str, RuleSet]:
    """The RuleSet in force on `on` for each scheme code, in one query (the table is tiny)."""
    rulesets = (
        RuleSet.objects.select_related("scheme").filter(effective_from__lte=on).order_by("-effective_from")
    )
    active: dict[str, RuleSet] = {}
    for ruleset in rulesets:
        active.setdefault(ruleset.scheme.code, ruleset)
    return active


def active_ruleset(*, scheme: Scheme, on: date) -> RuleSet:
    ruleset = (
        RuleSet.objects.select_related("scheme")
        .filter(scheme=scheme, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )
    if ruleset is None:
        raise RuleSet.DoesNotExist(f"no rule set of {scheme.code} is in force on {on}")
    return ruleset


def ruleset_history(*, scheme: Scheme) -> QuerySet[RuleSet]:
    return scheme.rulesets.order_by("-effective_from")
