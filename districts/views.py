from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from districts import selectors
from odop_portal.public_pages import public_page


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return public_page(request, "home.html", lambda: {"counts": selectors.directory_counts()})


@require_safe
def directory(request: HttpRequest) -> HttpResponse:
    def context() -> dict:
        filterset, districts = selectors.district_list(filters=request.GET)
        return {"filter": filterset, "districts": list(districts), "is_filtered": bool(request.GET)}

    return public_page(request, "districts/directory.html", context)


@require_safe
def district_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return public_page(
        request,
        "districts/district_detail.html",
        lambda: {"district": selectors.district_get(slug=slug)},
        per_visitor=True,
    )


@require_safe
def product_index(request: HttpRequest) -> HttpResponse:
    def context() -> dict:
        filterset, products = selectors.product_list(filters=request.GET)
        return {"filter": filterset, "products": list(products)}

    return public_page(request, "districts/product_index.html", context)


@require_safe
def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return public_page(
        request,
        "districts/product_detail.html",
        lambda: {"product": selectors.product_get(slug=slug)},
        per_visitor=True,
    )


@require_safe
def division_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return public_page(
        request, "districts/division_detail.html", lambda: {"division": selectors.division_get(slug=slug)}
    )
