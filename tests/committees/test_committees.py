"""Agendas, meetings and decisions through the services (tasks run eagerly here; the worker
tests run the same path through Redis and a real Celery worker)."""

import re
from datetime import timedelta

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from accounts import sms
from applications.models import Application, AuditEvent
from applications.services.errors import ApplicationError
from applications.workflow import Status
from committees.models import AgendaItem, Committee, Letter, Meeting
from committees.services.escalation import escalate_overdue
from committees.services.meetings import (
    apply_meeting_decisions,
    committee_for,
    place_on_agenda,
    record_meeting_decisions,
    sweep_waiting_recommendations,
)
from districts.models import District
from schemes.models import Scheme
from tests.applications.helpers import officer, recommended, submitted_toolkit
from tests.committees.helpers import close_agenda, seat_committee


@pytest.mark.django_db
@pytest.mark.parametrize(("scheme", "kind"), [("MM", "dltfc"), ("TT", "tsc"), ("MDA", "dlc"), ("CFC", "dlc")])
def test_the_committee_for_each_scheme_is_data(scheme, kind):
    assert Committee.objects.filter(district__isnull=False).count() == 75 * 3
    application = Application(
        scheme_id=Scheme.objects.get(code=scheme).pk, district_id=District.objects.get(slug="lucknow").pk
    )
    committee = committee_for(application)
    assert (committee.kind, committee.district.slug) == (kind, "lucknow")


def _recommended(dic, seed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return recommended(submitted_toolkit(seed=seed), dic)


@pytest.mark.django_db
def test_recommendation_reaches_the_next_meeting_in_order(django_capture_on_commit_callbacks):
    committee, secretary, _ = seat_committee()
    first = _recommended(secretary, 1, django_capture_on_commit_callbacks)
    second = _recommended(secretary, 2, django_capture_on_commit_callbacks)
    first.refresh_from_db()
    assert first.status == Status.ON_AGENDA
    items = list(AgendaItem.objects.order_by("position"))
    assert [(i.application_id, i.position) for i in items] == [(first.pk, 1), (second.pk, 2)]
    meeting = items[0].meeting
    assert meeting.committee == committee and items[1].meeting == meeting
    assert meeting.scheduled_for - timedelta(days=committee.agenda_lock_days) > timezone.now()
    assert timezone.localtime(meeting.scheduled_for).day == committee.meeting_day
    # Artisans get their messages in Hindi unless they chose English.
    assert any(first.reference_number in m.body and "कार्यसूची" in m.body for m in sms.outbox)


@pytest.mark.django_db
def test_placing_twice_puts_it_on_one_agenda_once(django_capture_on_commit_callbacks):
    _, secretary, _ = seat_committee()
    application = _recommended(secretary, 1, django_capture_on_commit_callbacks)
    assert place_on_agenda(application_id=application.pk) is None
    assert AgendaItem.objects.filter(application=application).count() == 1
    assert AuditEvent.objects.filter(application=application, action="place_on_agenda").count() == 1


@pytest.mark.django_db
def test_a_recommendation_whose_send_was_lost_is_placed_by_the_relay():
    from outbox.models import OutboxMessage
    from outbox.services import relay

    _, secretary, _ = seat_committee()
    application = recommended(submitted_toolkit(), secretary)  # on_commit never ran: the send was "lost"
    assert application.status == Status.RECOMMENDED
    row = OutboxMessage.objects.get(task="committees.tasks.place_on_agenda_task", args=[application.pk])
    assert row.state == OutboxMessage.State.PENDING
    # The "submitted" message and the placement; eager here, so the relay runs them.
    assert relay().published == 2
    application.refresh_from_db()
    assert application.status == Status.ON_AGENDA
    assert OutboxMessage.objects.get(pk=row.pk).state == OutboxMessage.State.DONE
    Application.objects.filter(pk=application.pk).update(
        stage_entered_at=timezone.now() - timedelta(minutes=5)
    )
    assert sweep_waiting_recommendations() == []


@pytest.mark.django_db
def test_the_sweep_queues_a_waiting_file_once_however_often_it_runs():
    from outbox.models import OutboxMessage

    _, secretary, _ = seat_committee()
    application = recommended(submitted_toolkit(), secretary)
    OutboxMessage.objects.all().delete()  # recorded before the outbox existed
    Application.objects.filter(pk=application.pk).update(
        stage_entered_at=timezone.now() - timedelta(minutes=5)
    )
    assert sweep_waiting_recommendations() == [application.pk]
    assert sweep_waiting_recommendations() == []
    assert OutboxMessage.objects.filter(task="committees.tasks.place_on_agenda_task").count() == 1


@pytest.mark.django_db
def test_full_meeting_approve_reject_defer(django_capture_on_commit_callbacks, settings):
    _committee, secretary, members = seat_committee()
    apps = [_recommended(secretary, seed, django_capture_on_commit_callbacks) for seed in (1, 2, 3)]
    meeting = AgendaItem.objects.get(application=apps[0]).meeting
    with django_capture_on_commit_callbacks(execute=True):
        meeting = close_agenda(meeting)
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.LOCKED
    assert meeting.agenda_pdf.name.endswith(".pdf")
    items = {i.application_id: i for i in meeting.items.all()}
    decisions = {
        items[apps[0].pk].pk: {"decision": "approve"},
        items[apps[1].pk].pk: {
            "decision": "reject",
            "reason_codes": ["not_viable"],
            "text": "The costing is not realistic.",
        },
        items[apps[2].pk].pk: {"decision": "defer", "recused": [members[0].pk]},
    }
    present = [secretary.pk, *(m.pk for m in members)]
    with django_capture_on_commit_callbacks(execute=True):
        record_meeting_decisions(
            meeting_id=meeting.pk, user=secretary, present_user_ids=present, decisions=decisions
        )
    statuses = dict(Application.objects.filter(pk__in=[a.pk for a in apps]).values_list("pk", "status"))
    assert statuses[apps[0].pk] == Status.APPROVED
    assert statuses[apps[1].pk] == Status.REJECTED
    # Deferred, then placed on the next meeting's agenda straight away.
    assert statuses[apps[2].pk] == Status.ON_AGENDA
    later = AgendaItem.objects.get(application=apps[2], applied_at__isnull=True)
    assert later.meeting != meeting and later.meeting.scheduled_for > meeting.scheduled_for
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.CLOSED and meeting.minutes_pdf.name.endswith(".pdf")
    assert set(Letter.objects.values_list("application_id", "kind")) == {
        (apps[0].pk, "sanction"),
        (apps[1].pk, "rejection"),
    }
    assert meeting.items.get(application=apps[2]).recusals.get().user == members[0]
    # Applied again (a redelivered task): nothing moves twice.
    assert apply_meeting_decisions(meeting_id=meeting.pk) == 0
    assert AuditEvent.objects.filter(application=apps[0], action="approve").count() == 1


@pytest.mark.django_db
def test_decisions_need_quorum_reasons_and_the_secretary(django_capture_on_commit_callbacks):
    _committee, secretary, members = seat_committee()
    application = _recommended(secretary, 1, django_capture_on_commit_callbacks)
    meeting = close_agenda(AgendaItem.objects.get(application=application).meeting)
    item = meeting.items.get()
    cases = [
        (
            members[0],
            [secretary.pk, *[m.pk for m in members]],
            {item.pk: {"decision": "approve"}},
            "member-secretary",
        ),
        (secretary, [secretary.pk], {item.pk: {"decision": "approve"}}, "No quorum"),
        (
            secretary,
            [secretary.pk, *[m.pk for m in members]],
            {item.pk: {"decision": ""}},
            "Record a decision",
        ),
        (
            secretary,
            [secretary.pk, *[m.pk for m in members]],
            {item.pk: {"decision": "reject", "reason_codes": []}},
            "reasons",
        ),
        # A forged reason code, or more than the minutes hold, is refused before anything is saved.
        (
            secretary,
            [secretary.pk, *[m.pk for m in members]],
            {item.pk: {"decision": "reject", "reason_codes": ["not_viable", "made_up"], "text": "No"}},
            "choose the reasons from the list",
        ),
        (
            secretary,
            [secretary.pk, *[m.pk for m in members]],
            {item.pk: {"decision": "reject", "reason_codes": ["other"], "text": "x" * 2001}},
            "at most 2000 characters",
        ),
        (
            secretary,
            [secretary.pk, *[m.pk for m in members]],
            {item.pk: {"decision": "approve", "interview_note": "y" * 2001}},
            "at most 2000 characters",
        ),
    ]
    for user, present, decisions, message in cases:
        with pytest.raises(ApplicationError, match=message):
            record_meeting_decisions(
                meeting_id=meeting.pk, user=user, present_user_ids=present, decisions=decisions
            )
        meeting.refresh_from_db()
        assert meeting.state == Meeting.State.LOCKED
        assert not meeting.attendance.exists()
        assert AgendaItem.objects.get(pk=item.pk).decision == ""


@pytest.mark.django_db
def test_only_members_see_a_meeting_and_agra_cannot_touch_lucknow(client, django_capture_on_commit_callbacks):
    _, agra_secretary, agra_members = seat_committee("tsc", "agra")
    _, lucknow_secretary, _ = seat_committee(
        "tsc", "lucknow", secretary=officer("lucknow", username="dic.lko")
    )
    with django_capture_on_commit_callbacks(execute=True):
        lucknow_app = recommended(submitted_toolkit(seed=7, district="lucknow"), lucknow_secretary)
    meeting = close_agenda(AgendaItem.objects.get(application=lucknow_app).meeting)
    url = reverse("committees:meeting", args=[meeting.pk])
    for user in (agra_secretary, agra_members[0], lucknow_app.applicant.user):
        client.force_login(user)
        assert client.get(url).status_code == 404
        response = client.post(url, {"present": [user.pk], f"decision-{meeting.items.get().pk}": "approve"})
        assert response.status_code == 404
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.LOCKED
    client.force_login(lucknow_secretary)
    assert client.get(url).status_code == 200
    from committees.access import access_meeting

    with pytest.raises(Http404):
        access_meeting(user=agra_secretary, pk=meeting.pk)


@pytest.mark.django_db
def test_members_read_but_only_the_secretary_records(client, django_capture_on_commit_callbacks):
    _, secretary, members = seat_committee()
    application = _recommended(secretary, 1, django_capture_on_commit_callbacks)
    meeting = close_agenda(AgendaItem.objects.get(application=application).meeting)
    client.force_login(members[0])
    assert client.get(reverse("committees:meeting", args=[meeting.pk])).status_code == 200
    response = client.post(reverse("committees:meeting", args=[meeting.pk]), {"present": [members[0].pk]})
    assert response.status_code == 404
    assert Meeting.objects.get(pk=meeting.pk).state == Meeting.State.LOCKED


@pytest.mark.django_db
def test_decision_page_keeps_what_was_typed_when_refused(client, django_capture_on_commit_callbacks):
    _, secretary, _members = seat_committee()
    application = _recommended(secretary, 1, django_capture_on_commit_callbacks)
    meeting = close_agenda(AgendaItem.objects.get(application=application).meeting)
    item = meeting.items.get()
    client.force_login(secretary)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("committees:meeting", args=[meeting.pk]),
        {"present": [secretary.pk], f"decision-{item.pk}": "reject", f"text-{item.pk}": "Costs unclear"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "No quorum" in html
    assert "Costs unclear" in html and 'value="reject" checked' in html


@pytest.mark.django_db
def test_a_forged_reason_is_refused_on_the_page_in_hindi(client, django_capture_on_commit_callbacks):
    _, secretary, members = seat_committee()
    application = _recommended(secretary, 1, django_capture_on_commit_callbacks)
    meeting = close_agenda(AgendaItem.objects.get(application=application).meeting)
    item = meeting.items.get()
    client.force_login(secretary)
    client.cookies["django_language"] = "hi"
    response = client.post(
        reverse("committees:meeting", args=[meeting.pk]),
        {
            "present": [secretary.pk, *[m.pk for m in members]],
            f"decision-{item.pk}": "reject",
            f"reasons-{item.pk}": ["<script>"],
            f"text-{item.pk}": "Costs unclear",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "सूची से कारण चुनें" in html and "Costs unclear" in html
    assert Meeting.objects.get(pk=meeting.pk).state == Meeting.State.LOCKED
    assert AgendaItem.objects.get(pk=item.pk).reason_codes == []


@pytest.mark.django_db
def test_overdue_files_escalate_once_per_stage_and_level():
    application = submitted_toolkit()
    Application.objects.filter(pk=application.pk).update(due_at=timezone.now() - timedelta(days=1))
    assert escalate_overdue() == 1
    assert escalate_overdue() == 0
    assert application.escalations.get().level == "dc_industries"


@pytest.mark.django_db
def test_artisan_downloads_the_sanction_letter(client, django_capture_on_commit_callbacks):
    _, secretary, members = seat_committee()
    application = _recommended(secretary, 1, django_capture_on_commit_callbacks)
    meeting = close_agenda(AgendaItem.objects.get(application=application).meeting)
    with django_capture_on_commit_callbacks(execute=True):
        record_meeting_decisions(
            meeting_id=meeting.pk,
            user=secretary,
            present_user_ids=[secretary.pk, *[m.pk for m in members]],
            decisions={meeting.items.get().pk: {"decision": "approve"}},
        )
    letter = Letter.objects.get(application=application)
    client.force_login(application.applicant.user)
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    url = reverse("committees:letter", args=[application.pk, letter.pk])
    assert url in page
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    other = submitted_toolkit(seed=9)
    client.force_login(other.applicant.user)
    assert client.get(url).status_code == 404


def _pdf_text(field) -> str:
    import subprocess

    return subprocess.run(["pdftotext", field.path, "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.django_db
def test_closing_the_agenda_early_never_moves_the_meeting(client, django_capture_on_commit_callbacks):
    _, secretary, members = seat_committee()
    application = _recommended(secretary, 1, django_capture_on_commit_callbacks)
    meeting = AgendaItem.objects.get(application=application).meeting
    fixed = timezone.localtime(timezone.now() + timedelta(days=20)).replace(
        hour=11, minute=0, second=0, microsecond=0
    )
    Meeting.objects.filter(pk=meeting.pk).update(scheduled_for=fixed)
    client.force_login(secretary)
    client.cookies["django_language"] = "hi"
    url = reverse("committees:meeting", args=[meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "close_agenda"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.LOCKED
    assert meeting.scheduled_for == fixed
    assert f"{fixed:%d-%m-%Y} 11:00" in _pdf_text(meeting.agenda_pdf)
    # Before the meeting is held no decision can be recorded: the page says when, and a forged
    # post is refused, changing nothing.
    page = client.get(url).content.decode()
    assert f"{fixed:%d-%m-%Y} 11:00" in page and 'name="present"' not in page
    item = meeting.items.get()
    present = [secretary.pk, *(m.pk for m in members)]
    response = client.post(url, {"present": present, f"decision-{item.pk}": "approve"})
    assert response.status_code == 200
    meeting.refresh_from_db()
    item.refresh_from_db()
    assert meeting.state == Meeting.State.LOCKED and meeting.decisions_recorded_at is None
    assert item.decision == "" and not meeting.attendance.exists()
    assert Application.objects.get(pk=application.pk).status == Status.ON_AGENDA
    # Once it has been held, the minutes carry the meeting's date and a later recording date.
    held = timezone.localtime(timezone.now() - timedelta(hours=2)).replace(second=0, microsecond=0)
    Meeting.objects.filter(pk=meeting.pk).update(scheduled_for=held)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"present": present, f"decision-{item.pk}": "approve"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.scheduled_for == held and meeting.decisions_recorded_at >= held
    minutes = _pdf_text(meeting.minutes_pdf)
    assert f"held {held:%d-%m-%Y %H:%M}" in minutes
    assert f"{timezone.localtime(meeting.decisions_recorded_at):%d-%m-%Y %H:%M}" in minutes
    # A decision taken reads as its outcome ("स्वीकृत"), not as the button's verb ("स्वीकृत करें").
    page = client.get(url).content.decode()
    decision = re.search(r"<strong>निर्णय:</strong>\s*([^<✓]+)", page)
    assert decision is not None and decision.group(1).strip() == "स्वीकृत"
