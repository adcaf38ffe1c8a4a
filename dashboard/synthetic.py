"""Realistic synthetic applications for trying the dashboard and measuring it at scale.

Each application is given a district (some busier than others), a sub-scheme, a submission
date in the last three financial years, and a life through the workflow simulated with
plausible waits at every stage: taken up, returned and corrected or withdrawn, rejected as not
eligible, recommended, placed on an agenda, approved, rejected or deferred. A file whose next
move would fall after now stays where it is, so recent files are pending and some are overdue.
Every move gets its AuditEvent, and the application's clock fields (stage entered, due date,
closing date) are what `applications.engine.apply_transition` would have left.

Every file carries the answers of every step of its sub-scheme's form, as the step forms store
them, and its applicant the age, gender, category and domicile those answers go with (see
`dashboard.synthetic_answers`), so the rules can be run again on any file; its eligibility and
benefit are what the rules give for those answers under its RuleSet. Applicants are made up:
names from short lists, random bank details, and a random stand-in for the Aadhaar hash (no
real or valid Aadhaar number is involved). After approval, Margin Money files go on to the
bank (sent, sanctioned or refused, training, disbursement, claim, margin money released by DBT
into the two-year lock-in) and MDA claims are paid, each with its bank case or DBT payment, so
the released money and the bank-wise pendency have data too. Training batches and CFC stages
after the district's approval are not simulated (their rows need batches and state meetings).

Rows are written in batches, each batch in its own transaction: with COPY on PostgreSQL, sent
by a writer thread while the next batch is made (`dashboard.bulk_copy`), else `bulk_create`.
"""

import random
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import F, Max
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Role, User
from applications import tallies
from applications.models import Applicant, Application, AuditEvent, ReferenceCounter, StageSpan
from applications.workflow import (
    BANK_STATES,
    FINAL_STATES,
    OFFICE_STATES,
    TRANSITIONS,
    Status,
    stage_time_limit,
    stays_from_moves,
)
from dashboard import counting
from dashboard.bulk_copy import Writer, copy_rows, copy_values
from dashboard.synthetic_answers import Answers, Template
from dashboard.years import year_bounds
from districts.models import BankBranch, District
from margin_money.models import MarginMoneyCase
from payments.models import Payment
from schemes.models import RuleSet, Scheme
from schemes.rules.base import financial_year

SCHEME_WEIGHTS = {"TT": 0.46, "MM": 0.30, "MDA": 0.19, "CFC": 0.05}
DRAFT_SHARE = 0.03
YEARS_BACK = 2  # the current financial year and the two before it

# Given names by gender and whether the community is a minority one, and surnames by the latter.
FIRST_NAMES = {
    ("male", False): ["Ramesh", "Suresh", "Rajesh", "Anil", "Vijay", "Santosh", "Mukesh"],
    ("male", True): ["Mohammad", "Imran", "Salim", "Aslam", "Javed"],
    ("female", False): ["Sunita", "Rekha", "Geeta", "Pooja", "Kamla", "Savitri"],
    ("female", True): ["Shabana", "Nasreen", "Rukhsana", "Farzana"],
}
SURNAMES = {
    False: ["Kumar", "Prajapati", "Yadav", "Verma", "Maurya", "Singh", "Kushwaha", "Gupta", "Pal"],
    True: ["Ansari", "Khan", "Qureshi", "Siddiqui", "Shaikh"],
}


@dataclass
class Life:
    """One application's simulated history."""

    status: str = Status.DRAFT
    events: list[tuple[str, str, str, datetime]] = field(default_factory=list)
    closed_at: datetime | None = None
    returned_for: timedelta | None = None  # time left on the clock when it was returned

    def move(self, action: str, at: datetime) -> None:
        """Follow one move of the workflow table (`applications.workflow.TRANSITIONS`)."""
        transition = TRANSITIONS[action]
        if self.status not in transition.sources:
            raise ValueError(f"{action} is not a move from {self.status}")
        target = transition.target
        self.events.append((action, self.status, target, at))
        self.status = target
        if target in FINAL_STATES and self.closed_at is None:
            self.closed_at = at

    @property
    def last_at(self) -> datetime:
        return self.events[-1][3]


class Plan(NamedTuple):
    """What a row will be, chosen before its applicant is made: the applicant takes the profile
    of the row's answers."""

    district: District
    code: str
    submitted_at: datetime | None
    life: Life | None
    ruleset: RuleSet
    template: Template
    on: date  # the date of application the rules go by (today for a draft)


def _wait(rng: random.Random, mean_days: float) -> timedelta:
    return timedelta(days=rng.expovariate(1 / mean_days), seconds=rng.randint(0, 3600 * 8))


def simulate(rng: random.Random, submitted_at: datetime, now: datetime, code: str | None = None) -> Life:
    """The workflow from submission until a final decision or until now, whichever is first;
    with the sub-scheme's `code`, an approved MM or MDA file goes on through its delivery."""
    life = Life()
    life.move("submit", submitted_at)

    def step(action: str, wait: timedelta) -> bool:
        at = life.last_at + wait
        if at > now:
            return False
        if action == "return":
            limit = stage_time_limit(life.status) or timedelta(0)
            life.returned_for = limit - (at - life.last_at)
        life.move(action, at)
        return True

    if rng.random() < 0.02:
        step("withdraw", _wait(rng, 3))
        return life
    if not step("take_up", _wait(rng, 4)):
        return life
    returned = False
    while life.status == Status.UNDER_SCRUTINY:
        roll = rng.random()
        if roll < 0.12:
            step("reject_ineligible", _wait(rng, 9))
        elif roll < 0.30 and not returned:
            returned = True
            if not step("return", _wait(rng, 6)):
                return life
            if rng.random() < 0.12:
                step("withdraw", _wait(rng, 14))
                return life
            if not step("resubmit", _wait(rng, 10)):
                return life
            continue
        else:
            step("recommend", _wait(rng, 9))
        if life.status == Status.UNDER_SCRUTINY:
            return life  # the next move would be in the future
    deferrals = 0
    while life.status in (Status.RECOMMENDED, Status.DEFERRED):
        if not step("place_on_agenda", _wait(rng, 2)):
            return life
        # The committee meets monthly: the decision comes at the next meeting.
        meeting = timedelta(days=rng.uniform(4, 34))
        roll = rng.random()
        if roll < 0.10 and deferrals < 2:
            deferrals += 1
            if not step("defer", meeting):
                return life
        elif roll < 0.25:
            step("reject", meeting)
        else:
            step("approve", meeting)
    if life.status == Status.APPROVED and code in DELIVERY:
        DELIVERY[code](rng, step)
    return life


def _margin_money(rng: random.Random, step: Callable[[str, timedelta], bool]) -> None:
    """GO-MM-2018 para 5: to the bank within a week, its decision within a month, training,
    the first instalment, the bank's claim and the DIC's release, each a little late at times."""
    if not step("send_to_bank", _wait(rng, 5)):
        return
    if rng.random() < 0.12:
        step("refuse_loan", _wait(rng, 25))
        return
    for action, mean_days in (
        ("sanction_loan", 22),
        ("record_training", 18),
        ("disburse_loan", 20),
        ("claim_margin_money", 6),
        ("release_margin_money", 6),
    ):
        if not step(action, _wait(rng, mean_days)):
            return


def _mda(rng: random.Random, step: Callable[[str, timedelta], bool]) -> None:
    step("pay_claim", _wait(rng, 20))


DELIVERY = {"MM": _margin_money, "MDA": _mda}


ACTOR_ROLES = {
    "submit": Role.ARTISAN,
    "withdraw": Role.ARTISAN,
    "resubmit": Role.ARTISAN,
    "take_up": Role.DISTRICT_OFFICER,
    "return": Role.DISTRICT_OFFICER,
    "reject_ineligible": Role.DISTRICT_OFFICER,
    "recommend": Role.DISTRICT_OFFICER,
    "send_to_bank": Role.DISTRICT_OFFICER,
    "release_margin_money": Role.DISTRICT_OFFICER,
    "pay_claim": Role.DISTRICT_OFFICER,
    "sanction_loan": Role.BANK_OFFICER,
    "refuse_loan": Role.BANK_OFFICER,
    "record_training": Role.BANK_OFFICER,
    "disburse_loan": Role.BANK_OFFICER,
    "claim_margin_money": Role.BANK_OFFICER,
}


def ruleset_on(rulesets: list[RuleSet], on: date) -> RuleSet:
    """The RuleSet in force on `on` (newest first in `rulesets`), else the oldest one."""
    return next((r for r in rulesets if r.effective_from <= on), rulesets[-1])


class Registers:
    """Reference numbers continuing each register's serial, written back at the end."""

    def __init__(self):
        self.last = {
            (c.scheme_code, c.district_id, c.financial_year): c.last_number
            for c in ReferenceCounter.objects.all()
        }

    def next(self, code: str, district: District, year: str) -> str:
        key = (code, district.pk, year)
        self.last[key] = self.last.get(key, 0) + 1
        return f"ODOP/{code}/{district.code}/{year}/{self.last[key]:06d}"

    def save(self) -> None:
        ReferenceCounter.objects.bulk_create(
            [
                ReferenceCounter(
                    scheme_code=code, district_id=district_id, financial_year=year, last_number=number
                )
                for (code, district_id, year), number in self.last.items()
            ],
            update_conflicts=True,
            unique_fields=["scheme_code", "district", "financial_year"],
            update_fields=["last_number"],
        )


class Delivery:
    """The rows the stages after approval leave: a bank case for each Margin Money file sent to
    a bank (one synthetic branch per district) and a DBT payment for each release or claim paid,
    recorded by a synthetic district officer of the file's district (made on first use)."""

    def __init__(self, districts: list[District], password: str):
        self.districts = {d.pk: d for d in districts}
        self.password = password
        self.branches: dict[int, BankBranch] = {}
        self.officers: dict[int, User] = {}

    def branch(self, district_id: int) -> BankBranch:
        if district_id not in self.branches:
            district = self.districts[district_id]
            self.branches[district_id] = BankBranch.objects.get_or_create(
                ifsc=f"SYNT0{district_id:06d}",
                defaults={
                    "bank_name": "Synthetic Bank",
                    "branch_name": district.name_en,
                    "district": district,
                },
            )[0]
        return self.branches[district_id]

    def officer(self, district_id: int) -> User:
        if district_id not in self.officers:
            district = self.districts[district_id]
            self.officers[district_id] = User.objects.get_or_create(
                username=f"synthetic.dic.{district.code.lower()}",
                defaults={"role": Role.DISTRICT_OFFICER, "district": district, "password": self.password},
            )[0]
        return self.officers[district_id]

    def record(
        self, applications: list[Application], lives: list[Life | None], batch_size: int, writer: Writer
    ) -> None:
        cases, payments = [], []
        for application, life in zip(applications, lives, strict=True):
            moves = {action: at for action, _source, _target, at in (life.events if life else [])}
            if "send_to_bank" in moves:
                cases.append(self._case(application, moves))
            paid = moves.get("release_margin_money") or moves.get("pay_claim")
            if paid:
                payments.append(
                    Payment(
                        application=application,
                        purpose="margin_money" if "release_margin_money" in moves else "mda_claim",
                        amount=application.benefit_amount,
                        dbt_reference=f"SYN-DBT-{application.pk}",
                        paid_on=timezone.localdate(paid),
                        recorded_by=self.officer(application.district_id),
                    )
                )
        copy_rows(MarginMoneyCase, cases, batch_size, writer=writer)
        copy_rows(Payment, payments, batch_size, writer=writer)

    def _case(self, application: Application, moves: dict[str, datetime]) -> MarginMoneyCase:
        """The bank case as the services would have left it after the file's last move."""
        day = {action: timezone.localdate(at) for action, at in moves.items()}
        margin = application.benefit_amount
        case = MarginMoneyCase(
            application=application,
            bank_branch=self.branch(application.district_id),
            sent_at=moves["send_to_bank"],
            at_bank=application.status in BANK_STATES,
        )
        if "refuse_loan" in day:
            case.refusal_reason = "Project not viable at the bank's appraisal."
        if "sanction_loan" in day:
            # The loan is the project cost less the margin money and the own contribution; a
            # round figure a few times the margin money stands in for it.
            case.loan_amount, case.loan_sanctioned_on = margin * 3, day["sanction_loan"]
        if "record_training" in day:
            case.training_institution = "RSETI"
            case.training_to = day["record_training"]
            case.training_from = case.training_to - timedelta(days=6)
        if "disburse_loan" in day:
            case.first_instalment_on = day["disburse_loan"]
        if "claim_margin_money" in day:
            case.claim_amount, case.claimed_on = margin, day["claim_margin_money"]
        if "release_margin_money" in day:
            case.released_amount, case.released_on = margin, day["release_margin_money"]
            case.dbt_reference = f"SYN-DBT-{application.pk}"
            case.lock_in_ends_on = case.released_on + timedelta(days=settings.MARGIN_MONEY_LOCK_IN_DAYS)
        return case


def _first_mobile() -> int:
    """Synthetic artisans get mobile numbers from 6000000000 up, after any made before."""
    highest = User.objects.filter(mobile__startswith="6").aggregate(top=Max("mobile"))["top"]
    return int(highest) + 1 if highest else 6_000_000_000


def fill(
    *,
    count: int,
    seed: int = 2026,
    batch_size: int = 2000,
    now: datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Create `count` applications with their applicants, users and AuditEvents. Returns how
    many were created."""
    rng = random.Random(seed)
    now = now or timezone.now()
    zone = timezone.get_default_timezone()
    districts = list(District.objects.order_by("pk"))
    weights = [rng.lognormvariate(0, 0.6) for _ in districts]
    products = {}
    for row in District.products.through.objects.order_by("product_id").values("district_id", "product_id"):
        products.setdefault(row["district_id"], row["product_id"])
    schemes = {s.code: s for s in Scheme.objects.all()}
    scheme_codes = [code for code in SCHEME_WEIGHTS if code in schemes]
    rulesets: dict[str, list[RuleSet]] = {}
    for ruleset in (
        RuleSet.objects.select_related("scheme")
        .filter(state=RuleSet.State.PUBLISHED)
        .order_by("-effective_from")
    ):
        rulesets.setdefault(ruleset.scheme.code, []).append(ruleset)
    registers = Registers()
    first_year = int(financial_year(timezone.localdate(now))[:4]) - YEARS_BACK
    window_start = year_bounds(f"{first_year}-{(first_year + 1) % 100:02d}")[0]
    window = (now - window_start).total_seconds()
    answers = Answers(
        seed=seed,
        today=timezone.localdate(now),
        since=timezone.localdate(window_start),
        rulesets=rulesets,
    )
    password = make_password(None)
    delivery = Delivery(districts, password)
    mobile = _first_mobile()
    writer = Writer()
    created = 0
    while created < count:
        size = min(batch_size, count - created)
        users, applicants, plans = [], [], []
        for _ in range(size):
            district = rng.choices(districts, weights)[0]
            code = rng.choices(scheme_codes, [SCHEME_WEIGHTS[c] for c in scheme_codes])[0]
            submitted_at = life = eligible = None
            if rng.random() >= DRAFT_SHARE:
                submitted_at = window_start + timedelta(seconds=rng.uniform(0, window))
                life = simulate(rng, submitted_at, now, code)
                # Submission lets only an eligible file through; the office refuses some later.
                eligible = life.events[-1][0] != "reject_ineligible"
            on = (submitted_at or now).astimezone(zone).date()
            ruleset = ruleset_on(rulesets[code], on)
            template = answers.pick(rng, ruleset, eligible=eligible)
            plans.append(Plan(district, code, submitted_at, life, ruleset, template, on))
            profile = template.profile
            surname = rng.choice(SURNAMES[profile.is_minority])
            users.append(User(username=str(mobile), mobile=str(mobile), role=Role.ARTISAN, password=password))
            mobile += 1
            applicants.append(
                Applicant(
                    full_name=f"{rng.choice(FIRST_NAMES[profile.gender, profile.is_minority])} {surname}",
                    relative_name=f"{rng.choice(FIRST_NAMES['male', profile.is_minority])} {surname}",
                    gender=profile.gender,
                    date_of_birth=profile.date_of_birth(rng, on),
                    social_category=profile.social_category,
                    is_minority=profile.is_minority,
                    is_divyang=profile.is_divyang,
                    is_up_native=profile.is_up_native,
                    address=f"Ward {rng.randint(1, 40)}, {district.name_en}",
                    district=district,
                    pincode=f"2{rng.randint(0, 99999):05d}",
                    bank_account_number=f"{rng.randint(10**11, 10**12 - 1)}",
                    bank_ifsc=f"SBIN0{rng.randint(0, 999999):06d}",
                    aadhaar_hash=f"{rng.getrandbits(256):064x}",
                    aadhaar_last4=f"{rng.randint(0, 9999):04d}",
                )
            )
        # Threaded, the main connection makes no transaction: each batch is the writer's.
        with nullcontext() if writer.threaded else transaction.atomic():
            copy_rows(User, users, batch_size, writer=writer, assign_pks=True)
            for user, applicant in zip(users, applicants, strict=True):
                applicant.user = user
            copy_rows(Applicant, applicants, batch_size, writer=writer, assign_pks=True)
            applications = []
            for applicant, plan in zip(applicants, plans, strict=True):
                if plan.life is None:
                    state = {"stage_entered_at": now - timedelta(days=rng.uniform(0, 60))}
                else:
                    number = registers.next(plan.code, plan.district, financial_year(plan.on))
                    state = _state_after(plan.life, number, plan.submitted_at)
                product_id = products.get(plan.district.pk)
                applications.append(
                    Application(
                        applicant=applicant,
                        scheme=schemes[plan.code],
                        ruleset=plan.ruleset,
                        district=plan.district,
                        product_id=product_id,
                        details=answers.details(plan.template, on=plan.on, product_id=product_id),
                        # Every step is answered: what is left is the documents.
                        current_step="documents",
                        is_eligible=plan.template.is_eligible,
                        created_at=plan.submitted_at or state["stage_entered_at"],
                        updated_at=state["stage_entered_at"],
                        benefit_amount=plan.template.benefit_amount,
                        **state,
                    )
                )
            copy_rows(Application, applications, batch_size, writer=writer, assign_pks=True)
            events, spans = [], []
            for application, plan in zip(applications, plans, strict=True):
                if plan.life is None:
                    continue
                for action, source, target, at in plan.life.events:
                    events.append(
                        {
                            "application_id": application.pk,
                            "actor_role": ACTOR_ROLES.get(action, "system"),
                            "action": action,
                            "from_status": source,
                            "to_status": target,
                            "created_at": at,
                        }
                    )
                moves = ((source, target, at) for _action, source, target, at in plan.life.events)
                for stage, started, ended in stays_from_moves(moves):
                    spans.append(
                        {
                            "application_id": application.pk,
                            "district_id": application.district_id,
                            "scheme_id": application.scheme_id,
                            "stage": stage,
                            "started_at": started,
                            "ended_at": ended,
                        }
                    )
            copy_values(AuditEvent, events, batch_size, writer=writer)
            copy_values(StageSpan, spans, batch_size, writer=writer)
            delivery.record(applications, [plan.life for plan in plans], batch_size, writer)
            writer.send()
            if connection.vendor != "postgresql":
                # bulk_create stamps auto_now fields with the present: put the history's dates back.
                Application.objects.filter(pk__in=[a.pk for a in applications]).update(
                    created_at=Coalesce(F("submitted_at"), F("stage_entered_at")),
                    updated_at=F("stage_entered_at"),
                )
        created += size
        if progress:
            progress(created)
    writer.close()
    registers.save()
    # The rows above were written without the workflow engine, which keeps the tallies, and
    # counted at once rather than move by move by the dashboard's summaries.
    tallies.rebuild()
    counting.rebuild()
    return created


def _state_after(life: Life, reference_number: str, submitted_at: datetime) -> dict:
    """The row's workflow fields as `apply_transition` would have left them after `life`'s
    moves: the status the last move led to, its clock and the closing date."""
    state = {
        "status": life.status,
        "submitted_at": submitted_at,
        "reference_number": reference_number,
        "stage_entered_at": life.last_at,
        "closed_at": life.closed_at,
    }
    if life.status == Status.RETURNED:
        state["paused_remaining"] = life.returned_for
    elif life.status in OFFICE_STATES:
        limit = stage_time_limit(life.status)
        state["due_at"] = life.last_at + limit if limit else None
    return state
