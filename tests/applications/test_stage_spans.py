"""Every move writes the file's stays (StageSpan) and its status tally (StatusTally): the stays
equal those its audit trail shows, and the tallies a recount from the files."""

import io
import itertools

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from applications import tallies
from applications.engine import apply_transition
from applications.models import AuditEvent, StageSpan, StatusTally
from applications.workflow import TRANSITIONS, stays_from_moves
from dashboard.selectors import Scope, stage_spreads
from dashboard.years import current_year
from tests.applications.helpers import make_applicant, officer, recommended, submitted_toolkit, under_scrutiny

SEEDS = itertools.count(100)


def _stays_written(application) -> list[tuple]:
    return list(
        StageSpan.objects.filter(application=application)
        .order_by("started_at", "id")
        .values_list("stage", "started_at", "ended_at")
    )


def _stays_in_trail(application) -> list[tuple]:
    moves = AuditEvent.objects.filter(application=application, action__in=list(TRANSITIONS)).order_by(
        "created_at", "id"
    )
    return stays_from_moves((e.from_status, e.to_status, e.created_at) for e in moves)


@pytest.mark.django_db
def test_services_write_one_stay_per_status_and_close_the_last():
    dic = officer()
    application = submitted_toolkit(make_applicant())
    recommended(application, dic)
    stays = _stays_written(application)
    assert [stage for stage, _s, _e in stays] == ["submitted", "under_scrutiny", "recommended"]
    assert [ended is None for _s, _st, ended in stays] == [False, False, True]
    assert stays[0][2] == stays[1][1] and stays[1][2] == stays[2][1]
    assert stays == _stays_in_trail(application)
    assert StageSpan.objects.filter(application=application).values(
        "district_id", "scheme_id"
    ).distinct().get() == {
        "district_id": application.district_id,
        "scheme_id": application.scheme_id,
    }


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(choices=st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=14))
def test_any_walk_through_the_workflow_table_writes_the_stays_of_its_trail(choices):
    """Walk the transitions table from a submitted file, any allowed move at each step (self-
    loops included): the stays written equal the stays of the audit trail, one stays open."""
    application = submitted_toolkit(make_applicant(seed=next(SEEDS)))
    for choice in choices:
        possible = sorted(
            (t for t in TRANSITIONS.values() if application.status in t.sources), key=lambda t: t.name
        )
        if not possible:
            break
        transition = possible[choice % len(possible)]
        with transaction.atomic():
            apply_transition(
                application=application,
                name=transition.name,
                actor_kind=sorted(transition.actors)[0],
                user=None,
            )
    stays = _stays_written(application)
    assert stays == _stays_in_trail(application)
    assert tallies.stored() == tallies.recount()
    assert sum(1 for _stage, _started, ended in stays if ended is None) == 1
    assert stays[-1][0] == application.status


@pytest.mark.django_db
def test_days_per_stage_read_the_stays_of_the_scope(django_assert_num_queries):
    dic = officer()
    agra = submitted_toolkit(make_applicant(seed=1))
    under_scrutiny(agra, dic)
    lucknow_dic = officer("lucknow")
    lucknow = submitted_toolkit(make_applicant(seed=2, district="lucknow"))
    recommended(lucknow, lucknow_dic)
    state = stage_spreads(Scope(year=current_year()))
    assert {stage: spread.count for stage, spread in state.items()} == {"submitted": 2, "under_scrutiny": 1}
    with django_assert_num_queries(1):
        only_agra = stage_spreads(Scope(year=current_year(), district=agra.district))
    assert {stage: spread.count for stage, spread in only_agra.items()} == {"submitted": 1}


@pytest.mark.django_db
def test_the_office_counts_come_from_the_tallies_and_a_rebuild_restores_them(client):
    dic = officer()
    files = [submitted_toolkit(make_applicant(seed=seed)) for seed in range(3)]
    recommended(files[0], dic)
    submitted_toolkit(make_applicant(seed=9, district="lucknow"))
    assert tallies.stored() == tallies.recount()
    key = {"district_id": files[0].district_id, "scheme_id": files[0].scheme_id}
    assert dict(StatusTally.objects.filter(**key).values_list("status", "files")) == {
        "submitted": 2,
        "under_scrutiny": 0,
        "recommended": 1,
    }
    client.force_login(dic)
    page = client.get("/applications/office/")
    counts = {value: n for value, _label, n in page.context["counts"]}
    assert (counts.get("submitted"), counts.get("recommended"), counts.get("under_scrutiny", 0)) == (2, 1, 0)
    # A tally gone wrong (a row edited by hand) is put right by the command.
    StatusTally.objects.filter(**key, status="submitted").update(files=40)
    call_command("rebuild_summaries", stdout=io.StringIO())
    assert tallies.stored() == tallies.recount()
    assert StatusTally.objects.get(**key, status="submitted").files == 2
