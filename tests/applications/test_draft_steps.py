"""Saving a step to finish later keeps what was typed; continuing and submitting need it all."""

import pytest
from django.urls import reverse

from applications.models import Application, AuditEvent
from applications.services.submission import start_application
from applications.workflow import Status
from schemes.models import Scheme
from tests.applications.helpers import make_applicant, pdf_upload


def _draft(client):
    applicant = make_applicant(seed=41)
    application = start_application(applicant=applicant, scheme=Scheme.objects.get(code="TT"))
    client.force_login(applicant.user)
    client.cookies["django_language"] = "hi"
    return application


def _product(application) -> str:
    return str(application.district.products.order_by("name_en").first().pk)


@pytest.mark.django_db
def test_finish_later_keeps_a_half_filled_step(client):
    application = _draft(client)
    url = reverse("applications:step", args=[application.pk, "craft"])
    response = client.post(
        url,
        {
            "product": _product(application),
            "craft": "  Leather shoes ",
            "experience_years": "",
            "smuggled": "not a field",
            "save_and_leave": "1",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("applications:mine")
    application.refresh_from_db()
    # The cleaned values, never the raw request: trimmed, and nothing that is not a field.
    assert application.details["craft"] == {
        "product": _product(application),
        "craft": "Leather shoes",
        "craft_has_qualification_pack": "",
    }
    assert application.current_step == "craft"
    assert str(application.product_id) == _product(application)
    page = client.get(url).content.decode()
    assert 'value="Leather shoes"' in page
    assert f'value="{_product(application)}" selected' in page


@pytest.mark.django_db
def test_finish_later_still_checks_what_was_typed(client):
    application = _draft(client)
    url = reverse("applications:step", args=[application.pk, "craft"])
    response = client.post(url, {"craft": "Leather shoes", "experience_years": "बारह", "save_and_leave": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "पूर्ण संख्या" in page  # "Enter a whole number." in Hindi, next to the field
    assert "यह क्षेत्र अपेक्षित" not in page  # nothing is required in a draft
    assert 'value="Leather shoes"' in page and 'value="बारह"' in page
    application.refresh_from_db()
    assert application.details == {} and application.current_step == "craft"


@pytest.mark.django_db
def test_continue_and_submit_need_every_answer(client):
    application = _draft(client)
    url = reverse("applications:step", args=[application.pk, "craft"])
    response = client.post(url, {"product": _product(application), "craft": "Leather shoes"})
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.details == {}
    client.post(url, {"product": _product(application), "craft": "Leather shoes", "save_and_leave": "1"})
    history = reverse("applications:step", args=[application.pk, "history"])
    client.post(history, {"received_toolkit_before": "no", "family_has_received_toolkit": "no"})
    for document in application.scheme.documents.all():
        client.post(
            reverse("applications:documents", args=[application.pk]),
            {"code": document.code, "file": pdf_upload()},
        )
    response = client.post(reverse("applications:review", args=[application.pk]))
    assert response.status_code == 200
    application = Application.objects.get(pk=application.pk)
    assert application.status == Status.DRAFT and application.reference_number is None
    assert not AuditEvent.objects.filter(application=application, action="submit").exists()
    assert "आपका शिल्प" in response.content.decode()  # the step still to complete, by name


@pytest.mark.django_db
def test_an_ineligible_file_offers_no_submit_and_no_benefit(client):
    from tests.applications.helpers import MM_STEPS, draft_for

    applicant = make_applicant(seed=42)
    application = draft_for(applicant, "MM", MM_STEPS, declarations={"is_defaulter": "yes"})
    assert application.is_eligible is False and application.benefit_amount is None
    client.force_login(applicant.user)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("applications:review", args=[application.pk])).content.decode()
    assert "Not eligible" in page
    assert "Estimated benefit" not in page and "2,50,000" not in page
    assert 'id="submit-application"' not in page
    assert reverse("applications:step", args=[application.pk, "unit"]) in page
    # A forged post is refused and changes nothing.
    response = client.post(reverse("applications:review", args=[application.pk]))
    assert response.status_code == 200 and "You are not eligible" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.DRAFT and application.reference_number is None


@pytest.mark.django_db
def test_the_review_page_of_a_submitted_file_offers_nothing_to_submit(client):
    from tests.applications.helpers import submitted_toolkit

    application = submitted_toolkit(seed=43)
    client.force_login(application.applicant.user)
    response = client.get(reverse("applications:review", args=[application.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:detail", args=[application.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'id="submit-application"' not in page
