"""District short codes (AGR, LKO...) for application reference numbers."""

import json

from django.db import migrations, models

from districts.reference import REFERENCE_FILE


def set_codes(apps, schema_editor):
    District = apps.get_model("districts", "District")
    codes = {
        row["slug"]: row["code"]
        for row in json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))["districts"]
    }
    for district in District.objects.all():
        # A district an administrator added by hand gets its slug's first letters.
        district.code = codes.get(district.slug) or district.slug.replace("-", "")[:4].upper()
        district.save(update_fields=["code"])


class Migration(migrations.Migration):
    dependencies = [("districts", "0002_load_reference_data")]

    operations = [
        migrations.AddField(
            model_name="district",
            name="code",
            field=models.CharField(default="", max_length=4, verbose_name="short code"),
            preserve_default=False,
        ),
        migrations.RunPython(set_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="district",
            name="code",
            field=models.CharField(
                help_text="Used in application reference numbers, e.g. AGR.",
                max_length=4,
                unique=True,
                verbose_name="short code",
            ),
        ),
    ]
