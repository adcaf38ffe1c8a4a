"""Computing a what-if: every undecided file of the sub-scheme evaluated under its own RuleSet
and under the draft, side by side. It reads files and writes only the WhatIf and its
WhatIfChange rows: never a file, an audit event or a notification (a test compares every other
table before and after).

Which files a draft governs follows `applications.services.rules_update`: the files still
waiting for a decision (the tables' `undecided_states`) would be computed anew under it on its
effective date; decided files keep their RuleSet by rule and are only counted.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from applications.facts import Lookups, application_facts, as_of
from applications.models import Application
from applications.selectors import approvals_counted_against_targets
from applications.workflow import FINAL_STATES, UNDECIDED_STATES, Status
from districts.models import District
from rulechanges.models import WhatIf, WhatIfChange
from schemes.models import RuleSet, Target
from schemes.rules.base import Outcome, decimal_to_str, financial_year
from schemes.rules.base import Status as RuleStatus

CHUNK = 1000
ZERO = Decimal("0")


def paid_amount(outcome: Outcome | None) -> Decimal:
    """What a file would be sanctioned: its benefit when eligible, else nothing (as
    `applications.services.submission.set_outcome` stores it)."""
    if outcome is None or outcome.benefit is None or not outcome.is_eligible:
        return ZERO
    return outcome.benefit.amount


def eligible(outcome: Outcome | None) -> bool | None:
    return None if outcome is None else outcome.is_eligible


def deciding_rules(old: Outcome | None, new: Outcome | None) -> list[dict]:
    """The rules and benefit lines whose answer differs between the two outcomes."""
    reasons: list[dict] = []
    old_rules = {rule.code: rule for rule in (old.rules if old else ())}
    for rule in new.rules if new else ():
        before = old_rules.get(rule.code)
        if before is None or before.status != rule.status:
            shown = rule if rule.status == RuleStatus.FAILED or before is None else before
            reasons.append(
                {
                    "code": rule.code,
                    "clause": shown.clause,
                    "message_en": shown.message_en,
                    "message_hi": shown.message_hi,
                    "now": str(rule.status),
                }
            )
    old_lines = {line.code: line for line in (old.benefit.lines if old and old.benefit else ())}
    for line in new.benefit.lines if new and new.benefit else ():
        before = old_lines.get(line.code)
        if before is not None and before.amount != line.amount:
            reasons.append(
                {
                    "code": line.code,
                    "clause": line.clause,
                    "message_en": line.label_en,
                    "message_hi": line.label_hi,
                    "now": decimal_to_str(line.amount),
                }
            )
    return reasons


@dataclass
class Tally:
    files: int = 0
    became_eligible: int = 0
    became_ineligible: int = 0
    benefit_changed: int = 0
    before: Decimal = ZERO
    after: Decimal = ZERO
    eligible_before: int = 0
    eligible_after: int = 0

    def add(self, old: Outcome | None, new: Outcome | None) -> None:
        self.files += 1
        was, now = eligible(old), eligible(new)
        self.became_eligible += bool(now and not was)
        self.became_ineligible += bool(was and not now)
        self.eligible_before += bool(was)
        self.eligible_after += bool(now)
        before, after = paid_amount(old), paid_amount(new)
        self.benefit_changed += before != after
        self.before += before
        self.after += after

    def to_dict(self) -> dict:
        return {
            "files": self.files,
            "became_eligible": self.became_eligible,
            "became_ineligible": self.became_ineligible,
            "benefit_changed": self.benefit_changed,
            "eligible_before": self.eligible_before,
            "eligible_after": self.eligible_after,
            "before": decimal_to_str(self.before),
            "after": decimal_to_str(self.after),
            "change": decimal_to_str(self.after - self.before),
        }


@dataclass
class Reasons:
    counts: dict = field(default_factory=dict)

    def add(self, reasons: list[dict], *, was: bool | None, now: bool | None) -> None:
        for reason in reasons:
            row = self.counts.setdefault(
                reason["code"],
                {
                    **{k: reason[k] for k in ("code", "clause", "message_en", "message_hi")},
                    "files": 0,
                    "became_ineligible": 0,
                    "became_eligible": 0,
                },
            )
            row["files"] += 1
            row["became_ineligible"] += bool(was and not now)
            row["became_eligible"] += bool(now and not was)

    def to_list(self) -> list[dict]:
        return sorted(self.counts.values(), key=lambda row: (-row["files"], row["code"]))


def governed_files(*, scheme_id: int):
    return Application.objects.filter(scheme_id=scheme_id, status__in=UNDECIDED_STATES)


def kept_count(*, scheme_id: int) -> int:
    """Decided files of the sub-scheme: they keep their RuleSet whatever is published."""
    return Application.objects.filter(
        scheme_id=scheme_id, status__in=FINAL_STATES - {Status.WITHDRAWN}
    ).count()


def _progress(what_if: WhatIf, **fields) -> None:
    WhatIf.objects.filter(pk=what_if.pk).update(**fields)
    for name, value in fields.items():
        setattr(what_if, name, value)


def _meters(*, scheme_id: int, district_tallies: dict[int, Tally], year: str) -> list[dict]:
    """Each district's target and budget meter this financial year, before and after: the
    beneficiaries approved so far plus the eligible files waiting, and their money, against
    the physical and financial targets. Three queries whatever the number of districts."""
    targets = {t.district_id: t for t in Target.objects.filter(scheme_id=scheme_id, financial_year=year)}
    start = date(int(year[:4]), 4, 1)
    approved = {
        row["district_id"]: row
        for row in Application.objects.filter(
            scheme_id=scheme_id,
            closed_at__date__gte=start,
            closed_at__date__lt=start.replace(year=start.year + 1),
        )
        .exclude(status__in=[Status.REJECTED, Status.WITHDRAWN])
        .values("district_id")
        .annotate(n=Count("id"), money=Sum("benefit_amount"))
    }
    rows = []
    for district in District.objects.order_by("name_en").only("pk", "name_en", "name_hi", "slug"):
        tally = district_tallies.get(district.pk)
        if tally is None:
            continue
        target = targets.get(district.pk)
        done = approved.get(district.pk, {})
        count, money = done.get("n", 0), done.get("money") or ZERO
        row = {
            "district_id": district.pk,
            "name_en": district.name_en,
            "name_hi": district.name_hi,
            **tally.to_dict(),
            "approved": count,
            "approved_money": decimal_to_str(money),
            "target_physical": target.physical if target else None,
            "target_financial": decimal_to_str(target.financial) if target else None,
        }
        if target:
            row["physical_before"] = _percent(count + tally.eligible_before, target.physical)
            row["physical_after"] = _percent(count + tally.eligible_after, target.physical)
            row["budget_before"] = _percent(money + tally.before, target.financial)
            row["budget_after"] = _percent(money + tally.after, target.financial)
        rows.append(row)
    return rows


def _percent(part, whole) -> int | None:
    return None if not whole else round(Decimal(part) * 100 / Decimal(whole))


def compute_ruleset_what_if(what_if: WhatIf) -> WhatIf:
    """Evaluate every undecided file of the draft's sub-scheme under its own RuleSet and the
    draft's parameters as stored on the what-if; store the tallies and the changed files.
    Precondition: the WhatIf is QUEUED or RUNNING (the task checks). Writes only `what_if`."""
    draft = RuleSet.objects.select_related("scheme").get(pk=what_if.ruleset_id)
    scheme = draft.scheme
    new_parameters = scheme.rules.Parameters.from_dict(what_if.parameters)
    files = governed_files(scheme_id=scheme.pk)
    _progress(what_if, state=WhatIf.State.RUNNING, started_at=timezone.now(), total=files.count(), done=0)
    WhatIfChange.objects.filter(what_if=what_if).delete()
    old_parameters: dict[int, object] = {}
    state, by_year, by_district = Tally(), defaultdict(Tally), defaultdict(Tally)
    reasons = Reasons()
    last_pk, done = 0, 0
    while True:
        chunk = list(
            files.filter(pk__gt=last_pk)
            .select_related("applicant", "scheme", "ruleset", "district")
            .order_by("pk")[:CHUNK]
        )
        if not chunk:
            break
        last_pk = chunk[-1].pk
        lookups = Lookups.for_files(chunk)
        changes = []
        for application in chunk:
            facts = application_facts(application, lookups)
            if application.ruleset_id not in old_parameters:
                old_parameters[application.ruleset_id] = application.ruleset.rule_parameters()
            old = (
                None
                if facts is None
                else scheme.rules.evaluate(facts, old_parameters[application.ruleset_id])
            )
            new = None if facts is None else scheme.rules.evaluate(facts, new_parameters)
            year = financial_year(as_of(application))
            for tally in (state, by_year[year], by_district[application.district_id]):
                tally.add(old, new)
            was, now = eligible(old), eligible(new)
            before, after = paid_amount(old), paid_amount(new)
            if was != now or before != after:
                found = deciding_rules(old, new)
                reasons.add(found, was=was, now=now)
                changes.append(
                    WhatIfChange(
                        what_if=what_if,
                        application=application,
                        district_id=application.district_id,
                        financial_year=year,
                        was_eligible=was,
                        is_eligible=now,
                        old_benefit=before,
                        new_benefit=after,
                        change=after - before,
                        reasons=found,
                    )
                )
        WhatIfChange.objects.bulk_create(changes)
        done += len(chunk)
        _progress(what_if, done=done)
    year = financial_year(timezone.localdate())
    results = {
        "state": state.to_dict(),
        "kept": kept_count(scheme_id=scheme.pk),
        "years": [{"year": y, **t.to_dict()} for y, t in sorted(by_year.items())],
        "districts": _meters(scheme_id=scheme.pk, district_tallies=by_district, year=year),
        "meter_year": year,
        "reasons": reasons.to_list(),
    }
    _progress(what_if, state=WhatIf.State.DONE, results=results, finished_at=timezone.now())
    return what_if


def compute_target_what_if(what_if: WhatIf) -> WhatIf:
    """Which undecided, eligible files of the district would fit if its physical target of the
    year rose by `extra`: the district's queue in order of submission, after those the present
    target already leaves room for. Writes only `what_if`."""
    _progress(what_if, state=WhatIf.State.RUNNING, started_at=timezone.now())
    target = Target.objects.filter(
        district_id=what_if.district_id, scheme_id=what_if.scheme_id, financial_year=what_if.financial_year
    ).first()
    approved = approvals_counted_against_targets(
        district_id=what_if.district_id, year=what_if.financial_year
    ).get(what_if.scheme_id, 0)
    physical = target.physical if target else None
    room_before = None if physical is None else max(0, physical - approved)
    room_after = None if physical is None else max(0, physical + what_if.extra - approved)
    waiting = (
        governed_files(scheme_id=what_if.scheme_id)
        .filter(district_id=what_if.district_id)
        .filter(Q(is_eligible=True) | Q(is_eligible__isnull=True))
        .order_by("submitted_at", "pk")
    )
    total = waiting.count()
    _progress(what_if, total=total)
    admitted: list[Application] = []
    if room_before is not None and room_after > room_before:
        admitted = list(
            waiting[room_before:room_after].only("pk", "district_id", "submitted_at", "benefit_amount")
        )
    WhatIfChange.objects.filter(what_if=what_if).delete()
    WhatIfChange.objects.bulk_create(
        WhatIfChange(
            what_if=what_if,
            application=application,
            district_id=application.district_id,
            financial_year=what_if.financial_year,
            was_eligible=False,
            is_eligible=True,
            old_benefit=ZERO,
            new_benefit=application.benefit_amount or ZERO,
            change=application.benefit_amount or ZERO,
        )
        for application in admitted
    )
    money = sum((a.benefit_amount or ZERO for a in admitted), ZERO)
    results = {
        "target_physical": physical,
        "target_financial": decimal_to_str(target.financial) if target else None,
        "approved": approved,
        "waiting": total,
        "room_before": room_before,
        "room_after": room_after,
        "admitted": len(admitted),
        "admitted_money": decimal_to_str(money),
    }
    _progress(what_if, state=WhatIf.State.DONE, done=total, results=results, finished_at=timezone.now())
    return what_if
