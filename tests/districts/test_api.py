import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from districts.models import District, Division, Product, ProductCategory
from tests.factories import StaffFactory


@pytest.mark.django_db
def test_district_list_is_paginated(client):
    body = client.get("/api/v1/districts/").json()
    assert body["count"] == 75
    assert len(body["results"]) == 25
    assert body["next"].endswith("/api/v1/districts/?page=2")
    last = client.get("/api/v1/districts/?page=3").json()
    assert len(last["results"]) == 25
    assert last["next"] is None


@pytest.mark.django_db
def test_district_detail(client):
    body = client.get("/api/v1/districts/varanasi/").json()
    assert body["name_en"] == "Varanasi"
    assert body["name_hi"] == "वाराणसी"
    assert body["division"] == {"slug": "varanasi", "name_en": "Varanasi", "name_hi": "वाराणसी"}
    assert "Banarasi silk sarees" in {p["name_en"] for p in body["products"]}
    assert client.get("/api/v1/districts/atlantis/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("division=devipatan", {"bahraich", "balrampur", "gonda", "shravasti"}),
        ("category=glassware", {"firozabad"}),
        ("search=x&q=फ़ैज़ाबाद", {"ayodhya"}),
        ("q=Faizabad", {"ayodhya"}),
        ("product=moonj-products", {"amethi", "prayagraj", "sultanpur"}),
    ],
)
def test_district_filters(client, query, expected):
    body = client.get(f"/api/v1/districts/?{query}&page_size=100").json()
    assert {d["slug"] for d in body["results"]} == expected


@pytest.mark.django_db
def test_bad_filter_value_is_400_naming_the_field(client):
    response = client.get("/api/v1/districts/?division=atlantis")
    assert response.status_code == 400
    assert "division" in response.json()


@pytest.mark.django_db
def test_divisions_and_products(client):
    divisions = client.get("/api/v1/divisions/?page=1").json()
    assert divisions["count"] == 18
    jhansi = client.get("/api/v1/divisions/jhansi/").json()
    assert jhansi["district_count"] == 3
    products = client.get("/api/v1/products/?category=carpets-durries").json()
    assert {p["slug"] for p in products["results"]} >= {"carpets"}
    carpets = client.get("/api/v1/products/carpets/").json()
    assert {d["slug"] for d in carpets["districts"]} == {"bhadohi", "mirzapur", "sonbhadra"}


@pytest.mark.django_db
def test_reference_data_is_read_only_even_for_signed_in_staff(client):
    staff = StaffFactory(role="state_staff", district=None)
    token = Token.objects.create(user=staff)
    response = client.post(
        "/api/v1/districts/",
        {"slug": "x"},
        HTTP_AUTHORIZATION=f"Token {token.key}",
        content_type="application/json",
    )
    assert response.status_code == 405
    assert District.objects.count() == 75


@pytest.mark.django_db
def test_token_authentication_is_accepted(client):
    staff = StaffFactory()
    token = Token.objects.create(user=staff)
    assert client.get("/api/v1/districts/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200
    assert client.get("/api/v1/districts/", HTTP_AUTHORIZATION="Token wrong").status_code == 401


@pytest.mark.django_db
def test_openapi_schema_lists_the_endpoints_and_both_authentications(client):
    response = client.get(reverse("schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in (
        "/api/v1/districts/",
        "/api/v1/districts/{slug}/",
        "/api/v1/divisions/",
        "/api/v1/products/",
    ):
        assert path in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/districts/"]["get"]["parameters"]}
    assert {"q", "division", "category", "product", "page"} <= parameters
    assert {"cookieAuth", "tokenAuth"} <= set(schema["components"]["securitySchemes"])


@pytest.mark.django_db
def test_swagger_ui_is_served_from_our_own_static_files(client):
    html = client.get(reverse("swagger-ui")).content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html


def _add(count: int) -> None:
    division = Division.objects.create(slug="tdiv", name_en="T", name_hi="टी")
    category = ProductCategory.objects.first()
    for i in range(count):
        d = District.objects.create(
            slug=f"t{i}", code=f"T{i}", name_en=f"T{i}", name_hi=f"टी{i}", division=division
        )
        d.products.add(
            Product.objects.create(slug=f"tp{i}", name_en=f"P{i}", name_hi=f"प{i}", category=category)
        )


@pytest.mark.django_db
@pytest.mark.parametrize("extra", [0, 60])
@pytest.mark.parametrize(
    ("url", "queries"),
    # count, page, prefetch (products+category / districts)
    [("/api/v1/districts/", 3), ("/api/v1/divisions/", 2), ("/api/v1/products/", 3)],
)
def test_list_endpoints_run_a_fixed_number_of_queries(client, django_assert_num_queries, extra, url, queries):
    _add(extra)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_api_root_lists_every_endpoint(client):
    body = client.get("/api/v1/").json()
    assert set(body) == {
        "districts",
        "divisions",
        "products",
        "schemes",
        "applications",
        "stats/districts",
        "stats/schemes",
        "stats/months",
        "eligibility",
        "schema",
        "docs",
    }
    assert body["eligibility"] == "http://testserver/api/v1/eligibility/"
    for name, url in body.items():
        if name not in ("eligibility", "applications"):
            assert client.get(url).status_code == 200, name


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/districts/", "/api/v1/divisions/", "/api/v1/products/"])
def test_the_unfiltered_lists_are_read_from_the_cache_until_the_data_changes(
    client, settings, url, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from odop_portal.public_pages import bump_public_version

    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    with django_capture_on_commit_callbacks(execute=True):
        bump_public_version()  # nothing cached by an earlier test
    first = client.get(url).json()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url).json()
    assert again == first and len(queries) == 0
    model = {"districts": District, "divisions": Division, "products": Product}[url.split("/")[3]]
    row = model.objects.get(slug=first["results"][0]["slug"])
    with django_capture_on_commit_callbacks(execute=True):
        row.name_en = "Aaa (renamed)"  # still on the first page, which is ordered by name
        row.save()
    assert "Aaa (renamed)" in [r["name_en"] for r in client.get(url).json()["results"]]
    # A filter or a later page is computed every time.
    with CaptureQueriesContext(connection) as filtered:
        client.get(url, {"q": "a"})
    assert len(filtered) > 0
