"""The open-data API: the same protected figures as the open-data page, as JSON.

Every answer covers one financial year; counts from 1 to 4, figures that would reveal them and
money and medians behind them are null and named in `withheld` (see `dashboard.suppression`)."""

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.views import APIView

from dashboard.api.serializers import (
    DistrictStatsSerializer,
    MonthStatsSerializer,
    SchemeStatsSerializer,
    StatsQuerySerializer,
)
from dashboard.open_data import PublicFigures, published_open_data
from dashboard.released import is_recorded
from dashboard.selectors import reference_lists
from dashboard.years import current_year


def _figures(figures: PublicFigures) -> dict:
    return {
        "received": figures.number("received"),
        "approved": figures.number("approved"),
        "sanctioned": figures.number("sanctioned"),
        "released": figures.number("released"),
        "median_days": figures.number("median_days"),
        "withheld": figures.withheld(),
    }


class _StatsView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle, UserRateThrottle]

    def _open_data(self, request: Request):
        query = StatsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        lists = reference_lists()
        year = query.validated_data.get("year") or current_year()
        code = query.validated_data.get("scheme")
        scheme = next((s for s in lists.schemes if s.code == code), None)
        data = published_open_data(year=year, lists=lists)
        envelope = {
            "year": year,
            "scheme": scheme.code if scheme else None,
            "released_recorded": is_recorded(),
            "as_of": data.as_of,
        }
        return data, scheme, envelope


class DistrictStatsView(_StatsView):
    @extend_schema(
        summary="Open data by district",
        description="For one financial year and one sub-scheme (or all): applications received and "
        "approved, benefits sanctioned and released, and median days to decision, for each of the 75 "
        "districts and for the state. Small counts are withheld (null).",
        parameters=[StatsQuerySerializer],
        responses={200: DistrictStatsSerializer},
        tags=["open data"],
    )
    def get(self, request: Request) -> Response:
        data, scheme, envelope = self._open_data(request)
        results = [
            {
                "district": district.slug,
                "district_name_en": district.name_en,
                "district_name_hi": district.name_hi,
                "division": district.division.slug,
                **_figures(data.district(district, scheme)),
            }
            for district in data.districts
        ]
        return Response(
            DistrictStatsSerializer(
                {**envelope, "results": results, "total": _figures(data.state(scheme))}
            ).data
        )


class SchemeStatsView(_StatsView):
    @extend_schema(
        summary="Open data by sub-scheme",
        description="The state's figures for each sub-scheme and for all of them, for one financial year.",
        parameters=[StatsQuerySerializer],
        responses={200: SchemeStatsSerializer},
        tags=["open data"],
    )
    def get(self, request: Request) -> Response:
        data, _scheme, envelope = self._open_data(request)
        envelope["scheme"] = None
        results = [
            {
                "scheme": s.code,
                "scheme_name_en": s.name_en,
                "scheme_name_hi": s.name_hi,
                **_figures(data.state(s)),
            }
            for s in data.schemes
        ]
        return Response(
            SchemeStatsSerializer({**envelope, "results": results, "total": _figures(data.state(None))}).data
        )


class MonthStatsView(_StatsView):
    @extend_schema(
        summary="Open data month by month",
        description="Applications received and approved in each month of one financial year, for the "
        "state, for one sub-scheme or all.",
        parameters=[StatsQuerySerializer],
        responses={200: MonthStatsSerializer},
        tags=["open data"],
    )
    def get(self, request: Request) -> Response:
        data, scheme, envelope = self._open_data(request)
        results = []
        for month in data.months(scheme):
            received = None if not isinstance(month.received, int) else month.received
            approved = None if not isinstance(month.approved, int) else month.approved
            results.append(
                {
                    "month": f"{month.year}-{month.month:02d}",
                    "received": received,
                    "approved": approved,
                    "withheld": [
                        name
                        for name, value in (("received", received), ("approved", approved))
                        if value is None
                    ],
                }
            )
        return Response(MonthStatsSerializer({**envelope, "results": results}).data)
