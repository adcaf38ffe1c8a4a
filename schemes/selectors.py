"""Reads for sub-schemes and their rule sets."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from schemes.models import FAIR_CATEGORY_CHOICES, NotifiedFair, RequiredDocument, RuleSet, Scheme
from schemes.rules import mda


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
        RuleSet.objects.select_related("scheme")
        .filter(state=RuleSet.State.PUBLISHED, effective_from__lte=on)
        .order_by("-effective_from")
    )
    return in_force(list(rulesets), on=on)


def published_rulesets() -> list[RuleSet]:
    """Every published RuleSet, newest first, in one query: callers that need the rules of
    several days (today's and an upcoming GO's) pick from it with `in_force`."""
    return list(
        RuleSet.objects.select_related("scheme")
        .filter(state=RuleSet.State.PUBLISHED)
        .order_by("-effective_from")
    )


def in_force(rulesets: list[RuleSet], *, on: date) -> dict[str, RuleSet]:
    """From published RuleSets (newest first), the one in force on `on` per scheme code."""
    active: dict[str, RuleSet] = {}
    for ruleset in rulesets:
        if ruleset.effective_from <= on:
            active.setdefault(ruleset.scheme.code, ruleset)
    return active


def effective_dates_after(rulesets: list[RuleSet], *, on: date) -> list[date]:
    """The days after `on` from which one of `rulesets` takes effect, soonest first."""
    return sorted({ruleset.effective_from for ruleset in rulesets if ruleset.effective_from > on})


def active_ruleset(*, scheme: Scheme, on: date) -> RuleSet:
    ruleset = (
        RuleSet.objects.select_related("scheme")
        .filter(scheme=scheme, state=RuleSet.State.PUBLISHED, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )
    if ruleset is None:
        raise RuleSet.DoesNotExist(f"no rule set of {scheme.code} is in force on {on}")
    return ruleset


def ruleset_history(*, scheme: Scheme) -> QuerySet[RuleSet]:
    """Published RuleSets of `scheme`, newest first (drafts are nobody's rules yet)."""
    return scheme.rulesets.filter(state=RuleSet.State.PUBLISHED).order_by("-effective_from")


def upcoming_ruleset(*, scheme: Scheme, on: date) -> RuleSet | None:
    """The next published RuleSet of `scheme` that takes effect after `on`, if any."""
    return (
        RuleSet.objects.select_related("scheme")
        .filter(scheme=scheme, state=RuleSet.State.PUBLISHED, effective_from__gt=on)
        .order_by("effective_from")
        .first()
    )


# --- Notified fairs (Marketing Development Assistance) -------------------------------------


@dataclass(frozen=True)
class ListedFair:
    """A notified fair as the public list shows it: ``claim_until`` is the last day to claim
    for it (GO-MDA-2019 para 8, with the RuleSet in force)."""

    fair: NotifiedFair
    claim_until: date
    is_upcoming: bool
    is_over: bool


@dataclass(frozen=True)
class FairGroup:
    category: str
    label: str
    fairs: list[ListedFair]


def _window_cutoff(*, on: date, params: mda.Parameters) -> date:
    # A fair whose claim window is still open ended at most claim_window_days plus the rest of
    # its month ago; the exact last day is then computed per fair by the rules.
    return on - timedelta(days=params.claim_window_days + 31)


def notified_fair_groups(*, on: date, params: mda.Parameters, category: str = "") -> list[FairGroup]:
    """Active notified fairs that are to come, under way, or still open for claims on `on`,
    grouped by claim category in the GOs' order (only groups with fairs), in the order of their
    last day (the nearest last day to claim first).
    One query whatever the number of fairs."""
    fairs = NotifiedFair.objects.filter(is_active=True, end_date__gte=_window_cutoff(on=on, params=params))
    if category:
        fairs = fairs.filter(category=category)
    by_category: dict[str, list[ListedFair]] = {}
    for fair in fairs.order_by("end_date", "start_date", "name_en"):
        _, claim_until = mda.claim_window(fair.end_date, params)
        if claim_until < on:
            continue
        by_category.setdefault(fair.category, []).append(
            ListedFair(
                fair=fair,
                claim_until=claim_until,
                is_upcoming=fair.start_date > on,
                is_over=fair.end_date < on,
            )
        )
    return [
        FairGroup(category=value, label=str(label), fairs=by_category[value])
        for value, label in FAIR_CATEGORY_CHOICES
        if value in by_category
    ]


def notified_fairs_for_claim(*, keep_pk: int | str | None = None) -> QuerySet[NotifiedFair]:
    """Fairs a claim may name: the active ones, and the one the claim already names (a fair taken
    off the list later stays with the claims that named it)."""
    condition = Q(is_active=True)
    if keep_pk not in (None, "") and str(keep_pk).isdigit():
        condition |= Q(pk=int(keep_pk))
    return NotifiedFair.objects.filter(condition).order_by("-end_date", "name_en")
