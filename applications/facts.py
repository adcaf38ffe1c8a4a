"""An application's answers as the rules' facts: the profile, each step's stored answers
(validated again by the step's form) and what the database knows (earlier claims, family)."""

import dataclasses
from datetime import date
from decimal import Decimal

from django.utils import timezone

from applications.models import Application, Document
from applications.steps import steps_for
from applications.workflow import STATUS_LABELS, Status
from districts.models import District
from schemes.evaluation import FACT_BUILDERS
from schemes.rules.base import Outcome, financial_year


def live_statuses() -> list[str]:
    """Every status but the two that end a file before any benefit (every table's)."""
    return [s for s in STATUS_LABELS if s not in (Status.REJECTED, Status.WITHDRAWN)]


def step_answers(application: Application) -> dict:
    """Typed answers of every step (only the fields that validate)."""
    answers: dict = {}
    for step in steps_for(application.scheme.code):
        form = step.form_class(data=application.details.get(step.slug, {}), application=application)
        form.is_valid()
        answers.update(form.cleaned_data)
    return answers


def as_of(application: Application) -> date:
    return timezone.localdate(application.submitted_at) if application.submitted_at else timezone.localdate()


def family_hashes(application: Application) -> set[str]:
    applicant = application.applicant
    return {h for h in (applicant.aadhaar_hash, applicant.spouse_aadhaar_hash) if h}


def other_family_applications(application: Application):
    """Live applications of the same scheme by the applicant's husband or wife (either side
    may have named the other), excluding this one."""
    hashes = family_hashes(application)
    return Application.objects.filter(scheme_id=application.scheme_id, status__in=live_statuses()).exclude(
        status=Status.DRAFT
    ).exclude(pk=application.pk).filter(applicant__aadhaar_hash__in=hashes).exclude(
        applicant_id=application.applicant_id
    ) | Application.objects.filter(scheme_id=application.scheme_id, status__in=live_statuses()).exclude(
        status=Status.DRAFT
    ).exclude(pk=application.pk).filter(applicant__spouse_aadhaar_hash=application.applicant.aadhaar_hash)


def application_answers(
    application: Application, lookups: "Lookups | None" = None, typed: dict | None = None
) -> dict:
    """The rules' answers for one file. `lookups` (from `Lookups.for_files`) answers what this
    would otherwise ask the database per file, for many files at once; the answers are the same.
    `typed` is what `step_answers` would give, when the caller has just validated the steps."""
    applicant = application.applicant
    answers = {
        "date_of_birth": applicant.date_of_birth,
        "gender": applicant.gender,
        "social_category": applicant.social_category,
        "is_minority": applicant.is_minority,
        "is_divyang": applicant.is_divyang,
        "is_up_native": applicant.is_up_native,
        # The product is chosen from the district's own ODOP products.
        "makes_district_product": True if application.product_id else None,
    }
    answers.update(step_answers(application) if typed is None else typed)
    code = application.scheme.code
    if code in ("MM", "TT"):
        if lookups is not None:
            has_family_file = lookups.has_family_file(application)
        else:
            has_family_file = other_family_applications(application).exists()
    if code == "MM":
        parts = [answers.get(name) for name in ("machinery_cost", "workshed_cost", "other_capital_cost")]
        if any(part is not None for part in parts):
            answers["capital_cost"] = sum((part or Decimal("0")) for part in parts)
        if has_family_file:
            answers["family_has_received_margin_money"] = True
    elif code == "TT":
        answers["practises_craft"] = True if application.product_id else None
        if has_family_file:
            answers["family_has_received_toolkit"] = True
    elif code == "MDA" and answers.get("event_date"):
        if lookups is not None:
            earlier, ecommerce = lookups.mda_claims(application, answers["event_date"])
        else:
            earlier = earlier_mda_claims(application, answers["event_date"])
            ecommerce = (
                Application.objects.filter(
                    applicant_id=application.applicant_id,
                    scheme_id=application.scheme_id,
                    status__in=live_statuses(),
                )
                .exclude(status=Status.DRAFT)
                .exclude(pk=application.pk)
                .filter(details__fair__claim_category="ecommerce")
                .count()
            )
        answers["earlier_claims_in_year"] = earlier
        answers["earlier_ecommerce_claims"] = ecommerce
    return answers


class Lookups:
    """What `application_answers` and `evaluate_application` read of other rows (the family's
    files, earlier claims, verified papers, the district's products), read for many files of one
    scheme in three queries."""

    def __init__(self, *, scheme_id: int, application_ids: list[int], district_ids: list[int]):
        live = (
            Application.objects.filter(scheme_id=scheme_id, status__in=live_statuses())
            .exclude(status=Status.DRAFT)
            .values_list(
                "pk",
                "applicant_id",
                "applicant__aadhaar_hash",
                "applicant__spouse_aadhaar_hash",
                "details__fair__claim_category",
                "details__fair__event_date",
            )
        )
        self._by_hash: dict[str, list[tuple[int, int]]] = {}
        self._by_spouse_hash: dict[str, list[int]] = {}
        self._claims_by_applicant: dict[int, list[tuple[int, str, object]]] = {}
        for pk, applicant_id, own, spouse, category, event_date in live:
            if own:
                self._by_hash.setdefault(own, []).append((pk, applicant_id))
            if spouse:
                self._by_spouse_hash.setdefault(spouse, []).append(pk)
            self._claims_by_applicant.setdefault(applicant_id, []).append((pk, category, event_date))
        # Each district's ODOP products, which the step forms check a file's product against.
        self._products: dict[int, dict[int, object]] = {}
        links = District.products.through.objects.filter(district_id__in=set(district_ids)).select_related(
            "product"
        )
        for link in links:
            self._products.setdefault(link.district_id, {})[link.product_id] = link.product
        self._verified: dict[int, set[str]] = {}
        documents = Document.objects.filter(
            application_id__in=application_ids, replaced_at__isnull=True, verified_at__isnull=False
        ).values_list("application_id", "code")
        for application_id, document_code in documents:
            self._verified.setdefault(application_id, set()).add(document_code)

    @classmethod
    def for_files(cls, applications: list[Application]) -> "Lookups | None":
        if not applications:
            return None
        return cls(
            scheme_id=applications[0].scheme_id,
            application_ids=[a.pk for a in applications],
            district_ids=[a.district_id for a in applications],
        )

    def has_family_file(self, application: Application) -> bool:
        """`other_family_applications(application).exists()`, from memory."""
        applicant = application.applicant
        for family_hash in family_hashes(application):
            for pk, applicant_id in self._by_hash.get(family_hash, ()):
                if pk != application.pk and applicant_id != applicant.pk:
                    return True
        if applicant.aadhaar_hash:
            return any(pk != application.pk for pk in self._by_spouse_hash.get(applicant.aadhaar_hash, ()))
        return False

    def mda_claims(self, application: Application, event_date: date) -> tuple[int, int]:
        """(`earlier_mda_claims`, earlier e-commerce claims) from memory."""
        year = financial_year(event_date)
        earlier = ecommerce = 0
        for pk, category, stored_date in self._claims_by_applicant.get(application.applicant_id, ()):
            if pk == application.pk:
                continue
            if category == "ecommerce":
                ecommerce += 1
            elif _in_year(stored_date, year):
                earlier += 1
        return earlier, ecommerce

    def products_of(self, district_id: int) -> dict[int, object]:
        return self._products.get(district_id, {})

    def verified_documents(self, application: Application) -> frozenset[str]:
        return frozenset(self._verified.get(application.pk, ()))


def earlier_mda_claims(application: Application, event_date: date) -> int:
    """Fair claims of the same applicant, paid or pending, whose fair falls in the same
    financial year (GO-MDA-2020: 3 a year). E-commerce has its own once-only limit."""
    year = financial_year(event_date)
    claims = (
        Application.objects.filter(
            applicant_id=application.applicant_id, scheme_id=application.scheme_id, status__in=live_statuses()
        )
        .exclude(status=Status.DRAFT)
        .exclude(pk=application.pk)
        .exclude(details__fair__claim_category="ecommerce")
        .values_list("details__fair__event_date", flat=True)
    )
    return sum(1 for value in claims if _in_year(value, year))


def _in_year(stored_date, year: str) -> bool:
    """Whether a stored fair date falls in `year`. Answers are stored cleaned, but a claim saved
    before that may hold anything: an unreadable date counts, so it can neither crash the
    rules nor take a claim out of the limit."""
    if not stored_date:
        return False
    try:
        return financial_year(date.fromisoformat(str(stored_date))) == year
    except ValueError:
        return True


def verified_documents(application: Application) -> frozenset[str]:
    return frozenset(
        application.documents.filter(replaced_at__isnull=True, verified_at__isnull=False).values_list(
            "code", flat=True
        )
    )


def application_facts(application: Application, lookups: Lookups | None = None, typed: dict | None = None):
    """The rules' facts for this file (None when its answers do not concern the rules yet);
    `typed` as for `application_answers`."""
    if lookups is not None:
        application.preloaded_district_products = lookups.products_of(application.district_id)
    facts = FACT_BUILDERS[application.scheme.code](
        application_answers(application, lookups, typed), as_of(application)
    )
    if facts is None:
        return None
    if any(f.name == "verified_documents" for f in dataclasses.fields(facts)):
        papers = (
            verified_documents(application) if lookups is None else lookups.verified_documents(application)
        )
        facts = dataclasses.replace(facts, verified_documents=papers)
    return facts


def evaluate_application(application: Application, typed: dict | None = None) -> Outcome | None:
    """The rules' answer for this application with its own RuleSet; `typed` as for
    `application_answers`."""
    facts = application_facts(application, typed=typed)
    if facts is None:
        return None
    return application.scheme.rules.evaluate(facts, application.ruleset.rule_parameters())
