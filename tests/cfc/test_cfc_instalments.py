"""Common Facility Centre from district screening to the third instalment: the District Level
Committee screens, the State Level (or High Level) Committee sanctions in principle, the DPR and
its appraisal by the ODOP cell, the same state committee's final approval at a meeting, the
department's financial sanction, the bipartite agreement, and the state share released 40/30/30
after 75% use of what went before."""

import shutil
import subprocess
from datetime import timedelta
from decimal import Decimal
from functools import partial

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from accounts import sms
from accounts.exceptions import PortalError
from accounts.models import User
from applications.access import access_application_for_review
from applications.models import Application, AuditEvent
from applications.services.errors import ApplicationError, Conflict
from applications.workflow import InvalidTransition, Status
from cfc import services as grant
from cfc.access import access_application_for_state
from cfc.models import CfcGrant, UtilisationReport
from cfc.workflow import CfcStatus
from committees.models import AgendaItem, Committee, CommitteeMembership, Escalation
from committees.services.escalation import escalate_overdue
from committees.services.letters import generate_letter
from committees.services.meetings import (
    apply_meeting_decisions,
    committee_for,
    place_on_agenda,
    record_meeting_decisions,
)
from payments.models import Payment
from tests.applications.helpers import approved_by_committee, make_applicant, officer, pdf_upload, submitted
from tests.committees.helpers import close_agenda
from tests.conftest import need_service
from tests.factories import StaffFactory

CFC_STEPS = {
    "spv": lambda app: {
        "product": str(app.district.products.order_by("name_en").first().pk),
        "spv_name": "Agra Leather Producer Company",
        "legal_form": "producer_company",
        "registration_number": "U12345UP2024PTC000001",
        "member_count": "40",
        "product_linked_members": "35",
        "largest_member_share": "5",
        "members_from_distinct_families": "yes",
    },
    "proposal": lambda app: {
        "components": ["testing_lab", "common_production"],
        "land_tenure": "owned_by_spv",
        "lease_years": "",
        "land_belongs_to_member": "no",
        "cfc_capital_cost": app.details.get("_cost", "30000000"),
        "cfc_land_cost": "",
        "is_environment_or_research_project": "no",
        "spv_contribution": "3000000",
    },
}


def _dic(user, application):
    return partial(access_application_for_review, user=user, pk=application.pk)


def _state(user, application):
    return partial(access_application_for_state, user=user, pk=application.pk)


def _member(username, role="state_staff"):
    return User.objects.filter(username=username).first() or StaffFactory(
        role=role, username=username, district=None
    )


def _odop_cell():
    return _member("odop.cell")


def _state_meeting_decides(application, kind="slc", decision="approve", **extra):
    """The state committee's next meeting decides the file (in principle, or finally after the
    appraisal): the same meeting machinery as the district committees."""
    committee = Committee.objects.get(kind=kind, district__isnull=True)
    committee.quorum = 2
    committee.save(update_fields=["quorum"])
    secretary, member = _member(f"secretary.{kind}"), _member(f"member.{kind}")
    CommitteeMembership.objects.get_or_create(
        committee=committee, user=secretary, defaults={"role": "secretary"}
    )
    CommitteeMembership.objects.get_or_create(committee=committee, user=member, defaults={"role": "member"})
    # Where commit hooks run (transactional tests) the queued task has already placed it.
    item = place_on_agenda(application_id=application.pk) or AgendaItem.objects.get(
        application=application, applied_at__isnull=True
    )
    assert item.meeting.committee == committee
    meeting = close_agenda(item.meeting)
    record_meeting_decisions(
        meeting_id=meeting.pk,
        user=secretary,
        present_user_ids=[secretary.pk, member.pk],
        decisions={item.pk: {"decision": decision, **extra}},
    )
    apply_meeting_decisions(meeting_id=meeting.pk)
    application.refresh_from_db()
    return application


_state_meeting_approves = _state_meeting_decides


def _appraise(application, cost="30000000", on=None):
    staff = _odop_cell()
    return grant.record_appraisal(
        application_id=application.pk,
        user=staff,
        access=_state(staff, application),
        agency="MSME-DI Agra",
        appraised_on=on or timezone.localdate(),
        appraised_cost=Decimal(cost),
        upload=pdf_upload("appraisal.pdf"),
    )


def _to_final_sanction(application, dic, *, cost="30000000"):
    """From the in-principle sanction to the agreement, every step by its own actor."""
    today = timezone.localdate()
    grant.record_dpr(
        application_id=application.pk, user=dic, access=_dic(dic, application), received_on=today
    )
    _appraise(application, cost)
    application = _state_meeting_decides(application)
    assert application.status == CfcStatus.FINAL_APPROVED
    staff = _odop_cell()
    grant.record_final_sanction(
        application_id=application.pk,
        user=staff,
        access=_state(staff, application),
        sanction_order="MSME/CFC/12",
        sanctioned_on=today,
    )
    grant.record_agreement(
        application_id=application.pk, user=dic, access=_dic(dic, application), signed_on=today
    )
    application.refresh_from_db()
    return application


@pytest.fixture
def screened(db):
    dic = officer(username="dic.agra")
    application = submitted(make_applicant(seed=300), "CFC", CFC_STEPS)
    return approved_by_committee(application, dic, "dlc"), dic


def _snapshot(application):
    return (
        Application.objects.filter(pk=application.pk).values_list("status", "due_at").get(),
        AuditEvent.objects.filter(application=application).count(),
        Payment.objects.count(),
        len(sms.outbox),
    )


@pytest.mark.django_db
def test_cfc_from_district_screening_to_the_third_instalment(screened):
    application, dic = screened
    # Rs 3 crore: SPV at least 10%, state share 2,70,00,000 (GO-CFC-2023 para 3).
    assert application.status == CfcStatus.FORWARDED_TO_STATE
    assert application.benefit_amount == Decimal("27000000.00")
    assert committee_for(application).kind == "slc"
    application = _state_meeting_approves(application)
    assert application.status == CfcStatus.IN_PRINCIPLE
    assert AgendaItem.objects.filter(application=application).count() == 2

    access = _dic(dic, application)
    today = timezone.localdate()
    grant.record_dpr(application_id=application.pk, user=dic, access=access, received_on=today)
    # Appraised at the proposal's own cost: the share sanctioned in principle stands.
    cfc_grant = _appraise(application)
    application.refresh_from_db()
    assert application.status == CfcStatus.DPR_APPRAISED
    assert (cfc_grant.in_principle_share, cfc_grant.state_share) == (Decimal("27000000.00"),) * 2
    assert committee_for(application).kind == "slc"
    application = _state_meeting_decides(application)
    assert application.status == CfcStatus.FINAL_APPROVED
    assert AgendaItem.objects.filter(application=application).count() == 3
    staff = _odop_cell()
    grant.record_final_sanction(
        application_id=application.pk,
        user=staff,
        access=_state(staff, application),
        sanction_order="MSME/CFC/12",
        sanctioned_on=today,
    )
    application.refresh_from_db()
    assert application.status == CfcStatus.FINAL_SANCTION
    assert grant.instalment_amounts(application) == (
        Decimal("10800000.00"),
        Decimal("8100000.00"),
        Decimal("8100000.00"),
    )
    # Para 27: nothing is released before the bipartite agreement.
    before = _snapshot(application)
    with pytest.raises(Conflict, match="agreement"):
        grant.release_instalment(
            application_id=application.pk,
            user=dic,
            access=access,
            number=1,
            dbt_reference="PFMS-1",
            paid_on=today,
        )
    assert _snapshot(application) == before
    grant.record_agreement(application_id=application.pk, user=dic, access=access, signed_on=today)
    with pytest.raises(Conflict):
        grant.record_agreement(application_id=application.pk, user=dic, access=access, signed_on=today)

    first = grant.release_instalment(
        application_id=application.pk,
        user=dic,
        access=access,
        number=1,
        dbt_reference="PFMS-1",
        paid_on=today,
    )
    assert first.amount == Decimal("10800000.00")

    # The second needs 75% of the first used (81,00,000) and the certificate.
    before = _snapshot(application)
    with pytest.raises(Conflict):
        grant.release_instalment(
            application_id=application.pk,
            user=dic,
            access=access,
            number=2,
            dbt_reference="PFMS-2",
            paid_on=today,
        )
    with pytest.raises(InvalidTransition):
        grant.release_instalment(
            application_id=application.pk,
            user=dic,
            access=access,
            number=3,
            dbt_reference="PFMS-3",
            paid_on=today,
        )
    assert _snapshot(application) == before
    grant.record_utilisation(
        application_id=application.pk,
        user=dic,
        access=access,
        after_instalment=1,
        amount_used=Decimal("8099999.99"),
        upload=pdf_upload("uc1.pdf"),
    )
    with pytest.raises(Conflict, match="75%"):
        grant.release_instalment(
            application_id=application.pk,
            user=dic,
            access=access,
            number=2,
            dbt_reference="PFMS-2",
            paid_on=today,
        )
    assert _snapshot(application) == before
    with pytest.raises(Conflict):
        grant.record_utilisation(
            application_id=application.pk,
            user=dic,
            access=access,
            after_instalment=1,
            amount_used=Decimal("8100000.00"),
            upload=pdf_upload("uc1.pdf"),
        )


@pytest.mark.django_db
def test_each_instalment_after_75_percent_of_the_earlier_ones(screened):
    application, dic = screened
    application = _state_meeting_approves(application)
    access = _dic(dic, application)
    today = timezone.localdate()
    application = _to_final_sanction(application, dic)
    release = partial(
        grant.release_instalment, application_id=application.pk, user=dic, access=access, paid_on=today
    )
    report = partial(grant.record_utilisation, application_id=application.pk, user=dic, access=access)
    release(number=1, dbt_reference="PFMS-1")
    report(after_instalment=1, amount_used=Decimal("8100000.00"), upload=pdf_upload())
    assert release(number=2, dbt_reference="PFMS-2").amount == Decimal("8100000.00")
    # The third: 75% of 1,08,00,000 + 81,00,000 = 1,41,75,000.
    with pytest.raises(ApplicationError):
        report(after_instalment=2, amount_used=Decimal("18900000.01"), upload=pdf_upload())
    report(after_instalment=2, amount_used=Decimal("14175000.00"), upload=pdf_upload())
    assert release(number=3, dbt_reference="PFMS-3").amount == Decimal("8100000.00")
    application.refresh_from_db()
    assert application.status == CfcStatus.INSTALMENT_3
    assert sum(Payment.objects.filter(application=application).values_list("amount", flat=True)) == Decimal(
        "27000000.00"
    )
    assert application.documents.filter(code="utilisation_certificate", replaced_at__isnull=True).count() == 1
    assert list(AuditEvent.objects.filter(application=application).values_list("action", flat=True))[
        -10:
    ] == [
        "sanction_in_principle",
        "submit_dpr",
        "appraise_dpr",
        "place_on_final_agenda",
        "approve_finally",
        "sanction_finally",
        "sign_agreement",
        "release_instalment_1",
        "release_instalment_2",
        "release_instalment_3",
    ]


@pytest.mark.django_db
def test_above_ten_crore_goes_to_the_high_level_committee(db):
    dic = officer(username="dic.agra")
    application = submitted(
        make_applicant(seed=301),
        "CFC",
        CFC_STEPS,
        proposal={
            "cfc_capital_cost": "120000000",
            "is_environment_or_research_project": "yes",
            "spv_contribution": "48000000",
        },
    )
    application = approved_by_committee(application, dic, "dlc")
    assert application.status == CfcStatus.FORWARDED_TO_STATE
    assert committee_for(application).kind == "hlc"
    application = _state_meeting_approves(application, kind="hlc")
    assert application.status == CfcStatus.IN_PRINCIPLE
    # The final approval after the appraisal is the High Level Committee's too (para 24).
    grant.record_dpr(
        application_id=application.pk,
        user=dic,
        access=_dic(dic, application),
        received_on=timezone.localdate(),
    )
    _appraise(application, cost="120000000")
    application.refresh_from_db()
    assert committee_for(application).kind == "hlc"
    application = _state_meeting_decides(application, kind="hlc")
    assert application.status == CfcStatus.FINAL_APPROVED


@pytest.mark.django_db(transaction=True)
def test_two_releases_of_the_same_instalment_at_once_only_one_passes(postgres):
    from tests.applications.test_concurrency import _race

    dic, colleague = officer(username="dic.one"), officer(username="dic.two")
    application = approved_by_committee(submitted(make_applicant(seed=302), "CFC", CFC_STEPS), dic, "dlc")
    application = _to_final_sanction(_state_meeting_approves(application), dic)
    today = timezone.localdate()
    results = _race(
        *[
            partial(
                grant.release_instalment,
                application_id=application.pk,
                user=user,
                access=_dic(user, application),
                number=1,
                dbt_reference=f"PFMS-{user.pk}",
                paid_on=today,
            )
            for user in (dic, colleague)
        ]
    )
    assert sorted(kind for kind, _ in results) == ["ok", "refused"]
    assert list(Payment.objects.filter(application=application).values_list("amount", flat=True)) == [
        Decimal("10800000.00")
    ]
    assert AuditEvent.objects.filter(application=application, action="release_instalment_1").count() == 1


@pytest.mark.django_db
def test_the_dic_and_the_odop_cell_record_the_cfc_steps_on_their_pages(screened, client):
    application, dic = screened
    application = _state_meeting_approves(application)
    today = timezone.localdate().isoformat()

    def act(action, data, view="applications:office_act"):
        url = reverse(view, args=[application.pk, action])
        return client.post(url, {f"{action}-{key}": value for key, value in data.items()})

    client.force_login(dic)
    client.cookies["django_language"] = "en"
    assert (
        "record_dpr"
        in client.get(reverse("applications:office_file", args=[application.pk])).content.decode()
    )
    assert act("record_dpr", {"received_on": today}).status_code == 302

    # The ODOP cell: the proposal waits on it, the appraisal is refused with the field named
    # and what was typed kept, then recorded.
    staff = _odop_cell()
    client.force_login(staff)
    listing = client.get(reverse("cfc:state_proposals")).content.decode()
    assert application.reference_number in listing
    refused = act(
        "appraise_dpr",
        {
            "agency": "MSME-DI Agra",
            "appraised_on": "2999-01-01",
            "appraised_cost": "20000000",
            "upload": pdf_upload(),
        },
        view="cfc:state_act",
    )
    assert refused.status_code == 200
    form = refused.context["forms"]["appraise_dpr"]
    assert list(form.errors) == ["appraised_on"]
    assert 'value="MSME-DI Agra"' in refused.content.decode()
    assert Application.objects.get(pk=application.pk).status == CfcStatus.DPR_SUBMITTED
    done = act(
        "appraise_dpr",
        {
            "agency": "MSME-DI Agra",
            "appraised_on": today,
            "appraised_cost": "20000000",
            "upload": pdf_upload(),
        },
        view="cfc:state_act",
    )
    assert done.status_code == 302
    # Rs 2 crore appraised: the SPV's 10% floor leaves the state Rs 1.8 crore (GO-CFC-2023 3).
    assert CfcGrant.objects.get(application=application).state_share == Decimal("18000000.00")
    assert application.reference_number not in client.get(reverse("cfc:state_proposals")).content.decode()

    application = _state_meeting_decides(application)
    assert application.status == CfcStatus.FINAL_APPROVED
    assert (
        act(
            "sanction_finally",
            {"sanction_order": "MSME/CFC/7", "sanctioned_on": today},
            view="cfc:state_act",
        ).status_code
        == 302
    )

    client.force_login(dic)
    refused = act("release_instalment", {"number": "1", "dbt_reference": "PFMS-1", "paid_on": today})
    assert "bipartite agreement" in refused.content.decode()
    assert act("record_agreement", {"signed_on": today}).status_code == 302
    assert (
        act("release_instalment", {"number": "1", "dbt_reference": "PFMS-1", "paid_on": today}).status_code
        == 302
    )
    refused = act("release_instalment", {"number": "2", "dbt_reference": "PFMS-2", "paid_on": today})
    assert refused.status_code == 200
    assert "utilisation certificate" in refused.content.decode()
    url = reverse("applications:office_act", args=[application.pk, "record_utilisation"])
    response = client.post(
        url,
        {
            "record_utilisation-after_instalment": "1",
            "record_utilisation-amount_used": "5400000",
            "record_utilisation-interest_earned": "0",
            "record_utilisation-upload": pdf_upload(),
        },
    )
    assert response.status_code == 302
    assert (
        act("release_instalment", {"number": "2", "dbt_reference": "PFMS-2", "paid_on": today}).status_code
        == 302
    )
    assert list(
        Payment.objects.filter(application=application).order_by("purpose").values_list("purpose", "amount")
    ) == [("instalment_1", Decimal("7200000.00")), ("instalment_2", Decimal("5400000.00"))]


@pytest.mark.django_db
def test_an_appraisal_above_the_proposal_does_not_raise_the_share_and_refusals_change_nothing(screened):
    application, dic = screened
    application = _state_meeting_approves(application)
    today = timezone.localdate()
    grant.record_dpr(
        application_id=application.pk, user=dic, access=_dic(dic, application), received_on=today
    )
    staff = _odop_cell()
    record = partial(
        grant.record_appraisal, application_id=application.pk, user=staff, access=_state(staff, application)
    )
    before = _snapshot(application)
    documents = application.documents.count()
    refusals = [
        ({"agency": " ", "appraised_on": today, "appraised_cost": Decimal("1")}, "agency"),
        (
            {"agency": "A", "appraised_on": today + timedelta(days=1), "appraised_cost": Decimal("1")},
            "appraised_on",
        ),
        (
            {"agency": "A", "appraised_on": today - timedelta(days=1), "appraised_cost": Decimal("1")},
            "appraised_on",
        ),
        ({"agency": "A", "appraised_on": today, "appraised_cost": Decimal("0")}, "appraised_cost"),
        # Above Rs 10 crore an SPV project must be for environment or R&D: no state share.
        ({"agency": "A", "appraised_on": today, "appraised_cost": Decimal("110000000")}, "appraised_cost"),
    ]
    for data, field in refusals:
        with pytest.raises(ApplicationError) as refused:
            record(**data, upload=pdf_upload())
        assert refused.value.field == field
    with pytest.raises(PortalError) as refused:
        record(
            agency="A",
            appraised_on=today,
            appraised_cost=Decimal("1"),
            upload=SimpleUploadedFile("a.pdf", b"MZ..."),
        )
    assert refused.value.field == "file"
    assert _snapshot(application) == before
    assert application.documents.count() == documents
    # The appraised cost is higher than proposed: the state pays no more than in principle.
    record(agency="A", appraised_on=today, appraised_cost=Decimal("35000000"), upload=pdf_upload())
    assert CfcGrant.objects.get(application=application).state_share == Decimal("27000000.00")
    # A DIC cannot record it: the ODOP cell's access refuses anyone else.
    with pytest.raises(Http404):
        _state(dic, application)()


@pytest.mark.django_db
def test_the_final_meeting_can_defer_or_reject(screened):
    application, dic = screened
    application = _state_meeting_approves(application)
    grant.record_dpr(
        application_id=application.pk,
        user=dic,
        access=_dic(dic, application),
        received_on=timezone.localdate(),
    )
    _appraise(application)
    application = _state_meeting_decides(application, decision="defer")
    assert application.status == CfcStatus.DPR_APPRAISED
    application = _state_meeting_decides(
        application, decision="reject", reason_codes=["not_viable"], text="The appraised costs do not hold."
    )
    assert application.status == Status.REJECTED
    assert list(AuditEvent.objects.filter(application=application).values_list("action", flat=True))[-5:] == [
        "appraise_dpr",
        "place_on_final_agenda",
        "defer_final",
        "place_on_final_agenda",
        "reject_at_state",
    ]
    assert application.notes.get(kind="rejection").text == "The appraised costs do not hold."


@pytest.mark.django_db
def test_the_final_approval_letter_gives_the_appraised_share(screened, tmp_path):
    if not shutil.which("pdftotext"):
        need_service("pdftotext (poppler-utils) is not installed")
    application, dic = screened
    application = _state_meeting_approves(application)
    grant.record_dpr(
        application_id=application.pk,
        user=dic,
        access=_dic(dic, application),
        received_on=timezone.localdate(),
    )
    _appraise(application, cost="20000000")
    application = _state_meeting_decides(application)
    first, final = AgendaItem.objects.filter(application=application, decision="approve").order_by("pk")[1:]

    def text(item):
        letter = generate_letter(item_id=item.pk, kind="sanction")
        path = tmp_path / f"letter-{item.pk}.pdf"
        path.write_bytes(letter.file.read())
        out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        return " ".join(out.split())

    in_principle, finally_ = text(first), text(final)
    assert "is sanctioned in principle" in in_principle and "given the project its final" not in in_principle
    assert "given the project its final approval" in finally_ and "1,80,00,000" in finally_


@pytest.mark.django_db
def test_interest_earned_is_adjusted_in_the_next_instalment(screened):
    application, dic = screened
    application = _to_final_sanction(_state_meeting_approves(application), dic)
    today = timezone.localdate()
    access = _dic(dic, application)
    release = partial(
        grant.release_instalment, application_id=application.pk, user=dic, access=access, paid_on=today
    )
    report = partial(grant.record_utilisation, application_id=application.pk, user=dic, access=access)
    release(number=1, dbt_reference="PFMS-1")
    with pytest.raises(ApplicationError) as refused:
        report(
            after_instalment=1,
            amount_used=Decimal("8100000"),
            interest_earned=Decimal("-1"),
            upload=pdf_upload(),
        )
    assert refused.value.field == "interest_earned"
    report(
        after_instalment=1,
        amount_used=Decimal("8100000"),
        interest_earned=Decimal("12345.67"),
        upload=pdf_upload(),
    )
    assert release(number=2, dbt_reference="PFMS-2").amount == Decimal("8100000.00") - Decimal("12345.67")
    # The third needs 75% of what was actually released (1,08,00,000 + 80,87,654.33).
    with pytest.raises(Conflict):
        release(number=3, dbt_reference="PFMS-3")
    report(after_instalment=2, amount_used=Decimal("14165740.75"), upload=pdf_upload())
    assert release(number=3, dbt_reference="PFMS-3").amount == Decimal("8100000.00")


@pytest.mark.django_db
def test_an_unused_instalment_escalates_after_three_months(screened):
    application, dic = screened
    application = _to_final_sanction(_state_meeting_approves(application), dic)
    grant.release_instalment(
        application_id=application.pk,
        user=dic,
        access=_dic(dic, application),
        number=1,
        dbt_reference="PFMS-1",
        paid_on=timezone.localdate(),
    )
    application.refresh_from_db()
    # GO-CFC-2018 para 33: state funds may not lie unused for more than 3 months.
    assert (application.due_at - application.stage_entered_at).days == 90
    assert escalate_overdue() == 0
    Application.objects.filter(pk=application.pk).update(due_at=timezone.now() - timedelta(days=1))
    assert escalate_overdue() == 1
    assert Escalation.objects.get(application=application).status == CfcStatus.INSTALMENT_1


def _at_first_instalment(application, dic):
    application = _to_final_sanction(_state_meeting_approves(application), dic)
    grant.release_instalment(
        application_id=application.pk,
        user=dic,
        access=_dic(dic, application),
        number=1,
        dbt_reference="PFMS-1",
        paid_on=timezone.localdate(),
    )
    return application


@pytest.mark.django_db
def test_the_spv_uploads_its_utilisation_certificate_from_its_own_page(screened, client):
    application, dic = screened
    application = _at_first_instalment(application, dic)
    client.force_login(application.applicant.user)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert f'action="{reverse("cfc:utilisation", args=[application.pk])}"' in page
    assert "1,08,00,000" in page  # the first instalment, released
    url = reverse("cfc:utilisation", args=[application.pk])
    # More than was released: refused against the field, the figures kept, nothing saved.
    refused = client.post(
        url,
        {
            "utilisation-amount_used": "10800001",
            "utilisation-interest_earned": "250",
            "utilisation-upload": pdf_upload(),
        },
    )
    assert refused.status_code == 200
    assert list(refused.context["utilisation_form"].errors) == ["amount_used"]
    assert 'value="10800001"' in refused.content.decode()
    assert not UtilisationReport.objects.filter(application=application).exists()
    assert not application.documents.filter(code="utilisation_certificate").exists()
    done = client.post(
        url,
        {
            "utilisation-amount_used": "8100000",
            "utilisation-interest_earned": "250",
            "utilisation-upload": pdf_upload(),
        },
    )
    assert done.status_code == 302
    report = UtilisationReport.objects.get(application=application)
    assert (report.after_instalment, report.amount_used, report.interest_earned, report.recorded_by) == (
        1,
        Decimal("8100000.00"),
        Decimal("250.00"),
        application.applicant.user,
    )
    # Once per instalment: the form is gone and a second post changes nothing.
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert f'action="{url}"' not in page
    client.post(
        url,
        {
            "utilisation-amount_used": "9000000",
            "utilisation-interest_earned": "0",
            "utilisation-upload": pdf_upload(),
        },
    )
    assert UtilisationReport.objects.get(application=application).amount_used == Decimal("8100000.00")
    # The DIC releases the second instalment on the SPV's certificate, less the interest.
    payment = grant.release_instalment(
        application_id=application.pk,
        user=dic,
        access=_dic(dic, application),
        number=2,
        dbt_reference="PFMS-2",
        paid_on=timezone.localdate(),
    )
    assert payment.amount == Decimal("8100000.00") - Decimal("250.00")


@pytest.mark.django_db
def test_who_may_use_the_odop_cell_pages_and_the_spv_certificate(screened, client):
    """Anonymous, the SPV that owns the file, another artisan, officers of this and another
    district, a committee member and state staff."""
    application, dic = screened
    application = _at_first_instalment(application, dic)
    owner = application.applicant.user
    other_artisan = make_applicant(seed=399).user
    member = StaffFactory(role="committee_member", username="member.agra")
    users = {
        "anonymous": None,
        "owner": owner,
        "other artisan": other_artisan,
        "officer here": dic,
        "officer elsewhere": officer(district="lucknow", username="dic.lucknow"),
        "committee member": member,
        "state staff": _odop_cell(),
    }
    pages = {
        "list": reverse("cfc:state_proposals") + "?show=all",
        "proposal": reverse("cfc:state_proposal", args=[application.pk]),
    }
    expected_pages = {
        "anonymous": 302,
        "owner": 403,
        "other artisan": 403,
        "officer here": 403,
        "officer elsewhere": 403,
        "committee member": 403,
        "state staff": 200,
    }
    certificate = reverse("cfc:utilisation", args=[application.pk])
    # Artisans' pages answer 404 for files that are not theirs, and staff are not artisans.
    expected_certificate = {
        "anonymous": 302,
        "owner": 302,
        "other artisan": 404,
        "officer here": 403,
        "officer elsewhere": 403,
        "committee member": 403,
        "state staff": 403,
    }
    for who, user in users.items():
        client.logout()
        if user:
            client.force_login(user)
        for name, url in pages.items():
            assert client.get(url).status_code == expected_pages[who], (who, name)
        posted = client.post(
            certificate,
            {
                "utilisation-amount_used": "8100000",
                "utilisation-interest_earned": "0",
                "utilisation-upload": pdf_upload(),
            },
        )
        assert posted.status_code == expected_certificate[who], who
        assert UtilisationReport.objects.filter(application=application).count() == (who == "owner"), who
        UtilisationReport.objects.filter(application=application).delete()
        # A refused appraisal post by anyone but the ODOP cell changes nothing.
        client.post(
            reverse("cfc:state_act", args=[application.pk, "sanction_finally"]),
            {
                "sanction_finally-sanction_order": "X",
                "sanction_finally-sanctioned_on": timezone.localdate().isoformat(),
            },
        )
        assert CfcGrant.objects.get(application=application).sanction_order == "MSME/CFC/12"


@pytest.mark.django_db
def test_the_odop_cell_list_runs_a_fixed_number_of_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(_odop_cell())
    url = reverse("cfc:state_proposals") + "?show=all"
    dic = officer(username="dic.agra")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    approved_by_committee(submitted(make_applicant(seed=380), "CFC", CFC_STEPS), dic, "dlc")
    one = count()
    for seed in range(381, 385):
        approved_by_committee(submitted(make_applicant(seed=seed), "CFC", CFC_STEPS), dic, "dlc")
    assert count() == one
