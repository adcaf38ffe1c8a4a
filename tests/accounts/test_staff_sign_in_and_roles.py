from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.exceptions import AccountLocked, CodeRejected
from accounts.models import Role, User
from accounts.services import authenticate_staff, create_staff_user
from tests.factories import STAFF_PASSWORD, ArtisanFactory, StaffFactory, district


@pytest.mark.django_db
def test_staff_sign_in_with_password(client):
    officer = StaffFactory(username="dic.agra")
    response = client.post(
        reverse("accounts:staff_login"), {"username": "dic.agra", "password": STAFF_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:staff_desk")
    page = client.get(reverse("accounts:staff_desk"))
    assert page.status_code == 200
    assert (
        officer.district.name_en in page.content.decode() or officer.district.name_hi in page.content.decode()
    )


@pytest.mark.django_db
def test_lockout_after_repeated_failures_even_for_the_right_password(settings):
    settings.STAFF_LOGIN_MAX_FAILURES = 3
    StaffFactory(username="dic.agra")
    for _ in range(3):
        with pytest.raises(CodeRejected):
            authenticate_staff(request=None, username="dic.agra", password="wrong-password")
    user = User.objects.get(username="dic.agra")
    assert user.locked_until is not None
    assert user.locked_until > timezone.now() + settings.STAFF_LOGIN_LOCKOUT - timedelta(seconds=5)
    with pytest.raises(AccountLocked):
        authenticate_staff(request=None, username="dic.agra", password=STAFF_PASSWORD)


@pytest.mark.django_db
def test_lock_expires_and_success_resets_the_count(settings):
    settings.STAFF_LOGIN_MAX_FAILURES = 3
    StaffFactory(username="dic.agra")
    with pytest.raises(CodeRejected):
        authenticate_staff(request=None, username="dic.agra", password="wrong-password")
    assert User.objects.get(username="dic.agra").failed_login_count == 1
    authenticate_staff(request=None, username="dic.agra", password=STAFF_PASSWORD)
    assert User.objects.get(username="dic.agra").failed_login_count == 0
    User.objects.filter(username="dic.agra").update(locked_until=timezone.now() - timedelta(seconds=1))
    assert (
        authenticate_staff(request=None, username="dic.agra", password=STAFF_PASSWORD).username == "dic.agra"
    )


@pytest.mark.django_db
def test_locked_account_message_on_the_page(client, settings):
    settings.STAFF_LOGIN_MAX_FAILURES = 2
    client.cookies["django_language"] = "en"
    StaffFactory(username="dic.agra")
    for _ in range(2):
        client.post(reverse("accounts:staff_login"), {"username": "dic.agra", "password": "nope-nope-1"})
    response = client.post(
        reverse("accounts:staff_login"), {"username": "dic.agra", "password": STAFF_PASSWORD}
    )
    assert response.status_code == 200
    assert "This account is locked until" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_artisan_cannot_use_the_staff_sign_in(client):
    artisan = ArtisanFactory()
    artisan.set_password(STAFF_PASSWORD)
    artisan.save(update_fields=["password"])
    response = client.post(
        reverse("accounts:staff_login"), {"username": artisan.username, "password": STAFF_PASSWORD}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.DISTRICT_OFFICER, Role.COMMITTEE_MEMBER, Role.BANK_OFFICER])
def test_district_roles_must_have_a_district(role):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username=f"x-{role}", role=role, district=None)


@pytest.mark.django_db
def test_state_staff_need_no_district_and_get_the_admin_site():
    user = create_staff_user(username="cell", password=STAFF_PASSWORD, role=Role.STATE_STAFF)
    assert user.district is None
    assert user.is_staff is True
    assert user.is_superuser is False
    officer = create_staff_user(
        username="dic", password=STAFF_PASSWORD, role=Role.DISTRICT_OFFICER, district=district("agra")
    )
    assert officer.is_staff is False


@pytest.mark.django_db
def test_createsuperuser_makes_an_administrator(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Very-Long-Password-77")
    call_command("createsuperuser", "--noinput", "--username", "root2", "--email", "r@example.org")
    user = User.objects.get(username="root2")
    assert user.is_superuser is True
    assert user.role == Role.ADMIN


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("artisan", 403),
        ("district_officer", 200),
        ("committee_member", 200),
        ("bank_officer", 200),
        ("state_staff", 200),
        ("admin", 200),
    ],
)
def test_staff_desk_by_role(client, who, expected):
    if who == "artisan":
        client.force_login(ArtisanFactory())
    elif who in ("state_staff", "admin"):
        client.force_login(StaffFactory(role=who, district=None))
    elif who != "anonymous":
        client.force_login(StaffFactory(role=who))
    response = client.get(reverse("accounts:staff_desk"))
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("accounts:staff_login"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "expected"), [("artisan", 302), ("district_officer", 302), ("state_staff", 200)]
)
def test_admin_site_only_for_state_staff(client, who, expected):
    if who == "artisan":
        client.force_login(ArtisanFactory())
    elif who == "state_staff":
        client.force_login(create_staff_user(username="cell", password=STAFF_PASSWORD, role=Role.STATE_STAFF))
    else:
        client.force_login(StaffFactory())
    assert client.get(reverse("admin:index")).status_code == expected


@pytest.mark.django_db
def test_seed_demo_is_safe_to_run_twice(capsys, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "officer.agra" in out
    assert User.objects.filter(username="officer.agra").count() == 1
    assert set(User.objects.values_list("role", flat=True)) == {r.value for r in Role}
    # The demo bank officer has a branch, named in the output, so a demo MM file can reach it.
    branch = User.objects.get(username="bank.agra").bank_branch
    assert branch is not None and branch.district.slug == "agra"
    assert branch.ifsc in out


@pytest.mark.django_db
def test_seed_demo_refuses_in_production(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        call_command("seed_demo")
    assert not User.objects.filter(username="officer.agra").exists()
