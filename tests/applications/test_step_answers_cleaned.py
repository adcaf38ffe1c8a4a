"""Each step stores what its form cleaned, never what was posted: a padded fair id or an old,
unreadable or extra answer cannot slip past the rules (GO-MDA-2020: three fair claims a year)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from applications.services.errors import ApplicationError, NotEligible
from applications.services.submission import save_step, start_application
from schemes.models import NotifiedFair, Scheme
from tests.applications.helpers import MDA_STEPS, MM_STEPS, draft_for, make_applicant, owner_access, submitted

OLD_DATE = "2020-01-15"


def _fair(days_ago: int = 10) -> NotifiedFair:
    end = timezone.localdate() - timedelta(days=days_ago)
    return NotifiedFair.objects.create(
        name_en="Kashi Craft Fair",
        name_hi="काशी शिल्प मेला",
        place="Varanasi",
        category="up_national",
        start_date=end - timedelta(days=4),
        end_date=end,
        notification_reference="ODOP cell order 9/2026",
    )


def _fair_step(application, **values) -> dict:
    return {
        "product": str(application.district.products.order_by("name_en").first().pk),
        "claim_category": "up_national",
        "notified_fair": "",
        "trade_type": "",
        "fair_name": "",
        "event_date": "",
        **values,
    }


def _stored(application) -> dict:
    return Application.objects.get(pk=application.pk).details


@pytest.mark.django_db
def test_a_padded_fair_id_stores_the_fairs_own_dates(client):
    fair = _fair()
    draft = start_application(applicant=make_applicant(), scheme=Scheme.objects.get(code="MDA"))
    client.force_login(draft.applicant.user)
    response = client.post(
        reverse("applications:step", args=[draft.pk, "fair"]),
        _fair_step(draft, notified_fair=f"{fair.pk} ", event_date=OLD_DATE, fair_place="Paris"),
    )
    assert response.status_code == 302
    stored = _stored(draft)["fair"]
    assert (stored["notified_fair"], stored["event_date"], stored["fair_place"]) == (
        str(fair.pk),
        fair.end_date.isoformat(),
        "Varanasi",
    )


@pytest.mark.django_db
def test_the_yearly_limit_holds_with_padded_fair_ids():
    fair = _fair()
    applicant = make_applicant()
    padded = {"fair": {"notified_fair": f"{fair.pk} ", "event_date": OLD_DATE}}
    for _ in range(3):
        submitted(applicant, "MDA", MDA_STEPS, **padded)
    with pytest.raises(NotEligible, match="3"):
        submitted(applicant, "MDA", MDA_STEPS, **padded)


@pytest.mark.django_db
def test_an_unreadable_date_is_refused_naming_the_field_and_nothing_is_stored(client):
    draft = start_application(applicant=make_applicant(), scheme=Scheme.objects.get(code="MDA"))
    posted = _fair_step(draft, claim_category="ecommerce", fair_name="Flipkart", event_date="31-31-garbage")
    with pytest.raises(ApplicationError) as refused:
        save_step(application_id=draft.pk, step_slug="fair", raw=posted, access=owner_access(draft))
    assert refused.value.field == "event_date"
    assert "fair" not in _stored(draft)
    client.force_login(draft.applicant.user)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("applications:step", args=[draft.pk, "fair"]), posted)
    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()
    assert "fair" not in _stored(draft)


@pytest.mark.django_db
def test_a_fair_claim_ignores_a_typed_garbage_date_and_the_next_step_saves():
    fair = _fair()
    applicant = make_applicant()
    first = draft_for(
        applicant, "MDA", MDA_STEPS, fair={"notified_fair": f"{fair.pk} ", "event_date": "garbage"}
    )
    assert _stored(first)["fair"]["event_date"] == fair.end_date.isoformat()
    submitted(applicant, "MDA", MDA_STEPS)  # saving its steps reads the first claim's date
    assert Application.objects.filter(applicant=applicant).count() == 2


@pytest.mark.django_db
def test_every_steps_answers_are_stored_cleaned():
    """Not only MDA: padded numbers, extra keys and a lower-case IFSC are stored as cleaned."""
    applicant = make_applicant()
    application = draft_for(
        applicant,
        "MM",
        MM_STEPS,
        project={"machinery_cost": " 800000 ", "workshed_cost": "2e5", "is_admin": "yes"},
        bank={"branch_ifsc": "sbin0012345 "},
        declarations={"is_defaulter": "no", "has_earlier_self_employment_benefit": "no"},
    )
    details = _stored(application)
    assert details["project"]["machinery_cost"] == "800000"
    assert details["project"]["workshed_cost"] == "200000"
    assert "is_admin" not in details["project"]
    assert details["bank"]["branch_ifsc"] == "SBIN0012345"
    assert details["declarations"]["family_has_received_margin_money"] == "no"


@pytest.mark.django_db
def test_a_claim_stored_before_with_an_unreadable_date_still_counts_and_crashes_nothing():
    applicant = make_applicant()
    old = submitted(applicant, "MDA", MDA_STEPS)
    details = old.details
    details["fair"]["event_date"] = "garbage"
    Application.objects.filter(pk=old.pk).update(details=details)
    submitted(applicant, "MDA", MDA_STEPS)
    third = draft_for(applicant, "MDA", MDA_STEPS)
    from applications.facts import earlier_mda_claims

    assert earlier_mda_claims(third, timezone.localdate()) == 2
