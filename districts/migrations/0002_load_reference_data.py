"""Load the 75 districts, 18 divisions and their ODOP products from districts/data/reference.json.

Uses the historical models, so it keeps working after the models change; later corrections to
the reference file are applied with `manage.py load_reference_data`.
"""

from types import SimpleNamespace

from django.db import migrations


def load(apps, schema_editor):
    from districts.reference import load_reference

    models = SimpleNamespace(
        Division=apps.get_model("districts", "Division"),
        ProductCategory=apps.get_model("districts", "ProductCategory"),
        Product=apps.get_model("districts", "Product"),
        District=apps.get_model("districts", "District"),
    )
    load_reference(models)


class Migration(migrations.Migration):
    dependencies = [("districts", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
