"""A small statewide picture whose every figure is worked out by hand below.

Eleven Training and Toolkit applications in Agra and Lucknow are built through the services
(submission, scrutiny, the committee's meeting and decisions, withdrawal). The services stamp
every move with the present moment, so the fixture then sets the dates of each move directly
(`AuditEvent.created_at`, `submitted_at`, `closed_at`, and `due_at` where a test needs a file
overdue or not): that is the one thing not done through services, and it is what makes the
days below exact.

Year Y is the previous financial year, so everything in it lies in the past; S is 1 April of
Y at 10:00 IST. Days after S:

    file  district  moves (day after S)                                   now
    A1    Agra      submit 1, take_up 3, recommend 10, agenda 11, approve 31     approved
    A2    Agra      submit 2, take_up 4, recommend 14, agenda 15, approve 45     approved
    A3    Agra      submit 5, take_up 6, reject_ineligible 16                    rejected
    A4    Agra      submit 20, take_up 21, return 25                             returned
    A5    Agra      submit 30                      (due yesterday: overdue)      submitted
    A6    Agra      submit 40, take_up 41, recommend 50, agenda 50.5             on_agenda
    L1    Lucknow   submit 3, take_up 4, recommend 8, agenda 9, approve 39       approved
    L2    Lucknow   submit 6, take_up 8, recommend 12, agenda 13, reject 33      rejected
    L3    Lucknow   submit 10, withdraw 12                                       withdrawn
    L4    Lucknow   submit 60                      (due in 3 days)               submitted
    P1    Agra      submit -20, take_up -18, recommend -10, agenda -9, approve 5 approved

Every application's benefit is Rs 22,000 (honorarium 10 days x Rs 200 + a toolkit at the cap
of Rs 20,000, GO-TT-2020 paras 3(8), 5(3)).
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from applications import tallies
from applications.models import Application, AuditEvent, StageSpan
from applications.services.review import reject_application, return_application
from applications.services.submission import withdraw_application
from committees.models import AgendaItem
from committees.services.meetings import apply_meeting_decisions, place_on_agenda, record_meeting_decisions
from dashboard.years import current_year
from tests.applications.helpers import (
    make_applicant,
    officer,
    officer_access,
    owner_access,
    recommended,
    submitted_toolkit,
    under_scrutiny,
)
from tests.committees.helpers import close_agenda, seat_committee

BENEFIT = Decimal("22000.00")


def previous_year() -> str:
    start = int(current_year()[:4]) - 1
    return f"{start}-{(start + 1) % 100:02d}"


def year_start(year: str) -> datetime:
    return datetime.combine(
        datetime(int(year[:4]), 4, 1).date(), time(10, 0), tzinfo=timezone.get_default_timezone()
    )


@dataclass
class World:
    year: str
    start: datetime
    apps: dict[str, Application]
    agra_officer: object
    lucknow_officer: object


SCHEDULE = {
    "A1": [("submit", 1), ("take_up", 3), ("recommend", 10), ("place_on_agenda", 11), ("approve", 31)],
    "A2": [("submit", 2), ("take_up", 4), ("recommend", 14), ("place_on_agenda", 15), ("approve", 45)],
    "A3": [("submit", 5), ("take_up", 6), ("reject_ineligible", 16)],
    "A4": [("submit", 20), ("take_up", 21), ("return", 25)],
    "A5": [("submit", 30)],
    "A6": [("submit", 40), ("take_up", 41), ("recommend", 50), ("place_on_agenda", 50.5)],
    "L1": [("submit", 3), ("take_up", 4), ("recommend", 8), ("place_on_agenda", 9), ("approve", 39)],
    "L2": [("submit", 6), ("take_up", 8), ("recommend", 12), ("place_on_agenda", 13), ("reject", 33)],
    "L3": [("submit", 10), ("withdraw", 12)],
    "L4": [("submit", 60)],
    "P1": [("submit", -20), ("take_up", -18), ("recommend", -10), ("place_on_agenda", -9), ("approve", 5)],
}


def _decide(meeting, secretary, members, decisions: dict) -> None:
    items = {item.application_id: item.pk for item in meeting.items.all()}
    record_meeting_decisions(
        meeting_id=meeting.pk,
        user=secretary,
        present_user_ids=[secretary.pk, *[m.pk for m in members]],
        decisions={items[app.pk]: decision for app, decision in decisions.items()},
    )
    apply_meeting_decisions(meeting_id=meeting.pk)


def _to_agenda(application, dic) -> Application:
    application = recommended(application, dic)
    place_on_agenda(application_id=application.pk)
    return application


def build_world() -> World:
    agra, lucknow = officer("agra"), officer("lucknow")
    _c, agra_secretary, agra_members = seat_committee("tsc", "agra", secretary=agra)
    _c, lucknow_secretary, lucknow_members = seat_committee("tsc", "lucknow", secretary=lucknow)
    apps = {}
    for seed, name in enumerate(SCHEDULE, start=300):
        district = "agra" if name[0] in "AP" else "lucknow"
        apps[name] = submitted_toolkit(make_applicant(seed=seed, district=district))

    for name in ("A1", "A2", "P1"):
        _to_agenda(apps[name], agra)
    meeting = close_agenda(AgendaItem.objects.get(application=apps["A1"]).meeting)
    approve = {"decision": "approve"}
    _decide(meeting, agra_secretary, agra_members, {apps[n]: approve for n in ("A1", "A2", "P1")})
    _to_agenda(apps["A6"], agra)  # the next meeting's agenda: still waiting
    under_scrutiny(apps["A3"], agra)
    reject_application(
        application_id=apps["A3"].pk,
        user=agra,
        access=officer_access(agra, apps["A3"]),
        reason_codes=["not_district_product"],
        reason="Makes furniture, not the district's product.",
    )
    under_scrutiny(apps["A4"], agra)
    return_application(
        application_id=apps["A4"].pk,
        user=agra,
        access=officer_access(agra, apps["A4"]),
        fields=[],
        documents=[apps["A4"].scheme.documents.first().code],
        reason="The photo is unreadable.",
    )

    for name in ("L1", "L2"):
        _to_agenda(apps[name], lucknow)
    meeting = close_agenda(AgendaItem.objects.get(application=apps["L1"]).meeting)
    _decide(
        meeting,
        lucknow_secretary,
        lucknow_members,
        {
            apps["L1"]: approve,
            apps["L2"]: {
                "decision": "reject",
                "reason_codes": ["not_viable"],
                "text": "Costing unrealistic.",
            },
        },
    )
    withdraw_application(
        application_id=apps["L3"].pk, user=apps["L3"].applicant.user, access=owner_access(apps["L3"])
    )

    year = previous_year()
    start = year_start(year)
    now = timezone.now()
    for name, moves in SCHEDULE.items():
        application = apps[name]
        events = list(
            AuditEvent.objects.filter(application=application)
            .exclude(action="assign")
            .order_by("created_at", "id")
        )
        assert [e.action for e in events] == [m[0] for m in moves], (name, [e.action for e in events])
        for event, (_action, day) in zip(events, moves, strict=True):
            AuditEvent.objects.filter(pk=event.pk).update(created_at=start + timedelta(days=day))
        # The engine wrote one stay per status-changing move; give them the same dates.
        changing = [
            start + timedelta(days=day)
            for event, (_action, day) in zip(events, moves, strict=True)
            if event.from_status != event.to_status
        ]
        stays = list(StageSpan.objects.filter(application=application).order_by("started_at", "id"))
        assert len(stays) == len(changing), (name, len(stays), len(changing))
        for index, stay in enumerate(stays):
            ended = changing[index + 1] if index + 1 < len(changing) else None
            StageSpan.objects.filter(pk=stay.pk).update(started_at=changing[index], ended_at=ended)
        changes = {"submitted_at": start + timedelta(days=moves[0][1])}
        application.refresh_from_db()
        if application.closed_at is not None:
            changes["closed_at"] = start + timedelta(days=moves[-1][1])
        Application.objects.filter(pk=application.pk).update(**changes)
    Application.objects.filter(pk=apps["A5"].pk).update(due_at=now - timedelta(days=1))
    Application.objects.filter(pk=apps["A6"].pk).update(due_at=now + timedelta(days=10))
    Application.objects.filter(pk=apps["L4"].pk).update(due_at=now + timedelta(days=3))
    # Moving the submission dates moves files between financial years: recount the tallies
    # (their upkeep with each move is tested in tests/applications/test_stage_spans.py).
    tallies.rebuild()
    for application in apps.values():
        application.refresh_from_db()
    return World(year=year, start=start, apps=apps, agra_officer=agra, lucknow_officer=lucknow)
