from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from districts import selectors


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"counts": selectors.directory_counts()})


@require_safe
def directory(request: HttpRequest) -> HttpResponse:
    filterset, districts = selectors.district_list(filters=request.GET)
    return render(
        request,
        "districts/directory.html",
        {"filter": filterset, "districts": list(districts), "is_filtered": bool(request.GET)},
    )


@require_safe
def district_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "districts/district_detail.html", {"district": selectors.district_get(slug=slug)})


@require_safe
def product_index(request: HttpRequest) -> HttpResponse:
    filterset, products = selectors.product_list(filters=request.GET)
    return render(request, "districts/product_index.html", {"filter": filterset, "products": list(products)})


@require_safe
def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "districts/product_detail.html", {"product": selectors.product_get(slug=slug)})


@require_safe
def division_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "districts/division_detail.html", {"division": selectors.division_get(slug=slug)})
