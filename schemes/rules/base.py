"""Building blocks shared by the scheme rules: outcomes, breakdowns, parameters, dates, money.

Every module in this package is pure: facts in, outcome out. Nothing here imports Django, reads the
database or looks at the clock. The date that matters (the date of application) always arrives in
the facts as ``as_of``, so the same facts give the same answer on any day, in the eligibility
checker, the application form, the officer's screen and the committee agenda alike.

Conventions shared by the four scheme modules:

- Money is ``Decimal`` in rupees. Every money figure that leaves a rule is quantized to paise
  (``Decimal("0.01")``, ROUND_HALF_UP) by :func:`money`; nothing is rounded to whole rupees.
- Rates are fractions (``Decimal("0.25")`` is 25%).
- A fact that is ``None`` is "not known yet". A rule that depends on it can neither pass nor fail,
  so it reports ``NEEDS_DOCUMENT`` and asks for the answer or the paper that settles it.
- A condition the applicant declares and must back with a paper (affidavit, category certificate,
  proof of craft, registration) reports ``NEEDS_DOCUMENT`` until an officer has checked that paper
  (its code is in the facts' ``verified_documents``), then ``PASSED``. It reports ``FAILED`` when
  the facts rule the applicant out. :func:`declared_fact_rule` is that rule for a yes/no fact.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from schemes.rules.numbers import CRORE, LAKH, PAISA, ZERO, decimal_to_str, money  # noqa: F401


class Status(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    NEEDS_DOCUMENT = "needs_document"


class Document(StrEnum):
    """Papers that settle a rule once an officer has checked them.

    The codes are stable: the application's document records use them to tell the rules which
    papers are verified (``Facts.verified_documents``).
    """

    AFFIDAVIT = "affidavit"
    CATEGORY_CERTIFICATE = "category_certificate"
    DOMICILE_CERTIFICATE = "domicile_certificate"
    DECLARATION = "declaration"
    CRAFT_PROOF = "craft_proof"
    REGISTRATION = "registration"
    UDYAM_REGISTRATION = "udyam_registration"


@dataclass(frozen=True)
class RuleOutcome:
    """The result of one eligibility rule, in words an applicant understands.

    ``document`` names the paper (a :class:`Document` code) that settles the rule, when there is
    one; it is empty for rules that only depend on facts.
    """

    code: str
    status: Status
    message_en: str
    message_hi: str
    clause: str
    document: str = ""

    def to_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "status": str(self.status),
            "message_en": self.message_en,
            "message_hi": self.message_hi,
            "clause": self.clause,
            "document": str(self.document),
        }


@dataclass(frozen=True)
class BenefitLine:
    code: str
    label_en: str
    label_hi: str
    amount: Decimal
    clause: str
    note_en: str = ""
    note_hi: str = ""

    def to_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "label_en": self.label_en,
            "label_hi": self.label_hi,
            "amount": decimal_to_str(self.amount),
            "clause": self.clause,
            "note_en": self.note_en,
            "note_hi": self.note_hi,
        }


@dataclass(frozen=True)
class Benefit:
    """What the scheme pays (``amount``) and how it was reached.

    ``lines`` is the whole breakdown, including figures the scheme does not pay (project cost, own
    contribution, bank loan, caps); each scheme module documents which line codes make up
    ``amount``.
    """

    amount: Decimal
    lines: tuple[BenefitLine, ...]

    def line(self, code: str) -> BenefitLine:
        for line in self.lines:
            if line.code == code:
                return line
        raise KeyError(code)

    def to_dict(self) -> dict[str, Any]:
        return {
            "amount": decimal_to_str(self.amount),
            "lines": [line.to_dict() for line in self.lines],
        }


@dataclass(frozen=True)
class Outcome:
    """Every rule's outcome for one applicant under one scheme, and the benefit the facts earn.

    The benefit is computed whether or not the applicant is eligible (an artisan asking "how much
    would I get?" deserves an answer); callers that pay money check ``is_eligible`` first.
    """

    scheme: str
    rules: tuple[RuleOutcome, ...]
    benefit: Benefit | None

    @property
    def is_eligible(self) -> bool:
        return all(rule.status != Status.FAILED for rule in self.rules)

    @property
    def needs_documents(self) -> bool:
        return any(rule.status == Status.NEEDS_DOCUMENT for rule in self.rules)

    def rule(self, code: str) -> RuleOutcome:
        for rule in self.rules:
            if rule.code == code:
                return rule
        raise KeyError(code)

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form for the API and templates: Decimals become strings."""
        return {
            "scheme": self.scheme,
            "is_eligible": self.is_eligible,
            "needs_documents": self.needs_documents,
            "rules": [rule.to_dict() for rule in self.rules],
            "benefit": None if self.benefit is None else self.benefit.to_dict(),
        }


def make_rule(code: str, status: Status, clause: str, en: str, hi: str, document: str = "") -> RuleOutcome:
    return RuleOutcome(
        code=code,
        status=status,
        message_en=en,
        message_hi=hi,
        clause=clause,
        document=str(document),
    )


def paper_status(document: Document, verified_documents: Iterable[str]) -> Status:
    """PASSED once an officer has checked the paper, NEEDS_DOCUMENT until then."""
    return Status.PASSED if document in verified_documents else Status.NEEDS_DOCUMENT


def declared_fact_rule(
    *,
    code: str,
    clause: str,
    document: Document,
    fact: bool | None,
    verified_documents: Iterable[str],
    ask: tuple[str, str],
    fail: tuple[str, str],
    checked: tuple[str, str],
    attach: tuple[str, str],
) -> RuleOutcome:
    """A condition the applicant declares (``fact``) and backs with ``document``.

    Unknown: NEEDS_DOCUMENT with ``ask``. False: FAILED with ``fail``. True: PASSED with
    ``checked`` once an officer has verified the paper, NEEDS_DOCUMENT with ``attach`` until then.
    Each message is an (English, Hindi) pair; every outcome names ``document``.
    """
    if fact is None:
        return make_rule(code, Status.NEEDS_DOCUMENT, clause, *ask, document)
    if not fact:
        return make_rule(code, Status.FAILED, clause, *fail, document)
    status = paper_status(document, verified_documents)
    en, hi = checked if status == Status.PASSED else attach
    return make_rule(code, status, clause, en, hi, document)


@dataclass(frozen=True)
class CostItem:
    """One line of a project's capital cost, as the applicant's project report gives it.

    ``is_land`` marks land purchase (and, for CFC, land lease rent): both schemes leave it out of
    the project cost, but it stays visible in the breakdown so nobody wonders where it went.
    """

    label: str
    amount: Decimal
    is_land: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError(f"CostItem {self.label!r}: amount must be a Decimal")
        if self.amount < 0:
            raise ValueError(f"CostItem {self.label!r}: amount must not be negative")


def check_not_negative(obj: object, *names: str) -> None:
    """Raise ValueError naming the first field that holds a negative number."""
    for name in names:
        value = getattr(obj, name)
        if value is not None and value < 0:
            raise ValueError(f"{name} must not be negative")


def check_not_after(obj: object, as_of: date, *names: str) -> None:
    """Raise ValueError naming the first date field that lies after the date of application."""
    for name in names:
        value = getattr(obj, name)
        if value is not None and value > as_of:
            raise ValueError(f"{name} must not be after as_of")


# --- Dates -----------------------------------------------------------------------------------


def anniversary(start: date, years: int) -> date:
    """The date ``years`` whole years after ``start``.

    A 29 February start falls on 1 March in a common year: the person born on 29 February 2008
    completes 18 years at the start of 1 March 2026, because 28 February 2026 is still short of a
    full 18 years. The same reading is used for "2 years since the last toolkit".
    """
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 3, 1)


def age_on(date_of_birth: date, on: date) -> int:
    """Completed years of age on ``on`` (consistent with :func:`anniversary`)."""
    years = on.year - date_of_birth.year
    if anniversary(date_of_birth, years) > on:
        years -= 1
    return years


def financial_year(day: date) -> str:
    """The Indian financial year (1 April to 31 March) holding ``day``, e.g. ``"2026-27"``."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def format_date(day: date) -> str:
    """DD-MM-YYYY, the way Indian government papers write dates."""
    return day.strftime("%d-%m-%Y")


def age_rule(*, code: str, clause: str, date_of_birth: date | None, as_of: date, min_age: int) -> RuleOutcome:
    """Minimum age on the date of application, shared by the schemes that set one."""
    if date_of_birth is None:
        return make_rule(
            code,
            Status.NEEDS_DOCUMENT,
            clause,
            f"Enter your date of birth so we can check that you are at least {min_age} years old.",
            f"अपनी जन्म तिथि भरें, ताकि देखा जा सके कि आपकी आयु कम से कम {min_age} वर्ष है।",
        )
    age = age_on(date_of_birth, as_of)
    on = format_date(as_of)
    if age >= min_age:
        return make_rule(
            code,
            Status.PASSED,
            clause,
            f"You are {age} years old on {on}; at least {min_age} is needed.",
            f"{on} को आपकी आयु {age} वर्ष है; कम से कम {min_age} वर्ष आवश्यक है।",
        )
    from_day = format_date(anniversary(date_of_birth, min_age))
    return make_rule(
        code,
        Status.FAILED,
        clause,
        f"You must be at least {min_age} years old. On {on} you are {age}; you can apply from {from_day}.",
        f"आवेदक की आयु कम से कम {min_age} वर्ष होनी चाहिए। {on} को आपकी आयु {age} वर्ष है; "
        f"आप {from_day} से आवेदन कर सकते हैं।",
    )


# --- Formatting for messages ---------------------------------------------------------------


def format_inr(amount: Decimal) -> str:
    """Rupees with Indian digit grouping: ``₹6,25,000``, ``₹1,234.50``."""
    value = money(amount)
    sign = "-" if value < 0 else ""
    value = abs(value)
    rupees = int(value)
    paise = int((value - rupees) * 100)
    digits = str(rupees)
    if len(digits) > 3:
        head, tail = digits[:-3], digits[-3:]
        groups: list[str] = []
        while len(head) > 2:
            groups.insert(0, head[-2:])
            head = head[:-2]
        if head:
            groups.insert(0, head)
        digits = ",".join([*groups, tail])
    return f"{sign}₹{digits}" + (f".{paise:02d}" if paise else "")


def format_rate(rate: Decimal) -> str:
    """``Decimal("0.075")`` -> ``"7.5%"``."""
    percent = (rate * 100).normalize()
    return f"{decimal_to_str(percent)}%"


# The Parameters machinery lives in its own module; its names are read from here too.
from schemes.rules.parameters import (  # noqa: E402, F401
    FIELD_CODES,
    MAX_FIGURE,
    PARAMETER_MESSAGES,
    ParameterError,
    ParametersBase,
    check_rising,
    parameter_problems,
    parameters_from_dict,
    parameters_to_dict,
)
