import pytest
from django.urls import reverse

from districts.models import District, Division, Product, ProductCategory


def _page(client, url, lang="en", **params):
    client.cookies["django_language"] = lang
    return client.get(url, params)


@pytest.mark.django_db
def test_home_explains_odop_and_the_four_sub_schemes(client):
    html = _page(client, reverse("home")).content.decode()
    for text in (
        "One District One Product",
        "Margin Money",
        "Training and Toolkit",
        "Marketing Development Assistance",
        "Common Facility Centre",
        "75 districts",
    ):
        assert text in html


@pytest.mark.django_db
def test_home_in_hindi(client):
    html = _page(client, reverse("home"), lang="hi").content.decode()
    assert '<html lang="hi">' in html
    assert "एक जनपद एक उत्पाद" in html


@pytest.mark.django_db
def test_directory_lists_all_75(client):
    response = _page(client, reverse("districts:directory"))
    assert len(response.context["districts"]) == 75
    assert "75 districts" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "Agra"}, {"agra"}),
        ({"q": "आगरा"}, {"agra"}),
        ({"q": "lucknow"}, {"lucknow"}),
        ({"q": "Allahabad"}, {"prayagraj"}),
        ({"q": "kanpur"}, {"kanpur-nagar", "kanpur-dehat"}),
        ({"division": "jhansi"}, {"jhansi", "jalaun", "lalitpur"}),
        ({"division": "mirzapur-vindhyachal"}, {"bhadohi", "mirzapur", "sonbhadra"}),
        ({"category": "carpets-durries"}, {"bhadohi", "jaunpur", "mirzapur", "sitapur", "sonbhadra"}),
        (
            {"division": "mirzapur-vindhyachal", "category": "carpets-durries"},
            {"bhadohi", "mirzapur", "sonbhadra"},
        ),
        ({"q": "no such place"}, set()),
    ],
)
def test_directory_search_and_filters(client, params, expected):
    response = _page(client, reverse("districts:directory"), **params)
    assert response.status_code == 200
    assert {d.slug for d in response.context["districts"]} == expected


@pytest.mark.django_db
def test_unknown_division_is_a_clear_error_not_a_500(client):
    response = _page(client, reverse("districts:directory"), division="atlantis")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.django_db
def test_district_page_shows_its_products_and_division(client):
    html = _page(client, reverse("districts:district_detail", args=["lucknow"])).content.decode()
    assert "Chikankari" in html
    assert "Zari-zardozi" in html
    assert reverse("districts:division_detail", args=["lucknow"]) in html
    hindi = _page(client, reverse("districts:district_detail", args=["lucknow"]), lang="hi").content.decode()
    assert "लखनऊ" in hindi
    assert "चिकनकारी" in hindi


@pytest.mark.django_db
def test_product_page_lists_its_districts(client):
    response = _page(client, reverse("districts:product_detail", args=["moonj-products"]))
    names = {d.slug for d in response.context["product"].districts.all()}
    assert names == {"amethi", "prayagraj", "sultanpur"}
    assert "Sultanpur" in response.content.decode()


@pytest.mark.django_db
def test_missing_district_is_404(client):
    assert _page(client, reverse("districts:district_detail", args=["atlantis"])).status_code == 404


@pytest.mark.django_db
def test_language_switch_keeps_the_page(client):
    url = reverse("districts:district_detail", args=["agra"])
    response = client.post(reverse("set_language"), {"language": "hi", "next": url})
    assert response.status_code == 302
    assert response["Location"] == url
    assert "आगरा" in client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": url})
    assert '<html lang="en">' in client.get(url).content.decode()


def _add_districts(count: int) -> None:
    division = Division.objects.create(slug="test-division", name_en="Test", name_hi="परीक्षण")
    category = ProductCategory.objects.first()
    for i in range(count):
        district = District.objects.create(
            slug=f"test-{i}", code=f"X{i}", name_en=f"Test {i}", name_hi=f"परीक्षण {i}", division=division
        )
        product = Product.objects.create(
            slug=f"tp-{i}", name_en=f"P {i}", name_hi=f"उ {i}", category=category
        )
        district.products.add(product, Product.objects.get(slug="zari-zardozi"))


@pytest.mark.django_db
@pytest.mark.parametrize("extra", [0, 40])
@pytest.mark.parametrize("url_name", ["districts:directory", "districts:product_index"])
def test_list_pages_run_a_fixed_number_of_queries(client, django_assert_num_queries, extra, url_name):
    _add_districts(extra)
    client.cookies["django_language"] = "en"
    # directory: districts, their products, divisions and categories for the filter form;
    # products: products, their districts, categories for the form. Plus the session lookup.
    expected = {"districts:directory": 4, "districts:product_index": 3}[url_name]
    with django_assert_num_queries(expected):
        response = client.get(reverse(url_name))
    assert response.status_code == 200
