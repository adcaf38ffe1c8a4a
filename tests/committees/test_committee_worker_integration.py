"""The committee path through Redis, PostgreSQL and a real Celery worker process."""

import os
import signal
import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from applications.models import Application, AuditEvent, SentNotification
from applications.services.review import recommend_application
from applications.workflow import Status
from committees.models import AgendaItem, Letter, Meeting
from committees.services.meetings import lock_due_agendas, record_meeting_decisions
from outbox.models import OutboxMessage
from tests.applications.helpers import officer_access, submitted_toolkit, under_scrutiny, verify_all
from tests.committees.helpers import seat_committee
from tests.conftest import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
VISIBILITY_SECONDS = 5


def _ready_for_recommendation(secretary, seed):
    application = under_scrutiny(submitted_toolkit(seed=seed), secretary)
    return verify_all(application, secretary)


def _recommend(application, secretary):
    return recommend_application(
        application_id=application.pk,
        user=secretary,
        access=officer_access(secretary, application),
        note="Fit",
    )


def _close(meeting: Meeting) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(scheduled_for=timezone.now() - timezone.timedelta(hours=1))
    lock_due_agendas()


def test_recommend_agenda_decisions_letters_and_notifications_end_to_end(celery_worker_process):
    _committee, secretary, members = seat_committee()
    apps = [_ready_for_recommendation(secretary, seed) for seed in (1, 2, 3)]
    for application in apps:
        _recommend(application, secretary)  # commits; the worker places each on the agenda
    wait_for(
        lambda: Application.objects.filter(pk__in=[a.pk for a in apps], status=Status.ON_AGENDA).count() == 3,
        what="agenda",
    )
    meeting = AgendaItem.objects.get(application=apps[0]).meeting
    assert [i.application_id for i in meeting.items.order_by("position")] == [a.pk for a in apps]
    _close(meeting)
    wait_for(lambda: Meeting.objects.get(pk=meeting.pk).agenda_pdf, what="the agenda PDF from the worker")

    items = {i.application_id: i.pk for i in meeting.items.all()}
    record_meeting_decisions(
        meeting_id=meeting.pk,
        user=secretary,
        present_user_ids=[secretary.pk, *[m.pk for m in members]],
        decisions={
            items[apps[0].pk]: {"decision": "approve"},
            items[apps[1].pk]: {
                "decision": "reject",
                "reason_codes": ["not_viable"],
                "text": "Costs unclear.",
            },
            items[apps[2].pk]: {"decision": "defer"},
        },
    )
    wait_for(lambda: Meeting.objects.get(pk=meeting.pk).minutes_pdf, timeout=60, what="minutes")
    wait_for(lambda: Letter.objects.count() == 2, timeout=60, what="letters")
    statuses = dict(Application.objects.filter(pk__in=[a.pk for a in apps]).values_list("pk", "status"))
    assert statuses[apps[0].pk] == Status.APPROVED and statuses[apps[1].pk] == Status.REJECTED
    wait_for(
        lambda: Application.objects.get(pk=apps[2].pk).status == Status.ON_AGENDA,
        what="deferred file on the next agenda",
    )
    assert AgendaItem.objects.get(application=apps[2], applied_at__isnull=True).meeting != meeting
    wait_for(
        lambda: SentNotification.objects.filter(
            application=apps[0], event__startswith="letter_ready"
        ).exists(),
        what="letter SMS",
    )
    sms_files = list(celery_worker_process.sms_dir.glob(f"*-{apps[0].applicant.user.mobile}-*.txt"))
    # In the artisan's language (Hindi unless they chose English).
    assert any(
        apps[0].reference_number in text and "स्वीकृत" in text
        for text in (f.read_text(encoding="utf-8") for f in sms_files)
    )


def test_the_same_tasks_delivered_twice_change_nothing(celery_worker_process):
    from committees.tasks import apply_meeting_decisions_task, place_on_agenda_task

    _committee, secretary, members = seat_committee()
    application = _ready_for_recommendation(secretary, 1)
    _recommend(application, secretary)
    wait_for(lambda: Application.objects.get(pk=application.pk).status == Status.ON_AGENDA, what="agenda")
    again = place_on_agenda_task.apply_async(args=[application.pk])
    wait_for(
        lambda: f"[{again.id}] succeeded" in celery_worker_process.log(), what="the repeated agenda task"
    )
    assert AgendaItem.objects.filter(application=application).count() == 1

    meeting = AgendaItem.objects.get(application=application).meeting
    _close(meeting)
    record_meeting_decisions(
        meeting_id=meeting.pk,
        user=secretary,
        present_user_ids=[secretary.pk, *[m.pk for m in members]],
        decisions={meeting.items.get().pk: {"decision": "approve"}},
    )
    wait_for(
        lambda: Meeting.objects.get(pk=meeting.pk).state == Meeting.State.CLOSED, what="decisions applied"
    )
    repeat = apply_meeting_decisions_task.apply_async(args=[meeting.pk])
    wait_for(
        lambda: f"[{repeat.id}] succeeded" in celery_worker_process.log(), what="the repeated apply task"
    )
    assert AuditEvent.objects.filter(application=application, action="approve").count() == 1
    wait_for(lambda: Letter.objects.filter(application=application).count() == 1, what="letter")
    assert SentNotification.objects.filter(application=application, event__startswith="approve").count() == 1


def test_a_worker_killed_while_applying_decisions_is_finished_by_the_next(celery_worker_process):
    """acks_late + reject_on_worker_lost: the task comes back after the visibility timeout and
    finishes the meeting; every application moves exactly once."""
    _committee, secretary, members = seat_committee()
    apps = [_ready_for_recommendation(secretary, seed) for seed in range(1, 7)]
    for application in apps:
        _recommend(application, secretary)
    wait_for(lambda: Application.objects.filter(status=Status.ON_AGENDA).count() == 6, what="agenda")
    # And the placements' messages sent: a notification still queued for the fourth file would
    # wait on the row held below and keep the next worker from answering at all.
    wait_for(
        lambda: not OutboxMessage.objects.filter(state__in=OutboxMessage.OPEN_STATES).exists(),
        what="the outbox drained",
    )
    celery_worker_process.stop()
    meeting = AgendaItem.objects.get(application=apps[0]).meeting
    Meeting.objects.filter(pk=meeting.pk).update(scheduled_for=timezone.now() - timezone.timedelta(hours=1))
    lock_due_agendas()

    # Hold the fourth application's row so the worker stops there, mid-meeting.
    blocker = AgendaItem.objects.get(meeting=meeting, position=4).application_id
    locked, release = threading.Event(), threading.Event()

    def hold():
        with transaction.atomic():
            Application.objects.select_for_update().get(pk=blocker)
            locked.set()
            release.wait(timeout=120)
        connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    locked.wait(timeout=10)
    celery_worker_process.start(
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_SECONDS),
        CELERY_UNACKED_RESTORE_INTERVAL="1",
        CELERY_UNACKED_RESTORE_THROTTLE="1",
    )
    record_meeting_decisions(
        meeting_id=meeting.pk,
        user=secretary,
        present_user_ids=[secretary.pk, *[m.pk for m in members]],
        decisions={item.pk: {"decision": "approve"} for item in meeting.items.all()},
    )
    wait_for(
        lambda: AgendaItem.objects.filter(meeting=meeting, applied_at__isnull=False).count() == 3,
        what="the first three moved",
    )
    os.kill(celery_worker_process.process.pid, signal.SIGKILL)
    celery_worker_process.process.wait(timeout=10)
    celery_worker_process.process = None
    killed_at = time.monotonic()
    release.set()
    holder.join(timeout=30)
    assert AgendaItem.objects.filter(meeting=meeting, applied_at__isnull=False).count() == 3

    # The new worker takes back, as it starts, a task unacknowledged for longer than the
    # visibility timeout (5 s here, an hour in production): let that much time pass.
    time.sleep(max(0.0, VISIBILITY_SECONDS + 1 - (time.monotonic() - killed_at)))
    celery_worker_process.start(
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_SECONDS),
        CELERY_UNACKED_RESTORE_INTERVAL="1",
        CELERY_UNACKED_RESTORE_THROTTLE="1",
    )
    wait_for(
        lambda: Meeting.objects.get(pk=meeting.pk).state == Meeting.State.CLOSED,
        timeout=120,
        what="the redelivered task",
    )
    for application in apps:
        assert AuditEvent.objects.filter(application=application, action="approve").count() == 1
        assert Application.objects.get(pk=application.pk).status == Status.APPROVED
