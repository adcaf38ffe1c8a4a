"""The toolkit hand-over code: sent in the artisan's language, says what it is for, accepted
at the hand-over and nowhere else."""

import re
from decimal import Decimal

import pytest

from accounts import sms
from accounts.exceptions import CodeRejected
from accounts.models import User
from accounts.services import verify_otp
from tests.applications.helpers import officer, selected_toolkits
from tests.toolkit import test_training_toolkit as flow
from toolkit import services as tt
from toolkit.workflow import ToolkitStatus


@pytest.mark.django_db
def test_the_hand_over_code_is_for_the_hand_over_only(django_capture_on_commit_callbacks):
    dic = officer(username="dic.agra")
    (application,) = selected_toolkits(dic, 1)
    artisan = application.applicant.user
    User.objects.filter(pk=artisan.pk).update(preferred_language="hi")
    kit = tt.define_kit(
        user=flow._state_staff(), product=application.product, items="Loom", value=Decimal("15000")
    )
    batch = flow._batch(dic)
    tt.assign_to_batch(batch_id=batch.pk, application_id=application.pk, user=dic)
    flow._attend(dic, batch, [{application.pk}] * 10)
    tt.complete_batch(batch_id=batch.pk, user=dic)
    tt.carry_forward_toolkit(application_id=application.pk, user=dic, access=flow._dic(dic, application))
    tt.pay_honorarium(
        application_id=application.pk,
        user=dic,
        access=flow._dic(dic, application),
        dbt_reference="DBT-HON",
        paid_on=batch.end_date,
    )
    with django_capture_on_commit_callbacks(execute=True):
        tt.send_handover_code(application_id=application.pk, user=dic, access=flow._dic(dic, application))
    body = sms.outbox[-1].body
    assert "टूलकिट हस्तांतरण कोड" in body  # the artisan's language, not the officer's English
    code = re.search(r"\b(\d{6})\b", body).group(1)
    with pytest.raises(CodeRejected):
        verify_otp(mobile=artisan.mobile, code=code)
    tt.issue_toolkit(
        application_id=application.pk, user=dic, access=flow._dic(dic, application), kit=kit, code=code
    )
    application.refresh_from_db()
    assert application.status == ToolkitStatus.TOOLKIT_ISSUED
