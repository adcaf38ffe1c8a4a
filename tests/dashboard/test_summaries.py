"""The dashboard's summaries equal a count from the files, after real moves through the services
(returns, rejections, withdrawals, decisions across two financial years, payments), whether
counted by the page, by the beat task cell by cell or rebuilt from scratch.

The services stamp every move with `timezone.now()`; the `clock` here sets that moment, so the
moves below happen on the days written next to them (days after 1 April, 10:00 IST, of the year
before last, A; A+1 begins on day 365), and stays and decisions take fractions of a day."""

import io
from collections import Counter
from datetime import timedelta
from decimal import Decimal
from functools import partial

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from applications.models import Application, AuditEvent
from applications.services.review import recommend_application, reject_application, return_application
from applications.services.submission import resubmit_application, upload_document, withdraw_application
from applications.workflow import Status
from committees.models import AgendaItem
from committees.services.meetings import place_on_agenda
from dashboard import counting, summaries
from dashboard.board import dashboard_data, dashboard_data_from_files
from dashboard.models import (
    DecisionDays,
    MonthFigures,
    ReceivedByStatus,
    StageDays,
    StateStageDays,
    SummaryGap,
    SummaryState,
)
from dashboard.open_data import OpenData
from dashboard.percentiles import Spread, _percentile_from_histogram, spread_of_days
from dashboard.selectors import (
    BY_DISTRICT,
    BY_DISTRICT_SCHEME,
    BY_SCHEME,
    OVERALL,
    Figures,
    Scope,
    decision_spreads,
    figures_by_district_and_scheme,
    monthly_trend,
    reference_lists,
    sum_figures,
    summary_figures,
)
from dashboard.tasks import refresh_dashboard_summaries_task
from dashboard.years import current_year
from districts.models import District, Division
from margin_money import services as aa
from margin_money.access import access_application_for_bank
from mda import services as mda_services
from payments.models import Payment
from schemes.models import Scheme
from tests.applications.helpers import (
    MDA_STEPS,
    MM_STEPS,
    make_applicant,
    officer,
    officer_access,
    owner_access,
    pdf_upload,
    recommended,
    submitted,
    submitted_toolkit,
    under_scrutiny,
    verify_all,
)
from tests.committees.helpers import close_agenda, seat_committee
from tests.dashboard.world import _decide, year_start

pytestmark = pytest.mark.django_db


@given(st.lists(st.integers(min_value=-30, max_value=4000), min_size=1, max_size=300))
def test_day_histograms_give_the_percentiles_of_the_durations(tenths):
    """Days walked, then tenths: the same median and 90th percentile as the durations'
    histogram (and so as PERCENTILE_CONT, `test_percentiles.py`)."""
    days: dict[int, list[int]] = {}
    for value in tenths:
        day, tenth = divmod(value, 10)
        days.setdefault(day, [0] * 10)[tenth] += 1
    durations = Counter(value / 10 for value in tenths)
    assert spread_of_days(days) == Spread(
        len(tenths), _percentile_from_histogram(durations, 0.5), _percentile_from_histogram(durations, 0.9)
    )


def _year(start: int) -> str:
    return f"{start}-{(start + 1) % 100:02d}"


YEAR_A = _year(int(current_year()[:4]) - 2)
YEAR_B = _year(int(current_year()[:4]) - 1)


class Clock:
    """`at(day)`: from now on the services' present is `day` days after the start of year A."""

    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch
        self.start = year_start(YEAR_A)

    def at(self, day: float):
        moment = self.start + timedelta(days=day)
        self.monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    def stop(self) -> None:
        self.monkeypatch.undo()


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(monkeypatch)
    yield clock
    clock.stop()


def _return(application, dic):
    return return_application(
        application_id=application.pk,
        user=dic,
        access=officer_access(dic, application),
        fields=[],
        documents=["craft_proof"],
        reason="The photo is unreadable.",
    )


def _resubmit(application):
    access = owner_access(application)
    user = application.applicant.user
    upload_document(
        application_id=application.pk, code="craft_proof", upload=pdf_upload(), user=user, access=access
    )
    return resubmit_application(application_id=application.pk, user=user, access=access)


def _meeting(application, secretary, members, decision: dict):
    meeting = close_agenda(AgendaItem.objects.get(application=application, applied_at__isnull=True).meeting)
    _decide(meeting, secretary, members, {application: decision})
    application.refresh_from_db()
    return application


class Moves:
    """Files taken through the services on the clock's days. `first()` makes the moves of year
    A and the start of A+1; `more()` a second round, for the count that catches up."""

    def __init__(self, clock):
        self.clock = clock
        clock.at(0)
        self.agra, self.lucknow = officer("agra"), officer("lucknow")
        _c, self.agra_tsc, self.agra_tsc_members = seat_committee("tsc", "agra", secretary=self.agra)
        _c, self.agra_dlc, self.agra_dlc_members = seat_committee("dlc", "agra", secretary=self.agra)
        _c, self.lucknow_dltfc, self.lucknow_members = seat_committee(
            "dltfc", "lucknow", secretary=self.lucknow
        )
        self.apps: dict[str, Application] = {}

    def first(self) -> None:
        at, agra, lucknow = self.clock.at, self.agra, self.lucknow
        approve = {"decision": "approve"}
        at(1.2)
        t1 = self.apps["t1"] = submitted_toolkit(make_applicant(seed=401))
        at(2.5)
        under_scrutiny(t1, agra)
        at(4.7)
        _return(t1, agra)
        at(9.1)
        _resubmit(t1)
        at(12.3)
        t1 = verify_all(Application.objects.get(pk=t1.pk), agra)
        t1 = recommend_application(
            application_id=t1.pk, user=agra, access=officer_access(agra, t1), note="Fit for the committee."
        )
        place_on_agenda(application_id=t1.pk)
        at(40.6)
        self.apps["t1"] = _meeting(t1, self.agra, self.agra_tsc_members, approve)

        at(3)
        t2 = self.apps["t2"] = submitted_toolkit(make_applicant(seed=402))
        at(5.35)
        under_scrutiny(t2, agra)
        at(20.4)
        reject_application(
            application_id=t2.pk,
            user=agra,
            access=officer_access(agra, t2),
            reason_codes=["not_district_product"],
            reason="Makes furniture, not the district's product.",
        )

        at(30)
        t3 = self.apps["t3"] = submitted_toolkit(make_applicant(seed=403))
        at(31.55)
        withdraw_application(application_id=t3.pk, user=t3.applicant.user, access=owner_access(t3))

        # Margin Money in Lucknow: approved, through the bank, released by DBT (a payment).
        at(10)
        m1 = self.apps["m1"] = submitted(make_applicant(seed=404, district="lucknow"), "MM", MM_STEPS)
        at(14.8)
        m1 = recommended(m1, lucknow)
        place_on_agenda(application_id=m1.pk)
        at(44.25)
        m1 = self.apps["m1"] = _meeting(m1, self.lucknow, self.lucknow_members, approve)
        at(49)
        aa.send_to_bank(application_id=m1.pk, user=lucknow, access=officer_access(lucknow, m1))
        self._through_the_bank(m1, day=60.5)

        # Received near the end of year A, decided in A+1.
        at(350)
        t4 = self.apps["t4"] = submitted_toolkit(make_applicant(seed=405))
        at(352.05)
        t4 = recommended(t4, agra)
        place_on_agenda(application_id=t4.pk)
        at(372.9)
        self.apps["t4"] = _meeting(t4, self.agra, self.agra_tsc_members, approve)

        # Waiting in scrutiny, then overdue.
        at(360)
        t5 = self.apps["t5"] = submitted_toolkit(make_applicant(seed=406))
        at(361.5)
        under_scrutiny(t5, agra)

    def _through_the_bank(self, application, *, day: float) -> None:
        from tests.margin_money.test_after_approval import _bank_officer

        self.clock.at(day)
        bank = _bank_officer(branch_ifsc="SBIN0012345", district="lucknow", username="bank.lucknow")
        at_bank = {
            "application_id": application.pk,
            "user": bank,
            "access": partial(access_application_for_bank, user=bank, pk=application.pk),
        }
        today = timezone.localdate()
        aa.sanction_loan(**at_bank, amount=Decimal("975000.00"), sanctioned_on=today)
        aa.record_training(
            **at_bank,
            institution="RSETI Lucknow",
            start=today - timedelta(days=aa.MIN_TRAINING_DAYS - 1),
            end=today,
            certificate="",
        )
        aa.disburse_loan(**at_bank, first_instalment_on=today)
        self.clock.at(day + 3.3)
        aa.claim_margin_money(**at_bank, amount=application.benefit_amount, claimed_on=timezone.localdate())
        self.clock.at(day + 9.6)
        aa.release_margin_money(
            application_id=application.pk,
            user=self.lucknow,
            access=officer_access(self.lucknow, application),
            dbt_reference="DBT-UP-MM-0001",
            released_on=timezone.localdate(),
        )

    def more(self) -> None:
        """Year A+1: a return and a rejection, an MDA claim approved and paid, a new file."""
        at, agra = self.clock.at, self.agra
        at(380.15)
        t5 = Application.objects.get(pk=self.apps["t5"].pk)
        _return(t5, agra)
        at(390.7)
        _resubmit(t5)
        at(395.2)
        reject_application(
            application_id=t5.pk,
            user=agra,
            access=officer_access(agra, t5),
            reason_codes=["not_district_product"],
            reason="Not the district's product.",
        )
        at(400)
        claim = self.apps["d1"] = submitted(make_applicant(seed=407), "MDA", MDA_STEPS)
        at(402.45)
        claim = recommended(claim, agra)
        place_on_agenda(application_id=claim.pk)
        at(420.8)
        claim = _meeting(claim, self.agra, self.agra_dlc_members, {"decision": "approve"})
        at(431.05)
        mda_services.pay_mda_claim(
            application_id=claim.pk,
            user=agra,
            access=officer_access(agra, claim),
            dbt_reference="DBT-9",
            paid_on=timezone.localdate(),
        )
        at(440)
        self.apps["t6"] = submitted_toolkit(make_applicant(seed=408, district="lucknow"))


@pytest.fixture
def moves(clock):
    made = Moves(clock)
    made.first()
    clock.stop()  # the dashboard is read in the real present
    return made


def _scopes() -> list[dict]:
    return [
        {},
        {"scheme": Scheme.objects.get(code="TT")},
        {"scheme": Scheme.objects.get(code="MM")},
        {"scheme": Scheme.objects.get(code="MDA")},
        {"district": District.objects.get(slug="agra")},
        {"district": District.objects.get(slug="lucknow"), "scheme": Scheme.objects.get(code="MM")},
        {"division": Division.objects.get(slug="lucknow")},
        {"district": District.objects.get(slug="varanasi")},
    ]


def _figures(data) -> tuple:
    """Every figure a dashboard shows (the moment they are as of aside)."""
    return (
        data.districts,
        data.divisions,
        data.total,
        data.total_decision,
        data.statuses,
        data.months,
        data.stages,
    )


def _assert_summaries_equal_the_files() -> None:
    lists = reference_lists()
    now = timezone.now()
    for year in (YEAR_A, YEAR_B, current_year()):
        for scope in _scopes():
            scope = Scope(year=year, now=now, **scope)
            assert _figures(dashboard_data(scope, lists)) == _figures(
                dashboard_data_from_files(scope, lists)
            ), (
                year,
                scope,
            )
        # The open data: the same counts, money and medians before any is withheld.
        published = OpenData(year=year, lists=lists)
        whole = Scope(year=year, now=now)
        cells = figures_by_district_and_scheme(whole)
        for key, cell in cells.items():
            assert published.received.values[("cell", *key)] == cell.received
            assert published.approved.values[("cell", *key)] == cell.approved
        assert published.spreads == decision_spreads(
            whole, grouping_sets=(BY_DISTRICT_SCHEME, BY_DISTRICT, BY_SCHEME, OVERALL)
        )
        for scheme in lists.schemes:
            months = monthly_trend(Scope(year=year, now=now, scheme=scheme))
            assert [published.received_months.values[("cell", m.month, scheme.pk)] for m in months] == [
                m.received for m in months
            ]
        # Every district's histograms, not only those the scopes above show.
        assert not summaries.histograms_differing(year), year


def _stored() -> dict:
    """Every summary row, without ids."""
    fields = {
        MonthFigures: [
            "financial_year",
            "district_id",
            "scheme_id",
            "month",
            "received",
            "approved",
            "rejected",
            "sanctioned",
            "released",
        ],
        ReceivedByStatus: ["financial_year", "district_id", "scheme_id", "status", "files", "benefit"],
        DecisionDays: [
            "financial_year",
            "district_id",
            "scheme_id",
            "day",
            *[f"tenth_{k}" for k in range(10)],
        ],
        StageDays: [
            "financial_year",
            "district_id",
            "scheme_id",
            "stage",
            "day",
            *[f"tenth_{k}" for k in range(10)],
        ],
        StateStageDays: ["financial_year", "scheme_id", "stage", "day", *[f"tenth_{k}" for k in range(10)]],
    }
    return {model.__name__: sorted(model.objects.values_list(*names)) for model, names in fields.items()}


def test_summaries_equal_a_count_from_the_files_after_real_moves(moves):
    _assert_summaries_equal_the_files()
    # Not an empty comparison: the hand-worked figures of year A.
    data = dashboard_data(Scope(year=YEAR_A), reference_lists())
    margin = moves.apps["m1"].benefit_amount
    assert (data.total.received, data.total.approved, data.total.rejected, data.total.pending) == (6, 2, 1, 1)
    assert data.total.released == margin
    # Decided in A: t1 after 39.4 days, t2 after 17.4, m1 after 34.25 (kept to tenths: 34.3).
    assert (data.total_decision.count, data.total_decision.median, data.total_decision.p90) == (
        3,
        34.3,
        38.38,
    )
    stages = {value: (spread.count, spread.median, spread.p90) for value, _label, spread in data.stages}
    assert stages["returned"] == (1, 4.4, 4.4)
    assert stages["submitted"][0] == 6  # every file received in A was taken up or withdrawn in A
    later = dashboard_data(Scope(year=YEAR_B), reference_lists())
    assert (later.total.received, later.total.approved, later.total_decision.count) == (0, 1, 1)
    # What the page counted, cell by cell, is what a rebuild from scratch gives.
    counted = _stored()
    counting.rebuild()
    assert _stored() == counted


def _stored_figures(scope):
    """The figures as the summaries hold them, without counting what waits."""
    state = SummaryState.objects.get()
    return summary_figures(scope, reference_lists(), counting.Freshness(state.as_of, state.overdue_cutoff))


def _totals(cells) -> Figures:
    return sum_figures(cells, lambda key: True)


def _ids(model, **cell) -> set[int]:
    return set(model.objects.filter(**cell).values_list("pk", flat=True))


def test_the_beat_task_catches_up_after_moves(moves, clock):
    assert settings.CELERY_BEAT_SCHEDULE["refresh-dashboard-summaries"]["task"] == (
        "dashboard.tasks.refresh_dashboard_summaries_task"
    )
    counting.rebuild()
    # Lucknow's Margin Money file of year A is not moved again below: its rows stay as they are.
    untouched = {"district__slug": "lucknow", "scheme__code": "MM", "financial_year": YEAR_A}
    kept = {model: _ids(model, **untouched) for model in (MonthFigures, StageDays, DecisionDays)}
    assert all(kept.values())
    moves.more()
    clock.stop()
    scope = Scope(year=YEAR_B)
    stored, _months = _stored_figures(scope)
    assert _totals(stored).approved == 1  # not counted yet: the figures before the moves
    assert _totals(figures_by_district_and_scheme(scope)).approved == 2
    assert refresh_dashboard_summaries_task() > 0
    stored, months = _stored_figures(scope)
    assert _totals(stored) == _totals(figures_by_district_and_scheme(scope))
    assert months == monthly_trend(scope)
    _assert_summaries_equal_the_files()
    # Only the cells the moves touched were recounted.
    assert {model: _ids(model, **untouched) for model in kept} == kept
    counted = _stored()
    counting.rebuild()
    assert _stored() == counted
    # Nothing waiting: the next run recounts nothing and moves the moment on.
    before = SummaryState.objects.get().as_of
    assert refresh_dashboard_summaries_task() == 0
    assert SummaryState.objects.get().as_of > before
    # The money released on A+1's approvals: the MDA claim, paid on a file approved in A+1.
    paid = Payment.objects.get(application=moves.apps["d1"]).amount
    assert dashboard_data(Scope(year=YEAR_B), reference_lists()).total.released == paid


def test_a_move_committed_after_the_count_passed_its_id_is_counted(moves, clock):
    """A move whose transaction was still open when a count ran has an id below the new
    watermark; the gap is looked for again and the move counted when it commits."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite gives a rolled-back id to the next row; its writers never overlap")
    counting.rebuild()
    # An id taken by a transaction that has not committed yet (here: taken and given back).
    with transaction.atomic():
        taken = AuditEvent.objects.create(application=moves.apps["t1"], actor_role="system", action="note")
        transaction.set_rollback(True)
    clock.at(500)
    t6 = submitted_toolkit(make_applicant(seed=409, district="lucknow"))  # committed first
    t7 = submitted_toolkit(make_applicant(seed=410, district="varanasi"))
    clock.stop()
    assert counting.bring_up_to_date().cells > 0
    gap = ("event", taken.pk, taken.pk)
    assert gap in set(SummaryGap.objects.values_list("source", "first_id", "last_id"))
    # The slow transaction commits, with the id it took: t6 taken up, ending its first stay.
    clock.at(501.5)
    t6 = under_scrutiny(t6, moves.lucknow)
    clock.stop()
    late = AuditEvent.objects.filter(application=t6).latest("pk")
    AuditEvent.objects.filter(pk=late.pk).update(id=taken.pk)
    ended = {"financial_year": YEAR_B, "stage": Status.SUBMITTED, "district": t6.district}
    assert not StageDays.objects.filter(**ended).exists()
    assert not AuditEvent.objects.filter(pk__gt=SummaryState.objects.get().event_id).exists()
    year = Scope(year=YEAR_B)
    assert counting._state_and_waiting()[1]  # the gap is filled: a move is waiting
    refresh_dashboard_summaries_task()
    data = dashboard_data(year, reference_lists())
    assert data.total.received == 2 == dashboard_data_from_files(year, reference_lists()).total.received
    assert gap not in set(SummaryGap.objects.values_list("source", "first_id", "last_id"))
    assert (t6.status, t7.status) == (Status.UNDER_SCRUTINY, Status.SUBMITTED)
    # The stay the late move ended was added when its gap filled, and once.
    assert sum(sum(row.counts()) for row in StageDays.objects.filter(**ended)) == 1
    _assert_summaries_equal_the_files()
    counted = _stored()
    counting.rebuild()
    assert _stored() == counted


def test_a_gap_no_row_fills_is_forgotten(moves):
    counting.rebuild()
    SummaryGap.objects.create(source="event", first_id=10**9, last_id=10**9, seen_at=timezone.now())
    counting.bring_up_to_date()
    assert SummaryGap.objects.filter(first_id=10**9).exists()
    SummaryGap.objects.update(seen_at=timezone.now() - summaries.GAP_PATIENCE - timedelta(seconds=1))
    counting.bring_up_to_date()
    assert not SummaryGap.objects.exists()


def test_a_page_counts_waiting_moves_only_when_the_beat_task_has_stopped(
    moves, clock, signed_in, state_staff
):
    counting.rebuild()
    moves.more()
    clock.stop()
    counted_at = SummaryState.objects.get().as_of
    scope = Scope(year=YEAR_B)
    # Counted a moment ago: the page shows those figures and says when they are from.
    data = dashboard_data(scope, reference_lists())
    assert (data.as_of, data.total.approved) == (counted_at, 1)
    moment = timezone.localtime(counted_at).strftime("%d-%m-%Y %H:%M")
    assert (
        f"Figures as of {moment} IST"
        in signed_in(state_staff).get(f"/dashboard/?year={YEAR_B}").content.decode()
    )
    # Counted longer ago than the beat task allows: the page counts the moves itself.
    SummaryState.objects.update(as_of=timezone.now() - summaries.MAX_AGE - timedelta(minutes=1))
    data = dashboard_data(scope, reference_lists())
    assert data.as_of > counted_at and data.total.approved == 2
    _assert_summaries_equal_the_files()


def test_a_backlog_too_large_for_a_page_waits_for_the_beat_task(
    moves, clock, monkeypatch, signed_in, state_staff
):
    counting.rebuild()
    moves.more()
    clock.stop()
    stale = timezone.now() - summaries.MAX_AGE - timedelta(minutes=1)
    SummaryState.objects.update(as_of=stale)
    monkeypatch.setattr(counting, "BACKLOG_LIMIT", 3)
    scope = Scope(year=YEAR_B)
    data = dashboard_data(scope, reference_lists())
    assert data.as_of == stale  # the page counts nothing and says how old its figures are
    assert data.total.approved == 1 != dashboard_data_from_files(scope, reference_lists()).total.approved
    moment = timezone.localtime(stale).strftime("%d-%m-%Y %H:%M")
    assert (
        f"Figures as of {moment} IST"
        in signed_in(state_staff).get(f"/dashboard/?year={YEAR_B}").content.decode()
    )
    counted = counting.bring_up_to_date()  # the beat task
    assert counted.rebuilt
    _assert_summaries_equal_the_files()


def test_before_the_first_count_the_pages_say_the_figures_are_coming(
    moves, monkeypatch, signed_in, state_staff
):
    SummaryState.objects.all().delete()
    SummaryGap.objects.all().delete()
    monkeypatch.setattr(counting, "BACKLOG_LIMIT", 3)
    page = signed_in(state_staff).get(f"/dashboard/?year={YEAR_A}").content.decode()
    assert "The figures are being counted for the first time; they appear within a few minutes." in page
    body = signed_in(None).get(f"/api/v1/stats/schemes/?year={YEAR_A}").json()
    assert body["as_of"] is None
    call_command("rebuild_dashboard_summaries", stdout=io.StringIO())
    assert signed_in(None).get(f"/api/v1/stats/schemes/?year={YEAR_A}").json()["total"]["received"] == 6


def test_the_rebuild_command_checks_the_summaries_against_the_files(moves):
    out = io.StringIO()
    call_command("rebuild_dashboard_summaries", "--check", stdout=out)
    assert "Every year's figures equal a count from the files." in out.getvalue()


def test_overdue_files_are_counted_before_the_cutoff_by_the_summaries_and_since_it_from_the_files(moves):
    counting.rebuild()
    state = SummaryState.objects.get()
    assert state.overdue_cutoff == summaries.overdue_cutoff(state.as_of)
    # t5 has waited in scrutiny since day 361.5 of year A, and the DIC has not sent on t1 and
    # t4 since their approval: long overdue, in the summaries.
    assert ReceivedByStatus.objects.get(status=Status.UNDER_SCRUTINY).late == 1
    data = dashboard_data(Scope(year=YEAR_A), reference_lists())
    assert (data.total.overdue, data.total.overdue_after) == (1, 2)
    # Counted three days ago (the beat task moves the cutoff on once a day): the files due
    # since are counted from the files, and the figures are the same.
    with transaction.atomic():
        older = SummaryState.objects.select_for_update().get()
        summaries._move_cutoff(older, state.overdue_cutoff - timedelta(days=3))
        older.save(update_fields=["overdue_cutoff"])
    _assert_summaries_equal_the_files()
    counting.bring_up_to_date()
    assert SummaryState.objects.get().overdue_cutoff == state.overdue_cutoff
    assert ReceivedByStatus.objects.get(status=Status.UNDER_SCRUTINY).late == 1
    _assert_summaries_equal_the_files()


def test_the_command_compares_the_counted_summaries_without_rebuilding(moves, clock):
    counting.rebuild()
    moves.more()
    clock.stop()
    out = io.StringIO()
    call_command("rebuild_dashboard_summaries", "--compare", stdout=out)
    assert "waiting moves counted" in out.getvalue()
    assert "Every year's figures equal a count from the files." in out.getvalue()
    rebuilt_at = SummaryState.objects.get().rebuilt_at
    # A stay counted twice (what adding a move's stays again would do) is found, not rebuilt away.
    row = StageDays.objects.filter(financial_year=YEAR_B).order_by("pk").first()
    row.tenth_0 += 1
    row.save(update_fields=["tenth_0"])
    with pytest.raises(CommandError, match=f"The summaries differ from the files for {YEAR_B}"):
        call_command("rebuild_dashboard_summaries", "--compare", stdout=io.StringIO())
    assert SummaryState.objects.get().rebuilt_at == rebuilt_at
