from django import forms
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from schemes.forms import MAX_RUPEES, EligibilityForm
from schemes.models import RequiredDocument, RuleSet, Scheme


class RuleSetSerializer(serializers.ModelSerializer):
    class Meta:
        model = RuleSet
        fields = ["id", "go_reference", "go_date", "effective_from", "parameters", "notes"]


class RequiredDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = RequiredDocument
        fields = ["code", "name_en", "name_hi", "required_when", "clause"]


class SchemeSerializer(serializers.ModelSerializer):
    active_ruleset = serializers.SerializerMethodField()
    documents = RequiredDocumentSerializer(many=True, read_only=True)

    class Meta:
        model = Scheme
        fields = [
            "code",
            "slug",
            "name_en",
            "name_hi",
            "is_accepting_applications",
            "active_ruleset",
            "documents",
        ]

    def get_active_ruleset(self, scheme: Scheme) -> dict | None:
        # The view passes the active RuleSets (one query for all schemes) in the context.
        ruleset = self.context["active_rulesets"].get(scheme.code)
        return RuleSetSerializer(ruleset).data if ruleset else None


SCHEME_CODES = ("MM", "TT", "MDA", "CFC")
YES_NO_CHOICES = [("yes", "yes"), ("no", "no")]


# Digits as typed on an Indian phone: ASCII or Devanagari.
_DIGIT = "[0-9\u0966-\u096f]"
# The formats the checker reads (see odop_portal/formats): dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy and
# ISO yyyy-mm-dd, never mm/dd.
DATE_PATTERN = (
    f"^({_DIGIT}{{1,2}}[/.-]{_DIGIT}{{1,2}}[/.-]{_DIGIT}{{4}}|{_DIGIT}{{4}}-{_DIGIT}{{1,2}}-{_DIGIT}{{1,2}})$"
)


def _date_schema(help_text: str) -> dict:
    return {
        "type": "string",
        "pattern": DATE_PATTERN,
        "description": f"{help_text}. dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy or yyyy-mm-dd; not in the future, not before 1900.",
    }


def _amount_schema(help_text: str, field: forms.DecimalField) -> dict:
    whole = field.max_digits - field.decimal_places
    maximum = field.max_value if field.max_value is not None else MAX_RUPEES
    return {
        "description": f"{help_text}. At most {maximum}, never negative.",
        "oneOf": [
            {"type": "number", "minimum": 0, "maximum": float(maximum)},
            {
                "type": "string",
                "pattern": f"^{_DIGIT}{{1,{whole}}}(\\.{_DIGIT}{{1,{field.decimal_places}}})?$",
            },
        ],
    }


def _documented(base: type, schema: dict) -> type:
    """A subclass of `base` carrying its own OpenAPI schema (never decorate `base` itself)."""
    return extend_schema_field(schema)(type(f"Documented{base.__name__}", (base,), {}))


def _serializer_field(field: forms.Field) -> serializers.Field:
    """The OpenAPI description of a checker question, derived from the form field itself so the
    documentation cannot drift from what the form accepts."""
    common = {"required": False, "help_text": str(field.label)}
    if isinstance(field, forms.TypedChoiceField):
        return serializers.ChoiceField(choices=YES_NO_CHOICES, allow_blank=True, **common)
    if isinstance(field, forms.ChoiceField):
        return serializers.ChoiceField(choices=[c for c, _ in field.choices if c], allow_blank=True, **common)
    if isinstance(field, forms.DateField):
        return _documented(serializers.CharField, _date_schema(common["help_text"]))(**common)
    if isinstance(field, forms.DecimalField):
        return _documented(serializers.CharField, _amount_schema(common["help_text"], field))(**common)
    if isinstance(field, forms.IntegerField):
        return serializers.IntegerField(min_value=0, max_value=field.max_value, **common)
    return serializers.CharField(**common)


def _rules_from_field() -> serializers.Field:
    # Its choices are the days published RuleSets take effect, read per request.
    return serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Answer under the rules from this day (yyyy-mm-dd): a day a published rule set "
        "takes effect after today. Default: the rules in force today.",
    )


EligibilityAnswersSerializer = type(
    "EligibilityAnswersSerializer",
    (serializers.Serializer,),
    {
        name: _rules_from_field() if name == "rules_from" else _serializer_field(field)
        for name, field in EligibilityForm.base_fields.items()
    },
)


class EligibilityRequestSerializer(EligibilityAnswersSerializer):
    scheme = serializers.ChoiceField(
        choices=[*SCHEME_CODES, *(code.lower() for code in SCHEME_CODES)],
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="Only this sub-scheme, in any case (default, or null or empty: all four).",
    )


class RuleOutcomeSerializer(serializers.Serializer):
    code = serializers.CharField()
    status = serializers.ChoiceField(choices=["passed", "failed", "needs_document"])
    message_en = serializers.CharField()
    message_hi = serializers.CharField()
    clause = serializers.CharField()
    document = serializers.CharField()


class BenefitLineSerializer(serializers.Serializer):
    code = serializers.CharField()
    label_en = serializers.CharField()
    label_hi = serializers.CharField()
    amount = serializers.CharField(help_text="Rupees, as a decimal string")
    clause = serializers.CharField()
    note_en = serializers.CharField()
    note_hi = serializers.CharField()


class BenefitSerializer(serializers.Serializer):
    amount = serializers.CharField(help_text="Rupees, as a decimal string")
    lines = BenefitLineSerializer(many=True)


class OutcomeSerializer(serializers.Serializer):
    scheme = serializers.CharField()
    is_eligible = serializers.BooleanField()
    needs_documents = serializers.BooleanField()
    rules = RuleOutcomeSerializer(many=True)
    benefit = BenefitSerializer(allow_null=True)


class RuleSetRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    go_reference = serializers.CharField()
    go_date = serializers.DateField()
    effective_from = serializers.DateField()


class SchemeResultSerializer(serializers.Serializer):
    scheme = serializers.CharField()
    name_en = serializers.CharField()
    name_hi = serializers.CharField()
    ruleset = RuleSetRefSerializer(allow_null=True)
    outcome = OutcomeSerializer(allow_null=True)
    skipped_reason = serializers.CharField()


class EligibilityResponseSerializer(serializers.Serializer):
    as_of = serializers.DateField(default=timezone.localdate)
    results = SchemeResultSerializer(many=True)
