import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from districts.models import District, Division, Product, ProductCategory


def name_matches(value: str, *fields: str) -> Q:
    """A name matches when it or one of its words starts with `value` (so "Agra" finds Agra but
    not Prayagraj, and "Nagar" finds Kanpur Nagar). Aliases are stored as "a; b; c"."""
    condition = Q()
    for field in fields:
        if field == "aliases":
            condition |= Q(aliases__istartswith=value) | Q(aliases__icontains=f"; {value}")
            condition |= Q(aliases__icontains=f" {value}")
        else:
            condition |= Q(**{f"{field}__istartswith": value}) | Q(**{f"{field}__icontains": f" {value}"})
    return condition


class DistrictFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search by name (Hindi or English)"))
    division = django_filters.ModelChoiceFilter(
        queryset=Division.objects.all(),
        to_field_name="slug",
        label=_("Division"),
        empty_label=_("All divisions"),
    )
    category = django_filters.ModelChoiceFilter(
        queryset=ProductCategory.objects.all(),
        to_field_name="slug",
        method="filter_category",
        label=_("Product category"),
        empty_label=_("All categories"),
    )
    product = django_filters.ModelChoiceFilter(
        queryset=Product.objects.all(), to_field_name="slug", method="filter_product", label=_("Product")
    )

    class Meta:
        model = District
        fields = ["q", "division", "category", "product"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(name_matches(value, "name_en", "name_hi", "aliases"))

    # EXISTS instead of a join keeps one row per district without DISTINCT.
    @extend_schema_field(OpenApiTypes.STR)
    def filter_category(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        through = District.products.through
        return queryset.filter(
            Exists(through.objects.filter(district=OuterRef("pk"), product__category=value))
        )

    @extend_schema_field(OpenApiTypes.STR)
    def filter_product(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        through = District.products.through
        return queryset.filter(Exists(through.objects.filter(district=OuterRef("pk"), product=value)))


class ProductFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    category = django_filters.ModelChoiceFilter(
        queryset=ProductCategory.objects.all(), to_field_name="slug", label=_("Product category")
    )

    class Meta:
        model = Product
        fields = ["q", "category"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(name_matches(value, "name_en", "name_hi"))


class DivisionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))

    class Meta:
        model = Division
        fields = ["q"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(name_matches(value, "name_en", "name_hi", "aliases"))
