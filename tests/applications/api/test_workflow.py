"""A file's whole journey through the API, and moves tried in the wrong state."""

import pytest

from accounts import sms
from applications.models import Application, AuditEvent, Note
from tests.applications.api import states
from tests.applications.helpers import officer, verify_all


def _post(api, user, application, move, body=None):
    return api(user).post(f"/api/v1/applications/{application.pk}/{move}/", body, format="json")


@pytest.mark.django_db
def test_draft_to_recommendation_with_one_return(people, api, django_capture_on_commit_callbacks):
    owner, dic = people.user("owner"), people.agra_officer
    application = states.draft(people)

    with django_capture_on_commit_callbacks(execute=True):
        submitted = _post(api, owner, application, "submit")
    assert submitted.status_code == 200
    body = submitted.json()
    assert body["status"] == "submitted"
    assert body["status_label"] == "Submitted"
    assert body["reference_number"].startswith("ODOP/TT/AGR/")
    assert body["reference_number"].endswith("/000001")
    assert body["benefit_amount"] == "22000.00"
    assert body["is_eligible"] is True
    assert [entry["status"] for entry in body["timeline"]] == ["submitted"]
    assert len(sms.outbox) == 1
    assert body["reference_number"] in sms.outbox[0].body

    taken = _post(api, dic, application, "take-up")
    assert taken.status_code == 200
    assert taken.json()["status"] == "under_scrutiny"
    assert taken.json()["assigned_to"] == {"id": dic.pk, "username": dic.username}

    with django_capture_on_commit_callbacks(execute=True):
        returned = _post(
            api,
            dic,
            application,
            "return",
            {"fields": [], "documents": ["craft_proof"], "reason": "The photograph is not readable."},
        )
    assert returned.status_code == 200
    body = returned.json()
    assert body["status"] == "returned"
    assert body["returned_fields"] == []
    assert body["returned_documents"] == ["craft_proof"]
    assert body["due_at"] is None  # the office's clock stops while the file is with the artisan
    assert body["timeline"][-1]["notes"] == ["The photograph is not readable."]
    assert len(sms.outbox) == 2

    again = _post(api, owner, application, "submit")
    assert again.status_code == 409
    assert again.json() == {"detail": "This application has already been submitted.", "code": "conflict"}

    too_early = _post(api, owner, application, "resubmit")
    assert too_early.status_code == 400
    assert too_early.json() == {
        "detail": "Please upload again: Proof of traditional craft work.",
        "code": "incomplete",
    }

    states.reupload(application)
    resubmitted = _post(api, owner, application, "resubmit")
    assert resubmitted.status_code == 200
    assert resubmitted.json()["status"] == "under_scrutiny"
    assert resubmitted.json()["returned_documents"] == []
    # The owner never sees which officer holds the file.
    assert resubmitted.json()["assigned_to"] is None

    verify_all(Application.objects.get(pk=application.pk), dic)
    done = _post(api, dic, application, "recommend", {"note": "Genuine craftsman; fit for the committee."})
    assert done.status_code == 200
    body = done.json()
    assert body["status"] == "recommended"
    assert body["status_label"] == "Recommended to the committee"
    assert all(document["verified"] for document in body["documents"])
    assert [entry["status"] for entry in body["timeline"]] == [
        "submitted",
        "under_scrutiny",
        "returned",
        "under_scrutiny",
        "recommended",
    ]
    assert list(AuditEvent.objects.filter(application=application).values_list("action", flat=True)) == [
        "submit",
        "take_up",
        "return",
        "resubmit",
        "recommend",
    ]
    assert Note.objects.get(application=application, kind=Note.Kind.RECOMMENDATION).text == (
        "Genuine craftsman; fit for the committee."
    )
    assert len(sms.outbox) == 2


@pytest.mark.django_db
def test_rejection_records_the_reasons_and_tells_the_applicant(
    people, api, django_capture_on_commit_callbacks
):
    application = states.scrutinised(people)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(
            api,
            people.agra_officer,
            application,
            "reject",
            {"reason_codes": ["not_district_product", "other"], "reason": "Leather bags, not footwear."},
        )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "rejected"
    assert body["timeline"][-1]["reasons"] == ["not_district_product", "other"]
    assert body["timeline"][-1]["notes"] == ["Leather bags, not footwear."]
    assert len(sms.outbox) == 1


@pytest.mark.django_db
def test_assigning_to_a_colleague_and_back_to_nobody(people, api):
    application = states.submitted(people)
    colleague = officer("agra")
    given = _post(api, people.agra_officer, application, "assign", {"assignee": colleague.pk})
    assert given.status_code == 200
    assert given.json()["assigned_to"] == {"id": colleague.pk, "username": colleague.username}
    cleared = _post(api, people.agra_officer, application, "assign", {"assignee": None})
    assert cleared.status_code == 200
    assert cleared.json()["assigned_to"] is None
    assert Application.objects.get(pk=application.pk).assigned_to_id is None


WRONG_STATE = [
    (
        states.scrutinised,
        "agra_officer",
        "take-up",
        None,
        "This application is under scrutiny; it cannot be taken up for scrutiny now.",
        "invalid_transition",
    ),
    (
        states.submitted,
        "agra_officer",
        "recommend",
        {"note": ""},
        "This application is submitted; it cannot be recommended to the committee now.",
        "invalid_transition",
    ),
    (
        states.submitted,
        "agra_officer",
        "reject",
        {"reason_codes": ["other"], "reason": "Not now."},
        "This application is submitted; it cannot be rejected as not eligible now.",
        "invalid_transition",
    ),
    (
        states.scrutinised,
        "owner",
        "withdraw",
        None,
        "This application is under scrutiny; it cannot be withdrawn by the applicant now.",
        "invalid_transition",
    ),
    (
        states.submitted,
        "owner",
        "resubmit",
        None,
        "This application is not waiting for your correction.",
        "conflict",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "role", "move", "body", "message", "code"), WRONG_STATE)
def test_a_move_in_the_wrong_state_is_409_and_changes_nothing(
    people, api, django_capture_on_commit_callbacks, start, role, move, body, message, code
):
    application = start(people)
    row = Application.objects.filter(pk=application.pk).values().get()
    events = AuditEvent.objects.filter(application=application).count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _post(api, people.user(role), application, move, body)
    assert response.status_code == 409
    assert response.json() == {"detail": message, "code": code}
    assert callbacks == []
    assert Application.objects.filter(pk=application.pk).values().get() == row
    assert AuditEvent.objects.filter(application=application).count() == events
    assert sms.outbox == []


@pytest.mark.django_db
def test_recommending_before_the_papers_are_verified_is_refused(people, api):
    application = states.scrutinised(people)
    response = _post(api, people.agra_officer, application, "recommend", {"note": ""})
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Verify every paper and answer first: some rules still wait for proof.",
        "code": "conflict",
    }
    assert Application.objects.get(pk=application.pk).status == "under_scrutiny"
