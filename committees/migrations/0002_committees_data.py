"""The committees of the GOs for every district, and the two state committees."""

from django.db import migrations


def load(apps, schema_editor):
    from committees.committees_data import load_committees

    load_committees(
        apps.get_model("committees", "Committee"),
        apps.get_model("districts", "District"),
        apps.get_model("schemes", "Scheme"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("committees", "0001_initial"),
        ("districts", "0003_district_code"),
        ("schemes", "0002_initial_schemes"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
