"""Races on PostgreSQL with real connections: row locks decide, never luck."""

import threading

import pytest
from django.db import connection

from accounts.exceptions import PortalError
from applications.models import Application, AuditEvent
from applications.services.review import return_application, take_up_application
from applications.services.submission import submit_application
from applications.workflow import Status
from tests.applications.helpers import (
    make_applicant,
    officer,
    officer_access,
    owner_access,
    submitted_toolkit,
    toolkit_draft,
    under_scrutiny,
    verify_all,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _race(*calls):
    """Run the calls at the same moment, each in its own thread and database connection."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = ("ok", call())
        except PortalError as exc:
            results[index] = ("refused", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_officers_take_up_the_same_file_exactly_one_wins(postgres):
    application = submitted_toolkit()
    first, second = officer(username="dic1"), officer(username="dic2")
    results = _race(
        lambda: take_up_application(
            application_id=application.pk, user=first, access=officer_access(first, application)
        ),
        lambda: take_up_application(
            application_id=application.pk, user=second, access=officer_access(second, application)
        ),
    )
    assert sorted(kind for kind, _ in results) == ["ok", "refused"]
    assert AuditEvent.objects.filter(application=application, action="take_up").count() == 1
    winner = next(value for kind, value in results if kind == "ok")
    assert Application.objects.get(pk=application.pk).assigned_to_id == winner.assigned_to_id


def test_recommend_and_return_at_once_only_one_happens(postgres):
    from applications.services.review import recommend_application

    dic1, dic2 = officer(username="dic1"), officer(username="dic2")
    application = submitted_toolkit()
    take_up_application(application_id=application.pk, user=dic1, access=officer_access(dic1, application))
    verify_all(application, dic1)
    results = _race(
        lambda: recommend_application(
            application_id=application.pk, user=dic1, access=officer_access(dic1, application), note="ok"
        ),
        lambda: return_application(
            application_id=application.pk,
            user=dic2,
            access=officer_access(dic2, application),
            fields=[],
            documents=["aadhaar"],
            reason="x",
        ),
    )
    assert sorted(kind for kind, _ in results) == ["ok", "refused"]
    final = Application.objects.get(pk=application.pk)
    # A recommendation goes straight on to the agenda (the task runs after the commit).
    assert final.status in (Status.RECOMMENDED, Status.ON_AGENDA, Status.RETURNED)
    assert AuditEvent.objects.filter(application=application, action__in=["recommend", "return"]).count() == 1


def test_reference_numbers_stay_unique_under_concurrent_submissions(postgres):
    drafts = [toolkit_draft(make_applicant(seed=100 + i)) for i in range(6)]
    results = _race(
        *[
            (
                lambda d=d: submit_application(
                    application_id=d.pk, user=d.applicant.user, access=owner_access(d)
                )
            )
            for d in drafts
        ]
    )
    assert [kind for kind, _ in results] == ["ok"] * 6
    numbers = sorted(
        Application.objects.filter(pk__in=[d.pk for d in drafts]).values_list("reference_number", flat=True)
    )
    assert [n.rsplit("/", 1)[1] for n in numbers] == [
        "000001",
        "000002",
        "000003",
        "000004",
        "000005",
        "000006",
    ]


def test_double_click_on_submit_submits_once(postgres):
    draft = toolkit_draft(make_applicant())
    results = _race(
        lambda: submit_application(
            application_id=draft.pk, user=draft.applicant.user, access=owner_access(draft)
        ),
        lambda: submit_application(
            application_id=draft.pk, user=draft.applicant.user, access=owner_access(draft)
        ),
    )
    assert sorted(kind for kind, _ in results) == ["ok", "refused"]
    assert AuditEvent.objects.filter(application=draft, action="submit").count() == 1
    assert Application.objects.get(pk=draft.pk).reference_number.endswith("/000001")


def test_two_mda_claims_at_once_cannot_both_pass_the_yearly_limit(postgres):
    """Two claims already this year; two more submitted at the same moment: only one of them
    can be the third (GO-MDA-2020: 3 a financial year, counting pending claims)."""
    from datetime import timedelta

    from django.utils import timezone

    from applications.services.errors import NotEligible
    from tests.applications.helpers import MDA_STEPS, draft_for, submitted

    applicant = make_applicant(seed=500)
    event = (timezone.localdate() - timedelta(days=10)).isoformat()
    for _ in range(2):
        submitted(applicant, "MDA", MDA_STEPS, fair={"event_date": event})
    drafts = [draft_for(applicant, "MDA", MDA_STEPS, fair={"event_date": event}) for _ in range(2)]
    results = _race(
        *[
            (lambda d=d: submit_application(application_id=d.pk, user=applicant.user, access=owner_access(d)))
            for d in drafts
        ]
    )
    kinds = sorted(kind for kind, _ in results)
    assert kinds == ["ok", "refused"]
    refused = next(value for kind, value in results if kind == "refused")
    assert isinstance(refused, NotEligible)
    assert Application.objects.filter(applicant=applicant, status=Status.SUBMITTED).count() == 3


def test_opposite_moves_in_one_district_never_deadlock_on_the_tallies(postgres):
    """A return (under scrutiny -> returned) and a resubmission (returned -> under scrutiny) of
    two files of one district touch the same two tally rows in opposite directions."""
    from django.db import transaction

    from applications import tallies
    from applications.engine import apply_transition
    from applications.workflow import OFFICER, OWNER

    dic = officer()
    pairs = []
    for seed in range(12):
        going = under_scrutiny(submitted_toolkit(make_applicant(seed=2 * seed + 1)), dic)
        coming = under_scrutiny(submitted_toolkit(make_applicant(seed=2 * seed + 2)), dic)
        with transaction.atomic():
            coming = Application.objects.select_for_update().get(pk=coming.pk)
            apply_transition(application=coming, name="return", actor_kind=OFFICER, user=dic)
        pairs.append((going.pk, coming.pk))

    def move(pk, name, actor_kind):
        def call():
            with transaction.atomic():
                application = Application.objects.select_for_update().get(pk=pk)
                apply_transition(application=application, name=name, actor_kind=actor_kind, user=None)

        return call

    for going, coming in pairs:
        results = _race(move(going, "return", OFFICER), move(coming, "resubmit", OWNER))
        assert [kind for kind, _ in results] == ["ok", "ok"], results
    assert tallies.stored() == tallies.recount()
