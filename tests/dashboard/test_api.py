"""The open-data API: the protected figures as JSON, documented in the OpenAPI schema."""

import pytest
import yaml

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(shared_world, db):
    """Built once for this module (the tests here only read it)."""
    return shared_world


def test_districts(world, signed_in):
    response = signed_in(None).get(f"/api/v1/stats/districts/?year={world.year}&scheme=TT")
    assert response.status_code == 200
    body = response.json()
    assert (body["year"], body["scheme"]) == (world.year, "TT")
    assert isinstance(body["released_recorded"], bool)
    rows = {row["district"]: row for row in body["results"]}
    assert len(rows) == 75
    assert rows["agra"] == {
        "district": "agra",
        "district_name_en": "Agra",
        "district_name_hi": "आगरा",
        "division": "agra",
        "received": None,
        "approved": None,
        "sanctioned": None,
        "released": None,
        "median_days": None,
        "withheld": ["received", "approved", "sanctioned", "released", "median_days"],
    }
    assert rows["varanasi"]["received"] == 0 and rows["varanasi"]["sanctioned"] == "0.00"
    assert rows["varanasi"]["median_days"] is None and rows["varanasi"]["withheld"] == []
    assert body["total"] == {
        "received": 10,
        "approved": None,
        "sanctioned": None,
        "released": None,
        "median_days": 28.5,
        "withheld": ["approved", "sanctioned", "released"],
    }


def test_schemes_and_months(world, signed_in):
    client = signed_in(None)
    body = client.get(f"/api/v1/stats/schemes/?year={world.year}").json()
    assert [(row["scheme"], row["received"]) for row in body["results"]] == [
        ("MM", 0),
        ("TT", 10),
        ("MDA", 0),
        ("CFC", 0),
    ]
    body = client.get(f"/api/v1/stats/months/?year={world.year}&scheme=TT").json()
    start = int(world.year[:4])
    assert body["results"][:2] == [
        {"month": f"{start}-04", "received": None, "approved": None, "withheld": ["received", "approved"]},
        {"month": f"{start}-05", "received": None, "approved": None, "withheld": ["received", "approved"]},
    ]
    assert body["results"][2] == {"month": f"{start}-06", "received": 0, "approved": 0, "withheld": []}
    assert body["results"][-1]["month"] == f"{start + 1}-03"


@pytest.mark.parametrize(
    ("query", "field"), [("year=2030-31", "year"), ("year=2026", "year"), ("scheme=XX", "scheme")]
)
def test_bad_filters_are_named(signed_in, query, field):
    response = signed_in(None).get(f"/api/v1/stats/districts/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"code", field} and body["code"] == "invalid"


def test_documented_in_the_schema(signed_in):
    schema = yaml.safe_load(signed_in(None).get("/api/v1/schema/").content)
    for path in ("/api/v1/stats/districts/", "/api/v1/stats/schemes/", "/api/v1/stats/months/"):
        operation = schema["paths"][path]["get"]
        assert {p["name"] for p in operation["parameters"]} >= {"year", "scheme"}
        assert "open data" in operation["tags"]
    fields = schema["components"]["schemas"]["DistrictFigures"]["properties"]
    assert fields["received"]["nullable"] is True
    assert "withheld" in fields
