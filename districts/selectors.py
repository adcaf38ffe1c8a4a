"""Reads for districts, divisions and products, with the joins their pages need."""

from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from districts.filters import DistrictFilter, DivisionFilter, ProductFilter
from districts.models import District, Division, Product, ProductCategory


def _products_with_category() -> Prefetch:
    return Prefetch("products", queryset=Product.objects.select_related("category").order_by("name_en"))


def district_list(*, filters: dict | None = None) -> tuple[DistrictFilter, QuerySet[District]]:
    """Districts with division and products (with category) loaded: two queries however many."""
    queryset = District.objects.select_related("division").prefetch_related(_products_with_category())
    filterset = DistrictFilter(filters or None, queryset=queryset)
    return filterset, filterset.qs.order_by("name_en")


def district_get(*, slug: str) -> District:
    queryset = District.objects.select_related("division").prefetch_related(_products_with_category())
    return get_object_or_404(queryset, slug=slug)


def division_list(*, filters: dict | None = None) -> tuple[DivisionFilter, QuerySet[Division]]:
    queryset = Division.objects.annotate(district_count=Count("districts"))
    filterset = DivisionFilter(filters or None, queryset=queryset)
    return filterset, filterset.qs.order_by("name_en")


def division_get(*, slug: str) -> Division:
    queryset = Division.objects.annotate(district_count=Count("districts")).prefetch_related(
        Prefetch("districts", queryset=District.objects.order_by("name_en"))
    )
    return get_object_or_404(queryset, slug=slug)


def product_list(*, filters: dict | None = None) -> tuple[ProductFilter, QuerySet[Product]]:
    queryset = Product.objects.select_related("category").prefetch_related(
        Prefetch("districts", queryset=District.objects.select_related("division").order_by("name_en"))
    )
    filterset = ProductFilter(filters or None, queryset=queryset)
    return filterset, filterset.qs.order_by("category__name_en", "name_en")


def product_get(*, slug: str) -> Product:
    queryset = Product.objects.select_related("category").prefetch_related(
        Prefetch("districts", queryset=District.objects.select_related("division").order_by("name_en"))
    )
    return get_object_or_404(queryset, slug=slug)


def category_list() -> QuerySet[ProductCategory]:
    return ProductCategory.objects.order_by("name_en")


def directory_counts() -> dict[str, int]:
    return {
        "districts": District.objects.count(),
        "divisions": Division.objects.count(),
        "products": Product.objects.count(),
    }
