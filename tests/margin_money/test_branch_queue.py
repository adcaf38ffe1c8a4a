"""The branch's queue: the "at the bank" flag follows every move, pages are keyset pages, and a
forged cursor gives the first page, never an error."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.workflow import BANK_STATES
from margin_money import services as aa
from margin_money import views
from margin_money.models import MarginMoneyCase
from tests.applications.helpers import MM_STEPS, approved_by_committee, make_applicant, officer, submitted
from tests.margin_money.test_after_approval import _bank, _bank_officer, _dic


def _flag_follows_status(application) -> bool:
    application.refresh_from_db()
    case = MarginMoneyCase.objects.get(application=application)
    return case.at_bank == (application.status in BANK_STATES)


@pytest.mark.django_db
def test_the_at_bank_flag_follows_the_file_through_its_life():
    dic = officer()
    application = approved_by_committee(submitted(make_applicant(), "MM", MM_STEPS), dic, "dltfc")
    bank = _bank_officer()
    today = timezone.localdate()
    steps = [
        lambda: aa.send_to_bank(application_id=application.pk, user=dic, access=_dic(dic, application)),
        lambda: aa.sanction_loan(
            application_id=application.pk,
            user=bank,
            access=_bank(bank, application),
            amount=Decimal("975000.00"),
            sanctioned_on=today,
        ),
        lambda: aa.record_training(
            application_id=application.pk,
            user=bank,
            access=_bank(bank, application),
            institution="RSETI Agra",
            start=today - timedelta(days=6),
            end=today,
            certificate="RSETI/2026/77",
        ),
        lambda: aa.disburse_loan(
            application_id=application.pk,
            user=bank,
            access=_bank(bank, application),
            first_instalment_on=today,
        ),
        lambda: aa.claim_margin_money(
            application_id=application.pk,
            user=bank,
            access=_bank(bank, application),
            amount=Decimal("375000.00"),
            claimed_on=today,
        ),
        lambda: aa.release_margin_money(
            application_id=application.pk,
            user=dic,
            access=_dic(dic, application),
            dbt_reference="DBT-UP-0001",
            released_on=today,
        ),
    ]
    seen = []
    for step in steps:
        step()
        assert _flag_follows_status(application)
        seen.append(MarginMoneyCase.objects.get(application=application).at_bank)
    # At the bank from the send to the disbursement; off once the bank has claimed.
    assert seen == [True, True, True, True, False, False]


@pytest.mark.django_db
def test_a_refused_loan_leaves_the_queue():
    dic = officer()
    application = approved_by_committee(submitted(make_applicant(), "MM", MM_STEPS), dic, "dltfc")
    bank = _bank_officer()
    aa.send_to_bank(application_id=application.pk, user=dic, access=_dic(dic, application))
    aa.refuse_loan(
        application_id=application.pk, user=bank, access=_bank(bank, application), reason="Not viable."
    )
    assert _flag_follows_status(application)
    assert MarginMoneyCase.objects.get(application=application).at_bank is False


@pytest.mark.django_db
def test_branch_queue_pages_by_keyset_and_a_forged_cursor_gives_the_first_page(client, monkeypatch):
    monkeypatch.setattr(views.BranchQueueCursor, "page_size", 2)
    dic = officer()
    bank = _bank_officer()
    sent = []
    for seed in (81, 82, 83):
        application = approved_by_committee(
            submitted(make_applicant(seed=seed), "MM", MM_STEPS), dic, "dltfc"
        )
        aa.send_to_bank(application_id=application.pk, user=dic, access=_dic(dic, application))
        sent.append(application)
    # Oldest first by the time the DIC sent it.
    for minutes, application in zip((30, 20, 10), sent, strict=True):
        MarginMoneyCase.objects.filter(application=application).update(
            sent_at=timezone.now() - timedelta(minutes=minutes)
        )
    client.force_login(bank)
    url = reverse("margin_money:bank_queue")
    first = client.get(url)
    assert first.status_code == 200
    body = first.content.decode()
    assert [a.reference_number in body for a in sent] == [True, True, False]
    next_url = first.context["next_url"]
    assert next_url and first.context["previous_url"] is None
    second = client.get(next_url)
    body = second.content.decode()
    assert [a.reference_number in body for a in sent] == [False, False, True]
    assert second.context["next_url"] is None
    for forged in ("not-a-cursor", "cD0yMDI2", "%00", "x" * 500):
        response = client.get(url, {"cursor": forged})
        assert response.status_code == 200
        body = response.content.decode()
        assert sent[0].reference_number in body
    # Another branch's officer sees none of them, whatever the cursor.
    other = _bank_officer(branch_ifsc="PUNB0123400", username="bank.other")
    client.force_login(other)
    body = client.get(next_url).content.decode()
    assert not any(a.reference_number in body for a in sent)
