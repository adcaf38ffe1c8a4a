from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Role, User
from accounts.services import create_staff_user

DEMO_PASSWORD = "Odop-Demo-2026"  # noqa: S105 - printed for local demos; refused when DEBUG is off
DEMO_ARTISAN_MOBILE = "9876543210"

# Notified fairs so that a demo MDA claim can be filed: (English name, Hindi name, place,
# claim category, B2B/B2C or "", first and last day counted from the day of seeding). Clearly
# labelled demo data, never in a migration: production starts with an empty list.
DEMO_FAIRS = [
    (
        "Demo: India International Trade Fair",
        "डेमो: भारत अंतरराष्ट्रीय व्यापार मेला",
        "New Delhi",
        "outside_up",
        "b2c",
        -23,
        -10,
    ),
    ("Demo: Lucknow Mahotsav", "डेमो: लखनऊ महोत्सव", "Lucknow", "up_other", "", -40, -31),
    (
        "Demo: UP International Trade Show",
        "डेमो: यूपी इंटरनेशनल ट्रेड शो",
        "Greater Noida",
        "up_national",
        "",
        20,
        24,
    ),
]
DEMO_NOTIFICATION = "Demo data, not a notification"
# The branch of the demo bank officer: a Margin Money application naming this IFSC reaches
# bank.agra's queue once the DIC sends it to the bank. Not a real IFSC.
DEMO_BRANCH = {"ifsc": "DEMO0AGRA01", "bank_name": "Demo Bank", "branch_name": "Agra (demo)"}

# username, role, district slug, display name
DEMO_STAFF = [
    ("officer.agra", Role.DISTRICT_OFFICER, "agra", "DIC Agra"),
    ("officer.lucknow", Role.DISTRICT_OFFICER, "lucknow", "DIC Lucknow"),
    ("committee.agra", Role.COMMITTEE_MEMBER, "agra", "Committee Agra"),
    ("chair.agra", Role.COMMITTEE_MEMBER, "agra", "District Magistrate Agra"),
    ("bank.agra", Role.BANK_OFFICER, "agra", "Bank branch Agra"),
    ("ldm.agra", Role.LEAD_DISTRICT_MANAGER, "agra", "Lead District Manager Agra"),
    ("state.staff", Role.STATE_STAFF, None, "ODOP Cell"),
    # A second member of the cell: a RuleSet one drafts, the other publishes (maker-checker).
    ("state.checker", Role.STATE_STAFF, None, "ODOP Cell (reviewer)"),
    ("admin", Role.ADMIN, None, "Administrator"),
]


class Command(BaseCommand):
    help = "Create one demo account of each role (safe to run again) and print how to sign in."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="allow with DEBUG off (never in production)")

    def handle(self, *args, **options):
        from django.utils import translation

        with translation.override("en"):
            self._handle(*args, **options)

    def _handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Demo accounts are for development only (DEBUG is off). Use --force to override."
            )
        from districts.models import District

        districts = {d.slug: d for d in District.objects.filter(slug__in=["agra", "lucknow"])}
        with transaction.atomic():
            for username, role, district_slug, name in DEMO_STAFF:
                if User.objects.filter(username=username).exists():
                    continue
                create_staff_user(
                    username=username,
                    password=DEMO_PASSWORD,
                    role=role,
                    district=districts.get(district_slug),
                    first_name=name,
                )
            if not User.objects.filter(mobile=DEMO_ARTISAN_MOBILE).exists():
                artisan = User(username=DEMO_ARTISAN_MOBILE, mobile=DEMO_ARTISAN_MOBILE, role=Role.ARTISAN)
                artisan.set_unusable_password()
                artisan.save()

            self._seat_agra_committees()
            self._add_demo_fairs()
            self._give_the_bank_officer_a_branch(districts["agra"])

        self.stdout.write("Demo sign-ins (development only):")
        self.stdout.write(
            f"  artisan            mobile {DEMO_ARTISAN_MOBILE} at /accounts/login/ "
            "(the one-time code is printed in this terminal)"
        )
        self.stdout.write(
            "  notified fairs for MDA claims: the three named 'Demo:' at /schemes/notified-fairs/"
        )
        self.stdout.write(
            f"  Margin Money: name the branch IFSC {DEMO_BRANCH['ifsc']} to reach bank.agra's queue"
        )
        for username, role, district_slug, _name in DEMO_STAFF:
            where = f" ({district_slug})" if district_slug else ""
            label = f"{Role(role).label}{where}"
            self.stdout.write(
                f"  {label:<42} {username:<16} password {DEMO_PASSWORD} at /accounts/staff/login/"
            )

    def _give_the_bank_officer_a_branch(self, agra) -> None:
        from districts.models import BankBranch

        branch, _created = BankBranch.objects.get_or_create(
            ifsc=DEMO_BRANCH["ifsc"],
            defaults={
                "bank_name": DEMO_BRANCH["bank_name"],
                "branch_name": DEMO_BRANCH["branch_name"],
                "district": agra,
            },
        )
        User.objects.filter(username="bank.agra", bank_branch__isnull=True).update(bank_branch=branch)

    def _seat_agra_committees(self) -> None:
        """Agra's three district committees get a chair, the DIC as member-secretary and a member."""
        from committees.models import Committee, CommitteeMembership

        seats = [("chair.agra", "chair"), ("officer.agra", "secretary"), ("committee.agra", "member")]
        users = {u.username: u for u in User.objects.filter(username__in=[name for name, _ in seats])}
        for committee in Committee.objects.filter(district__slug="agra"):
            for username, role in seats:
                CommitteeMembership.objects.get_or_create(
                    committee=committee, user=users[username], defaults={"role": role}
                )

    def _add_demo_fairs(self) -> None:
        """The demo fairs, dated from today the first time (kept as they are on later runs)."""
        from datetime import timedelta

        from django.utils import timezone

        from schemes.models import NotifiedFair

        today = timezone.localdate()
        for name_en, name_hi, place, category, trade_type, first, last in DEMO_FAIRS:
            NotifiedFair.objects.get_or_create(
                name_en=name_en,
                defaults={
                    "name_hi": name_hi,
                    "place": place,
                    "category": category,
                    "trade_type": trade_type,
                    "start_date": today + timedelta(days=first),
                    "end_date": today + timedelta(days=last),
                    "notification_reference": DEMO_NOTIFICATION,
                },
            )
