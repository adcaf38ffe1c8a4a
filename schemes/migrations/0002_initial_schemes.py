"""The four sub-schemes with their first RuleSets (the GO values as frozen in
schemes/data/schemes.json) and required documents."""

from django.db import migrations


def load(apps, schema_editor):
    from schemes.reference import load_schemes

    load_schemes(
        apps.get_model("schemes", "Scheme"),
        apps.get_model("schemes", "RuleSet"),
        apps.get_model("schemes", "RequiredDocument"),
    )


class Migration(migrations.Migration):
    dependencies = [("schemes", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
