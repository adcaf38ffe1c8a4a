from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from odop_portal.openapi import FIELD_ERRORS_SCHEMA
from schemes import selectors
from schemes.api.serializers import (
    EligibilityAnswersSerializer,
    EligibilityRequestSerializer,
    EligibilityResponseSerializer,
    SchemeResultSerializer,
    SchemeSerializer,
)
from schemes.evaluation import evaluate_answers
from schemes.forms import EligibilityForm
from schemes.models import Scheme

SCHEME_CODES = ("MM", "TT", "MDA", "CFC")
ERROR_RESPONSES = {
    400: OpenApiResponse(response=FIELD_ERRORS_SCHEMA, description="Field errors, in the caller's language"),
    415: OpenApiResponse(response=FIELD_ERRORS_SCHEMA, description="Not JSON or a form"),
}


def _field_errors(errors: dict) -> Response:
    return Response({"code": "invalid", **errors}, status=status.HTTP_400_BAD_REQUEST)


def _answers(data) -> tuple[EligibilityForm | None, Response | None]:
    """Validate with the same form as the HTML checker; 400 names each field on bad input.
    The form keeps the published RuleSets it read (`form.published`) for the evaluation."""
    if not isinstance(data, dict):
        # A JSON array, string, number or null is not a set of answers.
        return None, _field_errors({"non_field_errors": [_("Send the answers as a JSON object.")]})
    published = selectors.published_rulesets()
    form = EligibilityForm(
        data=data, upcoming=selectors.effective_dates_after(published, on=timezone.localdate())
    )
    form.published = published
    if not form.is_valid():
        errors = {
            field: [e["message"] for e in messages] for field, messages in form.errors.get_json_data().items()
        }
        return form, _field_errors(errors)
    return form, None


def _scheme_code(data) -> tuple[str | None, Response | None]:
    """The `scheme` asked for, in any case; absent, null or empty means all four."""
    value = data.get("scheme") if isinstance(data, dict) else None
    if value is None or value == "":
        return None, None
    if isinstance(value, str) and value.strip().upper() in SCHEME_CODES:
        return value.strip().upper(), None
    return None, _field_errors({"scheme": [_("Choose one of MM, TT, MDA, CFC.")]})


class SchemeViewSet(viewsets.ReadOnlyModelViewSet):
    """The four sub-schemes with the RuleSet in force today and the documents they need."""

    permission_classes = [AllowAny]
    serializer_class = SchemeSerializer
    lookup_field = "code"
    pagination_class = None

    def get_queryset(self):
        return selectors.scheme_list().prefetch_related("documents")

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "active_rulesets": selectors.active_rulesets(on=timezone.localdate()),
        }

    def get_object(self):
        scheme = self.get_queryset().filter(code=self.kwargs["code"].upper()).first()
        if scheme is None:
            raise Http404
        return scheme

    @extend_schema(
        request=EligibilityAnswersSerializer,
        responses={200: SchemeResultSerializer, **ERROR_RESPONSES},
        summary="Eligibility and benefit for one sub-scheme",
    )
    @action(detail=True, methods=["post"], throttle_classes=[AnonRateThrottle])
    def benefit(self, request: Request, code: str | None = None) -> Response:
        scheme: Scheme = self.get_object()
        form, error = _answers(request.data)
        if error:
            return error
        [result] = evaluate_answers(
            data=form.cleaned_data, as_of=form.as_of, codes=[scheme.code], published=form.published
        )
        return Response(result.to_dict())


class EligibilityView(APIView):
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]

    @extend_schema(
        request=EligibilityRequestSerializer,
        responses={200: EligibilityResponseSerializer, **ERROR_RESPONSES},
        summary="Eligibility and estimated benefit for all sub-schemes (or one)",
    )
    def post(self, request: Request) -> Response:
        data = request.data
        scheme, scheme_error = _scheme_code(data)
        form, error = _answers(data)
        if scheme_error or error:
            errors = {**(error.data if error else {}), **(scheme_error.data if scheme_error else {})}
            return _field_errors({k: v for k, v in errors.items() if k != "code"})
        codes = [scheme] if scheme else None
        results = evaluate_answers(
            data=form.cleaned_data, as_of=form.as_of, codes=codes, published=form.published
        )
        return Response({"as_of": form.as_of.isoformat(), "results": [r.to_dict() for r in results]})


eligibility = EligibilityView.as_view()
