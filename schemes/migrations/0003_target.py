# Targets per district, sub-scheme and financial year.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("districts", "0003_district_code"),
        ("schemes", "0002_initial_schemes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Target",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "financial_year",
                    models.CharField(
                        help_text="April to March, written as 2026-27.",
                        max_length=7,
                        verbose_name="financial year",
                    ),
                ),
                (
                    "physical",
                    models.PositiveIntegerField(
                        help_text="Once the district's approvals in the year reach this number, it takes no new applications under this sub-scheme until the target is raised; 0 closes it.",
                        verbose_name="physical target (beneficiaries)",
                    ),
                ),
                (
                    "financial",
                    models.DecimalField(
                        decimal_places=2, max_digits=14, verbose_name="financial target (rupees)"
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="last changed")),
                (
                    "district",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="targets",
                        to="districts.district",
                        verbose_name="district",
                    ),
                ),
                (
                    "scheme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="targets",
                        to="schemes.scheme",
                        verbose_name="sub-scheme",
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="last changed by",
                    ),
                ),
            ],
            options={
                "verbose_name": "target",
                "verbose_name_plural": "targets",
                "ordering": ["-financial_year", "scheme__position", "district__name_en"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("district", "scheme", "financial_year"),
                        name="one_target_per_district_scheme_year",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("financial__gte", 0)), name="financial_target_not_negative"
                    ),
                ],
            },
        ),
    ]
