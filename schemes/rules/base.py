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

import dataclasses
import functools
import itertools
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType
from typing import Any, ClassVar, Self

PAISA = Decimal("0.01")
ZERO = Decimal("0.00")
LAKH = Decimal("100000")
CRORE = Decimal("10000000")


def money(value: Decimal | int) -> Decimal:
    """Quantize a rupee amount to paise, rounding half up (the rule for every money output)."""
    return Decimal(value).quantize(PAISA, rounding=ROUND_HALF_UP)


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


def decimal_to_str(value: Decimal) -> str:
    """Plain decimal notation (never ``2E+6``), for JSON and for stored parameters."""
    return format(value, "f")


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


# --- Parameters ----------------------------------------------------------------------------

#: Largest money figure a parameter may hold: Rs 1 lakh crore, ten thousand times the largest
#: figure in any of the GOs (Rs 10 crore). Far larger figures are typing slips, and they would
#: make the amounts the rules compute from them overflow ``money()`` (28 significant digits).
MAX_FIGURE = Decimal("1000000000000")

#: English and Hindi message for each ``ParameterError.code``. The codes are stable: a form may
#: key its own wording on them. ``{field}`` is the parameter's name; the other placeholders are
#: the error's ``params``.
PARAMETER_MESSAGES: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "unknown": (
            "unknown parameter {field!r} for {scheme}",
            "'{field}' इस योजना ({scheme}) का पैरामीटर नहीं है",
        ),
        "bad_value": (
            "parameter {field!r}: cannot use {value}",
            "पैरामीटर '{field}' के लिए {value} मान्य नहीं है",
        ),
        "not_negative": (
            "parameter {field!r} must not be negative",
            "पैरामीटर '{field}' ऋणात्मक नहीं हो सकता",
        ),
        "too_large": (
            "parameter {field!r} must be at most {maximum}",
            "पैरामीटर '{field}' अधिकतम {maximum} हो सकता है",
        ),
        "too_small": (
            "parameter {field!r} must be at least {minimum}",
            "पैरामीटर '{field}' कम से कम {minimum} होना चाहिए",
        ),
        "not_positive": (
            "parameter {field!r} must be more than 0",
            "पैरामीटर '{field}' शून्य से अधिक होना चाहिए",
        ),
        "rate_over_one": (
            "parameter {field!r} must be at most 1",
            "पैरामीटर '{field}' अधिकतम 1 (100%) हो सकता है",
        ),
        "empty": (
            "parameter {field!r} must not be empty",
            "पैरामीटर '{field}' खाली नहीं हो सकता",
        ),
        "slabs_out_of_order": (
            "limits must rise: {field!r} must be more than {other!r}",
            "सीमाएं बढ़ते क्रम में होनी चाहिए: '{field}', '{other}' से अधिक होना चाहिए",
        ),
        "above_other": (
            "parameter {field!r} must not be above {other!r}",
            "पैरामीटर '{field}', '{other}' से अधिक नहीं हो सकता",
        ),
        "cap_below_floor": (
            "parameter {field!r} must not be below {other!r}",
            "पैरामीटर '{field}', '{other}' से कम नहीं हो सकता",
        ),
        "over_ceiling": (
            "parameter {field!r} is too high: slab {slab} would pay up to {amount}, above the "
            "overall ceiling {other!r}",
            "पैरामीटर '{field}' बहुत अधिक है: स्लैब {slab} में {amount} तक देय होगा, जो कुल "
            "अधिकतम सीमा '{other}' से अधिक है",
        ),
        "leaves_no_loan": (
            "parameter {field!r} is too high for {other!r}: the margin money and the own "
            "contribution would take the whole project cost and leave no bank loan",
            "पैरामीटर '{field}', '{other}' को देखते हुए बहुत अधिक है: मार्जिन मनी और स्वयं का "
            "अंशदान पूरी परियोजना लागत ले लेंगे और बैंक ऋण के लिए कुछ नहीं बचेगा",
        ),
        "shares_do_not_add_up": (
            "parameter {field!r}: {parts} must add up to 1, not {total}",
            "पैरामीटर '{field}': {parts} का योग 1 होना चाहिए, {total} नहीं",
        ),
    }
)

#: Codes of the problems one field has on its own, whatever the other fields hold. The other
#: codes come from ``validate()`` and involve two or more fields.
FIELD_CODES = frozenset(
    {
        "unknown",
        "bad_value",
        "not_negative",
        "too_large",
        "too_small",
        "not_positive",
        "rate_over_one",
        "empty",
    }
)


class ParameterError(ValueError):
    """A figure of a scheme's Parameters that breaks the rules, naming the parameter.

    ``field`` is the parameter's name (for ``"unknown"``, the key that was given), ``code`` one
    of :data:`PARAMETER_MESSAGES`, ``params`` the strings its message interpolates (such as
    ``{"other": "slab2_limit"}``). ``str()`` is the English message, ``message_hi`` the Hindi.
    A ValueError, so callers that catch ValueError keep working.
    """

    def __init__(self, field: str, code: str, params: Mapping[str, str] | None = None) -> None:
        self.field = field
        self.code = code
        self.params = dict(params or {})
        # Formatting here means a raise site with a wrong code or missing param fails at once.
        super().__init__(self._message(0))

    def _message(self, language: int) -> str:
        return PARAMETER_MESSAGES[self.code][language].format(field=self.field, **self.params)

    @property
    def message_en(self) -> str:
        return self._message(0)

    @property
    def message_hi(self) -> str:
        return self._message(1)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.field, self.code, self.params))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ParameterError):
            return NotImplemented
        return (self.field, self.code, self.params) == (other.field, other.code, other.params)

    def __hash__(self) -> int:
        return hash((self.field, self.code, tuple(sorted(self.params.items()))))

    def __repr__(self) -> str:
        return f"ParameterError({self.field!r}, {self.code!r}, {self.params!r})"


class ParametersBase:
    """Mixin for each scheme's frozen ``Parameters`` dataclass.

    A RuleSet row stores ``to_dict()``; ``from_dict()`` rebuilds the exact parameters later, so an
    application keeps the figures it was computed with even after a GO changes them. Every field
    must be a Decimal, int, bool, str, Fraction or tuple of str; numbers may not be negative, and
    a Decimal may not exceed :data:`MAX_FIGURE`.

    Each scheme declares the bounds of single fields in ``SHARES``, ``POSITIVE`` and ``MAXIMA``
    (and may add more in ``field_problem()``), and checks the rules that tie fields together in
    ``validate()``. Every figure that breaks them raises :class:`ParameterError` naming the field.
    """

    #: Rates and shares of a whole: at most 1 (100%).
    SHARES: ClassVar[frozenset[str]] = frozenset()
    #: Figures that must be above 0 (a count: at least 1), each because a zero would leave a
    #: rule without meaning; every scheme says why next to each name.
    POSITIVE: ClassVar[frozenset[str]] = frozenset()
    #: Largest value of some whole-number fields (years, days).
    MAXIMA: ClassVar[Mapping[str, int]] = MappingProxyType({})

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        return parameters_from_dict(cls, data)

    def to_dict(self) -> dict[str, Any]:
        return parameters_to_dict(self)

    def __post_init__(self) -> None:
        cls = type(self)
        for name, hint in _field_hints(cls).items():
            value = getattr(self, name)
            _check_value(cls, name, hint, value)
            problem = cls.field_problem(name, value)
            if problem is not None:
                raise problem
        self.validate()

    @classmethod
    def field_problem(cls, name: str, value: Any) -> ParameterError | None:
        """The first problem of one field's value on its own, or None. ``value`` has the field's
        type already. Subclasses add checks of their own and then call this."""
        if isinstance(value, bool) or not isinstance(value, (int, Decimal, Fraction)):
            return None
        if value < 0:
            return ParameterError(name, "not_negative")
        if isinstance(value, Decimal) and value > MAX_FIGURE:
            return ParameterError(name, "too_large", {"maximum": decimal_to_str(MAX_FIGURE)})
        if name in cls.MAXIMA and value > cls.MAXIMA[name]:
            return ParameterError(name, "too_large", {"maximum": str(cls.MAXIMA[name])})
        if name in cls.SHARES and value > 1:
            return ParameterError(name, "rate_over_one")
        if name in cls.POSITIVE and value == 0:
            if isinstance(value, int):
                return ParameterError(name, "too_small", {"minimum": "1"})
            return ParameterError(name, "not_positive")
        return None

    def validate(self) -> None:
        """Checks that tie two or more fields together; raise ParameterError naming the field.

        Runs after every field has passed ``field_problem()``, so each value is in its own range.
        """


def check_rising(params: object, *names: str) -> None:
    """Raise ParameterError (``slabs_out_of_order``) naming the first limit that is not above
    the one before it: slabs and bands follow each other, each covering costs above the last."""
    for lower, upper in itertools.pairwise(names):
        if not getattr(params, lower) < getattr(params, upper):
            raise ParameterError(upper, "slabs_out_of_order", {"other": lower})


@functools.cache
def _field_hints(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    return {field.name: hints[field.name] for field in dataclasses.fields(cls)}


def _has_type(hint: Any, value: Any) -> bool:
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is Decimal:
        return isinstance(value, Decimal) and value.is_finite()
    if hint is Fraction:
        return isinstance(value, Fraction)
    if hint is str:
        return isinstance(value, str)
    if typing.get_origin(hint) is tuple:
        return isinstance(value, tuple) and all(isinstance(item, str) for item in value)
    raise TypeError(f"unsupported parameter type {hint!r}")


def _check_value(cls: type, name: str, hint: Any, value: Any) -> None:
    """A value of the wrong Python type is a programming error (figures from stored data are
    coerced first, see ``_coerce``), so it is a TypeError rather than a ParameterError."""
    where = f"{cls.__module__}.{cls.__qualname__}.{name}"
    if not _has_type(hint, value):
        raise TypeError(f"{where}: expected {hint!r}, got {value!r}")


def _shown(value: Any) -> str:
    """``repr()`` of a refused value for a message, cut short so a pasted blob stays readable."""
    try:
        text = repr(value)
    except ValueError:  # an int too long for Python to print
        return "a number too long to show"
    return text if len(text) <= 60 else f"{text[:57]}..."


def _coerce(name: str, hint: Any, value: Any) -> Any:
    """Turn a JSON value back into the field's type; ParameterError ``bad_value`` otherwise."""
    bad = ParameterError(name, "bad_value", {"value": _shown(value)})
    if isinstance(value, bool) and hint is not bool:
        raise bad
    if hint is int:
        if isinstance(value, str):
            try:
                return int(value.strip())
            except ValueError:
                raise bad from None
        result = value
    elif hint is Decimal:
        if not isinstance(value, (int, float, str, Decimal)):
            raise bad
        try:
            # repr() of a float is its shortest exact decimal, so 0.75 arrives as 0.75.
            result = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except (InvalidOperation, ValueError, OverflowError):
            raise bad from None
    elif hint is Fraction:
        if not isinstance(value, (int, float, str, Decimal)):
            raise bad
        try:
            # As for Decimal: 0.1 means one tenth, not the float nearest to it.
            result = Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
        except (ValueError, ZeroDivisionError, OverflowError):
            raise bad from None
    elif typing.get_origin(hint) is tuple and isinstance(value, list):
        result = tuple(value)
    else:
        result = value
    if not _has_type(hint, result):
        raise bad
    return result


def parameter_problems(cls: type[ParametersBase], data: Mapping[str, Any]) -> list[ParameterError]:
    """Every problem of a draft's figures, so a form can show all the bad fields at once.

    ``data`` is what ``from_dict()`` takes (JSON values; a missing key takes the GO default).
    The list holds one ParameterError for each key that is unknown or whose value is bad on its
    own (cannot be read as the field's type, negative, too large, a share above 1, a zero where
    the rules need more; codes in :data:`FIELD_CODES`), in the order of ``data``. When every
    field is fine on its own, it holds at most one more: the first problem ``validate()`` finds
    between fields, which only means something once each field is in range. An empty list
    means ``from_dict(data)`` succeeds.
    """
    return _build(cls, data)[1]


def parameters_from_dict[P: ParametersBase](cls: type[P], data: Mapping[str, Any]) -> P:
    """Build a Parameters object from stored data, or raise the first ParameterError.

    Unknown keys are refused by name (a typo must not silently fall back to the GO value);
    missing keys take the field's default, so a RuleSet saved before a parameter existed still
    loads. :func:`parameter_problems` lists every problem instead of the first.
    """
    params, problems = _build(cls, data)
    if params is None:
        raise problems[0]
    return params


def _build[P: ParametersBase](cls: type[P], data: Mapping[str, Any]) -> tuple[P | None, list[ParameterError]]:
    hints = _field_hints(cls)
    scheme = f"{cls.__module__}.{cls.__qualname__}"
    problems: list[ParameterError] = []
    values: dict[str, Any] = {}
    for key, raw in data.items():
        if key not in hints:
            problems.append(ParameterError(str(key), "unknown", {"scheme": scheme}))
            continue
        try:
            value = _coerce(key, hints[key], raw)
        except ParameterError as error:
            problems.append(error)
            continue
        problem = cls.field_problem(key, value)
        if problem is not None:
            problems.append(problem)
            continue
        values[key] = value
    if problems:
        return None, problems
    try:
        return cls(**values), []
    except ParameterError as error:
        return None, [error]


def parameters_to_dict(params: object) -> dict[str, Any]:
    """JSON-serialisable form: Decimals and Fractions as strings, tuples as lists."""
    result: dict[str, Any] = {}
    for field in dataclasses.fields(params):  # type: ignore[arg-type]
        value = getattr(params, field.name)
        if isinstance(value, Decimal):
            result[field.name] = decimal_to_str(value)
        elif isinstance(value, Fraction):
            result[field.name] = str(value)
        elif isinstance(value, tuple):
            result[field.name] = list(value)
        else:
            result[field.name] = value
    return result
