"""Every move of the common path, allowed and refused, through the services."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from accounts import sms
from applications.models import Application, AuditEvent, Note
from applications.services.errors import ApplicationError, NotEligible
from applications.services.review import (
    reject_application,
    return_application,
    take_up_application,
)
from applications.services.submission import resubmit_application, upload_document, withdraw_application
from applications.workflow import STATUS_LABELS, TRANSITIONS, InvalidTransition, Status
from tests.applications.helpers import (
    make_applicant,
    officer,
    officer_access,
    owner_access,
    pdf_upload,
    recommended,
    submitted_toolkit,
    toolkit_draft,
    under_scrutiny,
    verify_all,
)


def _snapshot(application):
    application.refresh_from_db()
    return (application.status, AuditEvent.objects.filter(application=application).count(), len(sms.outbox))


def test_status_is_assigned_only_by_the_workflow():
    """No code outside the engine (applications/engine.py) sets an application's status."""
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bapplication\.status\s*=[^=]", text) and path != root / "applications" / "engine.py":
            offenders.append(str(path.relative_to(root)))
        if re.search(r"\.update\([^)]*\bstatus=", text) and path != root / "applications" / "engine.py":
            offenders.append(str(path.relative_to(root)))
    assert offenders == []


def test_every_transition_names_known_states():
    for transition in TRANSITIONS.values():
        assert transition.target in STATUS_LABELS
        assert transition.sources <= set(STATUS_LABELS)


@pytest.mark.django_db
def test_return_pauses_the_clock_and_resubmission_resumes_it(django_capture_on_commit_callbacks):
    dic = officer()
    application = under_scrutiny(submitted_toolkit(), dic)
    due = application.due_at
    with django_capture_on_commit_callbacks(execute=True):
        application = return_application(
            application_id=application.pk,
            user=dic,
            access=officer_access(dic, application),
            fields=["experience_years"],
            documents=["craft_proof"],
            reason="The craft certificate is unreadable.",
        )
    assert application.status == Status.RETURNED
    assert application.due_at is None
    remaining = application.paused_remaining
    assert timedelta(days=14) < remaining <= timedelta(days=15)
    assert (
        Note.objects.get(application=application, kind="return").text
        == "The craft certificate is unreadable."
    )
    assert application.reference_number in sms.outbox[-1].body and "सुधार" in sms.outbox[-1].body

    # Ten days with the artisan do not count against the office.
    Application.objects.filter(pk=application.pk).update(stage_entered_at=timezone.now() - timedelta(days=10))
    upload_document(
        application_id=application.pk,
        code="craft_proof",
        upload=pdf_upload(),
        user=application.applicant.user,
        access=owner_access(application),
    )
    application = resubmit_application(
        application_id=application.pk, user=application.applicant.user, access=owner_access(application)
    )
    assert application.status == Status.UNDER_SCRUTINY
    assert abs((application.due_at - timezone.now()) - remaining) < timedelta(seconds=5)
    assert application.due_at > due
    assert application.returned_documents == [] and application.returned_fields == []


@pytest.mark.django_db
def test_resubmitting_without_the_flagged_document_is_refused():
    dic = officer()
    application = under_scrutiny(submitted_toolkit(), dic)
    return_application(
        application_id=application.pk,
        user=dic,
        access=officer_access(dic, application),
        fields=[],
        documents=["craft_proof"],
        reason="Unreadable.",
    )
    before = _snapshot(application)
    with pytest.raises(ApplicationError, match="Proof of traditional craft work"):
        resubmit_application(
            application_id=application.pk, user=application.applicant.user, access=owner_access(application)
        )
    assert _snapshot(application) == before


@pytest.mark.django_db
def test_in_a_returned_file_only_flagged_documents_can_be_replaced():
    dic = officer()
    application = under_scrutiny(submitted_toolkit(), dic)
    return_application(
        application_id=application.pk,
        user=dic,
        access=officer_access(dic, application),
        fields=[],
        documents=["craft_proof"],
        reason="Unreadable.",
    )
    with pytest.raises(ApplicationError, match="Only the documents the office asked for"):
        upload_document(
            application_id=application.pk,
            code="aadhaar",
            upload=pdf_upload(),
            user=application.applicant.user,
            access=owner_access(application),
        )
    assert application.documents.filter(code="aadhaar").count() == 1


@pytest.mark.django_db
def test_reject_needs_reasons_and_tells_the_applicant(django_capture_on_commit_callbacks):
    dic = officer()
    application = under_scrutiny(submitted_toolkit(), dic)
    before = _snapshot(application)
    with pytest.raises(ApplicationError, match="at least one reason"):
        reject_application(
            application_id=application.pk,
            user=dic,
            access=officer_access(dic, application),
            reason_codes=[],
            reason="x",
        )
    assert _snapshot(application) == before
    with django_capture_on_commit_callbacks(execute=True):
        application = reject_application(
            application_id=application.pk,
            user=dic,
            access=officer_access(dic, application),
            reason_codes=["not_district_product"],
            reason="The unit makes furniture, not leather goods.",
        )
    assert application.status == Status.REJECTED
    event = AuditEvent.objects.filter(application=application).latest("created_at")
    assert (event.action, event.reason_codes) == ("reject_ineligible", ["not_district_product"])
    assert application.closed_at is not None


@pytest.mark.django_db
def test_recommend_needs_verified_papers():
    dic = officer()
    application = under_scrutiny(submitted_toolkit(), dic)
    from applications.services.review import recommend_application

    before = _snapshot(application)
    with pytest.raises(ApplicationError, match="Verify every paper"):
        recommend_application(
            application_id=application.pk, user=dic, access=officer_access(dic, application), note=""
        )
    assert _snapshot(application) == before
    verify_all(application, dic)
    application = recommend_application(
        application_id=application.pk, user=dic, access=officer_access(dic, application), note="Good"
    )
    assert application.status == Status.RECOMMENDED
    assert application.outcome["is_eligible"] is True and application.outcome["needs_documents"] is False


@pytest.mark.django_db
def test_ineligible_draft_cannot_be_submitted():
    applicant = make_applicant(date_of_birth="2015-01-01")
    application = toolkit_draft(applicant)
    from applications.services.submission import submit_application

    with pytest.raises(NotEligible, match="at least 18 years old"):
        submit_application(
            application_id=application.pk, user=applicant.user, access=owner_access(application)
        )
    application.refresh_from_db()
    assert application.status == Status.DRAFT and application.reference_number is None


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["draft", "submitted", "returned"])
def test_withdraw_before_a_decision(state):
    dic = officer()
    if state == "draft":
        application = toolkit_draft(make_applicant())
    else:
        application = submitted_toolkit()
        if state == "returned":
            under_scrutiny(application, dic)
            return_application(
                application_id=application.pk,
                user=dic,
                access=officer_access(dic, application),
                fields=[],
                documents=["aadhaar"],
                reason="x",
            )
    application = withdraw_application(
        application_id=application.pk, user=application.applicant.user, access=owner_access(application)
    )
    assert application.status == Status.WITHDRAWN


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["under_scrutiny", "recommended"])
def test_withdraw_is_refused_once_the_office_is_deciding(state):
    dic = officer()
    application = under_scrutiny(submitted_toolkit(), dic)
    if state == "recommended":
        application = recommended_from_scrutiny(application, dic)
    before = _snapshot(application)
    with pytest.raises(InvalidTransition):
        withdraw_application(
            application_id=application.pk, user=application.applicant.user, access=owner_access(application)
        )
    assert _snapshot(application) == before


def recommended_from_scrutiny(application, dic):
    from applications.services.review import recommend_application

    verify_all(application, dic)
    return recommend_application(
        application_id=application.pk, user=dic, access=officer_access(dic, application), note=""
    )


@pytest.mark.django_db
def test_officer_of_another_district_cannot_act_and_nothing_changes():
    application = submitted_toolkit()
    lucknow = officer("lucknow")
    before = _snapshot(application)
    with pytest.raises(Http404):
        take_up_application(
            application_id=application.pk, user=lucknow, access=officer_access(lucknow, application)
        )
    assert _snapshot(application) == before


@pytest.mark.django_db
def test_another_artisan_cannot_withdraw():
    application = submitted_toolkit(seed=1)
    other = make_applicant(seed=2)
    from functools import partial

    from applications.access import access_application_for_owner

    before = _snapshot(application)
    with pytest.raises(Http404):
        withdraw_application(
            application_id=application.pk,
            user=other.user,
            access=partial(access_application_for_owner, user=other.user, pk=application.pk),
        )
    assert _snapshot(application) == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "state"),
    [
        ("take_up", "draft"),
        ("take_up", "under_scrutiny"),
        ("return", "submitted"),
        ("recommend", "submitted"),
        ("reject_ineligible", "returned"),
        ("resubmit", "submitted"),
        ("submit", "submitted"),
    ],
)
def test_moves_from_the_wrong_state_are_refused(name, state):
    from applications.workflow import OFFICER, OWNER, ensure_transition_allowed

    application = Application(status=state)
    actor = OWNER if name in ("resubmit", "submit") else OFFICER
    with pytest.raises(InvalidTransition):
        ensure_transition_allowed(application=application, name=name, actor_kind=actor)


@pytest.mark.django_db
def test_owner_cannot_make_office_moves():
    from applications.workflow import OWNER, ensure_transition_allowed

    for name in ("take_up", "return", "reject_ineligible", "recommend", "approve"):
        source = next(iter(TRANSITIONS[name].sources))
        with pytest.raises(InvalidTransition):
            ensure_transition_allowed(application=Application(status=source), name=name, actor_kind=OWNER)


@pytest.mark.django_db
def test_full_path_to_recommendation_is_audited_in_order():
    dic = officer()
    application = recommended(submitted_toolkit(), dic)
    actions = list(AuditEvent.objects.filter(application=application).values_list("action", "to_status"))
    assert actions == [("submit", "submitted"), ("take_up", "under_scrutiny"), ("recommend", "recommended")]
    assert Note.objects.get(application=application, kind="recommendation").text == "Fit for the committee."
