"""An MDA claim names its fair from the ODOP cell's notified list (GO-MDA-2019/2020: only
notified fairs are paid for); an e-commerce claim names none."""

from datetime import timedelta
from decimal import Decimal
from functools import partial

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from applications.access import access_application_for_review
from applications.models import Application
from applications.services.review import return_application
from applications.services.submission import save_step, start_application
from applications.step_forms import MdaFairForm
from applications.workflow import Status
from mda import services as mda_services
from payments.models import Payment
from schemes.models import NotifiedFair, Scheme
from schemes.rules import mda
from tests.applications.helpers import (
    MDA_STEPS,
    approved_by_committee,
    draft_for,
    make_applicant,
    officer,
    owner_access,
    submitted,
    under_scrutiny,
)

TODAY = timezone.localdate


def make_fair(*, name: str = "Kashi Craft Fair", days_ago: int = 12, **fields) -> NotifiedFair:
    end = TODAY() - timedelta(days=days_ago)
    values = {
        "name_en": name,
        "name_hi": "काशी शिल्प मेला",
        "place": "Varanasi",
        "category": "up_national",
        "start_date": end - timedelta(days=4),
        "end_date": end,
        "notification_reference": "ODOP cell order 9/2026",
        **fields,
    }
    return NotifiedFair.objects.create(**values)


@pytest.fixture
def draft(db):
    applicant = make_applicant()
    return start_application(applicant=applicant, scheme=Scheme.objects.get(code="MDA"))


def _product(application) -> str:
    return str(application.district.products.order_by("name_en").first().pk)


def _posted(application, **values) -> dict:
    return {
        "product": _product(application),
        "claim_category": "up_national",
        "notified_fair": "",
        "trade_type": "",
        "fair_name": "",
        "event_date": "",
        **values,
    }


def _post_step(client, application, language: str = "en", **values):
    client.force_login(application.applicant.user)
    client.cookies["django_language"] = language
    return client.post(
        reverse("applications:step", args=[application.pk, "fair"]), _posted(application, **values)
    )


def _stored(application) -> dict:
    return Application.objects.get(pk=application.pk).details.get("fair", {})


# --- Choosing a fair ----------------------------------------------------------------------


@pytest.mark.django_db
def test_chosen_fair_gives_the_stored_answers(client, draft):
    fair = make_fair(trade_type="b2b")
    response = _post_step(
        client, draft, notified_fair=str(fair.pk), fair_name="typed by mistake", trade_type="b2c"
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:step", args=[draft.pk, "expenses"])
    stored = _stored(draft)
    assert {
        key: stored[key] for key in ("fair_name", "fair_place", "claim_category", "event_date", "trade_type")
    } == {
        "fair_name": "Kashi Craft Fair",
        "fair_place": "Varanasi",
        "claim_category": "up_national",
        "event_date": fair.end_date.isoformat(),
        "trade_type": "b2b",  # the notification's kind of fair prevails
    }
    assert stored["notified_fair"] == str(fair.pk)


@pytest.mark.django_db
def test_fair_category_comes_from_the_notification(draft):
    fair = make_fair(category="outside_up")
    form = MdaFairForm(
        _posted(draft, claim_category="up_other", notified_fair=str(fair.pk)), application=draft
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["claim_category"] == "outside_up"
    assert form.cleaned_data["event_date"] == fair.end_date
    assert form.cleaned_data["fair_place"] == "Varanasi"
    assert form.cleaned_data["notified_fair"] == fair


@pytest.mark.django_db
def test_artisan_answers_b2b_or_b2c_when_the_notification_does_not(draft):
    fair = make_fair(category="outside_up", trade_type="")
    form = MdaFairForm(_posted(draft, notified_fair=str(fair.pk), trade_type="b2c"), application=draft)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["trade_type"] == "b2c"


@pytest.mark.django_db
def test_offered_fairs_are_labelled_in_the_readers_language(draft):
    over = make_fair()
    make_fair(name="Fair To Come", days_ago=-5)
    make_fair(name="Withdrawn Fair", is_active=False)
    make_fair(name="Old Fair", days_ago=500)
    with translation.override("en"):
        choices = [label for _, label in MdaFairForm(application=draft).fields["notified_fair"].choices]
        shown_in = f"{over.start_date:%d-%m-%Y} to {over.end_date:%d-%m-%Y}"
        assert choices == ["Choose the fair", f"Kashi Craft Fair, Varanasi ({shown_in})"]
    with translation.override("hi"):
        choices = [label for _, label in MdaFairForm(application=draft).fields["notified_fair"].choices]
        assert (
            choices[1] == f"काशी शिल्प मेला, Varanasi ({over.start_date:%d-%m-%Y} से {over.end_date:%d-%m-%Y})"
        )


# --- Bad input, refused naming the field --------------------------------------------------


def _errors(response) -> dict:
    return response.context["form"].errors


@pytest.mark.django_db
def test_fair_with_e_commerce_is_refused(client, draft):
    fair = make_fair()
    response = _post_step(
        client,
        draft,
        claim_category="ecommerce",
        notified_fair=str(fair.pk),
        fair_name="Flipkart",
        event_date=(TODAY() - timedelta(days=3)).isoformat(),
    )
    assert response.status_code == 200
    assert _errors(response) == {
        "notified_fair": ["An e-commerce claim is not for a fair: leave the fair empty."]
    }
    assert "fair" not in Application.objects.get(pk=draft.pk).details
    html = response.content.decode()
    assert 'value="Flipkart"' in html  # what was typed is kept


@pytest.mark.django_db
def test_no_fair_for_a_fair_category_is_refused_in_hindi(client, draft):
    response = _post_step(client, draft, language="hi", claim_category="outside_up", trade_type="b2c")
    assert response.status_code == 200
    assert list(_errors(response)) == ["notified_fair"]
    assert "अधिसूचित सूची से अपना मेला चुनें।" in response.content.decode()
    html = response.content.decode()
    assert '<option value="outside_up" selected>' in html
    assert '<option value="b2c" selected>' in html
    assert "fair" not in Application.objects.get(pk=draft.pk).details


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["999999", "not-a-number"])
def test_unknown_fair_is_refused(client, draft, value):
    response = _post_step(client, draft, notified_fair=value)
    assert response.status_code == 200
    assert _errors(response) == {"notified_fair": ["Choose a fair from the notified list."]}
    assert "fair" not in Application.objects.get(pk=draft.pk).details


@pytest.mark.django_db
def test_inactive_fair_is_refused(client, draft):
    fair = make_fair(is_active=False)
    response = _post_step(client, draft, notified_fair=str(fair.pk))
    assert _errors(response) == {"notified_fair": ["Choose a fair from the notified list."]}
    assert "fair" not in Application.objects.get(pk=draft.pk).details


@pytest.mark.django_db
def test_fair_not_yet_over_is_refused(client, draft):
    fair = make_fair(days_ago=-1)
    response = _post_step(client, draft, notified_fair=str(fair.pk))
    end = f"{fair.end_date:%d-%m-%Y}"
    assert _errors(response) == {
        "notified_fair": [f"This fair ends on {end}. You can claim only after it is over."]
    }
    assert "fair" not in Application.objects.get(pk=draft.pk).details


@pytest.mark.django_db
def test_fair_ending_today_can_be_claimed(draft):
    fair = make_fair(days_ago=0)
    form = MdaFairForm(_posted(draft, notified_fair=str(fair.pk)), application=draft)
    assert form.is_valid(), form.errors


# --- E-commerce ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_e_commerce_claim_without_a_fair(client, draft):
    invoice = (TODAY() - timedelta(days=3)).isoformat()
    response = _post_step(
        client, draft, claim_category="ecommerce", fair_name="Flipkart Samarth", event_date=invoice
    )
    assert response.status_code == 302
    stored = _stored(draft)
    assert (stored["claim_category"], stored["fair_name"], stored["event_date"], stored["notified_fair"]) == (
        "ecommerce",
        "Flipkart Samarth",
        invoice,
        "",
    )


@pytest.mark.django_db
def test_e_commerce_needs_the_portal_and_the_invoice_date(draft):
    form = MdaFairForm(_posted(draft, claim_category="ecommerce"), application=draft)
    assert not form.is_valid()
    assert form.errors == {
        "fair_name": ["Give the name of the e-commerce portal."],
        "event_date": ["Give the date of the e-commerce invoice."],
    }
    future = (TODAY() + timedelta(days=1)).isoformat()
    form = MdaFairForm(
        _posted(draft, claim_category="ecommerce", fair_name="Amazon", event_date=future), application=draft
    )
    assert form.errors == {"event_date": ["This date cannot be in the future."]}


# --- Through the services -----------------------------------------------------------------


def _expected_benefit(application, fair: NotifiedFair) -> Decimal:
    expenses = MDA_STEPS["expenses"](application)
    facts = mda.Facts(
        as_of=TODAY(),
        category=mda.ClaimCategory(fair.category),
        event_date=fair.end_date,
        trade_type=mda.TradeType.B2C,
        stall_cost=Decimal(expenses["stall_cost"]),
        freight_cost=Decimal(expenses["freight_cost"]),
        rail_or_bus_fare=Decimal(expenses["rail_or_bus_fare"]),
        air_fare=Decimal(expenses["air_fare"]),
    )
    return mda.compute_benefit(facts, application.ruleset.rule_parameters()).amount


@pytest.mark.django_db
def test_claim_with_a_notified_fair_is_paid_the_rules_amount():
    dic = officer()
    application = submitted(make_applicant(), "MDA", MDA_STEPS)
    assert application.status == Status.SUBMITTED
    stored = application.details["fair"]
    fair = NotifiedFair.objects.get(pk=int(stored["notified_fair"]))
    assert (stored["fair_name"], stored["fair_place"], stored["claim_category"], stored["event_date"]) == (
        "India International Trade Fair",
        "New Delhi",
        "outside_up",
        fair.end_date.isoformat(),
    )
    expected = _expected_benefit(application, fair)
    assert application.benefit_amount == expected
    # The same claim typed in without a notified fair, as claims were filed before, gets the
    # same figure from the rules.
    typed = mda.compute_benefit(
        mda.Facts(
            as_of=TODAY(),
            category=mda.ClaimCategory.OUTSIDE_UP,
            event_date=fair.end_date,
            trade_type=mda.TradeType.B2C,
            stall_cost=Decimal("300000"),
            freight_cost=Decimal("40000"),
            rail_or_bus_fare=Decimal("4000"),
            air_fare=Decimal("12000"),
        ),
        application.ruleset.rule_parameters(),
    ).amount
    assert expected == typed
    application = approved_by_committee(application, dic, "dlc")
    payment = mda_services.pay_mda_claim(
        application_id=application.pk,
        user=dic,
        access=partial(access_application_for_review, user=dic, pk=application.pk),
        dbt_reference="DBT-77",
        paid_on=TODAY(),
    )
    assert payment.amount == expected
    assert Payment.objects.get(application=application).amount == expected


@pytest.mark.django_db
def test_claims_on_the_same_notified_fair_count_towards_the_yearly_limit():
    from applications.services.errors import NotEligible

    applicant = make_applicant()
    for _ in range(3):
        submitted(applicant, "MDA", MDA_STEPS)
    assert NotifiedFair.objects.count() == 1
    with pytest.raises(NotEligible, match="3"):
        submitted(applicant, "MDA", MDA_STEPS)


@pytest.mark.django_db
def test_a_fair_taken_off_the_list_stays_with_the_claims_that_named_it(client):
    application = draft_for(make_applicant(), "MDA", MDA_STEPS)
    fair = NotifiedFair.objects.get()
    NotifiedFair.objects.filter(pk=fair.pk).update(is_active=False)
    form = MdaFairForm(application.details["fair"], application=application)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["notified_fair"] == fair
    # The review page still names it.
    client.force_login(application.applicant.user)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("applications:review", args=[application.pk])).content.decode()
    assert f"India International Trade Fair, New Delhi ({fair.start_date:%d-%m-%Y}" in html
    # A new claim cannot choose it.
    other = start_application(applicant=application.applicant, scheme=application.scheme)
    assert not MdaFairForm(application.details["fair"], application=other).is_valid()


@pytest.mark.django_db
def test_returned_claim_takes_the_new_fairs_answers_together():
    """When the office asks for another fair, its name, place, category and last day come with
    it, although only the fair was flagged."""
    dic = officer()
    application = submitted(make_applicant(), "MDA", MDA_STEPS)
    under_scrutiny(application, dic)
    return_application(
        application_id=application.pk,
        user=dic,
        access=partial(access_application_for_review, user=dic, pk=application.pk),
        fields=["notified_fair"],
        documents=[],
        reason="This is not the fair on your stall receipt.",
    )
    other = make_fair(name="Lucknow Mahotsav", place="Lucknow", category="up_other", days_ago=20)
    raw = {**application.details["fair"], "notified_fair": str(other.pk), "claim_category": "ecommerce"}
    application = save_step(
        application_id=application.pk, step_slug="fair", raw=raw, access=owner_access(application)
    )
    assert application.status == Status.RETURNED
    stored = application.details["fair"]
    assert (
        stored["notified_fair"],
        stored["fair_name"],
        stored["fair_place"],
        stored["claim_category"],
        stored["event_date"],
    ) == (str(other.pk), "Lucknow Mahotsav", "Lucknow", "up_other", other.end_date.isoformat())
