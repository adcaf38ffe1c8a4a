from rest_framework import serializers

from dashboard.years import year_choices
from schemes.models import SchemeCode

WITHHELD_HELP = (
    "Names of the figures withheld on this line: a count from 1 to 4, a figure that would let "
    "one be worked out by subtraction, money behind a withheld count, or a median of fewer than "
    "5 decisions. Withheld figures are null."
)


class StatsQuerySerializer(serializers.Serializer):
    year = serializers.CharField(
        required=False, help_text="Financial year, April to March, e.g. 2026-27; default the current one."
    )
    scheme = serializers.ChoiceField(
        choices=SchemeCode.choices,
        required=False,
        help_text="Sub-scheme code; default all sub-schemes together.",
    )

    def validate_year(self, value: str) -> str:
        if value not in year_choices():
            raise serializers.ValidationError(
                f"Give a financial year from {year_choices()[-1]} to {year_choices()[0]}, e.g. {year_choices()[0]}."
            )
        return value


class FiguresSerializer(serializers.Serializer):
    received = serializers.IntegerField(
        allow_null=True, help_text="Applications received (submitted) in the year."
    )
    approved = serializers.IntegerField(
        allow_null=True, help_text="Applications approved, by date of decision."
    )
    sanctioned = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        allow_null=True,
        help_text="Benefits sanctioned on those approvals, rupees.",
    )
    released = serializers.DecimalField(
        max_digits=16,
        decimal_places=2,
        allow_null=True,
        help_text="Benefits released (paid) on those approvals, rupees, as recorded after approval.",
    )
    median_days = serializers.FloatField(
        allow_null=True, help_text="Median days from submission to decision, for decisions in the year."
    )
    withheld = serializers.ListField(child=serializers.CharField(), help_text=WITHHELD_HELP)


class DistrictFiguresSerializer(FiguresSerializer):
    district = serializers.CharField(help_text="District code name (slug).")
    district_name_en = serializers.CharField()
    district_name_hi = serializers.CharField()
    division = serializers.CharField(help_text="Division code name (slug).")


class SchemeFiguresSerializer(FiguresSerializer):
    scheme = serializers.CharField(help_text="Sub-scheme code.")
    scheme_name_en = serializers.CharField()
    scheme_name_hi = serializers.CharField()


class MonthSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM.")
    received = serializers.IntegerField(allow_null=True)
    approved = serializers.IntegerField(allow_null=True)
    withheld = serializers.ListField(child=serializers.CharField(), help_text=WITHHELD_HELP)


class _Envelope(serializers.Serializer):
    year = serializers.CharField()
    scheme = serializers.CharField(allow_null=True, help_text="The sub-scheme, or null for all of them.")
    released_recorded = serializers.BooleanField(
        help_text="False while the stages after approval are not in use: released is then 0."
    )
    as_of = serializers.DateTimeField(
        allow_null=True,
        help_text="The moment these figures are as of (every decision made until then is counted); "
        "they are republished every few minutes. Null only before the figures are first counted.",
    )


class DistrictStatsSerializer(_Envelope):
    results = DistrictFiguresSerializer(many=True)
    total = FiguresSerializer(help_text="Uttar Pradesh as a whole.")


class SchemeStatsSerializer(_Envelope):
    results = SchemeFiguresSerializer(many=True)
    total = FiguresSerializer(help_text="All sub-schemes together.")


class MonthStatsSerializer(_Envelope):
    results = MonthSerializer(many=True)
