"""The bank officer's pages and the DIC's after-approval actions, through the web."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, AuditEvent
from margin_money.workflow import MarginMoneyStatus
from tests.applications.helpers import MM_STEPS, approved_by_committee, make_applicant, officer, submitted
from tests.margin_money.test_after_approval import _bank_officer


@pytest.fixture
def sent(client):
    dic = officer()
    application = approved_by_committee(submitted(make_applicant(), "MM", MM_STEPS), dic, "dltfc")
    client.force_login(dic)
    client.post(reverse("applications:office_act", args=[application.pk, "send_to_bank"]))
    application.refresh_from_db()
    assert application.status == MarginMoneyStatus.SENT_TO_BANK
    return application, dic


@pytest.mark.django_db
def test_bank_officer_records_sanction_and_disbursement_on_the_page(client, sent):
    application, _dic = sent
    bank = _bank_officer()
    client.force_login(bank)
    client.cookies["django_language"] = "en"
    queue = client.get(reverse("margin_money:bank_queue"))
    assert application.reference_number in queue.content.decode()
    url = reverse("margin_money:bank_file", args=[application.pk])
    today = timezone.localdate()
    bad = client.post(
        url,
        {
            "action": "sanction_loan",
            "sanction_loan-amount": "99999999",
            "sanction_loan-sanctioned_on": today.isoformat(),
        },
    )
    assert "at most the project cost" in bad.content.decode()
    assert 'value="99999999"' in bad.content.decode()
    assert Application.objects.get(pk=application.pk).status == MarginMoneyStatus.SENT_TO_BANK
    client.post(
        url,
        {
            "action": "sanction_loan",
            "sanction_loan-amount": "975000",
            "sanction_loan-sanctioned_on": today.isoformat(),
        },
    )
    client.post(
        url,
        {
            "action": "record_training",
            "record_training-institution": "RSETI Agra",
            "record_training-start": (today - timedelta(days=7)).isoformat(),
            "record_training-end": today.isoformat(),
        },
    )
    client.post(url, {"action": "disburse_loan", "disburse_loan-first_instalment_on": today.isoformat()})
    assert Application.objects.get(pk=application.pk).status == MarginMoneyStatus.LOAN_DISBURSED
    page = client.get(url).content.decode()
    assert "Loan disbursed" in page and "RSETI Agra" in page


@pytest.mark.django_db
def test_bank_pages_refuse_everyone_but_the_branch(client, sent):
    application, dic = sent
    url = reverse("margin_money:bank_file", args=[application.pk])
    events = AuditEvent.objects.count()
    client.force_login(_bank_officer(branch_ifsc="PUNB0009999", username="bank.other"))
    assert client.get(url).status_code == 404
    assert (
        client.post(
            url,
            {
                "action": "sanction_loan",
                "sanction_loan-amount": "1",
                "sanction_loan-sanctioned_on": "2026-01-01",
            },
        ).status_code
        == 404
    )
    client.force_login(dic)
    assert client.get(url).status_code == 403
    client.force_login(application.applicant.user)
    assert client.get(url).status_code == 403
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_bank_pendency_for_the_dic(client, sent):
    _application, dic = sent
    client.force_login(dic)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("margin_money:bank_pendency")).content.decode()
    assert "SBIN0012345" in html and "Sent to the bank" in html
    client.force_login(officer("lucknow", username="dic.lko"))
    assert "SBIN0012345" not in client.get(reverse("margin_money:bank_pendency")).content.decode()


@pytest.mark.django_db
def test_bank_queue_shows_what_waits_on_the_branch_in_fixed_queries(client, sent):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from margin_money.models import MarginMoneyCase

    application, dic = sent
    bank = _bank_officer()
    client.force_login(bank)
    url = reverse("margin_money:bank_queue")

    def queries(query=""):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url + query)
        assert response.status_code == 200
        return len(captured), response.content.decode()

    one, page = queries()
    assert application.reference_number in page
    for seed in (71, 72):
        other = approved_by_committee(submitted(make_applicant(seed=seed), "MM", MM_STEPS), dic, "dltfc")
        client.force_login(dic)
        client.post(reverse("applications:office_act", args=[other.pk, "send_to_bank"]))
    client.force_login(bank)
    assert MarginMoneyCase.objects.filter(bank_branch=bank.bank_branch).count() == 3
    three, page = queries()
    assert three == one
    assert len(re.findall(r'href="/applications/bank/\d+/"', page)) == 3
    # A file the bank is done with (here refused) leaves the default list, not the full one.
    client.post(
        reverse("margin_money:bank_file", args=[application.pk]),
        {"action": "refuse_loan", "refuse_loan-reason": "Not viable at appraisal."},
    )
    assert Application.objects.get(pk=application.pk).status == MarginMoneyStatus.LOAN_REFUSED
    assert application.reference_number not in queries()[1]
    assert application.reference_number in queries("?show=all")[1]


@pytest.mark.django_db
def test_who_sees_the_bank_wise_pendency(client, sent):
    """Anonymous, the artisan, another artisan, the DIC here and elsewhere, a committee member,
    the bank branch's officer, the Lead District Manager here and elsewhere, state staff."""
    from districts.models import District
    from tests.factories import StaffFactory

    application, dic = sent
    url = reverse("margin_money:bank_pendency")
    lucknow = District.objects.get(slug="lucknow")
    expected = {
        "anonymous": (None, 302),
        "owner": (application.applicant.user, 403),
        "other artisan": (make_applicant(seed=73).user, 403),
        "officer here": (dic, 200),
        "officer elsewhere": (officer("lucknow", username="dic.lko"), 200),
        "committee member": (StaffFactory(role="committee_member", username="member.agra"), 403),
        "bank officer": (_bank_officer(), 403),
        "lead district manager here": (StaffFactory(role="lead_district_manager", username="ldm.agra"), 200),
        "lead district manager elsewhere": (
            StaffFactory(role="lead_district_manager", username="ldm.lko", district=lucknow),
            200,
        ),
        "state staff": (StaffFactory(role="state_staff", username="odop.cell", district=None), 200),
    }
    sees_agra = {"officer here", "lead district manager here", "state staff"}
    for who, (user, status) in expected.items():
        client.logout()
        if user:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, who
        if status == 200:
            assert ("SBIN0012345" in response.content.decode()) == (who in sees_agra), who


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "hi"])
def test_bank_queue_rows_escape_names_and_label_each_cell(client, sent, language):
    from applications.models import Applicant

    application, _dic = sent
    Applicant.objects.filter(pk=application.applicant_id).update(
        full_name="<img src=x onerror=alert(1)> Devi"
    )
    Application.objects.filter(pk=application.pk).update(due_at=timezone.now() - timedelta(days=2))
    client.force_login(_bank_officer())
    client.cookies["django_language"] = language
    page = client.get(reverse("margin_money:bank_queue")).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt; Devi" in page
    row = re.search(r'<tr class="overdue">.*?</tr>', page, re.S).group(0)
    labels = re.findall(r'data-label="([^"]+)"', row)
    if language == "en":
        assert labels == ["Reference", "Applicant", "Status", "Received", "Due", "Margin money"]
        assert "overdue" in row
    else:
        assert labels[:2] == ["संदर्भ संख्या", "आवेदक"] and len(labels) == 6
        assert all(not label.isascii() for label in labels) and "समय-सीमा पार" in row
    assert f'href="{reverse("margin_money:bank_file", args=[application.pk])}"' in row
