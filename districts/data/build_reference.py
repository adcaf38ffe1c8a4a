"""Build districts/data/reference.json from the ODOP district list (CSV).

Usage (from the project root):

    python districts/data/build_reference.py /path/to/districts.csv

Inputs:
  * the CSV given as argument, with the columns
    district,division,product,category,hq_lat,hq_lon,source
    (several products in one cell are joined with " ; ");
  * names_hi.json next to this script: Hindi names, aliases, the category
    of products that are never a district's first product, and the map of
    product-name variants to their normalised English name.

Rules applied:
  * one product per distinct (normalised) English name, shared by districts;
  * a district's first product takes the category of its CSV row; other
    products take the category given in names_hi.json; a product gets one
    category only (a conflict stops the build);
  * hq_lat / hq_lon and source are copied verbatim from the CSV.

Standard library only. The output is deterministic, so re-running the script
on the same inputs reproduces reference.json byte for byte.
"""

import csv
import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAMES_FILE = HERE / "names_hi.json"
OUTPUT_FILE = HERE / "reference.json"
PRODUCT_SEPARATOR = " ; "


def slugify(text):
    """Lowercase ASCII slug with hyphens: "Marble/stone handicrafts" -> "marble-stone-handicrafts"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def require(mapping, key, what):
    if key not in mapping:
        sys.exit(f"names_hi.json: no entry for {what} {key!r}")
    return mapping[key]


def check_unique_slugs(items, section):
    slugs = [item["slug"] for item in items]
    duplicates = sorted({slug for slug in slugs if slugs.count(slug) > 1})
    if duplicates:
        sys.exit(f"duplicate {section} slugs: {duplicates}")


def read_rows(csv_path):
    with open(csv_path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        for key, value in row.items():
            row[key] = (value or "").strip()
    return rows


def split_products(cell, variants):
    names = []
    for raw in cell.split(PRODUCT_SEPARATOR):
        name = variants.get(raw.strip(), raw.strip())
        if name and name not in names:
            names.append(name)
    return names


def assign_categories(rows, variants, product_names):
    """Return {product name_en: category name_en}."""
    category_of = {}
    for row in rows:
        first = split_products(row["product"], variants)[0]
        row_category = row["category"] or require(product_names, first, "product").get("category")
        if not row_category:
            sys.exit(f"{row['district']}: no category in the CSV or in names_hi.json for {first!r}")
        if category_of.setdefault(first, row_category) != row_category:
            sys.exit(
                f"{first!r} is first product with two categories: {category_of[first]!r} and {row_category!r}"
            )
    for row in rows:
        for name in split_products(row["product"], variants):
            explicit = require(product_names, name, "product").get("category")
            if name in category_of:
                if explicit and explicit != category_of[name]:
                    sys.exit(
                        f"{name!r}: names_hi.json category {explicit!r} "
                        f"differs from the CSV category {category_of[name]!r}"
                    )
            elif explicit:
                category_of[name] = explicit
            else:
                sys.exit(f"{name!r} is never a first product: give it a category in names_hi.json")
    return category_of


def build(csv_path, names):
    rows = read_rows(csv_path)
    variants = names["product_variants"]
    raw_products = {p.strip() for row in rows for p in row["product"].split(PRODUCT_SEPARATOR)}
    if set(variants) - raw_products:
        sys.exit(f"names_hi.json: product_variants not in the CSV: {sorted(set(variants) - raw_products)}")

    category_of = assign_categories(rows, variants, names["products"])

    category_names = sorted({row["category"] for row in rows if row["category"]} | set(category_of.values()))
    categories = [
        {"slug": slugify(name), "name_en": name, "name_hi": require(names["categories"], name, "category")}
        for name in category_names
    ]
    category_slug = {c["name_en"]: c["slug"] for c in categories}

    product_names = sorted(category_of)
    products = [
        {
            "slug": slugify(name),
            "name_en": name,
            "name_hi": require(names["products"], name, "product")["name_hi"],
            "category": category_slug[category_of[name]],
        }
        for name in product_names
    ]
    product_slug = {p["name_en"]: p["slug"] for p in products}

    division_names = sorted({row["division"] for row in rows})
    divisions = []
    for name in division_names:
        entry = require(names["divisions"], name, "division")
        divisions.append(
            {"slug": slugify(name), "name_en": name, "name_hi": entry["name_hi"], "aliases": entry["aliases"]}
        )
    division_slug = {d["name_en"]: d["slug"] for d in divisions}

    codes = {k: v for k, v in names["district_codes"].items() if not k.startswith("_")}
    districts = []
    for row in rows:
        entry = require(names["districts"], row["district"], "district")
        letters = re.sub(r"[^A-Za-z]", "", row["district"])
        districts.append(
            {
                "slug": slugify(row["district"]),
                "code": codes.get(row["district"], letters[:3].upper()),
                "name_en": row["district"],
                "name_hi": entry["name_hi"],
                "division": division_slug[row["division"]],
                "hq_lat": row["hq_lat"],
                "hq_lon": row["hq_lon"],
                "products": [product_slug[n] for n in split_products(row["product"], variants)],
                "source": row["source"],
                "aliases": entry["aliases"],
            }
        )

    taken = [d["code"] for d in districts]
    if len(set(taken)) != len(taken):
        sys.exit(f"district codes repeat: {sorted({c for c in taken if taken.count(c) > 1})}")

    for items, section in (
        (divisions, "divisions"),
        (categories, "categories"),
        (products, "products"),
        (districts, "districts"),
    ):
        check_unique_slugs(items, section)
        unused = sorted(set(names[section]) - {item["name_en"] for item in items})
        if unused:
            sys.exit(f"names_hi.json: {section} entries not in the CSV: {unused}")

    source = (
        f"{Path(csv_path).name} (Uttar Pradesh ODOP district list, see "
        f"scheme-rules.md section 6), converted {names['conversion_date']}"
    )
    return {
        "source": source,
        "divisions": divisions,
        "categories": categories,
        "products": products,
        "districts": districts,
    }


def main(argv):
    if len(argv) != 2:
        sys.exit(f"usage: {argv[0]} path/to/districts.csv")
    names = json.loads(NAMES_FILE.read_text(encoding="utf-8"))
    data = build(argv[1], names)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    OUTPUT_FILE.write_text(text, encoding="utf-8", newline="\n")
    print(
        f"wrote {OUTPUT_FILE.name}: {len(data['divisions'])} divisions, "
        f"{len(data['categories'])} categories, {len(data['products'])} products, "
        f"{len(data['districts'])} districts"
    )


if __name__ == "__main__":
    main(sys.argv)
