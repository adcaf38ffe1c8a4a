# Fairs notified by the ODOP cell for Marketing Development Assistance. The list starts empty:
# the ODOP cell adds the real fairs in the admin.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("schemes", "0004_cfc_utilisation_certificate"),
    ]

    operations = [
        migrations.CreateModel(
            name="NotifiedFair",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name_en", models.CharField(max_length=200, verbose_name="name (English)")),
                ("name_hi", models.CharField(blank=True, max_length=200, verbose_name="name (Hindi)")),
                ("place", models.CharField(max_length=120, verbose_name="place")),
                (
                    "category",
                    models.CharField(
                        choices=[
                            ("up_other", "Other fair or exhibition in Uttar Pradesh"),
                            ("up_national", "National or international fair held in Uttar Pradesh"),
                            ("outside_up", "National or international fair in India outside Uttar Pradesh"),
                            ("foreign", "Trade fair abroad"),
                        ],
                        help_text="Sets the caps on stall, freight and travel (GO-MDA-2019/2020 items 1-3).",
                        max_length=20,
                        verbose_name="claim category",
                    ),
                ),
                ("start_date", models.DateField(verbose_name="first day")),
                (
                    "end_date",
                    models.DateField(
                        help_text="Claims can be made from the day after.", verbose_name="last day"
                    ),
                ),
                (
                    "trade_type",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("b2b", "Business to business (B2B)"),
                            ("b2c", "Business to customer (B2C)"),
                        ],
                        help_text="Only if the notification says B2B or B2C; otherwise the artisan answers it.",
                        max_length=3,
                        verbose_name="kind of fair",
                    ),
                ),
                (
                    "notification_reference",
                    models.CharField(
                        help_text="The Commissioner's order number and date that notified the fair.",
                        max_length=200,
                        verbose_name="notification reference",
                    ),
                ),
                (
                    "is_active",
                    models.BooleanField(
                        default=True,
                        help_text="Untick to take the fair off the list; claims that named it keep it.",
                        verbose_name="open for claims",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="added")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="last changed")),
            ],
            options={
                "verbose_name": "notified fair",
                "verbose_name_plural": "notified fairs",
                "ordering": ["-end_date", "name_en"],
                "indexes": [models.Index(fields=["is_active", "end_date"], name="notified_fair_active_end")],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("end_date__gte", models.F("start_date"))),
                        name="notified_fair_ends_after_it_starts",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("category__in", ["up_other", "up_national", "outside_up", "foreign"])
                        ),
                        name="notified_fair_category_is_a_fair",
                    ),
                ],
            },
        ),
    ]
