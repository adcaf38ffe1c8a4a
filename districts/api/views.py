from django.conf import settings
from django.core.cache import cache
from rest_framework import viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from districts import selectors
from districts.api.serializers import DistrictSerializer, DivisionSerializer, ProductSerializer
from districts.filters import DistrictFilter, DivisionFilter, ProductFilter
from odop_portal.public_pages import public_key


class _PublicReadOnly(viewsets.ReadOnlyModelViewSet):
    """Public reference data: read-only for everyone."""

    permission_classes = [AllowAny]
    lookup_field = "slug"

    def list(self, request, *args, **kwargs):
        """The unfiltered first page is the same for every caller: its data is kept in the shared
        cache under the public pages' version, which moves with any change to the reference
        data. Filters and later pages are computed (a query string is never a key)."""
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        if request.query_params or seconds <= 0:
            return super().list(request, *args, **kwargs)
        # The page's links are absolute: the host (one of ALLOWED_HOSTS) and scheme are part of it.
        key = f"public-api:{public_key(type(self).__name__, request.build_absolute_uri())}"
        data = cache.get(key)
        if data is None:
            data = super().list(request, *args, **kwargs).data
            cache.set(key, data, timeout=seconds)
        return Response(data)


class DistrictViewSet(_PublicReadOnly):
    """The 75 districts with their division and ODOP products.

    Filters: `q` (name in Hindi or English, or a former name), `division` and `category` and
    `product` (slugs)."""

    serializer_class = DistrictSerializer
    filterset_class = DistrictFilter

    def get_queryset(self):
        return selectors.district_list()[1]


class DivisionViewSet(_PublicReadOnly):
    """The 18 revenue divisions (mandals)."""

    serializer_class = DivisionSerializer
    filterset_class = DivisionFilter

    def get_queryset(self):
        return selectors.division_list()[1]


class ProductViewSet(_PublicReadOnly):
    """ODOP products with the districts that selected them. Filters: `q`, `category`."""

    serializer_class = ProductSerializer
    filterset_class = ProductFilter

    def get_queryset(self):
        return selectors.product_list()[1]
