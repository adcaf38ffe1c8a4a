"""Counts and rebuilds of the summaries beside moves committed at the same time, each on a
connection of its own: a stay's days are added once, by the count that counts the move ending
it, so a rebuild must read its stays and set its watermarks from one snapshot, and a rebuild
waiting for a count to finish must start again rather than fail."""

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from dashboard import counting
from dashboard.models import SummaryState
from tests.dashboard.test_summaries import Clock, Moves, _assert_summaries_equal_the_files, _return, _stored
from tests.db_locks import some_connection_waits_on_a_lock

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _in_a_thread(work) -> list:
    """Run `work` on a connection of its own and wait for it; what it returned or raised."""
    outcome = []

    def run():
        try:
            outcome.append(work())
        except Exception as error:  # reported to the caller
            outcome.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    return outcome


@pytest.fixture
def made(postgres, monkeypatch):
    clock = Clock(monkeypatch)
    moves = Moves(clock)
    moves.first()
    clock.stop()
    return moves


def test_a_move_committed_while_a_rebuild_runs_is_counted_once(made, monkeypatch):
    counting.rebuild()
    t5 = made.apps["t5"]  # in scrutiny since year A: returning it ends that stay
    recount_everything = counting._recount_everything
    moved = []

    def with_a_move_meanwhile(cutoff):
        # After the rebuild has read the newest ids, before it adds up the stays.
        moved.extend(_in_a_thread(lambda: _return(t5, made.agra)))
        return recount_everything(cutoff)

    monkeypatch.setattr(counting, "_recount_everything", with_a_move_meanwhile)
    assert counting.rebuild().rebuilt
    monkeypatch.setattr(counting, "_recount_everything", recount_everything)
    assert len(moved) == 1 and not isinstance(moved[0], Exception), moved
    # The move came after the rebuild's snapshot: the next count adds its stay, once.
    assert counting.bring_up_to_date().moves >= 1
    _assert_summaries_equal_the_files()
    counted = _stored()
    counting.rebuild()
    assert _stored() == counted


def test_a_rebuild_waiting_for_a_count_starts_again_when_the_count_commits(made):
    counting.rebuild()
    locked, go = threading.Event(), threading.Event()

    def a_count_holding_the_lock():
        # What a count does: lock the state row, count, save the row, commit.
        with transaction.atomic():
            state = SummaryState.objects.select_for_update().get()
            state.as_of = timezone.now()
            state.save(update_fields=["as_of"])
            locked.set()
            assert go.wait(30)
        return "counted"

    holder_outcome, rebuild_outcome = [], []
    holder = threading.Thread(target=lambda: holder_outcome.extend(_in_a_thread(a_count_holding_the_lock)))
    holder.start()
    assert locked.wait(30)
    rebuilder = threading.Thread(target=lambda: rebuild_outcome.extend(_in_a_thread(counting.rebuild)))
    rebuilder.start()
    assert some_connection_waits_on_a_lock(), "the rebuild should wait for the count's lock"
    go.set()
    holder.join(60)
    rebuilder.join(60)
    assert holder_outcome == ["counted"]
    assert len(rebuild_outcome) == 1 and not isinstance(rebuild_outcome[0], Exception), rebuild_outcome
    assert rebuild_outcome[0].rebuilt
    _assert_summaries_equal_the_files()
