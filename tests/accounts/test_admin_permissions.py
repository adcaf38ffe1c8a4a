"""Who may do what in the admin: every registered model's changelist, add and change pages for
every role. Only administrators manage users, groups, permissions, one-time codes and API
tokens; state staff edit the data the ODOP cell owns (rule sets, notified fairs, targets,
toolkit kits, committees and their members) and may only look at the reference data those
forms point to; everyone else is sent to the admin's login."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.utils import timezone
from rest_framework.authtoken.models import Token, TokenProxy

from accounts.models import OneTimeCode, Role, User
from accounts.roles import sync_role_groups
from accounts.services import create_staff_user
from committees.models import Committee, Meeting
from districts.models import District
from outbox.models import OutboxMessage
from schemes.models import NotifiedFair, Scheme, Target
from tests.factories import STAFF_PASSWORD, ArtisanFactory, StaffFactory
from toolkit.models import ToolkitKit

pytestmark = pytest.mark.django_db

REDIRECT, OK, FORBIDDEN = "302", "200", "403"

# (changelist, add, change) for state staff, per model; administrators see every page (except
# the add page of models nobody adds in the admin), and nobody else gets past the login.
STATE_STAFF = {
    "accounts.user": (FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "accounts.onetimecode": (FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "auth.group": (FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "authtoken.tokenproxy": (FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "districts.division": (OK, FORBIDDEN, OK),
    "districts.productcategory": (OK, FORBIDDEN, OK),
    "districts.product": (OK, FORBIDDEN, OK),
    "districts.district": (OK, FORBIDDEN, OK),
    "schemes.scheme": (OK, FORBIDDEN, OK),
    "schemes.requireddocument": (OK, FORBIDDEN, OK),
    "schemes.ruleset": (OK, FORBIDDEN, OK),
    "schemes.target": (OK, OK, OK),
    "schemes.notifiedfair": (OK, OK, OK),
    "committees.committee": (OK, OK, OK),
    "committees.meeting": (OK, FORBIDDEN, OK),
    "toolkit.toolkitkit": (OK, OK, OK),
    # Deferred work: read-only, with a retry action for parked rows; nobody adds one by hand.
    "outbox.outboxmessage": (OK, FORBIDDEN, OK),
}
# Models nobody adds in the admin (their ModelAdmin refuses the add page).
NO_ADD_PAGE = {
    "accounts.onetimecode",
    "committees.meeting",
    "schemes.scheme",
    "schemes.ruleset",
    "outbox.outboxmessage",
}
ROLES = [
    "anonymous",
    "artisan",
    "district_officer",
    "committee_member",
    "bank_officer",
    "state_staff",
    "admin",
]


def _label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def _expected(role: str, label: str) -> tuple[str, str, str]:
    if role == "state_staff":
        return STATE_STAFF[label]
    if role == "admin":
        return (OK, FORBIDDEN if label in NO_ADD_PAGE else OK, OK)
    return (REDIRECT, REDIRECT, REDIRECT)


def _one_of_each() -> dict[str, object]:
    """A row of every registered model to open the change page of."""
    agra = District.objects.get(slug="agra")
    artisan = ArtisanFactory()
    committee = Committee.objects.get(kind="tsc", district=agra)
    made = {
        "accounts.onetimecode": OneTimeCode.objects.create(
            mobile=artisan.mobile, code_hash="x", expires_at=timezone.now()
        ),
        "auth.group": Group.objects.get_or_create(name="Some group")[0],
        # The token admin names a token by its user (TokenProxy.pk is the user's id).
        "authtoken.tokenproxy": TokenProxy.objects.get(pk=Token.objects.create(user=artisan).pk),
        "schemes.target": Target.objects.create(
            district=agra,
            scheme=Scheme.objects.get(code="TT"),
            financial_year="2026-27",
            physical=10,
            financial=Decimal("100000"),
        ),
        "schemes.notifiedfair": NotifiedFair.objects.create(
            name_en="Trade fair",
            place="Lucknow",
            category="outside_up",
            start_date=date(2026, 11, 1),
            end_date=date(2026, 11, 10),
            notification_reference="1/2026",
        ),
        "committees.meeting": Meeting.objects.create(committee=committee, scheduled_for=timezone.now()),
        "toolkit.toolkitkit": ToolkitKit.objects.create(
            district=agra, product=agra.products.first(), items="Loom", value=Decimal("15000")
        ),
        "accounts.user": artisan,
        "outbox.outboxmessage": OutboxMessage.objects.create(
            key="test:one", task="applications.tasks.notify_applicant_task", available_at=timezone.now()
        ),
    }
    for model in admin.site._registry:
        made.setdefault(_label(model), model._default_manager.order_by("pk").first())
    return made


def _sign_in(client, role: str) -> User | None:
    if role == "anonymous":
        return None
    if role == "artisan":
        user = ArtisanFactory()
    elif role == "state_staff":
        user = create_staff_user(username="cell", password=STAFF_PASSWORD, role=Role.STATE_STAFF)
    elif role == "admin":
        user = create_staff_user(username="root", password=STAFF_PASSWORD, role=Role.ADMIN)
    else:
        user = StaffFactory(role=role)
    client.force_login(user)
    return user


def _status(response) -> str:
    if response.status_code == 302:
        assert response["Location"].startswith("/admin/login/"), (
            response.request["PATH_INFO"],
            response["Location"],
        )
    return str(response.status_code)


def test_every_registered_model_has_a_row():
    assert {_label(model) for model in admin.site._registry} == set(STATE_STAFF)


@pytest.mark.parametrize("role", ROLES)
def test_admin_pages_by_role(client, role):
    sync_role_groups()
    rows = _one_of_each()
    _sign_in(client, role)
    seen, wanted = {}, {}
    for model in admin.site._registry:
        label = _label(model)
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        obj = rows[label]
        assert obj is not None, f"no {label} to open"
        seen[label] = (
            _status(client.get(base)),
            _status(client.get(f"{base}add/")),
            _status(client.get(f"{base}{obj.pk}/change/")),
        )
        wanted[label] = _expected(role, label)
    assert seen == wanted


def test_state_staff_cannot_make_themselves_superuser(client):
    sync_role_groups()
    cell = _sign_in(client, "state_staff")
    response = client.post(
        f"/admin/accounts/user/{cell.pk}/change/",
        {
            "username": "cell",
            "role": Role.ADMIN,
            "is_staff": "on",
            "is_superuser": "on",
            "is_active": "on",
            "preferred_language": "hi",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 403
    cell.refresh_from_db()
    assert (cell.role, cell.is_superuser, cell.user_permissions.count()) == (Role.STATE_STAFF, False, 0)


def test_state_staff_cannot_change_anyones_role_or_groups(client):
    sync_role_groups()
    _sign_in(client, "state_staff")
    officer = StaffFactory(username="dic.agra")
    response = client.post(
        f"/admin/accounts/user/{officer.pk}/change/",
        {"username": "dic.agra", "role": Role.STATE_STAFF, "is_active": "on"},
    )
    assert response.status_code == 403
    assert client.post("/admin/auth/group/add/", {"name": "Escalated"}).status_code == 403
    officer.refresh_from_db()
    assert officer.role == Role.DISTRICT_OFFICER
    assert not Group.objects.filter(name="Escalated").exists()


def test_state_staff_cannot_mint_a_token_for_an_artisan(client):
    sync_role_groups()
    _sign_in(client, "state_staff")
    artisan = ArtisanFactory()
    response = client.post("/admin/authtoken/tokenproxy/add/", {"user": str(artisan.pk)})
    assert response.status_code == 403
    assert not Token.objects.filter(user=artisan).exists()


def test_state_staff_group_holds_no_user_or_token_permission():
    group = sync_role_groups()
    labels = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert not {(app, code) for app, code in labels if app in {"accounts", "auth", "authtoken"}}
    # Reference data is for looking up, not editing.
    assert ("districts", "change_district") not in labels
    assert ("districts", "view_district") in labels
    # Rule sets are drafted and published on the rule-change pages, by two people.
    assert ("schemes", "view_ruleset") in labels
    assert ("schemes", "add_ruleset") not in labels


def test_state_staff_still_seat_committee_members(client):
    """Committee members are chosen from a list of staff accounts, without the user admin."""
    sync_role_groups()
    _sign_in(client, "state_staff")
    committee = Committee.objects.get(kind="tsc", district__slug="agra")
    member = StaffFactory(role=Role.COMMITTEE_MEMBER, username="member.agra")
    artisan = ArtisanFactory()
    response = client.get(f"/admin/committees/committee/{committee.pk}/change/")
    # The user choices of the member rows (other selects hold other ids, such as the district's).
    forms = [response.context["adminform"].form]
    forms += [formset.formset.empty_form for formset in response.context["inline_admin_formsets"]]
    offered = {
        pk
        for form in forms
        for field in form.fields.values()
        if getattr(getattr(field, "queryset", None), "model", None) is type(member)
        for pk in field.queryset.values_list("pk", flat=True)
    }
    assert member.pk in offered
    assert artisan.pk not in offered
