from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action, api_view, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

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


def _answers(data) -> tuple[EligibilityForm, Response | None]:
    """Validate with the same form as the HTML checker; 400 names each field on bad input."""
    form = EligibilityForm(data=data)
    if not form.is_valid():
        errors = {
            field: [e["message"] for e in messages] for field, messages in form.errors.get_json_data().items()
        }
        return form, Response(errors, status=status.HTTP_400_BAD_REQUEST)
    return form, None


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
        responses={200: SchemeResultSerializer, 400: OpenApiResponse(description="Field errors")},
        summary="Eligibility and benefit for one sub-scheme",
    )
    @action(detail=True, methods=["post"], throttle_classes=[AnonRateThrottle])
    def benefit(self, request: Request, code: str | None = None) -> Response:
        scheme: Scheme = self.get_object()
        form, error = _answers(request.data)
        if error:
            return error
        [result] = evaluate_answers(data=form.cleaned_data, as_of=form.as_of, codes=[scheme.code])
        return Response(result.to_dict())


@extend_schema(
    request=EligibilityRequestSerializer,
    responses={200: EligibilityResponseSerializer, 400: OpenApiResponse(description="Field errors")},
    summary="Eligibility and estimated benefit for all sub-schemes (or one)",
)
@api_view(["POST"])
@permission_classes([AllowAny])
@throttle_classes([AnonRateThrottle])
def eligibility(request: Request) -> Response:
    scheme = request.data.get("scheme") or None
    if scheme is not None and scheme not in ("MM", "TT", "MDA", "CFC"):
        return Response({"scheme": ["Choose one of MM, TT, MDA, CFC."]}, status=status.HTTP_400_BAD_REQUEST)
    form, error = _answers(request.data)
    if error:
        return error
    results = evaluate_answers(data=form.cleaned_data, as_of=form.as_of, codes=[scheme] if scheme else None)
    return Response({"as_of": form.as_of.isoformat(), "results": [r.to_dict() for r in results]})
