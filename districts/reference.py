"""Loading the reference data file (`districts/data/reference.json`) into the database.

Used by the data migration and by the `load_reference_data` command. Rows are matched by slug,
so loading again updates names and mappings without creating duplicates. Products that an
administrator added to a district by hand are kept unless `replace_products` is asked for.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

REFERENCE_FILE = Path(__file__).resolve().parent / "data" / "reference.json"


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool) -> None:
        target = self.created if created else self.updated
        target[kind] = target.get(kind, 0) + 1


def read_reference(path: Path = REFERENCE_FILE) -> dict:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def load_reference(models, data: dict | None = None, *, replace_products: bool = False) -> LoadReport:
    """`models` is anything with Division, ProductCategory, Product and District attributes: the
    app's models module, or a namespace of historical models inside a migration."""
    data = data if data is not None else read_reference()
    report = LoadReport()

    divisions = {}
    for row in data["divisions"]:
        obj, created = models.Division.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "name_en": row["name_en"],
                "name_hi": row["name_hi"],
                "aliases": "; ".join(row.get("aliases", [])),
            },
        )
        divisions[obj.slug] = obj
        report.count("divisions", created)

    categories = {}
    for row in data["categories"]:
        obj, created = models.ProductCategory.objects.update_or_create(
            slug=row["slug"], defaults={"name_en": row["name_en"], "name_hi": row["name_hi"]}
        )
        categories[obj.slug] = obj
        report.count("categories", created)

    products = {}
    for row in data["products"]:
        obj, created = models.Product.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "name_en": row["name_en"],
                "name_hi": row["name_hi"],
                "category": categories[row["category"]],
            },
        )
        products[obj.slug] = obj
        report.count("products", created)

    # The data migration runs with historical models that may predate some fields.
    district_fields = {f.name for f in models.District._meta.get_fields()}
    for row in data["districts"]:
        defaults = {
            "name_en": row["name_en"],
            "name_hi": row["name_hi"],
            "code": row["code"],
            "division": divisions[row["division"]],
            "aliases": "; ".join(row.get("aliases", [])),
            "hq_lat": Decimal(row["hq_lat"]) if row.get("hq_lat") else None,
            "hq_lon": Decimal(row["hq_lon"]) if row.get("hq_lon") else None,
            "source": row.get("source", ""),
        }
        obj, created = models.District.objects.update_or_create(
            slug=row["slug"], defaults={k: v for k, v in defaults.items() if k in district_fields}
        )
        wanted = [products[slug] for slug in row["products"]]
        if replace_products:
            obj.products.set(wanted)
        else:
            obj.products.add(*wanted)
        report.count("districts", created)
    return report
