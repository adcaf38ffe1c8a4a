from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from districts import models
from districts.reference import REFERENCE_FILE, load_reference, read_reference


class Command(BaseCommand):
    help = (
        "Load or update divisions, product categories, products and districts from the reference data file."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=REFERENCE_FILE, help="reference JSON file")
        parser.add_argument(
            "--replace-products",
            action="store_true",
            help="make each district's products exactly those in the file (drops products added by hand)",
        )

    def handle(self, *args, **options):
        with transaction.atomic():
            report = load_reference(
                models, read_reference(options["file"]), replace_products=options["replace_products"]
            )
        for kind in ("divisions", "categories", "products", "districts"):
            self.stdout.write(
                f"{kind}: {report.created.get(kind, 0)} created, {report.updated.get(kind, 0)} updated"
            )
