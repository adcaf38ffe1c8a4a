"""Agra's Toolkit Selection Committee meets: the member-secretary opens a meeting with three
queued applications, is refused once without quorum (and keeps what was typed), records approve /
reject / defer, downloads the minutes; the artisan of the approved file downloads the sanction
letter from the tracking page, in Hindi on a phone."""

import re
import shutil
import subprocess

import pytest
from django.utils.translation import gettext_lazy
from playwright.sync_api import expect

from accounts import sms
from applications.models import Application
from applications.reasons import REASON_BY_CODE
from applications.workflow import Status
from committees.models import AgendaItem, Letter, Meeting
from districts.models import District
from tests.applications.helpers import make_applicant, recommended, submitted_toolkit
from tests.browser.conftest import (
    PHONE,
    assert_fits_phone,
    guard_outside_requests,
    hindi,
    new_otp_sent_to,
    screenshot,
)
from tests.committees.helpers import close_agenda, seat_committee
from tests.conftest import ARTIFACTS
from tests.factories import STAFF_PASSWORD, ArtisanFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
# (mobile, name, what the district office tells the committee), in order of submission.
ARTISANS = [
    ("9811100001", "Kamla Devi", "Twelve years of leather work in Tajganj; papers verified."),
    ("9811100002", "Mohd. Arif", "Papers verified; the costing of the tools is doubtful."),
    ("9811100003", "Sunita Verma", "Papers verified; the craft proof needs a closer look."),
]
REJECT_REASON = "not_viable"
REJECT_NOTE = "The tools asked for do not match the leather work described."


def save_pdf(download, name: str) -> bytes:
    """Keep a downloaded PDF in test-artifacts and draw its first page beside it."""
    content = download.path().read_bytes()
    assert content.startswith(b"%PDF"), content[:20]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"{name}.pdf").write_bytes(content)
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                str(ARTIFACTS / f"{name}.pdf"), str(ARTIFACTS / f"{name}-page1"),
            ],
            check=True,
            timeout=60,
        )  # fmt: skip
        assert (ARTIFACTS / f"{name}-page1.png").stat().st_size > 1_000
    return content


def pdf_text(content: bytes, tmp_path) -> str:
    """The PDF's text without white space (table cells wrap long reference numbers)."""
    if not shutil.which("pdftotext"):
        return ""
    source = tmp_path / "text-of.pdf"
    source.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", str(source), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    return re.sub(r"\s+", "", text)


def check_on_a_phone(page, name: str) -> None:
    """The same page at 360 pixels: nothing forces sideways scrolling."""
    page.set_viewport_size(PHONE)
    assert_fits_phone(page)
    screenshot(page, name)
    page.set_viewport_size(DESKTOP)


def test_secretary_records_approve_reject_defer_and_the_artisan_downloads_the_sanction(
    phone_page, browser, live_server, tmp_path
):
    # --- 1. Agra's Toolkit Selection Committee: the DIC officer as member-secretary. ----------
    agra = District.objects.get(slug="agra")
    secretary = StaffFactory(username="dic.agra", district=agra)
    committee, secretary, members = seat_committee("tsc", "agra", secretary=secretary, members=2, quorum=3)

    # --- 2. Three artisans' files, recommended, land on the next meeting's agenda. ------------
    applications = []
    for seed, (mobile, name, note) in enumerate(ARTISANS, start=1):
        applicant = make_applicant(seed=seed, user=ArtisanFactory(mobile=mobile), full_name=name)
        # Each service commits on its own here, so its queued tasks (the agenda placement) run.
        applications.append(recommended(submitted_toolkit(applicant), secretary, note=note))
    items = [AgendaItem.objects.get(application=a) for a in applications]
    meeting = items[0].meeting
    assert {item.meeting_id for item in items} == {meeting.pk}
    assert set(Application.objects.values_list("status", flat=True)) == {Status.ON_AGENDA}
    meeting = close_agenda(meeting)
    assert meeting.state == Meeting.State.LOCKED
    assert meeting.agenda_pdf.name.endswith(".pdf")
    items = list(meeting.items.order_by("position"))
    assert [item.application_id for item in items] == [a.pk for a in applications]
    references = [a.reference_number for a in applications]
    approved, rejected, deferred = applications

    base = phone_page.base_url
    office = browser.new_context(viewport=DESKTOP, locale="hi-IN")
    page = office.new_page()
    outside = guard_outside_requests(page, base)
    try:
        # --- 3. The member-secretary signs in, in English, and finds the meeting. -------------
        page.goto(base + "/accounts/staff/login/")
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        page.wait_for_url("**/accounts/staff/login/")
        page.get_by_label("Username").fill("dic.agra")
        page.get_by_label("Password").fill(STAFF_PASSWORD)
        page.locator("main").get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/accounts/staff/")
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Committees").click()
        page.wait_for_url("**/applications/committees/")
        page.locator("main").get_by_role("link", name=committee.name_en, exact=True).click()
        page.wait_for_url(f"**/applications/committees/{committee.pk}/")
        expect(page.locator("main")).to_contain_text("Quorum")
        meeting_row = page.locator("main li").filter(has=page.locator(f"a[href$='/meetings/{meeting.pk}/']"))
        expect(meeting_row.locator(".tag")).to_have_text("Agenda closed")
        meeting_row.get_by_role("link").click()
        page.wait_for_url(f"**/applications/meetings/{meeting.pk}/")

        expect(page.locator(".meeting-state")).to_have_text("Agenda closed")
        agenda = page.locator("ol.agenda > li.agenda-item")
        expect(agenda).to_have_count(3)
        for position, (item, reference, (_mobile, name, note)) in enumerate(
            zip(items, references, ARTISANS, strict=True), start=1
        ):
            card = page.locator(f"#item-{item.pk}")
            expect(card.locator("h3")).to_have_text(f"{position}. {reference} — {name}")
            expect(card).to_contain_text(note)
        expect(page.get_by_role("link", name="Minutes (PDF)")).to_have_count(0)
        with page.expect_download() as agenda_download:
            page.get_by_role("link", name="Agenda (PDF)").click()
        agenda_pdf = save_pdf(agenda_download.value, "committee-agenda")
        assert agenda_download.value.suggested_filename == f"agenda-{meeting.pk}.pdf"
        agenda_text = pdf_text(agenda_pdf, tmp_path)
        assert not agenda_text or all(reference in agenda_text for reference in references)
        screenshot(page, "committee-meeting-before")
        check_on_a_phone(page, "committee-meeting-before-phone")

        attendance = page.locator("fieldset").filter(has=page.get_by_text("Attendance"))
        present = {
            user.username: attendance.get_by_role("checkbox", name=user.username)
            for user in (secretary, *members)
        }
        approve_card, reject_card, defer_card = (page.locator(f"#item-{item.pk}") for item in items)
        reason_label = str(REASON_BY_CODE[REJECT_REASON].label)
        recusing = members[0]

        def choose_decisions():
            approve_card.get_by_role("radio", name="Approve").check()
            reject_card.get_by_role("radio", name="Reject").check()
            reject_card.get_by_text("Reasons (for a rejection)").click()
            reject_card.get_by_role("checkbox", name=reason_label).check()
            reject_card.get_by_label("Decision note").fill(REJECT_NOTE)
            defer_card.get_by_role("radio", name="Defer to the next meeting").check()
            defer_card.get_by_text("Members who recuse (conflict of interest)").click()
            defer_card.get_by_role("checkbox", name=recusing.username).check()

        # --- 4. Only the secretary ticked present: refused, and nothing typed is lost. ---------
        present[secretary.username].check()
        choose_decisions()
        with page.expect_navigation():
            page.get_by_role("button", name="Record all decisions").click()
        error = page.get_by_role("alert")
        expect(error).to_have_text("No quorum: 1 present, 3 needed.")
        expect(page.locator(".meeting-state")).to_have_text("Agenda closed")
        expect(present[secretary.username]).to_be_checked()
        for member in members:
            expect(present[member.username]).not_to_be_checked()
        expect(approve_card.get_by_role("radio", name="Approve")).to_be_checked()
        expect(reject_card.get_by_role("radio", name="Reject")).to_be_checked()
        expect(reject_card.get_by_role("checkbox", name=reason_label)).to_be_checked()
        expect(reject_card.get_by_role("checkbox", name=reason_label)).to_be_visible()
        expect(reject_card.get_by_label("Decision note")).to_have_value(REJECT_NOTE)
        expect(defer_card.get_by_role("radio", name="Defer to the next meeting")).to_be_checked()
        expect(defer_card.get_by_role("checkbox", name=recusing.username)).to_be_checked()
        expect(defer_card.get_by_role("checkbox", name=recusing.username)).to_be_visible()
        meeting.refresh_from_db()
        assert meeting.state == Meeting.State.LOCKED and not meeting.attendance.exists()
        screenshot(page, "committee-meeting-no-quorum")

        # --- The two members arrive: the decisions are recorded and applied. -----------------
        for member in members:
            present[member.username].check()
        page.get_by_role("button", name="Record all decisions").click()
        expect(page.locator(".messages")).to_contain_text(
            "Decisions recorded. The applications are being moved now."
        )
        # While the decisions are applied the page refreshes itself every 3 s.
        expect(page.locator(".progress-line")).to_be_visible()
        expect(page.locator(".progress-line")).to_have_text("3 of 3 applications moved.", timeout=15_000)
        expect(page.locator(".meeting-state")).to_have_text("Decisions applied", timeout=15_000)
        expect(page.get_by_role("button", name="Record all decisions")).to_have_count(0)
        expect(page.get_by_role("alert")).to_have_count(0)
        expect(approve_card).to_contain_text("Decision: Approved ✓")
        expect(reject_card).to_contain_text("Decision: Rejected ✓")
        expect(reject_card).to_contain_text(reason_label)
        expect(reject_card).to_contain_text(REJECT_NOTE)
        expect(defer_card).to_contain_text("Decision: Deferred to the next meeting ✓")
        expect(defer_card.locator("p.muted").filter(has_text="Recused")).to_have_text(
            f"Recused: {recusing.username}"
        )
        minutes_link = page.get_by_role("link", name="Minutes (PDF)")
        expect(minutes_link).to_be_visible(timeout=15_000)
        screenshot(page, "committee-meeting-closed")
        check_on_a_phone(page, "committee-meeting-closed-phone")
        with page.expect_download() as minutes_download:
            minutes_link.click()
        minutes_pdf = save_pdf(minutes_download.value, "committee-minutes")
        assert minutes_download.value.suggested_filename == f"minutes-{meeting.pk}.pdf"
        minutes_text = pdf_text(minutes_pdf, tmp_path)
        assert not minutes_text or all(reference in minutes_text for reference in references)
    finally:
        office.close()
    assert outside == [], f"requests left the portal (CDN?): {outside}"

    statuses = dict(Application.objects.values_list("pk", "status"))
    assert statuses[approved.pk] == Status.APPROVED
    assert statuses[rejected.pk] == Status.REJECTED
    # The deferred file waits on the next meeting's agenda.
    assert statuses[deferred.pk] == Status.ON_AGENDA
    assert [r.user for r in AgendaItem.objects.get(pk=items[2].pk).recusals.all()] == [members[0]]
    later = AgendaItem.objects.get(application=deferred, applied_at__isnull=True)
    assert later.meeting.scheduled_for > meeting.scheduled_for
    assert set(Letter.objects.values_list("application_id", "kind")) == {
        (approved.pk, Letter.Kind.SANCTION),
        (rejected.pk, Letter.Kind.REJECTION),
    }

    # --- 5. The artisan of the approved file, in Hindi on a phone, downloads the sanction. ----
    artisan = phone_page
    mobile = ARTISANS[0][0]
    reference = references[0]
    artisan.goto(base + "/accounts/login/")
    assert artisan.locator("html").get_attribute("lang") == "hi"
    artisan.get_by_label("मोबाइल नंबर").fill(mobile)
    earlier = sum(1 for m in sms.outbox if m.to == mobile)
    artisan.get_by_role("button", name="कोड भेजें").click()
    artisan.wait_for_url("**/accounts/login/verify/")
    artisan.get_by_label("वन-टाइम कोड (ओटीपी)").fill(new_otp_sent_to(mobile, earlier))
    artisan.locator("main").get_by_role("button", name="साइन इन").click()
    artisan.wait_for_url("**/applications/")
    item = artisan.locator(".application-item").filter(has_text=reference)
    expect(item.locator(".tag.status-approved")).to_have_text(hindi(Status.APPROVED.label))
    assert_fits_phone(artisan)
    item.get_by_role("link").click()
    artisan.wait_for_url(f"**/applications/{approved.pk}/")

    expect(artisan.get_by_role("heading", level=1)).to_contain_text(reference)
    expect(artisan.locator(".status-box .tag.status-approved")).to_have_text(hindi(Status.APPROVED.label))
    expect(artisan.locator(".timeline")).to_contain_text(hindi(gettext_lazy("Approved by the committee")))
    expect(artisan.get_by_role("heading", name=hindi(gettext_lazy("Letters")), level=2)).to_be_visible()
    letter_link = artisan.get_by_role("link", name=f"{hindi(Letter.Kind.SANCTION.label)} (PDF)")
    expect(letter_link).to_have_count(1)
    expect(artisan.get_by_role("link", name=f"{hindi(Letter.Kind.REJECTION.label)} (PDF)")).to_have_count(0)
    assert_fits_phone(artisan)
    screenshot(artisan, "committee-artisan-tracking-sanction-hindi")
    with artisan.expect_download() as letter_download:
        letter_link.click()
    assert letter_download.value.suggested_filename == "sanction-letter.pdf"
    letter = save_pdf(letter_download.value, "committee-sanction-letter")
    letter_text = pdf_text(letter, tmp_path)
    assert not letter_text or reference in letter_text
