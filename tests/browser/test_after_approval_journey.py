"""After approval, in the browser: the bank branch works a Margin Money file from sanction to
disbursement (refused once for a date in the future, keeping what was typed); Agra's DIC runs a
training batch from placing to the toolkit handed over against the artisan's code, with the
honorarium computed from the RuleSet; and the artisan of a Margin Money file, in Hindi on a
phone, finds every step from approval to the release on the tracking page."""

import itertools
import re
from datetime import timedelta
from decimal import Decimal
from functools import partial

import pytest
from django.utils import timezone
from django.utils.translation import gettext_lazy
from playwright.sync_api import expect

from accounts import sms
from applications.access import access_application_for_review
from applications.models import Application, AuditEvent
from applications.workflow import HOLDER, TRANSITIONS, Status
from committees.models import AgendaItem
from committees.services.meetings import apply_meeting_decisions, record_meeting_decisions
from margin_money import services as aa
from margin_money.models import MarginMoneyCase
from margin_money.workflow import MarginMoneyStatus
from payments.models import Payment
from schemes.rules import margin_money as mm
from schemes.rules.base import money
from schemes.templatetags.scheme_tags import inr
from tests.applications.helpers import (
    MM_STEPS,
    approved_by_committee,
    make_applicant,
    officer,
    recommended,
    submitted,
    submitted_toolkit,
    through_the_bank,
)
from tests.browser.conftest import (
    PHONE,
    assert_fits_phone,
    guard_outside_requests,
    hindi,
    new_otp_sent_to,
    new_sms_to,
    screenshot,
)
from tests.committees.helpers import close_agenda, seat_committee
from tests.factories import STAFF_PASSWORD, ArtisanFactory, StaffFactory
from tests.margin_money.test_after_approval import _bank_officer
from toolkit import services as tt
from toolkit.models import BatchTrainee, ToolkitIssue, TrainingAttendance, TrainingBatch
from toolkit.workflow import ToolkitStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
MM_MOBILE = "9822200001"
# (mobile, name) of three artisans the Toolkit Selection Committee selected together; the first
# two go into the batch, the third waits for the next one.
TRAINEES = [
    ("9833300001", "Asha Devi"),
    ("9833300002", "Bhola Nath"),
    ("9833300003", "Chanda Bano"),
]
TRAINING_INSTITUTION = "RSETI Agra"
BATCH_INSTITUTION = "UP Institute of Design, Agra"
BATCH_VENUE = "DIC hall, Agra"

TO_DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")


def typed(day) -> str:
    """A date as an officer types it: day first."""
    return day.strftime("%d/%m/%Y")


# --- Helpers ------------------------------------------------------------------------------------


def dmy(day) -> str:
    return day.strftime("%d-%m-%Y")


def sms_count(mobile: str) -> int:
    return sum(1 for m in sms.outbox if m.to == mobile)


def staff_signs_in(page, base: str, username: str) -> None:
    """Staff sign in with username and password, in English."""
    page.goto(base + "/accounts/staff/login/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.wait_for_url("**/accounts/staff/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/staff/")


def check_on_a_phone(page, name: str) -> None:
    """The same page at 360 pixels: nothing forces sideways scrolling."""
    page.set_viewport_size(PHONE)
    assert_fits_phone(page)
    screenshot(page, name)
    page.set_viewport_size(DESKTOP)


def duplicate_ids(page) -> list[str]:
    """Ids used by more than one element: a label pointing at one of them names the wrong field."""
    return page.evaluate(
        """() => {
            const seen = new Map();
            for (const element of document.querySelectorAll("[id]")) {
                seen.set(element.id, (seen.get(element.id) || 0) + 1);
            }
            return [...seen].filter(([, count]) => count > 1).map(([id]) => id);
        }"""
    )


def assert_one_per_line(checkboxes) -> None:
    """Each choice on a line of its own: every box at the same left edge, one below the other,
    so no box sits at the end of another person's line."""
    boxes = [checkboxes.nth(i).bounding_box() for i in range(checkboxes.count())]
    assert len(boxes) > 1
    assert len({round(box["x"]) for box in boxes}) == 1, boxes
    assert all(below["y"] > above["y"] for above, below in itertools.pairwise(boxes)), boxes


def fact(page, term: str):
    """The <dd> next to the <dt> `term` in the page's facts list."""
    return page.locator("dl.facts dt", has_text=re.compile(rf"^{re.escape(term)}$")).locator(
        "xpath=following-sibling::dd[1]"
    )


def margin_money_figures(application: Application) -> tuple[Decimal, Decimal, Decimal]:
    """(project cost, margin money, bank loan) of a general-category file, worked out from its
    project answers and its own RuleSet with the Margin Money rules (GO-MM-2018 paras 1(2)-1(9))."""
    params = application.ruleset.rule_parameters()
    project = application.details["project"]

    def amount(key: str) -> Decimal:
        return Decimal(str(project.get(key) or 0))

    cost = money(
        amount("machinery_cost")
        + amount("workshed_cost")
        + amount("other_capital_cost")
        + amount("working_capital")
    )
    margin = mm.margin_money_for(cost, params)
    own = money(params.own_contribution_general_rate * cost)
    return cost, margin, cost - margin - own


def approved_margin_money_file(dic, mobile: str) -> Application:
    applicant = make_applicant(seed=7, user=ArtisanFactory(mobile=mobile), full_name="Ramesh Kumar")
    return approved_by_committee(submitted(applicant, "MM", MM_STEPS), dic, "dltfc")


def sent_to_bank(dic, mobile: str = MM_MOBILE) -> Application:
    application = approved_margin_money_file(dic, mobile)
    aa.send_to_bank(
        application_id=application.pk,
        user=dic,
        access=partial(access_application_for_review, user=dic, pk=application.pk),
    )
    application.refresh_from_db()
    assert application.status == MarginMoneyStatus.SENT_TO_BANK
    return application


def selected_together(dic, artisans) -> list[Application]:
    """Training and Toolkit applicants of Agra, each with their own name and mobile, selected at
    one meeting of the Toolkit Selection Committee (services called directly)."""
    _, _secretary, members = seat_committee("tsc", "agra", secretary=dic)
    applications = []
    for seed, (mobile, name) in enumerate(artisans, start=200):
        applicant = make_applicant(seed=seed, user=ArtisanFactory(mobile=mobile), full_name=name)
        # Each service commits on its own, so the queued agenda placement runs.
        applications.append(recommended(submitted_toolkit(applicant), dic))
    meeting = close_agenda(
        AgendaItem.objects.get(application=applications[0], applied_at__isnull=True).meeting
    )
    assert set(meeting.items.values_list("application_id", flat=True)) == {a.pk for a in applications}
    record_meeting_decisions(
        meeting_id=meeting.pk,
        user=dic,
        present_user_ids=[dic.pk, *[m.pk for m in members]],
        decisions={item.pk: {"decision": "approve"} for item in meeting.items.all()},
    )
    apply_meeting_decisions(meeting_id=meeting.pk)
    selected = list(Application.objects.filter(pk__in=[a.pk for a in applications]).order_by("pk"))
    assert {a.status for a in selected} == {Status.APPROVED}
    return selected


def bank_snapshot(application: Application):
    return (
        Application.objects.filter(pk=application.pk).values_list("status", "due_at").get(),
        MarginMoneyCase.objects.filter(application=application).values().get(),
        AuditEvent.objects.filter(application=application).count(),
        Payment.objects.count(),
        sms_count(application.applicant.user.mobile),
    )


# --- 1. The bank branch ---------------------------------------------------------------------------


def test_bank_officer_sanctions_records_training_and_disburses(phone_page, browser):
    dic = officer(username="dic.agra")
    bank = _bank_officer()
    application = sent_to_bank(dic)
    case = MarginMoneyCase.objects.get(application=application)
    assert case.bank_branch_id == bank.bank_branch_id
    project_cost, margin, loan = margin_money_figures(application)
    assert application.benefit_amount == margin
    today = timezone.localdate()
    reference = application.reference_number

    base = phone_page.base_url
    office = browser.new_context(viewport=DESKTOP, locale="hi-IN")
    page = office.new_page()
    outside = guard_outside_requests(page, base)
    try:
        # --- The branch's queue lists the file with its margin money. -------------------------
        staff_signs_in(page, base, bank.username)
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Margin Money files").click()
        page.wait_for_url("**/applications/bank/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Sikandra")
        row = page.locator("table tbody tr").filter(has_text=reference)
        expect(row).to_have_count(1)
        expect(row.locator(".tag.status-sent_to_bank")).to_have_text("Sent to the bank")
        expect(row.locator("td.num")).to_have_text(inr(margin))
        expect(row).to_contain_text(application.applicant.full_name)
        screenshot(page, "bank-queue")
        row.get_by_role("link", name=reference).click()
        page.wait_for_url(f"**/applications/bank/{application.pk}/")

        # --- The file: the figures of its RuleSet, and the two moves open to the bank. --------
        expect(page.get_by_role("heading", level=1)).to_contain_text("Sent to the bank")
        expect(fact(page, "Project cost")).to_have_text(inr(project_cost))
        expect(fact(page, "Margin money")).to_have_text(inr(margin))
        expect(fact(page, "Loan needed")).to_have_text(inr(loan))
        expect(page.locator("section[id^=action-]")).to_have_count(2)
        expect(page.locator("#action-sanction_loan")).to_be_visible()
        expect(page.locator("#action-refuse_loan")).to_be_visible()
        check_on_a_phone(page, "bank-file-sent-phone")

        # --- Refused: a sanction dated tomorrow. The date field says why; nothing is lost. ----
        sanction = page.locator("#action-sanction_loan")
        tomorrow = today + timedelta(days=1)
        before = bank_snapshot(application)
        sanction.get_by_label("Loan sanctioned (rupees)").fill(str(loan))
        sanction.get_by_label("Date of sanction").fill(typed(tomorrow))
        with page.expect_navigation():
            sanction.get_by_role("button", name="Record the sanction").click()
        sanction = page.locator("#action-sanction_loan")
        date_field = sanction.locator(".field.has-error")
        expect(date_field).to_have_count(1)
        expect(date_field.locator("label")).to_have_text("Date of sanction")
        expect(date_field.get_by_role("alert")).to_have_text("This date cannot be in the future.")
        expect(sanction.get_by_label("Loan sanctioned (rupees)")).to_have_value(str(loan))
        expect(sanction.get_by_label("Date of sanction")).to_have_value(typed(tomorrow))
        expect(page.locator(".messages")).to_have_count(0)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Sent to the bank")
        assert bank_snapshot(application) == before
        screenshot(page, "bank-file-sanction-refused")

        # --- The sanction, dated today. --------------------------------------------------------
        # Typed day first in Devanagari digits, as many officers type on a Hindi keyboard.
        sanction.get_by_label("Date of sanction").fill(typed(today).translate(TO_DEVANAGARI))
        sanction.get_by_role("button", name="Record the sanction").click()
        expect(page.locator(".messages")).to_contain_text("Recorded.")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Loan sanctioned by the bank")
        expect(fact(page, "Loan sanctioned")).to_have_text(f"{inr(loan)} · {dmy(today)}")
        expect(page.locator("#action-sanction_loan")).to_have_count(0)
        expect(page.locator("#action-refuse_loan")).to_have_count(0)
        expect(page.locator(".timeline")).to_contain_text("Loan sanctioned by the bank")
        # The artisan hears of the sanction by SMS.
        assert reference in new_sms_to(MM_MOBILE, before[-1])
        case.refresh_from_db()
        application.refresh_from_db()
        assert application.status == MarginMoneyStatus.LOAN_SANCTIONED
        assert (case.loan_amount, case.loan_sanctioned_on) == (loan, today)

        # --- The entrepreneurship training (one week, GO-MM-2018 para 5(5)). ---------------------
        training = page.locator("#action-record_training")
        start = today - timedelta(days=aa.MIN_TRAINING_DAYS - 1)
        training.get_by_label("Training institution").fill(TRAINING_INSTITUTION)
        training.get_by_label("From", exact=True).fill(typed(start))
        training.get_by_label("To", exact=True).fill(typed(today))
        training.get_by_label("Certificate number").fill("RSETI/AGR/0042")
        training.get_by_role("button", name="Record the training").click()
        expect(page.locator(".messages")).to_contain_text("Recorded.")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Entrepreneurship training completed")
        expect(fact(page, "Training")).to_have_text(f"{TRAINING_INSTITUTION}, {dmy(start)} – {dmy(today)}")
        expect(page.locator("#action-record_training")).to_have_count(0)
        case.refresh_from_db()
        application.refresh_from_db()
        assert application.status == MarginMoneyStatus.TRAINING_DONE
        assert (case.training_institution, case.training_from, case.training_to) == (
            TRAINING_INSTITUTION,
            start,
            today,
        )
        assert case.training_certificate == "RSETI/AGR/0042"

        # --- The first instalment of the loan. ---------------------------------------------------
        disburse = page.locator("#action-disburse_loan")
        disburse.get_by_label("Date of the first instalment").fill(typed(today))
        disburse.get_by_role("button", name="Record the disbursement").click()
        expect(page.locator(".messages")).to_contain_text("Recorded.")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Loan disbursed")
        expect(fact(page, "First instalment")).to_have_text(dmy(today))
        expect(page.locator("#action-disburse_loan")).to_have_count(0)
        # Next the branch claims the margin money; nothing is claimed yet.
        expect(page.locator("section[id^=action-]")).to_have_count(1)
        expect(page.locator("#action-claim_margin_money")).to_be_visible()
        timeline = page.locator(".timeline .timeline-entry strong")
        expect(timeline).to_have_text(
            [
                str(TRANSITIONS[move].label)
                for move in [
                    "submit",
                    "take_up",
                    "recommend",
                    "place_on_agenda",
                    "approve",
                    "send_to_bank",
                    "sanction_loan",
                    "record_training",
                    "disburse_loan",
                ]
            ]
        )
        screenshot(page, "bank-file-disbursed")
        check_on_a_phone(page, "bank-file-disbursed-phone")
    finally:
        office.close()
    assert outside == [], f"requests left the portal (CDN?): {outside}"

    application.refresh_from_db()
    case.refresh_from_db()
    assert application.status == MarginMoneyStatus.LOAN_DISBURSED
    assert case.first_instalment_on == today
    assert (case.loan_amount, case.claim_amount, case.released_amount) == (loan, None, None)
    assert application.benefit_amount == margin
    assert not Payment.objects.filter(application=application).exists()
    bank_moves = AuditEvent.objects.filter(application=application, actor=bank).order_by("created_at", "id")
    assert list(bank_moves.values_list("action", "actor_role")) == [
        ("sanction_loan", "bank_officer"),
        ("record_training", "bank_officer"),
        ("disburse_loan", "bank_officer"),
    ]


# --- 2. The district office's training batch ---------------------------------------------------------


def test_dic_runs_a_batch_pays_honorarium_and_hands_over_toolkits(phone_page, browser):
    dic = officer(username="dic.agra")
    selected = selected_together(dic, TRAINEES)
    first, second, waiting = selected
    params = first.ruleset.rule_parameters()
    assert {a.ruleset_id for a in selected} == {first.ruleset_id}
    # The ODOP cell has fixed the product's kit at the cap of the file's RuleSet (para 5(3)).
    kit = tt.define_kit(
        user=StaffFactory(role="state_staff", username="odop.cell", district=None),
        product=first.product,
        items="Lasting machine, hammers, awls",
        value=Decimal(params.toolkit_value_cap),
    )
    today = timezone.localdate()
    training_days = params.general_skill_days + params.edp_days
    start = today - timedelta(days=training_days - 1)
    # Asha Devi comes every day; Bhola Nath misses the last three days.
    present_on = {
        start + timedelta(days=n): {first.pk} if n >= training_days - 3 else {first.pk, second.pk}
        for n in range(training_days)
    }
    days_attended = {a.pk: sum(a.pk in present for present in present_on.values()) for a in (first, second)}
    assert days_attended[first.pk] > days_attended[second.pk] > 0
    rate = Decimal(params.honorarium_per_day)
    honorarium = {pk: money(rate * days) for pk, days in days_attended.items()}

    base = phone_page.base_url
    office = browser.new_context(viewport=DESKTOP, locale="hi-IN")
    page = office.new_page()
    outside = guard_outside_requests(page, base)
    try:
        staff_signs_in(page, base, dic.username)
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Training batches").click()
        page.wait_for_url("**/applications/office/training/")
        expect(page.locator("main")).to_contain_text("3 selected applicants wait for a batch.")

        # --- Set up the batch. -----------------------------------------------------------------
        page.get_by_label("Training institution").fill(BATCH_INSTITUTION)
        page.get_by_label("Track").select_option(TrainingBatch.Track.GENERAL)
        page.get_by_label("First day").fill(typed(start))
        page.get_by_label("Last day").fill(typed(today))
        page.get_by_label("Venue").fill(BATCH_VENUE)
        page.get_by_label("Seats").fill("2")
        page.get_by_role("button", name="Set up").click()
        expect(page.locator(".messages")).to_contain_text("Batch set up.")
        batch = TrainingBatch.objects.get()
        page.wait_for_url(f"**/applications/office/training/{batch.pk}/")
        assert (batch.institution, batch.track, batch.venue, batch.capacity) == (
            BATCH_INSTITUTION,
            TrainingBatch.Track.GENERAL,
            BATCH_VENUE,
            2,
        )
        assert (batch.start_date, batch.end_date, batch.ruleset_id) == (start, today, first.ruleset_id)
        expect(page.get_by_role("heading", level=1)).to_contain_text(BATCH_INSTITUTION)
        expect(fact(page, "Track")).to_contain_text(f"({training_days} days)")
        expect(fact(page, "Venue")).to_have_text(BATCH_VENUE)
        expect(fact(page, "Seats")).to_have_text("0 / 2")

        # --- Place two of the three selected applicants. -------------------------------------------
        place = page.locator("section.card").filter(
            has=page.get_by_role("heading", name="Place selected applicants")
        )
        choices = place.get_by_role("checkbox")
        expect(choices).to_have_count(3)
        assert_one_per_line(choices)
        for application in (first, second):
            place.get_by_role("checkbox", name=application.reference_number).check()
        place.get_by_role("button", name="Place in the batch").click()
        expect(page.locator(".messages")).to_contain_text("2 placed in the batch.")
        expect(fact(page, "Seats")).to_have_text("2 / 2")
        # The batch is full: no more placing.
        expect(page.get_by_role("heading", name="Place selected applicants")).to_have_count(0)
        statuses = dict(Application.objects.values_list("pk", "status"))
        assert statuses == {
            first.pk: ToolkitStatus.IN_TRAINING,
            second.pk: ToolkitStatus.IN_TRAINING,
            waiting.pk: Status.APPROVED,
        }
        assert set(batch.trainees.values_list("application_id", flat=True)) == {first.pk, second.pk}

        # --- Attendance, day by day. -------------------------------------------------------------
        attendance = page.locator("section.card").filter(has=page.get_by_role("heading", name="Attendance"))
        names = {first.pk: TRAINEES[0][1], second.pk: TRAINEES[1][1]}
        for day, present in present_on.items():
            if attendance.get_by_label("Day", exact=True).input_value() != day.isoformat():
                with page.expect_navigation():
                    attendance.get_by_label("Day", exact=True).select_option(day.isoformat())
            expect(attendance.locator("legend")).to_have_text(f"Present on {dmy(day)}")
            for pk, name in names.items():
                box = attendance.get_by_role("checkbox", name=name)
                box.set_checked(pk in present)
            attendance.get_by_role("button", name="Save attendance").click()
            expect(page.locator(".messages")).to_contain_text(
                f"Attendance of {dmy(day)} saved: {len(present)} present."
            )
        assert TrainingAttendance.objects.filter(trainee__batch=batch).count() == 2 * training_days
        for pk, days in days_attended.items():
            assert TrainingAttendance.objects.filter(trainee__application_id=pk, present=True).count() == days

        trainees = page.locator("section.card").filter(has=page.get_by_role("heading", name="Trainees"))

        def row_of(application):
            return trainees.locator("tbody tr").filter(has_text=application.reference_number)

        for application in (first, second):
            row = row_of(application)
            expect(row.locator("td").nth(2)).to_have_text(str(days_attended[application.pk]))
            expect(row.locator("td").nth(3)).to_contain_text(inr(honorarium[application.pk]))
        screenshot(page, "batch-attendance")
        check_on_a_phone(page, "batch-attendance-phone")
        page.set_viewport_size(PHONE)
        assert_one_per_line(attendance.get_by_role("checkbox"))
        page.set_viewport_size(DESKTOP)

        # --- The batch ends today: complete it. ------------------------------------------------------
        page.get_by_role("button", name="Complete the batch").click()
        expect(page.locator(".messages")).to_contain_text("Batch completed: 2 trained.")
        expect(fact(page, "State")).to_have_text(f"Completed {dmy(today)}")
        expect(page.get_by_role("heading", name="Attendance")).to_have_count(0)
        for application in (first, second):
            expect(row_of(application).locator("td").nth(1)).to_have_text("Training completed")
        assert set(
            BatchTrainee.objects.filter(batch=batch, completed=True).values_list("application_id", flat=True)
        ) == {
            first.pk,
            second.pk,
        }

        # --- The honorarium by DBT: days attended x the RuleSet's rate, never typed in. ------------
        # Each trained row has its own payment form, its labels naming its own fields.
        expect(trainees.get_by_role("button", name="Record DBT payment")).to_have_count(2)
        assert duplicate_ids(page) == []
        # Bhola Nath's row first: the office need not go down the list in order.
        for application, dbt in ((second, "DBT-HON-0002"), (first, "DBT-HON-0001")):
            row = row_of(application)
            row.get_by_label("DBT reference").fill(dbt)
            row.get_by_label("Paid on").fill(typed(today))
            row.get_by_role("button", name="Record DBT payment").click()
            expect(page.locator(".messages")).to_contain_text(
                f"Honorarium of Rs {honorarium[application.pk]} recorded."
            )
            row = row_of(application)
            expect(row.locator("td").nth(3)).to_have_text(f"{inr(honorarium[application.pk])} ({dbt})")
            expect(row.locator("td").nth(1)).to_have_text("Honorarium paid")
            payment = Payment.objects.get(application=application, purpose="honorarium")
            assert (payment.amount, payment.dbt_reference, payment.paid_on) == (
                honorarium[application.pk],
                dbt,
                today,
            )

        # --- Toolkits against the code sent to each artisan's mobile. --------------------------------
        mobiles = {first.pk: TRAINEES[0][0], second.pk: TRAINEES[1][0]}
        for application in (first, second):
            mobile = mobiles[application.pk]
            earlier = sms_count(mobile)
            row_of(application).get_by_role("button", name="Send the hand-over code").click()
            expect(page.locator(".messages")).to_contain_text("A code has been sent to the artisan's mobile.")
            code = new_otp_sent_to(mobile, earlier)
            row = row_of(application)
            row.get_by_label("Toolkit").select_option(str(kit.pk))
            if application is first:
                # A wrong code is refused and hands nothing over.
                wrong = "0" * len(code) if code != "0" * len(code) else "1" * len(code)
                row.get_by_label("Code sent to the artisan's mobile").fill(wrong)
                row.get_by_role("button", name="Hand over").click()
                expect(page.get_by_role("alert")).to_contain_text("The code is not correct.")
                assert not ToolkitIssue.objects.exists()
                assert Application.objects.get(pk=application.pk).status == ToolkitStatus.HONORARIUM_PAID
                row = row_of(application)
                row.get_by_label("Toolkit").select_option(str(kit.pk))
            row.get_by_label("Code sent to the artisan's mobile").fill(code)
            row.get_by_role("button", name="Hand over").click()
            expect(page.locator(".messages")).to_contain_text("Toolkit handed over.")
            row = row_of(application)
            expect(row.locator("td").nth(1)).to_have_text("Toolkit handed over")
            expect(row.locator("td").nth(4)).to_have_text(f"{inr(kit.value)} · {dmy(today)}")
        screenshot(page, "batch-toolkits-handed-over")
        check_on_a_phone(page, "batch-toolkits-handed-over-phone")
    finally:
        office.close()
    assert outside == [], f"requests left the portal (CDN?): {outside}"

    issues = {issue.application_id: issue for issue in ToolkitIssue.objects.all()}
    assert set(issues) == {first.pk, second.pk}
    assert all(i.acknowledged_by_otp and i.value == kit.value and i.kit_id == kit.pk for i in issues.values())
    assert (
        dict(Payment.objects.filter(purpose="honorarium").values_list("application_id", "amount"))
        == honorarium
    )
    for application in (first, second):
        assert list(
            AuditEvent.objects.filter(application=application)
            .order_by("created_at", "id")
            .values_list("action", flat=True)
        )[-4:] == ["place_in_batch", "mark_trained", "pay_honorarium", "issue_toolkit"]
    assert Application.objects.get(pk=waiting.pk).status == Status.APPROVED


# --- 3. The artisan's timeline ---------------------------------------------------------------------


def test_artisan_follows_margin_money_to_the_release_in_hindi_on_a_phone(phone_page):
    dic = officer(username="dic.agra")
    bank = _bank_officer()
    application = sent_to_bank(dic)
    _project_cost, margin, loan = margin_money_figures(application)
    today = timezone.localdate()
    case = through_the_bank(application, dic=dic, bank=bank, loan=loan, margin=margin)
    assert case.released_amount == margin
    application.refresh_from_db()
    assert application.status == MarginMoneyStatus.MM_RELEASED
    moves = [
        "submit",
        "take_up",
        "recommend",
        "place_on_agenda",
        "approve",
        "send_to_bank",
        "sanction_loan",
        "record_training",
        "disburse_loan",
        "claim_margin_money",
        "release_margin_money",
    ]
    recorded = AuditEvent.objects.filter(application=application, action__in=TRANSITIONS)
    assert list(recorded.order_by("created_at", "id").values_list("action", flat=True)) == moves

    # --- The artisan signs in with the code, in Hindi on a 360-pixel phone. ----------------------
    page = phone_page
    page.goto(page.base_url + "/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "hi")
    page.get_by_label("मोबाइल नंबर").fill(MM_MOBILE)
    earlier = sms_count(MM_MOBILE)
    page.get_by_role("button", name="कोड भेजें").click()
    page.wait_for_url("**/accounts/login/verify/")
    page.get_by_label("वन-टाइम कोड (ओटीपी)").fill(new_otp_sent_to(MM_MOBILE, earlier))
    page.locator("main").get_by_role("button", name="साइन इन").click()
    page.wait_for_url("**/applications/")
    item = page.locator(".application-item").filter(has_text=application.reference_number)
    expect(item.locator(".tag.status-mm_released")).to_have_text(hindi(MarginMoneyStatus.MM_RELEASED.label))
    assert_fits_phone(page)
    item.get_by_role("link").click()
    page.wait_for_url(f"**/applications/{application.pk}/")

    # --- Every step, in order, with its Hindi label and the status it led to. ------------------------
    expect(page.locator(".status-box .tag.status-mm_released")).to_have_text(
        hindi(MarginMoneyStatus.MM_RELEASED.label)
    )
    entries = page.locator(".timeline .timeline-entry")
    expect(entries).to_have_count(len(moves))
    expect(entries.locator("strong")).to_have_text([hindi(TRANSITIONS[move].label) for move in moves])
    for index, move in enumerate(moves):
        expect(entries.nth(index)).to_have_class(re.compile(rf"\bstatus-{TRANSITIONS[move].target}\b"))
    expect(entries.last).to_contain_text(dmy(today))
    expect(entries.last).to_contain_text(hindi(HOLDER[MarginMoneyStatus.MM_RELEASED]))
    # The release itself: the amount (the file's margin money by its RuleSet), date, DBT
    # reference and the end of the two-year lock-in.
    expect(fact(page, hindi(gettext_lazy("Estimated benefit")))).to_have_text(inr(case.released_amount))
    released = page.locator("#margin-money")
    expect(released).to_contain_text(
        f"{inr(case.released_amount)} · {dmy(case.released_on)} · DBT {case.dbt_reference}"
    )
    expect(released).to_contain_text(dmy(case.lock_in_ends_on))
    expect(released).to_contain_text(inr(case.loan_amount))
    assert_fits_phone(page)
    screenshot(page, "after-approval-artisan-timeline-hindi")
