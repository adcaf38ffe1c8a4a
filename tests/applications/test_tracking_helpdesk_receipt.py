import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from accounts import sms
from applications.models import Application, AuditEvent, SentNotification
from applications.services.notifications import notify_applicant
from applications.services.review import return_application
from applications.workflow import Status
from tests.applications.helpers import officer, officer_access, submitted_toolkit, under_scrutiny


def _code_for(mobile: str) -> str:
    body = next(m.body for m in reversed(sms.outbox) if m.to == mobile)
    return re.search(r"\b(\d{6})\b", body).group(1)


@pytest.mark.django_db
def test_tracking_page_shows_timeline_holder_and_what_to_do(client):
    dic = officer()
    application = under_scrutiny(submitted_toolkit(), dic)
    return_application(
        application_id=application.pk,
        user=dic,
        access=officer_access(dic, application),
        fields=["experience_years"],
        documents=["craft_proof"],
        reason="Please attach the artisan card.",
    )
    client.force_login(application.applicant.user)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("applications:detail", args=[application.pk]))
    html = response.content.decode()
    labels = [entry.label for entry in response.context["timeline"]]
    assert labels == ["Submitted", "Taken up for scrutiny", "Returned for correction"]
    assert "Please attach the artisan card." in html
    assert "Years of experience" in html and "Proof of traditional craft work" in html
    assert "You (correction needed)" in html
    assert "The office&#x27;s time limit is paused" in html or "time limit is paused" in html


@pytest.mark.django_db
def test_status_lookup_by_reference_and_code(client, django_capture_on_commit_callbacks):
    application = submitted_toolkit()
    mobile = application.applicant.user.mobile
    client.cookies["django_language"] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("applications:status_lookup"), {"reference_number": application.reference_number.lower()}
        )
    assert response.status_code == 302
    page = client.get(reverse("applications:status_verify"))
    # The page does not show the number: it would tell that the reference exists.
    assert f"******{mobile[-4:]}" not in page.content.decode()
    wrong = "000000" if _code_for(mobile) != "000000" else "111111"
    refused = client.post(reverse("applications:status_verify"), {"code": wrong})
    assert application.reference_number not in refused.content.decode().split("<h1>")[1]
    shown = client.post(reverse("applications:status_verify"), {"code": _code_for(mobile)})
    html = shown.content.decode()
    assert application.reference_number in html and "Submitted" in html
    assert application.applicant.full_name not in html
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_status_lookup_unknown_reference_sends_nothing_and_shows_nothing(client):
    """Answered as a real one (see test_no_enumeration), but no SMS goes anywhere and no code
    shows a status."""
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("applications:status_lookup"), {"reference_number": "ODOP/TT/AGR/2026-27/999999"}
    )
    assert response["Location"] == reverse("applications:status_verify")
    assert not sms.outbox
    for code in ("000000", "123456"):
        page = client.post(reverse("applications:status_verify"), {"code": code})
        assert "The code is not correct" in page.content.decode()
    assert not sms.outbox


@pytest.mark.django_db
def test_helpdesk_files_on_behalf_and_the_audit_says_so(client):
    from tests.applications.helpers import PROFILE, aadhaar_number, pdf_upload

    dic = officer()
    client.force_login(dic)
    client.cookies["django_language"] = "en"
    start = {"start-mobile": "9811122233", "start-scheme": "TT"}
    response = client.post(reverse("applications:helpdesk"), start)
    assert response.status_code == 200 and response.context["profile_form"] is not None
    from districts.models import District

    profile = {
        f"profile-{k}": v
        for k, v in {
            **PROFILE,
            "district": District.objects.get(slug="agra").pk,
            "aadhaar_number": aadhaar_number(55),
        }.items()
    }
    response = client.post(reverse("applications:helpdesk"), {**start, **profile})
    application = Application.objects.get(applicant__user__mobile="9811122233")
    assert response.status_code == 302 and application.filed_by == dic
    step_url = reverse("applications:step", args=[application.pk, "craft"])
    product = application.district.products.first().pk
    client.post(step_url, {"product": product, "craft": "Shoes", "experience_years": 3})
    client.post(
        reverse("applications:step", args=[application.pk, "history"]),
        {"received_toolkit_before": "no", "family_has_received_toolkit": "no"},
    )
    for document in application.scheme.documents.all():
        client.post(
            reverse("applications:documents", args=[application.pk]),
            {"code": document.code, "file": pdf_upload()},
        )
    response = client.post(reverse("applications:review", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED, response.content.decode()[:3000]
    event = AuditEvent.objects.get(application=application, action="submit")
    assert event.on_behalf is True and event.actor == dic
    # Another district's officer cannot continue it.
    client.force_login(officer("lucknow", username="dic.lko"))
    assert client.get(step_url).status_code == 404


@pytest.mark.django_db
def test_receipt_pdf_in_hindi_and_english(client, tmp_path):
    application = submitted_toolkit()
    client.force_login(application.applicant.user)
    response = client.get(reverse("applications:receipt", args=[application.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    if shutil.which("pdftotext"):
        path = tmp_path / "receipt.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert application.reference_number in text
        assert "Acknowledgement of application" in text
        assert "पावती" in text


@pytest.mark.django_db
def test_a_notification_is_never_sent_twice():
    application = submitted_toolkit()  # on_commit hooks do not run here: nothing sent yet
    assert notify_applicant(application_id=application.pk, event="submitted") is True
    assert notify_applicant(application_id=application.pk, event="submitted") is False
    assert [m.to for m in sms.outbox] == [application.applicant.user.mobile]
    assert SentNotification.objects.filter(application=application, event="submitted").count() == 1
