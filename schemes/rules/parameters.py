"""A scheme's figures as a frozen ``Parameters`` dataclass: checking, reading and writing them,
and the ``ParameterError`` that names the figure a GO change got wrong."""

from __future__ import annotations

import dataclasses
import functools
import itertools
import typing
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from types import MappingProxyType
from typing import Any, ClassVar, Self

from schemes.rules.numbers import decimal_to_str

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
    ``LABELS`` names every field in English and Hindi for the pages that show the figures.
    """

    #: Rates and shares of a whole: at most 1 (100%).
    SHARES: ClassVar[frozenset[str]] = frozenset()
    #: Figures that must be above 0 (a count: at least 1), each because a zero would leave a
    #: rule without meaning; every scheme says why next to each name.
    POSITIVE: ClassVar[frozenset[str]] = frozenset()
    #: Largest value of some whole-number fields (years, days).
    MAXIMA: ClassVar[Mapping[str, int]] = MappingProxyType({})
    #: Each field's name on the staff's pages, ``(english, hindi)``: what the figure is, in the
    #: words of the GO, so a reader does not have to know the Python name.
    LABELS: ClassVar[Mapping[str, tuple[str, str]]] = MappingProxyType({})

    @classmethod
    def field_label(cls, name: str, language: str) -> str:
        """A field's label in ``language`` (a code such as ``"hi"`` or ``"en-us"``: Hindi when it
        starts with "hi", English otherwise); the field's name when it has none."""
        english, hindi = cls.LABELS.get(name, (name, name))
        return hindi if language.startswith("hi") else english

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
