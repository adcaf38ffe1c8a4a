"""Files still waiting for a decision move to a RuleSet that takes effect while they wait.

The policy (README, "When a Government Order changes"): a file is computed under the RuleSet in
force when it is submitted; if a newer RuleSet of its sub-scheme takes effect before the file is
decided (it is in one of the tables' `undecided_states`), the file is computed anew under the
newer one on that day, since nothing has been sanctioned for it yet. A decided file keeps the
RuleSet it was decided with, always.

The daily beat task and the publication of a RuleSet that is already in force both run
`apply_rulesets_in_force`; it is idempotent (a file already on the newest RuleSet is left alone).
"""

from django.db import transaction
from django.utils import timezone

from applications.facts import Lookups, application_facts
from applications.models import Application, AuditEvent
from applications.services.submission import OUTCOME_FIELDS, set_outcome
from applications.workflow import SYSTEM, UNDECIDED_STATES
from schemes.models import RuleSet
from schemes.selectors import active_rulesets

BATCH = 500
ACTION = "rules_updated"


def files_to_move(*, ruleset: RuleSet):
    """Undecided files of the RuleSet's sub-scheme computed under an older RuleSet."""
    return Application.objects.filter(
        scheme_id=ruleset.scheme_id,
        status__in=UNDECIDED_STATES,
        ruleset__effective_from__lt=ruleset.effective_from,
    )


def apply_rulesets_in_force() -> int:
    """Move every undecided file to the RuleSet of its sub-scheme in force today. Returns the
    number of files moved."""
    moved = 0
    for ruleset in active_rulesets(on=timezone.localdate()).values():
        moved += apply_ruleset_to_undecided_files(ruleset_id=ruleset.pk)
    return moved


def apply_ruleset_to_undecided_files(*, ruleset_id: int) -> int:
    """Compute every undecided file of the sub-scheme anew under `ruleset`, if it is published
    and in force today, in batches of BATCH, each in its own transaction with the files locked
    (a file decided meanwhile is skipped: it keeps its RuleSet). One audit event per file
    moved, by the system. Idempotent."""
    ruleset = RuleSet.objects.select_related("scheme").get(pk=ruleset_id)
    today = timezone.localdate()
    if not ruleset.is_effective_on(today) or active_rulesets(on=today).get(ruleset.scheme.code) != ruleset:
        return 0
    moved = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            batch = list(
                files_to_move(ruleset=ruleset)
                .filter(pk__gt=last_pk)
                .select_related("applicant", "scheme", "ruleset", "district")
                .select_for_update(of=("self",))
                .order_by("pk")[:BATCH]
            )
            if not batch:
                return moved
            last_pk = batch[-1].pk
            lookups = Lookups.for_files(batch)
            parameters = ruleset.rule_parameters()
            now = timezone.now()
            events = []
            for application in batch:
                facts = application_facts(application, lookups)
                outcome = None if facts is None else ruleset.scheme.rules.evaluate(facts, parameters)
                application.ruleset = ruleset
                set_outcome(application, outcome)
                application.updated_at = now
                events.append(
                    AuditEvent(
                        application=application,
                        actor=None,
                        actor_role=SYSTEM,
                        action=ACTION,
                        from_status=application.status,
                        to_status=application.status,
                        reason_codes=[f"ruleset:{ruleset.pk}"],
                        created_at=now,
                    )
                )
            Application.objects.bulk_update(batch, ["ruleset", *OUTCOME_FIELDS, "updated_at"])
            AuditEvent.objects.bulk_create(events)
            moved += len(batch)
