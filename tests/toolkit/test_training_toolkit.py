"""Training and Toolkit after selection (GO-TT-2020): batches, attendance, honorarium, the
institution's halves, the toolkit handed over against the artisan's code, feedback and carry
forward, through the services with the money checked exactly against the RuleSet."""

import re
from datetime import timedelta
from decimal import Decimal
from functools import partial

import pytest
from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from accounts import sms
from accounts.exceptions import CodeRejected, PortalError
from applications.access import access_application_for_owner, access_application_for_review
from applications.models import Application, AuditEvent
from applications.services.errors import ApplicationError, Conflict
from applications.workflow import InvalidTransition, Status
from payments.models import Payment
from schemes.rules.base import financial_year
from tests.applications.helpers import officer, selected_toolkits
from tests.factories import StaffFactory
from toolkit import services as tt
from toolkit.models import BatchTrainee, ToolkitIssue, TrainingAttendance, TrainingBatch
from toolkit.workflow import ToolkitStatus


def _dic(user, application):
    return partial(access_application_for_review, user=user, pk=application.pk)


def _owner(application):
    return partial(access_application_for_owner, user=application.applicant.user, pk=application.pk)


def _state_staff():
    return StaffFactory(role="state_staff", username="odop.cell", district=None)


def _batch(dic, *, capacity=25, days_ago=9, length=10, **overrides):
    today = timezone.localdate()
    start = today - timedelta(days=days_ago)
    values = {
        "institution": "UP Institute of Design",
        "track": "general",
        "start_date": start,
        "end_date": start + timedelta(days=length - 1),
        "venue": "DIC hall, Agra",
        "capacity": capacity,
    }
    values.update(overrides)
    return tt.create_batch(user=dic, **values)


def _attend(dic, batch, present_by_day):
    for offset, present in enumerate(present_by_day):
        tt.record_attendance(
            batch_id=batch.pk, user=dic, day=batch.start_date + timedelta(days=offset), present_ids=present
        )


def _snapshot(application):
    return (
        Application.objects.filter(pk=application.pk).values_list("status", "due_at").get(),
        AuditEvent.objects.filter(application=application).count(),
        Payment.objects.count(),
        BatchTrainee.objects.count(),
        len(sms.outbox),
    )


def _code_for(mobile):
    body = next(m.body for m in reversed(sms.outbox) if m.to == mobile)
    return re.search(rf"\b(\d{{{settings.OTP_LENGTH}}})\b", body).group(1)


@pytest.fixture
def selected(db):
    dic = officer(username="dic.agra")
    return dic, selected_toolkits(dic, 2)


@pytest.mark.django_db
def test_from_selection_to_toolkit_and_feedback(selected, django_capture_on_commit_callbacks):
    dic, (full, partial_attender) = selected
    assert full.status == partial_attender.status == Status.APPROVED
    kit = tt.define_kit(
        user=_state_staff(),
        product=full.product,
        items="Lasting machine, hammers, awls",
        value=Decimal("20000"),
    )
    assert kit.value == Decimal("20000.00")

    batch = _batch(dic)
    assert batch.ruleset_id == full.ruleset_id
    assert tt.training_days(batch) == 10
    with django_capture_on_commit_callbacks(execute=True):
        for application in (full, partial_attender):
            tt.assign_to_batch(batch_id=batch.pk, application_id=application.pk, user=dic)
    assert [m.to for m in sms.outbox if "प्रशिक्षण बैच" in m.body] == [
        full.applicant.user.mobile,
        partial_attender.applicant.user.mobile,
    ]
    full.refresh_from_db()
    assert full.status == ToolkitStatus.IN_TRAINING
    assert full.due_at is not None

    # Ten days for one trainee, seven for the other.
    _attend(dic, batch, [{full.pk, partial_attender.pk}] * 7 + [{full.pk}] * 3)
    # A day recorded again replaces it rather than adding to it.
    tt.record_attendance(
        batch_id=batch.pk, user=dic, day=batch.start_date, present_ids={full.pk, partial_attender.pk}
    )
    assert TrainingAttendance.objects.count() == 20

    # Para 4(2): first half at the start; at most 2 trainees x 10 days x (400 + 250) / 2.
    assert tt.institution_half_cap(batch) == Decimal("6500.00")
    first = tt.pay_institution(
        batch_id=batch.pk,
        user=dic,
        half=1,
        amount=Decimal("6500.00"),
        dbt_reference="INST-1",
        paid_on=batch.start_date,
    )
    assert first.amount == Decimal("6500.00")
    with pytest.raises(Conflict):
        tt.pay_institution(
            batch_id=batch.pk,
            user=dic,
            half=2,
            amount=Decimal("1"),
            dbt_reference="X",
            paid_on=batch.start_date,
        )

    assert tt.complete_batch(batch_id=batch.pk, user=dic) == [full.pk, partial_attender.pk]
    assert BatchTrainee.objects.filter(completed=True).count() == 2
    tt.pay_institution(
        batch_id=batch.pk,
        user=dic,
        half=2,
        amount=Decimal("6000.00"),
        dbt_reference="INST-2",
        paid_on=timezone.localdate(),
    )
    with pytest.raises(Conflict):
        tt.pay_institution(
            batch_id=batch.pk,
            user=dic,
            half=2,
            amount=Decimal("1"),
            dbt_reference="X",
            paid_on=batch.start_date,
        )

    # Para 3(8): days attended x Rs 200 of the application's RuleSet.
    payment = tt.pay_honorarium(
        application_id=full.pk,
        user=dic,
        access=_dic(dic, full),
        dbt_reference="DBT-HON-1",
        paid_on=timezone.localdate(),
    )
    assert (payment.purpose, payment.amount) == ("honorarium", Decimal("2000.00"))
    other = tt.pay_honorarium(
        application_id=partial_attender.pk,
        user=dic,
        access=_dic(dic, partial_attender),
        dbt_reference="DBT-HON-2",
        paid_on=timezone.localdate(),
    )
    assert other.amount == Decimal("1400.00")

    with django_capture_on_commit_callbacks(execute=True):
        tt.send_handover_code(application_id=full.pk, user=dic, access=_dic(dic, full))
    code = _code_for(full.applicant.user.mobile)
    before = _snapshot(full)
    wrong = "0" * settings.OTP_LENGTH if code != "0" * settings.OTP_LENGTH else "1" * settings.OTP_LENGTH
    with pytest.raises(CodeRejected):
        tt.issue_toolkit(application_id=full.pk, user=dic, access=_dic(dic, full), kit=kit, code=wrong)
    assert _snapshot(full) == before
    issue = tt.issue_toolkit(application_id=full.pk, user=dic, access=_dic(dic, full), kit=kit, code=code)
    assert (issue.value, issue.acknowledged_by_otp) == (Decimal("20000.00"), True)
    full.refresh_from_db()
    assert full.status == ToolkitStatus.TOOLKIT_ISSUED
    assert full.due_at is None
    assert list(AuditEvent.objects.filter(application=full).values_list("action", flat=True))[-4:] == [
        "place_in_batch",
        "mark_trained",
        "pay_honorarium",
        "issue_toolkit",
    ]

    # Feedback once the artisan has worked with the tools for 30 days, and only once.
    with pytest.raises(Conflict):
        tt.record_feedback(application_id=full.pk, user=None, access=_owner(full), rating=5, text="Good")
    ToolkitIssue.objects.filter(pk=issue.pk).update(issued_at=timezone.now() - timedelta(days=30))
    with pytest.raises(ApplicationError):
        tt.record_feedback(application_id=full.pk, user=None, access=_owner(full), rating=6, text="")
    issue = tt.record_feedback(
        application_id=full.pk, user=None, access=_owner(full), rating=4, text="Sturdy tools"
    )
    assert (issue.feedback_rating, issue.feedback_text) == (4, "Sturdy tools")
    with pytest.raises(Conflict):
        tt.record_feedback(application_id=full.pk, user=None, access=_owner(full), rating=5, text="")


@pytest.mark.django_db
def test_toolkit_carried_forward_when_funds_are_short(selected, django_capture_on_commit_callbacks):
    dic, (application, _other) = selected
    kit = tt.define_kit(
        user=_state_staff(), product=application.product, items="Loom", value=Decimal("15000")
    )
    batch = _batch(dic)
    tt.assign_to_batch(batch_id=batch.pk, application_id=application.pk, user=dic)
    _attend(dic, batch, [{application.pk}] * 10)
    tt.complete_batch(batch_id=batch.pk, user=dic)

    trainee = tt.carry_forward_toolkit(application_id=application.pk, user=dic, access=_dic(dic, application))
    today = timezone.localdate()
    next_year = financial_year(today.replace(year=today.year + 1))
    assert trainee.toolkit_carried_to == next_year
    application.refresh_from_db()
    assert application.status == ToolkitStatus.TOOLKIT_DEFERRED
    # Carried forward before the honorarium: it is paid while the file waits, in the same state.
    payment = tt.pay_honorarium(
        application_id=application.pk,
        user=dic,
        access=_dic(dic, application),
        dbt_reference="DBT-HON",
        paid_on=today,
    )
    assert payment.amount == Decimal("2000.00")
    application.refresh_from_db()
    assert application.status == ToolkitStatus.TOOLKIT_DEFERRED
    with django_capture_on_commit_callbacks(execute=True):
        tt.send_handover_code(application_id=application.pk, user=dic, access=_dic(dic, application))
    tt.issue_toolkit(
        application_id=application.pk,
        user=dic,
        access=_dic(dic, application),
        kit=kit,
        code=_code_for(application.applicant.user.mobile),
    )
    application.refresh_from_db()
    assert application.status == ToolkitStatus.TOOLKIT_ISSUED


@pytest.mark.django_db
def test_refused_moves_change_nothing(selected):
    dic, (first, second) = selected
    kit = tt.define_kit(user=_state_staff(), product=first.product, items="Loom", value=Decimal("15000"))
    batch = _batch(dic, capacity=1, days_ago=0)

    before = _snapshot(first)
    with pytest.raises(InvalidTransition):
        tt.pay_honorarium(
            application_id=first.pk,
            user=dic,
            access=_dic(dic, first),
            dbt_reference="X",
            paid_on=batch.start_date,
        )
    with pytest.raises(InvalidTransition):
        tt.carry_forward_toolkit(application_id=first.pk, user=dic, access=_dic(dic, first))
    with pytest.raises(Conflict):
        tt.record_attendance(batch_id=batch.pk, user=dic, day=batch.start_date, present_ids={first.pk})
    assert _snapshot(first) == before

    tt.assign_to_batch(batch_id=batch.pk, application_id=first.pk, user=dic)
    before = _snapshot(second)
    with pytest.raises(Conflict, match="full"):
        tt.assign_to_batch(batch_id=batch.pk, application_id=second.pk, user=dic)
    assert _snapshot(second) == before

    before = _snapshot(first)
    with pytest.raises(InvalidTransition):
        tt.assign_to_batch(batch_id=batch.pk, application_id=first.pk, user=dic)
    with pytest.raises(Conflict, match="after its last day"):
        tt.complete_batch(batch_id=batch.pk, user=dic)
    with pytest.raises(ApplicationError):
        tt.record_attendance(
            batch_id=batch.pk, user=dic, day=batch.start_date - timedelta(days=1), present_ids={first.pk}
        )
    with pytest.raises(InvalidTransition):
        tt.issue_toolkit(application_id=first.pk, user=dic, access=_dic(dic, first), kit=kit, code="123456")
    assert _snapshot(first) == before
    assert TrainingAttendance.objects.count() == 0
    assert TrainingBatch.objects.get(pk=batch.pk).completed_at is None


@pytest.mark.django_db
def test_limits_of_the_go_refused_naming_the_field(selected):
    dic, (application, _other) = selected
    with pytest.raises(ApplicationError) as caught:
        _batch(dic, capacity=26)
    assert caught.value.field == "capacity"
    with pytest.raises(ApplicationError) as caught:
        _batch(dic, length=9)
    assert caught.value.field == "end_date"
    with pytest.raises(ApplicationError) as caught:
        tt.define_kit(
            user=_state_staff(), product=application.product, items="Loom", value=Decimal("20000.01")
        )
    assert caught.value.field == "value"
    with pytest.raises(PortalError):
        tt.define_kit(user=dic, product=application.product, items="Loom", value=Decimal("100"))
    with pytest.raises(PortalError):
        tt.create_batch(
            user=application.applicant.user,
            institution="ITI",
            track="rpl",
            start_date=timezone.localdate(),
            end_date=timezone.localdate() + timedelta(days=9),
            venue="ITI",
            capacity=10,
        )
    assert TrainingBatch.objects.count() == 0


@pytest.mark.django_db
def test_attendance_only_by_the_dic_of_that_district(selected, client):
    dic, (application, _other) = selected
    batch = _batch(dic)
    tt.assign_to_batch(batch_id=batch.pk, application_id=application.pk, user=dic)
    elsewhere = officer("lucknow", username="dic.lucknow")
    with pytest.raises(Http404):
        tt.record_attendance(
            batch_id=batch.pk, user=elsewhere, day=batch.start_date, present_ids={application.pk}
        )
    with pytest.raises(Http404):
        tt.record_attendance(
            batch_id=batch.pk,
            user=application.applicant.user,
            day=batch.start_date,
            present_ids={application.pk},
        )

    url = reverse("toolkit:batch_act", args=[batch.pk, "attendance"])
    data = {"day": batch.start_date.isoformat(), "present": [str(application.pk)]}
    client.force_login(elsewhere)
    assert client.post(url, data).status_code == 404
    assert client.get(reverse("toolkit:batch", args=[batch.pk])).status_code == 404
    client.force_login(application.applicant.user)
    assert client.post(url, data).status_code in (403, 404)
    client.force_login(_state_staff())
    assert client.post(url, data).status_code in (403, 404)
    client.logout()
    assert client.post(url, data).status_code in (302, 403, 404)
    assert TrainingAttendance.objects.count() == 0

    client.force_login(dic)
    response = client.post(url, data)
    assert response.status_code == 302
    assert TrainingAttendance.objects.filter(present=True).count() == 1


@pytest.mark.django_db
def test_the_dic_works_a_batch_on_its_pages(selected, client, django_capture_on_commit_callbacks):
    dic, (first, second) = selected
    client.force_login(dic)
    today = timezone.localdate()
    response = client.post(
        reverse("toolkit:batches"),
        {
            "institution": "ITI Agra",
            "track": "rpl",
            "start_date": (today - timedelta(days=9)).isoformat(),
            "end_date": today.isoformat(),
            "venue": "ITI Agra",
            "capacity": "25",
        },
    )
    batch = TrainingBatch.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("toolkit:batch", args=[batch.pk]))
    assert page.status_code == 200
    assert first.reference_number in page.content.decode()
    act = partial(lambda action: reverse("toolkit:batch_act", args=[batch.pk, action]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(act("assign"), {"applications": [str(first.pk), str(second.pk)]})
    assert BatchTrainee.objects.filter(batch=batch).count() == 2
    for offset in range(10):
        day = batch.start_date + timedelta(days=offset)
        client.post(act("attendance"), {"day": day.isoformat(), "present": [str(first.pk)]})
    assert client.post(act("complete")).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (ToolkitStatus.TRAINED, ToolkitStatus.IN_TRAINING)
    trainee_url = reverse("toolkit:trainee_act", args=[batch.pk, first.pk, "pay_honorarium"])
    client.post(
        trainee_url,
        {
            f"honorarium-{first.pk}-dbt_reference": "DBT-9",
            f"honorarium-{first.pk}-paid_on": today.isoformat(),
        },
    )
    assert Payment.objects.get(application=first, purpose="honorarium").amount == Decimal("2000.00")
    page = client.get(reverse("toolkit:batch", args=[batch.pk]))
    assert "2,000" in page.content.decode() or "2000" in page.content.decode()


@pytest.mark.django_db
def test_batch_list_queries_do_not_grow(selected, client, django_assert_num_queries):
    dic, (first, second) = selected
    client.force_login(dic)
    batch = _batch(dic)
    tt.assign_to_batch(batch_id=batch.pk, application_id=first.pk, user=dic)
    url = reverse("toolkit:batches")
    client.get(url)
    with django_assert_num_queries(QUERIES) as captured:
        assert client.get(url).status_code == 200
    for _ in range(4):
        _batch(dic)
    tt.assign_to_batch(batch_id=TrainingBatch.objects.first().pk, application_id=second.pk, user=dic)
    with django_assert_num_queries(len(captured)):
        assert client.get(url).status_code == 200


QUERIES = 6


@pytest.mark.django_db
def test_feedback_page_from_the_tracking_page(selected, client, django_capture_on_commit_callbacks):
    dic, (application, _other) = selected
    kit = tt.define_kit(
        user=_state_staff(), product=application.product, items="Loom", value=Decimal("15000")
    )
    batch = _batch(dic)
    tt.assign_to_batch(batch_id=batch.pk, application_id=application.pk, user=dic)
    _attend(dic, batch, [{application.pk}] * 10)
    tt.complete_batch(batch_id=batch.pk, user=dic)
    tt.pay_honorarium(
        application_id=application.pk,
        user=dic,
        access=_dic(dic, application),
        dbt_reference="D",
        paid_on=timezone.localdate(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        tt.send_handover_code(application_id=application.pk, user=dic, access=_dic(dic, application))
    tt.issue_toolkit(
        application_id=application.pk,
        user=dic,
        access=_dic(dic, application),
        kit=kit,
        code=_code_for(application.applicant.user.mobile),
    )
    feedback_url = reverse("toolkit:toolkit_feedback", args=[application.pk])
    client.force_login(application.applicant.user)
    assert (
        feedback_url not in client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    )
    ToolkitIssue.objects.update(issued_at=timezone.now() - timedelta(days=31))
    assert feedback_url in client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    response = client.post(feedback_url, {"rating": "5", "text": "Very useful"})
    assert response.status_code == 302
    assert ToolkitIssue.objects.get().feedback_rating == 5
    client.force_login(dic)
    assert client.get(feedback_url).status_code in (403, 404)


@pytest.mark.django_db(transaction=True)
def test_two_officers_fill_the_last_seat_at_once_only_one_wins(postgres):
    from tests.applications.test_concurrency import _race

    first_dic, second_dic = officer(username="dic.one"), officer(username="dic.two")
    first, second = selected_toolkits(first_dic, 2)
    batch = _batch(first_dic, capacity=1, days_ago=0)
    results = _race(
        lambda: tt.assign_to_batch(batch_id=batch.pk, application_id=first.pk, user=first_dic),
        lambda: tt.assign_to_batch(batch_id=batch.pk, application_id=second.pk, user=second_dic),
    )
    assert sorted(kind for kind, _ in results) == ["ok", "refused"]
    assert BatchTrainee.objects.filter(batch=batch).count() == 1
    statuses = sorted(
        Application.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)
    )
    assert statuses == [Status.APPROVED, ToolkitStatus.IN_TRAINING]
    assert AuditEvent.objects.filter(action="place_in_batch").count() == 1


@pytest.mark.django_db
def test_batch_page_queries_do_not_grow_with_trainees_awaiting_a_kit(client):
    """Each trainee waiting for a toolkit gets a hand-over form listing the product's kits;
    the kits are read once for the page, not once per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    dic = officer(username="dic.agra")
    applications = selected_toolkits(dic, 4)
    tt.define_kit(user=_state_staff(), product=applications[0].product, items="Awls", value=Decimal("15000"))
    client.force_login(dic)

    def batch_page(members, **batch_values):
        batch = _batch(dic, **batch_values)
        for application in members:
            tt.assign_to_batch(batch_id=batch.pk, application_id=application.pk, user=dic)
        _attend(dic, batch, [{a.pk for a in members}] * 10)
        tt.complete_batch(batch_id=batch.pk, user=dic)
        for application in members:
            tt.pay_honorarium(
                application_id=application.pk,
                user=dic,
                access=_dic(dic, application),
                dbt_reference=f"DBT-{application.pk}",
                paid_on=timezone.localdate(),
            )
        url = reverse("toolkit:batch", args=[batch.pk])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.content.decode().count("Awls") == len(members)
        return len(queries)

    assert batch_page(applications[:1]) == batch_page(applications[1:], venue="Second hall")
