"""What synthetic applicants answer: every step of their sub-scheme's form, stored as the step
forms store it, and the profile the rules read (age, gender, category, UP native).

Cleaning and evaluating a million rows with the forms and the rules would make the fill many
times slower, so each RuleSet gets a pool of answer templates, built once: each is made as the
step forms clean what an artisan types (Decimals, dates, yes or no), kept in the forms' stored
shape (`StepForm.answers_to_store`), and evaluated once by the rules, the way
`applications.facts.evaluate_application` does. A row takes a template, its applicant the
template's profile, and its own district's product. Nothing a row changes can change the rules'
answer: the date of birth makes the applicant the template's age on the row's date of
application exactly, an earlier toolkit keeps its distance in years from a whole number of years,
and a claim's fair (or invoice) stays on the same side of the claim window. So every row that
uses a template has the template's eligibility and benefit.
tests/dashboard/test_synthetic_answers.py runs the step forms and the rules on filled files to
hold this to account.

About a fifth of the templates carry an answer the rules refuse (a defaulter, a recent toolkit,
a late claim, an SPV too small); they go to the files the office rejected as not eligible and
to some drafts, while every file that got through scrutiny is eligible, as submission demands.
Project costs, stall charges and CFC proposals spread over the slabs and bands of the RuleSet,
some close to their limits, so that other figures give other benefits and refuse some files.

A claim names a synthetic notified fair: one of each kind every `FAIR_EVERY` days, made on the
first fill and found again by their notification reference afterwards. They are off the list,
so nobody filing a real claim is offered them; the claims that name them keep them, as a claim
keeps any fair taken off the list.
"""

import random
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from applications.step_forms import MdaFairForm
from applications.steps import steps_for
from districts.models import Product
from schemes.evaluation import FACT_BUILDERS
from schemes.models import NotifiedFair, RuleSet
from schemes.rules import cfc
from schemes.rules.base import Outcome

POOL_SIZE = 300
FLAWED_SHARE = 0.2
FAIR_EVERY = 14  # days between two synthetic fairs of one kind
LATE_SPREAD = 150  # how long after the claim window a late claim may come, at most
SYNTHETIC_NOTIFICATION = "Synthetic data, not a notification"
FAIR_EPOCH = date(2018, 1, 1)

# (category, trade type fixed by the notification): name, places, share of MDA claims.
FAIR_KINDS = {
    ("up_other", ""): ("ODOP Pradarshani", ("Lucknow", "Varanasi", "Prayagraj", "Gorakhpur", "Agra"), 36),
    ("up_national", ""): ("UP International Trade Show", ("Greater Noida",), 20),
    ("outside_up", "b2c"): ("India International Trade Fair", ("New Delhi",), 12),
    ("outside_up", "b2b"): ("Handicrafts Buyer-Seller Meet", ("Mumbai", "Bengaluru", "Jaipur"), 7),
    ("outside_up", ""): ("Crafts Bazaar", ("New Delhi", "Kolkata", "Hyderabad"), 8),
    ("foreign", "b2b"): ("International Home and Gift Fair", ("Frankfurt", "Paris"), 4),
    ("foreign", "b2c"): ("India Pavilion", ("Dubai", "Singapore"), 2),
}
ECOMMERCE_SHARE = 11
PORTALS = ("Amazon Karigar", "Flipkart Samarth", "GeM", "Meesho", "ODOP Mart")
# Rupees spent by category: (low, high) of stall, freight, rail or bus, air; None: not spent.
MDA_SPENDING = {
    "up_other": ((5_000, 80_000), (1_000, 12_000), (200, 3_000), None),
    "up_national": ((20_000, 250_000), (2_000, 15_000), (300, 3_000), None),
    "outside_up": ((30_000, 320_000), (5_000, 90_000), (800, 6_000), (4_000, 14_000)),
    "foreign": ((90_000, 350_000), (10_000, 90_000), (500, 4_000), (25_000, 120_000)),
}
CATEGORIES = {"general": 27, "obc": 46, "sc": 24, "st": 3}
AGE_BANDS = {(18, 25): 20, (26, 35): 30, (36, 45): 27, (46, 55): 16, (56, 65): 7}
BANKS = [
    ("State Bank of India", "SBIN"),
    ("Punjab National Bank", "PUNB"),
    ("Bank of Baroda", "BARB"),
    ("Union Bank of India", "UBIN"),
    ("Canara Bank", "CNRB"),
    ("Bank of India", "BKID"),
    ("Indian Bank", "IDIB"),
]
PLACES = ("Civil Lines", "Chowk", "Industrial Area", "Station Road", "Sadar Bazaar", "Naya Ganj")
UNIT_NAMES = ("Hastshilp", "Udyog", "Enterprises", "Crafts", "Industries")
SPV_NAMES = ("Kashi", "Awadh", "Ganga", "Braj", "Purvanchal", "Rohilkhand", "Bundelkhand", "Doab")
SPV_FORMS = {
    "producer_company": ("Artisans Producer Company Limited", 45),
    "society": ("Hastshilp Vikas Samiti", 30),
    "section_8_company": ("Crafts Foundation", 15),
    # Allowed by GO-CFC-2018 only: refused under GO-CFC-2023.
    "cooperative": ("Karigar Sahkari Samiti", 6),
    "self_help_group": ("Swayam Sahayata Samooh", 4),
}
CFC_FACILITIES = [
    "testing_lab",
    "design_centre",
    "research_centre",
    "display_centre",
    "raw_material_bank",
    "common_production",
    "logistics",
    "information_centre",
    "packaging",
]
MM_DECLARATIONS = ("is_defaulter", "has_earlier_self_employment_benefit", "family_has_received_margin_money")


@dataclass(frozen=True)
class Profile:
    """What the rules read of an applicant; the age is on the date of application."""

    gender: str
    social_category: str
    is_minority: bool
    is_divyang: bool
    is_up_native: bool
    age: int

    def date_of_birth(self, rng: random.Random, on: date) -> date:
        """A birthday (never 29 February) that makes the applicant exactly `age` on `on`."""
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        return date(on.year - self.age - ((month, day) > (on.month, on.day)), month, day)


@dataclass(frozen=True)
class Template:
    """A sub-scheme's answers and profile, with the outcome the rules give them under one RuleSet."""

    code: str
    profile: Profile
    answers: dict[str, dict]  # step slug: the answers as its form stores them
    days_before: int | None  # the last toolkit, the fair's last day or the invoice, before applying
    fair_kind: tuple[str, str] | None
    trade_type: str  # B2B or B2C as answered, for a fair whose notification does not say
    is_eligible: bool
    benefit_amount: Decimal | None  # as `_set_outcome` stores it: none for a file not eligible


@dataclass
class Typed:
    """One template's answers as the step forms clean them (Decimal, date, yes/no as a bool)."""

    steps: dict[str, dict]
    days_before: int | None = None
    fair_kind: tuple[str, str] | None = None
    trade_type: str = ""


def as_stored(value):
    """A cleaned answer as `StepForm.answers_to_store` keeps it: in the form's own input format."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _yes(value)
    if isinstance(value, list):
        return [str(item) for item in value]
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, NotifiedFair):
        return str(value.pk)
    return str(value)


def _rupees(rng: random.Random, low: float, high: float, step: int) -> Decimal:
    """A figure between `low` and `high`, spread evenly on a log scale, in multiples of `step`."""
    return Decimal(max(step, round(low * (high / low) ** rng.random() / step) * step))


def _thousands(value: float) -> int:
    return round(value / 1000) * 1000


def _spread(rng: random.Random, limits: list[Decimal], low: int, top: Decimal, shares: list[int]) -> int:
    """A cost in one of the bands `low`-limits[0]-...-`top` (by `shares`), one in ten close to a
    limit, so that a RuleSet moving the limits moves some files."""
    if rng.random() < 0.1:
        return int(rng.choice(limits) * Decimal(rng.uniform(0.96, 1.04)))
    bounds = [low, *map(int, limits), int(top)]
    band = rng.choices(range(len(shares)), shares)[0]
    return int(_rupees(rng, bounds[band] + 1, bounds[band + 1], 1000))


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _profile(rng: random.Random) -> Profile:
    band = rng.choices(list(AGE_BANDS), list(AGE_BANDS.values()))[0]
    return Profile(
        gender="female" if rng.random() < 0.38 else "male",
        social_category=rng.choices(list(CATEGORIES), list(CATEGORIES.values()))[0],
        is_minority=rng.random() < 0.17,
        is_divyang=rng.random() < 0.03,
        is_up_native=rng.random() < 0.96,
        age=rng.randint(*band),
    )


def _margin_money(rng: random.Random, params, profile: Profile, flawed: bool) -> Typed:
    """A project across the slabs of GO-MM-2018 para 1, split as a project report splits it."""
    limits = [params.slab1_limit, params.slab2_limit, params.slab3_limit]
    cost = _spread(rng, limits, 150_000, params.slab3_limit * Decimal("2.5"), [55, 20, 15, 10])
    cost = max(100_000, cost // 1000 * 1000)
    working = _thousands(cost * rng.uniform(0.1, 0.35))
    capital = cost - working
    machinery = _thousands(capital * rng.uniform(0.55, 0.9))
    workshed = _thousands((capital - machinery) * rng.random())
    other = capital - machinery - workshed
    declarations = dict.fromkeys(MM_DECLARATIONS, False)
    if flawed:
        declarations[rng.choice(MM_DECLARATIONS)] = True
    bank, code = rng.choice(BANKS)
    return Typed(
        {
            "unit": {
                "unit_name": f"{rng.choice(SPV_NAMES)} {rng.choice(UNIT_NAMES)}",
                "activity": rng.choices(["industry", "service", "business"], [6, 2, 2])[0],
                "unit_address": f"Plot {rng.randint(1, 300)}, {rng.choice(PLACES)}",
            },
            "project": {
                "machinery_cost": Decimal(machinery),
                "workshed_cost": Decimal(workshed) if workshed else None,
                "other_capital_cost": Decimal(other) if other else None,
                "land_cost": _rupees(rng, 100_000, 1_500_000, 1000) if rng.random() < 0.2 else None,
                "working_capital": Decimal(working),
            },
            "bank": {
                "bank_name": bank,
                "branch_name": rng.choice(PLACES),
                "branch_ifsc": f"{code}0{rng.randint(0, 999999):06d}",
            },
            "declarations": declarations,
        }
    )


def _toolkit(rng: random.Random, params, profile: Profile, flawed: bool) -> Typed:
    """An earlier toolkit, if any, some way into a year, never on the anniversary that decides
    GO-TT-2020 para 1(4): the same number of whole years ago on any date of application."""
    flaw = rng.choice(["recent_toolkit", "family"]) if flawed else None
    years = params.toolkit_lookback_years
    days_before = None
    if flaw == "recent_toolkit" or rng.random() < 0.25:
        whole = rng.randrange(years) if flaw == "recent_toolkit" else years + rng.randrange(4)
        days_before = int(Decimal("365.25") * Decimal(whole + rng.uniform(0.1, 0.9)))
    return Typed(
        {
            "craft": {
                "craft": "",
                "experience_years": rng.randint(1, max(1, profile.age - 15)),
                "craft_has_qualification_pack": rng.choices([True, False, None], [3, 5, 2])[0],
            },
            "history": {
                "received_toolkit_before": days_before is not None,
                "last_toolkit_on": None,
                "family_has_received_toolkit": flaw == "family",
            },
        },
        days_before=days_before,
    )


def _mda(rng: random.Random, params, profile: Profile, flawed: bool) -> Typed:
    """A fair claim or an e-commerce one. A claim in time comes at most the claim window after
    the fair (whose last day may be up to FAIR_EVERY days before the one asked for), a late one
    more than the window and a month after it: GO-MDA-2019 para 8 counts from the month after
    the fair, so either stays what it is whatever the month (for any window of at least
    FAIR_EVERY days; the GO's is 120)."""
    kinds = [*FAIR_KINDS, None]
    kind = rng.choices(kinds, [*(share for _name, _places, share in FAIR_KINDS.values()), ECOMMERCE_SHARE])[0]
    flaw = rng.choice(["late", "registration", "other_scheme"]) if flawed else None
    window = params.claim_window_days
    if flaw == "late":
        days_before = rng.randint(window + 31, window + LATE_SPREAD)
    else:
        days_before = rng.randint(0, max(0, window - (FAIR_EVERY if kind else 0)))
    fair = {
        "claim_category": "ecommerce",
        "notified_fair": None,
        "trade_type": "",
        "fair_name": "",
        "event_date": None,
    }
    expenses = dict.fromkeys(("stall_cost", "freight_cost", "rail_or_bus_fare", "air_fare", "ecommerce_cost"))
    trade_type = ""
    if kind is None:
        fair["fair_name"] = rng.choice(PORTALS)
        expenses["ecommerce_cost"] = _rupees(rng, 2_000, 25_000, 100)
    else:
        category, fixed = kind
        if category == "outside_up" and not fixed:
            trade_type = rng.choice(["b2b", "b2c"])
        fair.update(claim_category=category, trade_type=trade_type)
        names = ("stall_cost", "freight_cost", "rail_or_bus_fare", "air_fare")
        for name, spent in zip(names, MDA_SPENDING[category], strict=True):
            if spent and (name == "stall_cost" or rng.random() < 0.7):
                expenses[name] = _rupees(rng, *spent, 100)
    expenses["has_registration"] = flaw != "registration"
    expenses["has_other_scheme_benefit_for_event"] = flaw == "other_scheme"
    return Typed({"fair": fair, "expenses": expenses}, days_before, kind, trade_type)


def _cfc(rng: random.Random, params, profile: Profile, flawed: bool) -> Typed:
    """An SPV's proposal across the funding bands of GO-CFC-2023, the SPV putting in its least
    share or somewhat more."""
    flaws = [
        "legal_form",
        "members",
        "linked",
        "share",
        "families",
        "land",
        "lease",
        "contribution",
        "purpose",
    ]
    flaw = rng.choice(flaws) if flawed else None
    allowed = [form for form in SPV_FORMS if form in params.allowed_legal_forms]
    refused = [form for form in SPV_FORMS if form not in params.allowed_legal_forms]
    forms = refused if flaw == "legal_form" and refused else allowed
    legal_form = rng.choices(forms, [SPV_FORMS[form][1] for form in forms])[0]
    least_members = params.min_members
    if flaw == "members" and least_members > 1:
        members = rng.randint(max(1, least_members // 2), least_members - 1)
    else:
        members = int(least_members * rng.uniform(1, 8))
    need = cfc.min_product_linked_members(members, params)
    linked = rng.randint(need // 2, need - 1) if flaw == "linked" and need > 1 else rng.randint(need, members)
    largest = (
        params.max_member_share
        * 100
        * Decimal(rng.uniform(1.05, 2.5) if flaw == "share" else rng.uniform(0.1, 1))
    )
    limits = [params.band1_limit, params.band2_limit, params.band3_limit]
    if flaw == "purpose":
        cost = int(params.band3_limit * Decimal(rng.uniform(1.05, 2)))
    else:
        cost = _spread(rng, limits, 5_000_000, params.band3_limit * Decimal("2.5"), [58, 22, 10, 10])
    cost = Decimal(cost // 100_000 * 100_000)
    special = cost > params.band3_limit and flaw != "purpose" and rng.random() < 0.85
    least = cost - cfc.max_state_share(cost, cfc.Applicant.SPV, special, params)
    if flaw == "contribution":
        offered = (least * Decimal("0.8") / 1000).to_integral_value(ROUND_FLOOR) * 1000
    else:
        more = Decimal(rng.uniform(0, 0.3)) if rng.random() < 0.4 else Decimal(0)
        offered = min(cost, (least * (1 + more) / 1000).to_integral_value(ROUND_CEILING) * 1000)
    tenure = "lease_in_government_industrial_area" if rng.random() < 0.4 else "owned_by_spv"
    tenure = "other" if flaw == "land" else tenure
    lease = None
    if tenure == "lease_in_government_industrial_area":
        shortest = params.min_lease_years
        short = flaw == "lease" and shortest > 1
        lease = rng.randint(shortest // 2, shortest - 1) if short else rng.randint(shortest, 99)
    name, _share = SPV_FORMS[legal_form]
    year = rng.randint(2015, 2023)
    if legal_form.endswith("company"):
        registration = f"U{rng.randint(10000, 99999)}UP{year}PTC{rng.randint(100000, 999999)}"
    else:
        registration = f"{rng.randint(100, 9999)}/{year}-{(year + 1) % 100:02d}"
    return Typed(
        {
            "spv": {
                "spv_name": f"{rng.choice(SPV_NAMES)} {name}",
                "legal_form": legal_form,
                "registration_number": registration,
                "member_count": members,
                "product_linked_members": linked,
                "largest_member_share": min(largest, Decimal(100)).quantize(Decimal("0.01")),
                "members_from_distinct_families": flaw != "families",
            },
            "proposal": {
                "components": rng.sample(CFC_FACILITIES, rng.randint(2, 5)),
                "land_tenure": tenure,
                "lease_years": lease,
                "land_belongs_to_member": flaw == "land" and rng.random() < 0.5,
                "cfc_capital_cost": cost,
                "cfc_land_cost": _rupees(rng, 500_000, 15_000_000, 10_000) if rng.random() < 0.7 else None,
                "spv_contribution": offered,
                "is_environment_or_research_project": special,
            },
        }
    )


TYPISTS = {"MM": _margin_money, "TT": _toolkit, "MDA": _mda, "CFC": _cfc}


class Fairs:
    """Synthetic notified fairs of every kind, one every FAIR_EVERY days from `since` to `today`."""

    def __init__(self, *, since: date, today: date):
        existing = {
            (fair.category, fair.trade_type, fair.end_date): fair
            for fair in NotifiedFair.objects.filter(notification_reference=SYNTHETIC_NOTIFICATION)
        }
        missing = []
        for offset, ((category, trade_type), (name, places, _share)) in enumerate(FAIR_KINDS.items()):
            first = FAIR_EPOCH + timedelta(days=offset)
            end = first + timedelta(days=-(-(since - first).days // FAIR_EVERY) * FAIR_EVERY)
            while end <= today:
                if (category, trade_type, end) not in existing:
                    number = (end - first).days // FAIR_EVERY
                    missing.append(
                        NotifiedFair(
                            name_en=f"{name} {end:%d-%m-%Y} (synthetic)",
                            place=places[number % len(places)],
                            category=category,
                            trade_type=trade_type,
                            start_date=end - timedelta(days=2 + number % 6),
                            end_date=end,
                            notification_reference=SYNTHETIC_NOTIFICATION,
                            is_active=False,
                        )
                    )
                end += timedelta(days=FAIR_EVERY)
        for fair in NotifiedFair.objects.bulk_create(missing):
            existing[fair.category, fair.trade_type, fair.end_date] = fair
        self.fairs: dict[tuple[str, str], list[NotifiedFair]] = {}
        for (category, trade_type, _end), fair in sorted(existing.items()):
            self.fairs.setdefault((category, trade_type), []).append(fair)
        self.ends = {kind: [fair.end_date for fair in fairs] for kind, fairs in self.fairs.items()}

    def last_before(self, kind: tuple[str, str], day: date) -> NotifiedFair:
        """The fair of `kind` that ended last on or before `day`."""
        return self.fairs[kind][max(0, bisect_right(self.ends[kind], day) - 1)]


class Pool:
    """One RuleSet's templates, and those the rules find eligible (with a benefit) or not."""

    def __init__(self, templates: list[Template]):
        self.templates = templates
        self.eligible = [t for t in templates if t.is_eligible and t.benefit_amount is not None]
        self.ineligible = [t for t in templates if not t.is_eligible]


class Answers:
    """The pools of answer templates, one per RuleSet, each built when first needed; `since`
    is the earliest date of application to come."""

    def __init__(self, *, seed: int, today: date, since: date, rulesets: dict[str, list[RuleSet]]):
        self.seed, self.today = seed, today
        self.products = dict(Product.objects.values_list("pk", "name_en"))
        self.pools: dict[int, Pool] = {}
        self.fairs = None
        if "MDA" in rulesets:
            windows = [r.rule_parameters().claim_window_days for r in rulesets["MDA"]]
            lead = max(windows) + LATE_SPREAD + FAIR_EVERY
            self.fairs = Fairs(since=since - timedelta(days=lead), today=today)

    def pick(self, rng: random.Random, ruleset: RuleSet, *, eligible: bool | None) -> Template:
        """A template of `ruleset`: one the rules find eligible, or not, or either (None)."""
        pool = self.pools.get(ruleset.pk)
        if pool is None:
            pool = self.pools[ruleset.pk] = self._pool(ruleset)
        choices = {True: pool.eligible, False: pool.ineligible}.get(eligible) or pool.templates
        return rng.choice(choices)

    def details(self, template: Template, *, on: date, product_id: int | None) -> dict:
        """A row's answers: the template's, with its own product, and its earlier toolkit, fair
        or invoice as many days before its date of application `on` as the template's."""
        details = {slug: dict(answers) for slug, answers in template.answers.items()}
        code = template.code
        details[steps_for(code)[0].slug]["product"] = as_stored(product_id)
        if code == "TT":
            details["craft"]["craft"] = self.products.get(product_id, "")
        if template.days_before is None:
            return details
        day = on - timedelta(days=template.days_before)
        if code == "TT":
            details["history"]["last_toolkit_on"] = day.isoformat()
        elif template.fair_kind is None:
            details["fair"]["event_date"] = day.isoformat()
        else:
            fair = self.fairs.last_before(template.fair_kind, day)
            details["fair"].update(MdaFairForm.fair_answers(fair, trade_type=template.trade_type))
            details["fair"]["notified_fair"] = as_stored(fair)
        return details

    def _pool(self, ruleset: RuleSet) -> Pool:
        code, params = ruleset.scheme.code, ruleset.rule_parameters()
        rng = random.Random(f"{self.seed}-{code}-{ruleset.pk}")
        templates = []
        for _ in range(POOL_SIZE):
            profile = _profile(rng)
            typed = TYPISTS[code](rng, params, profile, rng.random() < FLAWED_SHARE)
            steps = typed.steps
            steps[steps_for(code)[0].slug]["product"] = None  # each row's own
            if typed.days_before is not None:
                day = self.today - timedelta(days=typed.days_before)
                if code == "TT":
                    steps["history"]["last_toolkit_on"] = day
                elif typed.fair_kind is None:
                    steps["fair"]["event_date"] = day
                else:
                    # What MdaFairForm.clean takes from the fair (the day as a date, cleaned).
                    fair = self.fairs.last_before(typed.fair_kind, day)
                    steps["fair"].update(MdaFairForm.fair_answers(fair, trade_type=typed.trade_type))
                    steps["fair"].update(notified_fair=fair, event_date=fair.end_date)
            outcome = self._evaluate(ruleset, params, profile, steps, rng)
            templates.append(
                Template(
                    code,
                    profile,
                    {
                        slug: {name: as_stored(value) for name, value in step.items()}
                        for slug, step in steps.items()
                    },
                    typed.days_before,
                    typed.fair_kind,
                    typed.trade_type,
                    outcome.is_eligible,
                    outcome.benefit.amount if outcome.benefit and outcome.is_eligible else None,
                )
            )
        return Pool(templates)

    def _evaluate(self, ruleset: RuleSet, params, profile: Profile, steps: dict, rng) -> Outcome:
        """The rules' answer as `applications.facts.evaluate_application` gives it for a file
        with these cleaned answers, whose applicant has no other file (each synthetic applicant
        files once) and no paper verified yet."""
        code = ruleset.scheme.code
        answers = {
            "date_of_birth": profile.date_of_birth(rng, self.today),
            "gender": profile.gender,
            "social_category": profile.social_category,
            "is_minority": profile.is_minority,
            "is_divyang": profile.is_divyang,
            "is_up_native": profile.is_up_native,
            "makes_district_product": True,
        }
        for step in steps.values():
            answers.update(step)
        if code == "MM":
            parts = [answers.get(name) for name in ("machinery_cost", "workshed_cost", "other_capital_cost")]
            answers["capital_cost"] = sum(part or Decimal(0) for part in parts)
        elif code == "TT":
            answers["practises_craft"] = True
        elif code == "MDA":
            answers["earlier_claims_in_year"] = answers["earlier_ecommerce_claims"] = 0
        facts = FACT_BUILDERS[code](answers, self.today)
        return ruleset.scheme.rules.evaluate(facts, params)
