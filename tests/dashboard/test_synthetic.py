"""The synthetic data command: refuses without DEBUG or --force, fills every district, sub-scheme
and status with histories that match, and leaves the reference registers ready for real files."""

import io
import random
import time
from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from applications.models import Application, AuditEvent, StageSpan
from applications.workflow import BANK_STATES, FINAL_STATES, Status, stays_from_moves
from dashboard.bulk_copy import Writer, copy_values
from dashboard.synthetic import simulate
from margin_money.models import MarginMoneyCase
from margin_money.workflow import MarginMoneyStatus
from mda.workflow import MdaStatus
from payments.models import Payment
from tests.applications.helpers import make_applicant, submitted_toolkit


def test_delivery_after_approval_follows_the_workflow():
    from applications.workflow import TRANSITIONS

    rng = random.Random(2)
    now = timezone.now()
    seen = Counter()
    for code in ("MM", "MDA") * 1500:
        life = simulate(rng, now - timedelta(days=rng.uniform(0, 900)), now, code)
        seen[life.status] += 1
        previous = Status.DRAFT
        for action, source, target, at in life.events:
            assert (
                source == previous
                and source in TRANSITIONS[action].sources
                and target == TRANSITIONS[action].target
            )
            assert at <= now
            previous = target
    assert set(seen) >= {
        MarginMoneyStatus.SENT_TO_BANK,
        MarginMoneyStatus.LOAN_SANCTIONED,
        MarginMoneyStatus.LOAN_REFUSED,
        MarginMoneyStatus.TRAINING_DONE,
        MarginMoneyStatus.LOAN_DISBURSED,
        MarginMoneyStatus.MM_CLAIMED,
        MarginMoneyStatus.MM_RELEASED,
        MdaStatus.PAID,
    }


def test_the_simulated_workflow_reaches_every_status_by_allowed_moves():
    from applications.workflow import TRANSITIONS

    rng = random.Random(1)
    now = timezone.now()
    seen = Counter()
    for _ in range(3000):
        life = simulate(rng, now - timedelta(days=rng.uniform(0, 900)), now)
        seen[life.status] += 1
        previous = Status.DRAFT
        for action, source, target, at in life.events:
            transition = TRANSITIONS[action]
            assert source == previous and source in transition.sources and target == transition.target
            assert at <= now
            previous = target
        assert (life.closed_at is not None) == (life.status in FINAL_STATES)
    expected = {
        Status.SUBMITTED,
        Status.UNDER_SCRUTINY,
        Status.RETURNED,
        Status.RECOMMENDED,
        Status.ON_AGENDA,
        Status.DEFERRED,
        Status.APPROVED,
        Status.REJECTED,
        Status.WITHDRAWN,
    }
    assert set(seen) == expected


@pytest.mark.django_db
def test_refuses_without_debug_or_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("fill_synthetic_data", "--count", "5")
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_fills_with_matching_histories_and_a_progress_bar(settings):
    _fill_and_check(settings)


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_a_writer_thread_fills_the_same_whole_data(postgres, settings):
    """The command as it runs for real: no transaction around it, so the batches go through the
    writer thread on its own connection, and every check above holds of what it committed."""
    assert Writer().threaded
    _fill_and_check(settings)


@pytest.mark.django_db(transaction=True)
def test_a_batch_the_writer_thread_cannot_write_is_raised_and_nothing_after_it_is_written(postgres):
    writer = Writer()
    assert writer.threaded
    writer.add("COPY no_such_table (id) FROM STDIN WITH (FORMAT csv)", io.StringIO("1\n"))
    writer.send()
    deadline = time.monotonic() + 30
    while writer.error is None and time.monotonic() < deadline:
        time.sleep(0.05)
    copy_values(
        AuditEvent,
        [{"application_id": 1, "action": "submit", "created_at": timezone.now()}],
        10,
        writer=writer,
    )
    with pytest.raises(RuntimeError, match="writing a batch failed"):
        writer.send()
    with pytest.raises(RuntimeError, match="writing a batch failed"):
        writer.close()
    assert not AuditEvent.objects.exists()


def _fill_and_check(settings):
    settings.DEBUG = False
    err, out = io.StringIO(), io.StringIO()
    call_command(
        "fill_synthetic_data", "--count", "1200", "--batch-size", "500", "--force", stderr=err, stdout=out
    )
    assert "100.0% 1,200/1,200 applications" in err.getvalue()
    assert err.getvalue().count("\r") >= 1
    assert "Created 1,200 synthetic applications" in out.getvalue()
    applications = Application.objects.all()
    assert applications.count() == 1200
    # Districts are weighted several-fold apart, and how many draws each life takes depends on
    # the time of the run: in 1,200 files the quietest district (about 3 files expected) has
    # none in about 6% of runs (2,000 draws with the seed's weights). Nearly all have files.
    districts = applications.values("district").distinct().count()
    assert 70 <= districts <= 75
    assert set(applications.values_list("scheme__code", flat=True)) == {"MM", "TT", "MDA", "CFC"}
    statuses = set(applications.values_list("status", flat=True))
    # The common stages; rare ones (a file returned and not yet corrected) are left to the
    # simulation test above, which runs thousands of lives.
    assert statuses >= {
        "draft",
        "submitted",
        "under_scrutiny",
        "on_agenda",
        "approved",
        "rejected",
        "withdrawn",
    }
    # Histories: each submitted file's last move leaves it where it is, at the time it entered it.
    events = {}
    for event in AuditEvent.objects.order_by("created_at", "id"):
        events.setdefault(event.application_id, []).append(event)
    for application in applications.exclude(status="draft"):
        history = events[application.pk]
        assert history[0].action == "submit" and history[0].created_at == application.submitted_at
        assert history[-1].to_status == application.status
        assert history[-1].created_at == application.stage_entered_at
        # Closed when the decision was taken; delivery after approval does not reopen it.
        decided = next((e.created_at for e in history if e.to_status in FINAL_STATES), None)
        assert application.closed_at == decided
        assert application.reference_number.startswith(f"ODOP/{application.scheme.code}/")
    assert not AuditEvent.objects.filter(application__status="draft").exists()
    # The row's own dates are the history's, not the moment it was written.
    for application in applications:
        assert application.created_at == (application.submitted_at or application.stage_entered_at)
        assert application.updated_at == application.stage_entered_at
    # Stays: what the engine would have written for each history, and nothing for drafts.
    stays = {}
    for span in StageSpan.objects.order_by("started_at", "id"):
        stays.setdefault(span.application_id, []).append((span.stage, span.started_at, span.ended_at))
    for application in applications.exclude(status="draft"):
        moves = [(e.from_status, e.to_status, e.created_at) for e in events[application.pk]]
        assert stays[application.pk] == stays_from_moves(moves)
    assert set(stays) == set(applications.exclude(status="draft").values_list("pk", flat=True))
    # Benefits by the rules (test_synthetic_answers.py runs them on every file): toolkit 10 days
    # of Rs 200 plus the kit at its Rs 20,000 cap; margin money at most Rs 20 lakh (GO-MM-2018
    # para 1(5)); nothing for a file the rules find not eligible.
    tt = applications.filter(scheme__code="TT", is_eligible=True).values_list("benefit_amount", flat=True)
    assert set(tt) == {Decimal("22000.00")}
    assert all(
        0 < a <= Decimal("2000000")
        for a in applications.filter(scheme__code="MM", is_eligible=True).values_list(
            "benefit_amount", flat=True
        )
    )
    assert not applications.filter(is_eligible=False).exclude(benefit_amount=None).exists()
    assert not applications.filter(is_eligible=None).exists()
    # After approval: Margin Money files at the bank have their case; every release and every
    # MDA claim paid has one DBT payment of the file's benefit, and nothing else is paid.
    assert statuses & {"sent_to_bank", "loan_sanctioned", "mm_released"}
    assert "paid" in statuses
    at_bank = applications.filter(scheme__code="MM", events__action="send_to_bank")
    assert set(MarginMoneyCase.objects.values_list("application_id", flat=True)) == set(
        at_bank.values_list("pk", flat=True)
    )
    paid = applications.filter(events__action__in=["release_margin_money", "pay_claim"])
    assert sorted(Payment.objects.values_list("application_id", "amount")) == sorted(
        paid.values_list("pk", "benefit_amount")
    )
    for case in MarginMoneyCase.objects.exclude(released_on=None).select_related("application"):
        assert case.released_amount == case.claim_amount == case.application.benefit_amount
        assert case.lock_in_ends_on == case.released_on + timedelta(days=settings.MARGIN_MONEY_LOCK_IN_DAYS)
        assert case.bank_branch.district_id == case.application.district_id
    # The branch queue's flag is what the services would have left: at the bank or not.
    flags = MarginMoneyCase.objects.values_list("at_bank", "application__status")
    assert all(flag == (status in BANK_STATES) for flag, status in flags)
    assert {flag for flag, _ in flags} == {True, False}


@pytest.mark.django_db
def test_real_submissions_continue_the_registers(settings):
    settings.DEBUG = True
    call_command("fill_synthetic_data", "--count", "300", stderr=io.StringIO(), stdout=io.StringIO())
    real = submitted_toolkit(make_applicant(seed=1))
    assert Application.objects.filter(reference_number=real.reference_number).count() == 1
    synthetic_numbers = set(
        Application.objects.exclude(pk=real.pk).values_list("reference_number", flat=True)
    )
    assert real.reference_number not in synthetic_numbers
