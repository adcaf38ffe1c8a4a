from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from districts import selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"counts": selectors.directory_counts()})


def directory(request: HttpRequest) -> HttpResponse:
    filterset, districts = selectors.district_list(filters=request.GET)
    return render(
        request,
        "districts/directory.html",
        {"filter": filterset, "districts": list(districts), "is_filtered": bool(request.GET)},
    )


def district_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "districts/district_detail.html", {"district": selectors.district_get(slug=slug)})


def product_index(request: HttpRequest) -> HttpResponse:
    filterset, products = selectors.product_list(filters=request.GET)
    return render(request, "districts/product_index.html", {"filter": filterset, "products": list(products)})


def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "districts/product_detail.html", {"product": selectors.product_get(slug=slug)})


def division_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "districts/division_detail.html", {"division": selectors.division_get(slug=slug)})
