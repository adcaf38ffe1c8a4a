"""Who may read and move which application through the API.

Roles: anonymous, the owner artisan, another artisan, an officer of Agra (the file's district),
an officer of Lucknow, a committee member of Agra and state staff. A refused move answers 401,
403 or 404 and changes nothing: not the row, not the audit trail, not the notes, and no SMS or
task is queued."""

import pytest

from accounts import sms
from applications.models import Application, AuditEvent, Note
from applications.services.submission import start_application
from schemes.models import Scheme
from tests.applications.api import states
from tests.applications.api.people import ROLES
from tests.applications.helpers import at_committee, officer, submitted_toolkit

NOT_SIGNED_IN = {"detail": "Authentication credentials were not provided.", "code": "not_authenticated"}
NOT_FOUND = {"detail": "Not found.", "code": "not_found"}
NOT_YOURS = {"detail": "You cannot do this to this application.", "code": "permission_denied"}
REFUSAL_BODIES = {401: NOT_SIGNED_IN, 403: NOT_YOURS, 404: NOT_FOUND}


def _list(api, user) -> list[int]:
    response = api(user).get("/api/v1/applications/")
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


# --- List ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_list_is_scoped_to_what_each_role_may_read(people, api):
    own_submitted = submitted_toolkit(people.owner)
    own_draft = start_application(applicant=people.owner, scheme=Scheme.objects.get(code="MM"))
    at_committee_ = at_committee(submitted_toolkit(seed=3), people.agra_officer)
    lucknow = submitted_toolkit(seed=4, district="lucknow")
    assert api(None).get("/api/v1/applications/").status_code == 401
    # The artisan sees their own newest first, the draft too.
    assert _list(api, people.user("owner")) == [own_draft.pk, own_submitted.pk]
    assert _list(api, people.user("other_artisan")) == []
    # Staff see submitted files oldest first, never drafts.
    assert _list(api, people.agra_officer) == [own_submitted.pk, at_committee_.pk]
    assert _list(api, people.lucknow_officer) == [lucknow.pk]
    assert _list(api, people.agra_committee) == [at_committee_.pk]
    assert _list(api, people.state_staff) == [own_submitted.pk, at_committee_.pk, lucknow.pk]


@pytest.mark.django_db
def test_a_draft_withdrawn_before_submission_never_reaches_the_staff_lists(people, api):
    draft = states.draft(people)
    response = api(people.user("owner")).post(f"/api/v1/applications/{draft.pk}/withdraw/")
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    assert _list(api, people.user("owner")) == [draft.pk]
    assert _list(api, people.agra_officer) == []
    assert _list(api, people.state_staff) == []


# --- Detail -------------------------------------------------------------------------------------

DETAIL_OF_SUBMITTED = {
    "anonymous": 401,
    "owner": 200,
    "other_artisan": 404,
    "agra_officer": 200,
    "lucknow_officer": 404,
    "agra_committee": 404,  # not yet at the committee
    "state_staff": 200,
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_detail_of_a_submitted_application(people, api, role):
    application = states.submitted(people)
    response = api(people.user(role)).get(f"/api/v1/applications/{application.pk}/")
    assert response.status_code == DETAIL_OF_SUBMITTED[role]
    if response.status_code == 200:
        assert response.json()["reference_number"] == application.reference_number
    else:
        assert response.json() == REFUSAL_BODIES[response.status_code]


@pytest.mark.django_db
def test_committee_member_reads_a_file_once_it_reaches_the_committee(people, api):
    application = at_committee(states.submitted(people), people.agra_officer)
    response = api(people.agra_committee).get(f"/api/v1/applications/{application.pk}/")
    assert response.status_code == 200
    assert response.json()["status"] == "on_agenda"
    lucknow_member = officer("lucknow", role="committee_member")
    assert api(lucknow_member).get(f"/api/v1/applications/{application.pk}/").status_code == 404


@pytest.mark.django_db
def test_missing_and_forbidden_rows_get_the_same_answer(people, api):
    application = states.submitted(people)
    forbidden = api(people.lucknow_officer).get(f"/api/v1/applications/{application.pk}/")
    missing = api(people.lucknow_officer).get(f"/api/v1/applications/{application.pk + 1000}/")
    assert (forbidden.status_code, forbidden.json()) == (missing.status_code, missing.json())
    assert missing.json() == NOT_FOUND
    assert api(people.agra_officer).get("/api/v1/applications/abc/").status_code == 404


# --- Moves --------------------------------------------------------------------------------------

OWNER_MOVE = {
    "anonymous": 401,
    "owner": 200,
    "other_artisan": 404,
    "agra_officer": 403,
    "lucknow_officer": 404,
    "agra_committee": 404,
    "state_staff": 403,
}
# Staff never see a draft the artisan has not submitted: to them it does not exist.
DRAFT_OWNER_MOVE = {**OWNER_MOVE, "agra_officer": 404, "state_staff": 404}
OFFICER_MOVE = {
    "anonymous": 401,
    "owner": 403,
    "other_artisan": 404,
    "agra_officer": 200,
    "lucknow_officer": 404,
    "agra_committee": 404,
    "state_staff": 403,
}


def _assign_body(people, application):
    return {"assignee": officer("agra").pk}


# move: (starting state, body, expected matrix, status after, its audit action, tasks it queues)
MOVES = {
    "submit": (states.draft, None, DRAFT_OWNER_MOVE, "submitted", "submit", 1),
    "resubmit": (states.returned_and_corrected, None, OWNER_MOVE, "under_scrutiny", "resubmit", 0),
    "withdraw": (states.submitted, None, OWNER_MOVE, "withdrawn", "withdraw", 0),
    "take-up": (states.submitted, None, OFFICER_MOVE, "under_scrutiny", "take_up", 0),
    "return": (
        states.scrutinised,
        lambda people, app: {"fields": ["craft"], "documents": ["craft_proof"], "reason": "Name the craft."},
        OFFICER_MOVE,
        "returned",
        "return",
        1,
    ),
    "reject": (
        states.scrutinised,
        lambda people, app: {"reason_codes": ["not_viable"], "reason": "The unit cannot run."},
        OFFICER_MOVE,
        "rejected",
        "reject_ineligible",
        1,
    ),
    "recommend": (
        states.verified,
        lambda people, app: {"note": "Fit for the committee."},
        OFFICER_MOVE,
        "recommended",
        "recommend",
        1,
    ),
    "assign": (states.submitted, _assign_body, OFFICER_MOVE, "submitted", "assign", 0),
}


def _snapshot(application: Application) -> tuple:
    row = Application.objects.filter(pk=application.pk).values().get()
    return (
        row,
        AuditEvent.objects.filter(application=application).count(),
        Note.objects.filter(application=application).count(),
        len(sms.outbox),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("move", list(MOVES))
def test_move_permission_matrix(people, api, django_capture_on_commit_callbacks, move, role):
    start, body_for, expected, status_after, audit_action, queued = MOVES[move]
    application = start(people)
    body = body_for(people, application) if body_for else None
    row, events, notes, messages = _snapshot(application)
    allowed = expected[role] == 200

    # A refused move's callbacks (there must be none) would run and show in the SMS outbox; an
    # allowed move's are counted, not run, so the committee's follow-up tasks stay out of it.
    with django_capture_on_commit_callbacks(execute=not allowed) as callbacks:
        response = api(people.user(role)).post(
            f"/api/v1/applications/{application.pk}/{move}/", body, format="json"
        )

    assert response.status_code == expected[role]
    if allowed:
        assert response.json()["status"] == status_after
        actions = list(AuditEvent.objects.filter(application=application).values_list("action", flat=True))
        assert actions[events:] == ([audit_action] if audit_action else [])
        assert len(callbacks) == queued
        if move == "assign":
            assert response.json()["assigned_to"]["id"] == body["assignee"]
    else:
        assert response.json() == REFUSAL_BODIES[response.status_code]
        assert callbacks == []
        assert _snapshot(application) == (row, events, notes, messages)


@pytest.mark.django_db
@pytest.mark.parametrize("move", list(MOVES))
def test_committee_member_sees_a_file_at_the_committee_but_makes_no_office_or_owner_move(
    people, api, django_capture_on_commit_callbacks, move
):
    application = at_committee(states.submitted(people), people.agra_officer)
    before = _snapshot(application)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = api(people.agra_committee).post(
            f"/api/v1/applications/{application.pk}/{move}/", {}, format="json"
        )
    assert response.status_code == 403
    assert response.json() == NOT_YOURS
    assert callbacks == []
    assert _snapshot(application) == before


@pytest.mark.django_db
def test_an_inactive_officer_is_refused(people, api):
    application = states.submitted(people)
    people.agra_officer.is_active = False
    people.agra_officer.save(update_fields=["is_active"])
    assert api(people.agra_officer).get(f"/api/v1/applications/{application.pk}/").status_code == 404
    response = api(people.agra_officer).post(f"/api/v1/applications/{application.pk}/take-up/")
    assert response.status_code == 404
    assert Application.objects.get(pk=application.pk).status == "submitted"
