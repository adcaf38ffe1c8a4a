import re
from decimal import Decimal

import pytest
from django.core.management import call_command

from districts.models import District, Division, Product, ProductCategory
from districts.reference import read_reference

DEVANAGARI = re.compile(r"[\u0900-\u097F]")


@pytest.mark.django_db
def test_the_migration_loads_75_districts_in_18_divisions():
    assert District.objects.count() == 75
    assert Division.objects.count() == 18
    assert Division.objects.filter(districts__isnull=True).count() == 0


@pytest.mark.django_db
def test_every_district_has_a_product_and_every_name_is_in_hindi():
    assert District.objects.filter(products__isnull=True).count() == 0
    for model in (District, Division, Product, ProductCategory):
        for row in model.objects.all():
            assert DEVANAGARI.search(row.name_hi), f"{model.__name__} {row.slug} has no Hindi name"
            assert row.name_en


@pytest.mark.django_db
def test_known_rows_match_the_reference_csv():
    agra = District.objects.get(slug="agra")
    assert agra.name_hi == "आगरा"
    assert agra.division.slug == "agra"
    assert {p.name_en for p in agra.products.all()} >= {"Leather products", "Petha industry"}
    lucknow = District.objects.get(slug="lucknow")
    assert {p.name_en for p in lucknow.products.all()} == {"Chikankari", "Zari-zardozi"}
    # One product, many districts.
    assert Product.objects.get(slug="zari-zardozi").districts.count() == 7
    moradabad = District.objects.get(slug="moradabad")
    assert (moradabad.hq_lat, moradabad.hq_lon) == (Decimal("28.84"), Decimal("78.77"))


@pytest.mark.django_db
def test_loading_again_updates_without_duplicates():
    District.objects.filter(slug="agra").update(name_hi="गलत")
    call_command("load_reference_data")
    call_command("load_reference_data")
    assert District.objects.count() == 75
    assert Product.objects.count() == len(read_reference()["products"])
    assert District.objects.get(slug="agra").name_hi == "आगरा"


@pytest.mark.django_db
def test_products_added_by_an_admin_are_kept_unless_replacement_is_asked():
    extra = Product.objects.create(
        slug="test-extra", name_en="Extra", name_hi="अतिरिक्त", category=ProductCategory.objects.first()
    )
    agra = District.objects.get(slug="agra")
    agra.products.add(extra)
    call_command("load_reference_data")
    assert agra.products.filter(slug="test-extra").exists()
    call_command("load_reference_data", "--replace-products")
    assert not agra.products.filter(slug="test-extra").exists()
