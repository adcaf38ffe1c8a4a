"""Common Facility Centre from district screening to the third instalment: the District Level
Committee screens, the State Level (or High Level) Committee sanctions in principle, the DPR, the
final sanction, and the state share released 40/30/30 after 75% use of what went before."""

from datetime import timedelta
from decimal import Decimal
from functools import partial

import pytest
from django.utils import timezone

from accounts import sms
from applications.access import access_application_for_review
from applications.models import AgendaItem, Application, AuditEvent, Committee, CommitteeMembership, Payment
from applications.services import cfc as grant
from applications.services.committees import (
    apply_meeting_decisions,
    committee_for,
    place_on_agenda,
    record_meeting_decisions,
)
from applications.services.errors import ApplicationError, Conflict
from applications.workflow import InvalidTransition, Status
from tests.applications.committee_helpers import close_agenda
from tests.applications.helpers import approved_by_committee, make_applicant, officer, pdf_upload, submitted
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


def _state_meeting_approves(application, kind="slc"):
    committee = Committee.objects.get(kind=kind, district__isnull=True)
    committee.quorum = 2
    committee.save(update_fields=["quorum"])
    secretary = StaffFactory(role="state_staff", username=f"secretary.{kind}", district=None)
    member = StaffFactory(role="state_staff", username=f"member.{kind}", district=None)
    CommitteeMembership.objects.create(committee=committee, user=secretary, role="secretary")
    CommitteeMembership.objects.create(committee=committee, user=member, role="member")
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
        decisions={item.pk: {"decision": "approve"}},
    )
    apply_meeting_decisions(meeting_id=meeting.pk)
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
    assert application.status == Status.FORWARDED_TO_STATE
    assert application.benefit_amount == Decimal("27000000.00")
    assert committee_for(application).kind == "slc"
    application = _state_meeting_approves(application)
    assert application.status == Status.IN_PRINCIPLE
    assert AgendaItem.objects.filter(application=application).count() == 2

    access = _dic(dic, application)
    today = timezone.localdate()
    grant.record_dpr(application_id=application.pk, user=dic, access=access, received_on=today)
    grant.record_final_sanction(
        application_id=application.pk,
        user=dic,
        access=access,
        sanction_order="MSME/CFC/12",
        sanctioned_on=today,
    )
    application.refresh_from_db()
    assert application.status == Status.FINAL_SANCTION
    assert grant.instalment_amounts(application) == (
        Decimal("10800000.00"),
        Decimal("8100000.00"),
        Decimal("8100000.00"),
    )

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
    grant.record_dpr(application_id=application.pk, user=dic, access=access, received_on=today)
    grant.record_final_sanction(
        application_id=application.pk,
        user=dic,
        access=access,
        sanction_order="MSME/CFC/12",
        sanctioned_on=today,
    )
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
    assert application.status == Status.INSTALMENT_3
    assert sum(Payment.objects.filter(application=application).values_list("amount", flat=True)) == Decimal(
        "27000000.00"
    )
    assert application.documents.filter(code="utilisation_certificate", replaced_at__isnull=True).count() == 1
    assert list(AuditEvent.objects.filter(application=application).values_list("action", flat=True))[-8:] == [
        "forward_to_state",
        "place_on_state_agenda",
        "sanction_in_principle",
        "submit_dpr",
        "sanction_finally",
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
    assert application.status == Status.FORWARDED_TO_STATE
    assert committee_for(application).kind == "hlc"
    application = _state_meeting_approves(application, kind="hlc")
    assert application.status == Status.IN_PRINCIPLE


@pytest.mark.django_db(transaction=True)
def test_two_releases_of_the_same_instalment_at_once_only_one_passes(postgres):
    from tests.applications.test_concurrency import _race

    dic, colleague = officer(username="dic.one"), officer(username="dic.two")
    application = approved_by_committee(submitted(make_applicant(seed=302), "CFC", CFC_STEPS), dic, "dlc")
    application = _state_meeting_approves(application)
    today = timezone.localdate() - timedelta(days=1)
    grant.record_dpr(
        application_id=application.pk, user=dic, access=_dic(dic, application), received_on=today
    )
    grant.record_final_sanction(
        application_id=application.pk,
        user=dic,
        access=_dic(dic, application),
        sanction_order="MSME/CFC/1",
        sanctioned_on=today,
    )
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
def test_the_dic_records_the_cfc_steps_on_the_file_page(screened, client):
    from django.urls import reverse

    application, dic = screened
    application = _state_meeting_approves(application)
    client.force_login(dic)
    client.cookies["django_language"] = "en"
    today = timezone.localdate().isoformat()

    def act(action, data):
        url = reverse("applications:office_act", args=[application.pk, action])
        return client.post(url, {f"{action}-{key}": value for key, value in data.items()})

    assert (
        "record_dpr"
        in client.get(reverse("applications:office_file", args=[application.pk])).content.decode()
    )
    assert act("record_dpr", {"received_on": today}).status_code == 302
    assert (
        act("record_final_sanction", {"sanction_order": "MSME/CFC/7", "sanctioned_on": today}).status_code
        == 302
    )
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
            "record_utilisation-amount_used": "8100000",
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
    ) == [("instalment_1", Decimal("10800000.00")), ("instalment_2", Decimal("8100000.00"))]
