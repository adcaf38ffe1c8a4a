"""The committees of the GOs for every district, and the two state committees."""

from django.db import migrations


def load(apps, schema_editor):
    from applications.committees_data import load_committees

    load_committees(
        apps.get_model("applications", "Committee"),
        apps.get_model("districts", "District"),
        apps.get_model("schemes", "Scheme"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0002_committees"),
        ("districts", "0003_district_code"),
        ("schemes", "0002_initial_schemes"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
