"""Fetch-and-authorise for the rule-change pages: state staff only; the same 404 whether the row
is missing or belongs to something else (a what-if of another RuleSet, say)."""

from django.http import Http404

from rulechanges.models import WhatIf
from schemes.models import RuleSet


def _is_state(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_state_level)


def access_ruleset(*, user, pk: int) -> RuleSet:
    """A RuleSet, for state staff (drafts included)."""
    if not _is_state(user):
        raise Http404("no such rule set")
    ruleset = RuleSet.objects.select_related("scheme", "created_by", "published_by").filter(pk=pk).first()
    if ruleset is None:
        raise Http404("no such rule set")
    return ruleset


def access_what_if(*, user, pk: int, ruleset: RuleSet | None = None, kind: str | None = None) -> WhatIf:
    """A what-if, for state staff; with `ruleset`, only one of that RuleSet."""
    if not _is_state(user):
        raise Http404("no such what-if")
    query = WhatIf.objects.select_related("ruleset__scheme", "district", "scheme", "requested_by").filter(
        pk=pk
    )
    if ruleset is not None:
        query = query.filter(ruleset=ruleset)
    if kind is not None:
        query = query.filter(kind=kind)
    what_if = query.first()
    if what_if is None:
        raise Http404("no such what-if")
    return what_if
