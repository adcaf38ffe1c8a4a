"""A one-time code works only for its purpose (sign-in, status lookup, toolkit hand-over), and
its SMS says what it is for, in Hindi and in English."""

import re

import pytest
from django.urls import reverse

from accounts import sms
from accounts.exceptions import CodeRejected
from accounts.models import CodePurpose, OneTimeCode
from accounts.services import consume_otp, request_otp, verify_otp

MOBILE = "9812300001"
PURPOSES = list(CodePurpose.values)


def _request(purpose, run_on_commit, mobile=MOBILE, language="en"):
    with run_on_commit(execute=True):
        request_otp(mobile=mobile, ip="10.0.0.9", purpose=purpose, language=language)
    return re.search(r"\b(\d{6})\b", sms.outbox[-1].body).group(1)


@pytest.mark.django_db
@pytest.mark.parametrize("issued_for", PURPOSES)
@pytest.mark.parametrize("used_for", PURPOSES)
def test_a_code_works_only_for_its_purpose(django_capture_on_commit_callbacks, issued_for, used_for):
    code = _request(issued_for, django_capture_on_commit_callbacks)
    if issued_for == used_for:
        consume_otp(mobile=MOBILE, code=code, purpose=used_for)
        assert OneTimeCode.objects.get(purpose=issued_for).used_at is not None
        return
    with pytest.raises(CodeRejected):
        consume_otp(mobile=MOBILE, code=code, purpose=used_for)
    # The misused code is untouched and still works for its own purpose.
    otp = OneTimeCode.objects.get(purpose=issued_for)
    assert (otp.attempts, otp.used_at) == (0, None)
    consume_otp(mobile=MOBILE, code=code, purpose=issued_for)


@pytest.mark.django_db
def test_a_hand_over_code_does_not_sign_in_on_the_sign_in_page(client, django_capture_on_commit_callbacks):
    """The officer asks for a sign-in code to the artisan's number, then for the hand-over code,
    and types the code the artisan reads out into the sign-in page: refused."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:login"), {"mobile": MOBILE})
    handover = _request(CodePurpose.TOOLKIT_HANDOVER, django_capture_on_commit_callbacks)
    response = client.post(reverse("accounts:otp_verify"), {"code": handover})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    with pytest.raises(CodeRejected):
        verify_otp(mobile=MOBILE, code=handover)


@pytest.mark.django_db
def test_a_code_for_one_purpose_leaves_the_others_valid(django_capture_on_commit_callbacks, settings):
    settings.OTP_RESEND_INTERVAL = settings.OTP_RESEND_INTERVAL * 0
    sign_in = _request(CodePurpose.SIGN_IN, django_capture_on_commit_callbacks)
    handover = _request(CodePurpose.TOOLKIT_HANDOVER, django_capture_on_commit_callbacks)
    assert verify_otp(mobile=MOBILE, code=sign_in).mobile == MOBILE
    consume_otp(mobile=MOBILE, code=handover, purpose=CodePurpose.TOOLKIT_HANDOVER)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("purpose", "english", "hindi"),
    [
        (CodePurpose.SIGN_IN, "sign-in code", "साइन इन कोड"),
        (CodePurpose.STATUS_LOOKUP, "status of your application", "स्थिति देखने का कोड"),
        (CodePurpose.TOOLKIT_HANDOVER, "toolkit hand-over code", "टूलकिट हस्तांतरण कोड"),
    ],
)
def test_the_sms_says_what_the_code_is_for(django_capture_on_commit_callbacks, purpose, english, hindi):
    _request(purpose, django_capture_on_commit_callbacks, mobile="9812300002", language="en")
    assert english in sms.outbox[-1].body
    # Out of the resend interval, so that the same number can ask again.
    OneTimeCode.objects.update(created_at=OneTimeCode.objects.get().created_at.replace(year=2000))
    _request(purpose, django_capture_on_commit_callbacks, mobile="9812300002", language="hi")
    body = sms.outbox[-1].body
    assert hindi in body and english not in body
