from rest_framework import viewsets
from rest_framework.permissions import AllowAny

from districts import selectors
from districts.api.serializers import DistrictSerializer, DivisionSerializer, ProductSerializer
from districts.filters import DistrictFilter, DivisionFilter, ProductFilter


class _PublicReadOnly(viewsets.ReadOnlyModelViewSet):
    """Public reference data: read-only for everyone."""

    permission_classes = [AllowAny]
    lookup_field = "slug"


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
