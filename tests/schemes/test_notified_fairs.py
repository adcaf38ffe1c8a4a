"""The ODOP cell's list of notified fairs: the model, the admin, and the public page."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.services import create_staff_user
from schemes.models import NotifiedFair
from schemes.rules import mda
from tests.factories import STAFF_PASSWORD, ArtisanFactory, StaffFactory

TODAY = timezone.localdate


def make_fair(
    *, name: str = "Lucknow Mahotsav", days_ago: int = 10, length: int = 5, **fields
) -> NotifiedFair:
    end = TODAY() - timedelta(days=days_ago)
    values = {
        "name_en": name,
        "name_hi": "",
        "place": "Lucknow",
        "category": "up_other",
        "start_date": end - timedelta(days=length),
        "end_date": end,
        "notification_reference": "ODOP cell order 7/2026",
        **fields,
    }
    return NotifiedFair.objects.create(**values)


# --- The model ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_fair_cannot_end_before_it_starts():
    fair = NotifiedFair(
        name_en="Backwards fair",
        place="Agra",
        category="up_other",
        start_date=date(2026, 10, 5),
        end_date=date(2026, 10, 4),
        notification_reference="1/2026",
    )
    with pytest.raises(ValidationError) as error:
        fair.full_clean()
    assert list(error.value.message_dict) == ["end_date"]
    with pytest.raises(IntegrityError), transaction.atomic():
        fair.save()
    assert not NotifiedFair.objects.exists()


@pytest.mark.django_db
def test_a_one_day_fair_is_allowed():
    fair = make_fair(length=0)
    fair.full_clean()
    assert fair.start_date == fair.end_date


@pytest.mark.django_db
def test_e_commerce_is_not_a_fair_category():
    assert [value for value, _ in NotifiedFair._meta.get_field("category").choices] == [
        "up_other",
        "up_national",
        "outside_up",
        "foreign",
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        make_fair(category="ecommerce")
    assert not NotifiedFair.objects.exists()


@pytest.mark.django_db
def test_name_in_the_readers_language_falls_back_to_english():
    from django.utils import translation

    with_hindi = make_fair(name_hi="लखनऊ महोत्सव")
    without_hindi = make_fair(name="Agra Craft Bazaar")
    with translation.override("hi"):
        assert with_hindi.name == "लखनऊ महोत्सव"
        assert without_hindi.name == "Agra Craft Bazaar"
    with translation.override("en"):
        assert with_hindi.name == "Lucknow Mahotsav"


# --- The admin ----------------------------------------------------------------------------


def _fair_form(**overrides) -> dict:
    return {
        "name_en": "Kashi Craft Fair",
        "name_hi": "काशी शिल्प मेला",
        "place": "Varanasi",
        "category": "up_national",
        "trade_type": "",
        "start_date": "2026-12-01",
        "end_date": "2026-12-05",
        "notification_reference": "ODOP cell order 12/2026 of 20-11-2026",
        "is_active": "on",
        **overrides,
    }


@pytest.fixture
def state_staff_client(client):
    client.force_login(create_staff_user(username="cell", password=STAFF_PASSWORD, role=Role.STATE_STAFF))
    client.cookies["django_language"] = "en"
    return client


@pytest.mark.django_db
def test_state_staff_add_a_fair_in_the_admin(state_staff_client):
    response = state_staff_client.post(reverse("admin:schemes_notifiedfair_add"), _fair_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    fair = NotifiedFair.objects.get()
    assert (fair.name_hi, fair.category, fair.start_date, fair.end_date, fair.is_active) == (
        "काशी शिल्प मेला",
        "up_national",
        date(2026, 12, 1),
        date(2026, 12, 5),
        True,
    )
    assert state_staff_client.get(reverse("admin:schemes_notifiedfair_changelist")).status_code == 200


@pytest.mark.django_db
def test_admin_refuses_dates_the_wrong_way_round_naming_the_field(state_staff_client):
    response = state_staff_client.post(
        reverse("admin:schemes_notifiedfair_add"), _fair_form(end_date="2026-11-30")
    )
    assert response.status_code == 200
    assert "The last day cannot be before the first day." in response.content.decode()
    assert response.context["adminform"].form.errors.keys() == {"end_date"}
    assert not NotifiedFair.objects.exists()


@pytest.mark.django_db
def test_admin_offers_no_e_commerce_category(state_staff_client):
    response = state_staff_client.post(
        reverse("admin:schemes_notifiedfair_add"), _fair_form(category="ecommerce")
    )
    assert response.status_code == 200
    assert "category" in response.context["adminform"].form.errors
    assert not NotifiedFair.objects.exists()


@pytest.mark.django_db
def test_fairs_are_deactivated_not_deleted(state_staff_client):
    fair = make_fair()
    assert (
        state_staff_client.get(reverse("admin:schemes_notifiedfair_delete", args=[fair.pk])).status_code
        == 403
    )
    response = state_staff_client.post(
        reverse("admin:schemes_notifiedfair_changelist"),
        {"action": "take_off_the_list", "_selected_action": [fair.pk]},
    )
    assert response.status_code == 302
    fair.refresh_from_db()
    assert fair.is_active is False
    changelist = state_staff_client.get(reverse("admin:schemes_notifiedfair_changelist")).content.decode()
    assert "delete_selected" not in changelist
    state_staff_client.post(
        reverse("admin:schemes_notifiedfair_changelist"),
        {"action": "put_back_on_the_list", "_selected_action": [fair.pk]},
    )
    fair.refresh_from_db()
    assert fair.is_active is True
    assert NotifiedFair.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.DISTRICT_OFFICER, Role.COMMITTEE_MEMBER, Role.ARTISAN])
def test_other_roles_cannot_add_a_fair(client, role):
    user = ArtisanFactory() if role == Role.ARTISAN else StaffFactory(role=role, username=f"u-{role}")
    client.force_login(user)
    response = client.post(reverse("admin:schemes_notifiedfair_add"), _fair_form())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not NotifiedFair.objects.exists()


@pytest.mark.django_db
def test_the_state_staff_group_holds_the_fair_permissions():
    from django.contrib.auth.models import Group

    from accounts.roles import STATE_STAFF_GROUP

    codenames = set(
        Group.objects.get(name=STATE_STAFF_GROUP)
        .permissions.filter(content_type__model="notifiedfair")
        .values_list("codename", flat=True)
    )
    assert {"add_notifiedfair", "change_notifiedfair", "view_notifiedfair"} <= codenames


# --- The public page ----------------------------------------------------------------------


def _get(client, language: str, **params):
    client.cookies["django_language"] = language
    return client.get(reverse("schemes:notified_fairs"), params)


def _window_end(fair: NotifiedFair):
    return mda.claim_window(fair.end_date, mda.Parameters())[1]


@pytest.mark.django_db
def test_page_lists_current_and_recent_fairs_by_category_in_english(client):
    upcoming = make_fair(name="UP International Trade Show", days_ago=-20, category="up_national")
    under_way = make_fair(name="Kashi Craft Fair", days_ago=-2, length=6)
    over = make_fair(
        name="India International Trade Fair",
        place="New Delhi",
        category="outside_up",
        trade_type="b2c",
    )
    long_gone = make_fair(name="Old Fair", days_ago=400)
    withdrawn = make_fair(name="Withdrawn Fair", is_active=False)

    response = _get(client, "en")
    assert response.status_code == 200
    html = response.content.decode()
    groups = response.context["groups"]
    assert [g.category for g in groups] == ["up_other", "up_national", "outside_up"]
    assert [[listed.fair.pk for listed in g.fairs] for g in groups] == [
        [under_way.pk],
        [upcoming.pk],
        [over.pk],
    ]
    for text in (
        "Other fair or exhibition in Uttar Pradesh",
        "National or international fair in India outside Uttar Pradesh",
        "UP International Trade Show",
        "Kashi Craft Fair",
        "India International Trade Fair",
        "New Delhi",
        "Business to customer (B2C)",
        "ODOP cell order 7/2026",
        _window_end(over).strftime("%d-%m-%Y"),
        "To come",
        "Under way",
        "Over",
    ):
        assert text in html, text
    assert long_gone.name_en not in html
    assert withdrawn.name_en not in html
    assert 'name="viewport"' in html
    assert "https://" not in html.replace("https://www.w3.org", "")


@pytest.mark.django_db
def test_page_in_hindi(client):
    make_fair(name_hi="लखनऊ महोत्सव")
    make_fair(name="Agra Craft Bazaar", place="Agra")
    html = _get(client, "hi").content.decode()
    assert '<html lang="hi">' in html
    assert "लखनऊ महोत्सव" in html
    assert "Agra Craft Bazaar" in html  # no Hindi name given: the English one
    assert "अधिसूचित मेले" in html
    assert "उत्तर प्रदेश में अन्य मेला या प्रदर्शनी" in html
    assert "Lucknow Mahotsav" not in html


@pytest.mark.django_db
def test_page_filters_by_category(client):
    make_fair(name="Lucknow Mahotsav")
    make_fair(name="India International Trade Fair", category="outside_up")
    response = _get(client, "en", category="outside_up")
    assert [g.category for g in response.context["groups"]] == ["outside_up"]
    html = response.content.decode()
    assert "India International Trade Fair" in html
    assert "Lucknow Mahotsav" not in html


@pytest.mark.django_db
def test_page_refuses_an_unknown_category_naming_the_field(client):
    make_fair()
    response = _get(client, "en", category="ecommerce")
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"category"}
    assert "Lucknow Mahotsav" in response.content.decode()


@pytest.mark.django_db
def test_page_says_when_nothing_is_notified(client):
    html = _get(client, "en").content.decode()
    assert "No notified fair is open at present." in html


@pytest.mark.django_db
def test_mda_page_links_to_the_notified_fairs(client):
    client.cookies["django_language"] = "en"
    html = client.get(reverse("schemes:detail", args=["marketing-development-assistance"])).content.decode()
    assert reverse("schemes:notified_fairs") in html


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    categories = ["up_other", "up_national", "outside_up", "foreign"]
    for i in range(count):
        make_fair(name=f"Fair {i}", name_hi=f"मेला {i}", days_ago=i - 5, category=categories[i % 4])
    client.cookies["django_language"] = "hi"
    with django_assert_num_queries(2):  # rule sets in force, fairs
        response = client.get(reverse("schemes:notified_fairs"))
    assert response.status_code == 200
    assert sum(len(g.fairs) for g in response.context["groups"]) == count
