"""The utilisation certificate of a CFC grant (GO-CFC-2018 para 30): uploaded after an instalment
is 75% used, before the next is released. Not needed to apply, hence "if_any"."""

from django.db import migrations

CODE = "utilisation_certificate"


def add(apps, schema_editor):
    Scheme = apps.get_model("schemes", "Scheme")
    RequiredDocument = apps.get_model("schemes", "RequiredDocument")
    scheme = Scheme.objects.filter(code="CFC").first()
    if scheme is None:
        return
    last = RequiredDocument.objects.filter(scheme=scheme).order_by("-position").first()
    RequiredDocument.objects.get_or_create(
        scheme=scheme,
        code=CODE,
        defaults={
            "name_en": "Utilisation certificate",
            "name_hi": "उपयोगिता प्रमाण पत्र",
            "help_en": "After an instalment: how much of the grant has been used, certified.",
            "help_hi": "किश्त के बाद: अनुदान का कितना उपयोग हुआ, प्रमाणित।",
            "required_when": "if_any",
            "clause": "GO-CFC-2018 para 30",
            "position": (last.position + 1) if last else 0,
        },
    )


def remove(apps, schema_editor):
    apps.get_model("schemes", "RequiredDocument").objects.filter(scheme__code="CFC", code=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [("schemes", "0003_target")]

    operations = [migrations.RunPython(add, remove)]
