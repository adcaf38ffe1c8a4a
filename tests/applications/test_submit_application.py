from decimal import Decimal

import pytest
from django.utils import timezone

from accounts import sms
from applications.models import AuditEvent, Document
from applications.services.errors import Conflict, Incomplete
from applications.services.submission import submit_application
from applications.workflow import Status
from schemes.rules.base import financial_year
from tests.applications.helpers import make_applicant, owner_access, submitted_toolkit, toolkit_draft


@pytest.mark.django_db
def test_submitting_gives_a_reference_number_and_records_the_move(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = submitted_toolkit()
    year = financial_year(timezone.localdate())
    assert application.reference_number == f"ODOP/TT/AGR/{year}/000001"
    assert application.status == Status.SUBMITTED
    assert application.is_eligible is True
    assert application.benefit_amount == Decimal("22000.00")
    event = AuditEvent.objects.get(application=application)
    assert (event.action, event.from_status, event.to_status) == ("submit", "draft", "submitted")
    assert event.actor == application.applicant.user
    assert application.due_at is not None
    assert "ODOP/TT/AGR" in sms.outbox[-1].body


@pytest.mark.django_db
def test_numbers_follow_the_serial_register_per_district():
    first = submitted_toolkit(seed=1)
    second = submitted_toolkit(seed=2)
    lucknow = submitted_toolkit(seed=3, district="lucknow")
    assert first.reference_number.endswith("/000001")
    assert second.reference_number.endswith("/000002")
    assert "/LUC/" in lucknow.reference_number and lucknow.reference_number.endswith("/000001")


@pytest.mark.django_db
def test_second_submission_of_the_same_draft_is_refused_and_changes_nothing():
    application = submitted_toolkit()
    with pytest.raises(Conflict):
        submit_application(
            application_id=application.pk, user=application.applicant.user, access=owner_access(application)
        )
    assert AuditEvent.objects.filter(application=application).count() == 1
    application.refresh_from_db()
    assert application.reference_number.endswith("/000001")


@pytest.mark.django_db
def test_missing_documents_block_submission():
    applicant = make_applicant()
    application = toolkit_draft(applicant)
    Document.objects.filter(application=application, code="craft_proof").delete()
    with pytest.raises(Incomplete, match="Proof of traditional craft work"):
        submit_application(
            application_id=application.pk, user=applicant.user, access=owner_access(application)
        )
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert application.reference_number is None
    assert not AuditEvent.objects.filter(application=application).exists()
