"""`/api/v1/`: every endpoint of the API, not only those of the first router."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

# name -> URL name; list endpoints first, then the POST endpoints and the documentation.
ENDPOINTS = {
    "districts": "district-list",
    "divisions": "division-list",
    "products": "product-list",
    "schemes": "scheme-list",
    "applications": "application-list",
    "stats/districts": "stats-districts",
    "stats/schemes": "stats-schemes",
    "stats/months": "stats-months",
    "eligibility": "api-eligibility",
    "schema": "schema",
    "docs": "swagger-ui",
}


@extend_schema(exclude=True)
@api_view(["GET"])
@permission_classes([AllowAny])
def api_root(request: Request, format: str | None = None) -> Response:
    return Response({name: reverse(url_name, request=request) for name, url_name in ENDPOINTS.items()})
