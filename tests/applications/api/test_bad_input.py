"""Bad request bodies and filters answer 400 naming the field, and change nothing."""

import base64

import pytest

from accounts import sms
from applications.models import Application, AuditEvent, Note
from tests.applications.api import states
from tests.applications.helpers import officer

LONG = "x" * 2001

BAD_BODIES = [
    # return
    (
        "return",
        {"fields": "craft", "documents": [], "reason": "Fix it."},
        {"fields": ['Expected a list of items but got type "str".']},
    ),
    (
        "return",
        {"fields": [], "documents": [["craft_proof"]], "reason": "Fix it."},
        {"documents": {"0": ["Not a valid string."]}},
    ),
    (
        "return",
        {"fields": [], "documents": ["craft_proof"], "reason": LONG},
        {"reason": ["Ensure this field has no more than 2000 characters."]},
    ),
    (
        "return",
        {"documents": ["craft_proof"]},
        {"fields": ["This field is required."], "reason": ["This field is required."]},
    ),
    (
        "return",
        {"fields": [], "documents": ["passport"], "reason": "Fix it."},
        {"documents": ["Choose documents from the list."]},
    ),
    (
        "return",
        {"fields": ["aadhaar_number"], "documents": [], "reason": "Fix it."},
        {"fields": ["Choose answers from the list."]},
    ),
    (
        "return",
        {"fields": [], "documents": [], "reason": "Fix it."},
        {"fields": ["Choose at least one answer or document to correct."]},
    ),
    (
        "return",
        {"fields": ["craft"], "documents": [], "reason": "   "},
        {"reason": ["Write what the applicant must do."]},
    ),
    (
        "return",
        {"fields": ["craft"] * 51, "documents": [], "reason": "Fix it."},
        {"fields": ["Ensure this field has no more than 50 elements."]},
    ),
    # reject
    ("reject", {"reason_codes": [], "reason": "No."}, {"reason_codes": ["Choose at least one reason."]}),
    (
        "reject",
        {"reason_codes": ["other"], "reason": ""},
        {"reason": ["Write the explanation for the applicant."]},
    ),
    (
        "reject",
        {"reason_codes": ["made_up"], "reason": "No."},
        {"reason_codes": ["Choose reasons from the list."]},
    ),
    (
        "reject",
        {"reason_codes": ["x" * 61], "reason": "No."},
        {"reason_codes": {"0": ["Ensure this field has no more than 60 characters."]}},
    ),
    (
        "reject",
        {"reason_codes": "other"},
        {
            "reason_codes": ['Expected a list of items but got type "str".'],
            "reason": ["This field is required."],
        },
    ),
    # recommend
    ("recommend", {"note": LONG}, {"note": ["Ensure this field has no more than 2000 characters."]}),
    ("recommend", {"note": None}, {"note": ["This field may not be null."]}),
    # assign
    ("assign", {}, {"assignee": ["This field is required."]}),
    ("assign", {"assignee": "me"}, {"assignee": ["A valid integer is required."]}),
    ("assign", {"assignee": 999999}, {"assignee": ["No such user."]}),
    ("assign", {"assignee": 1.5}, {"assignee": ["A valid integer is required."]}),
    (
        "assign",
        {"assignee": 2**70},
        {"assignee": ["Ensure this value is less than or equal to 9223372036854775807."]},
    ),
    ("assign", {"assignee": 0}, {"assignee": ["Ensure this value is greater than or equal to 1."]}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("move", "body", "errors"), BAD_BODIES)
def test_bad_body_is_400_naming_the_field(
    people, api, django_capture_on_commit_callbacks, move, body, errors
):
    application = states.scrutinised(people)
    row = Application.objects.filter(pk=application.pk).values().get()
    events = AuditEvent.objects.filter(application=application).count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = api(people.agra_officer).post(
            f"/api/v1/applications/{application.pk}/{move}/", body, format="json"
        )
    assert response.status_code == 400
    answer = response.json()
    assert isinstance(answer.pop("code"), str)
    assert answer == errors
    assert callbacks == []
    assert Application.objects.filter(pk=application.pk).values().get() == row
    assert AuditEvent.objects.filter(application=application).count() == events
    assert not Note.objects.filter(application=application).exists()
    assert sms.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize("district", ["lucknow", "agra"])
def test_assigning_outside_the_office_is_refused_by_the_service(people, api, district):
    application = states.submitted(people)
    outsider = officer(district) if district == "lucknow" else officer(district, role="committee_member")
    response = api(people.agra_officer).post(
        f"/api/v1/applications/{application.pk}/assign/", {"assignee": outsider.pk}, format="json"
    )
    assert response.status_code == 400
    answer = response.json()
    assert isinstance(answer.pop("code"), str)
    assert answer == {"assignee": ["Files can only be assigned within the same district office."]}
    assert Application.objects.get(pk=application.pk).assigned_to_id is None


@pytest.mark.django_db
def test_a_body_that_is_not_an_object_is_400(people, api):
    application = states.scrutinised(people)
    response = api(people.agra_officer).post(
        f"/api/v1/applications/{application.pk}/return/", ["craft_proof"], format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "non_field_errors": ["Invalid data. Expected a dictionary, but got list."],
    }


@pytest.mark.django_db
def test_malformed_json_is_400(people, api):
    application = states.scrutinised(people)
    response = api(people.agra_officer).post(
        f"/api/v1/applications/{application.pk}/return/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    assert Application.objects.get(pk=application.pk).status == "under_scrutiny"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("submitted_from=yesterday", "submitted_from"),
        ("submitted_to=2026-02-30", "submitted_to"),
        ("status=draft", "status"),
        ("scheme=XYZ", "scheme"),
        ("product=shoes", "product"),
        ("product=1.5", "product"),
        (f"product={2**70}", "product"),
    ],
)
def test_bad_filter_is_400_naming_the_field(people, api, query, field):
    response = api(people.agra_officer).get(f"/api/v1/applications/?{query}")
    assert response.status_code == 400
    assert sorted(response.json()) == sorted(["code", field])
    assert response.json()["code"] == "invalid"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["agra_officer", "owner"])
@pytest.mark.parametrize(
    "cursor",
    [
        "bm9uc2Vuc2U",  # not base64 at all (no padding)
        *(base64.urlsafe_b64encode(p).decode() for p in [b"p=None", b"p=yesterday", b"o=1&p=2026-13-45"]),
    ],
)
def test_a_forged_cursor_is_404_not_500(people, api, role, cursor):
    states.submitted(people)
    response = api(people.user(role)).get(f"/api/v1/applications/?cursor={cursor}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid cursor", "code": "not_found"}
