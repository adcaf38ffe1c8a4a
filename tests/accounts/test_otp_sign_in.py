from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import sms
from accounts.exceptions import CodeRejected, RateLimited
from accounts.models import OneTimeCode, Role, User
from accounts.services import request_otp, verify_otp
from tests.factories import StaffFactory

MOBILE = "9812345678"


def _sent_code(mobile: str = MOBILE) -> str:
    """The code from the last SMS to `mobile` (the locmem backend keeps them)."""
    body = next(m.body for m in reversed(sms.outbox) if m.to == mobile)
    return next(word for word in body.split() if word.isdigit() and len(word) == 6)


def _request(mobile: str = MOBILE, ip: str = "10.0.0.1", *, run_on_commit) -> OneTimeCode:
    with run_on_commit(execute=True):
        return request_otp(mobile=mobile, ip=ip)


@pytest.mark.django_db
def test_code_is_sent_stored_hashed_and_signs_in_a_new_artisan(django_capture_on_commit_callbacks):
    otp = _request(run_on_commit=django_capture_on_commit_callbacks)
    code = _sent_code()
    otp.refresh_from_db()
    assert len(code) == 6
    assert code not in otp.code_hash
    assert otp.sent_at is not None

    user = verify_otp(mobile=MOBILE, code=code)

    assert user.role == Role.ARTISAN
    assert user.mobile == MOBILE
    assert not user.has_usable_password()
    otp.refresh_from_db()
    assert otp.used_at is not None
    assert User.objects.filter(mobile=MOBILE).count() == 1


@pytest.mark.django_db
def test_code_works_only_once(django_capture_on_commit_callbacks):
    _request(run_on_commit=django_capture_on_commit_callbacks)
    code = _sent_code()
    verify_otp(mobile=MOBILE, code=code)
    with pytest.raises(CodeRejected, match="already been used"):
        verify_otp(mobile=MOBILE, code=code)


@pytest.mark.django_db
def test_expired_code_is_refused(django_capture_on_commit_callbacks, settings):
    otp = _request(run_on_commit=django_capture_on_commit_callbacks)
    code = _sent_code()
    OneTimeCode.objects.filter(pk=otp.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(CodeRejected, match="expired"):
        verify_otp(mobile=MOBILE, code=code)
    assert not User.objects.filter(mobile=MOBILE).exists()


@pytest.mark.django_db
def test_wrong_tries_are_counted_and_the_code_dies_after_the_limit(
    django_capture_on_commit_callbacks, settings
):
    settings.OTP_MAX_ATTEMPTS = 3
    otp = _request(run_on_commit=django_capture_on_commit_callbacks)
    code = _sent_code()
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(CodeRejected, match="2 tries left"):
        verify_otp(mobile=MOBILE, code=wrong)
    with pytest.raises(CodeRejected, match="1 try left"):
        verify_otp(mobile=MOBILE, code=wrong)
    with pytest.raises(CodeRejected, match="Too many wrong tries"):
        verify_otp(mobile=MOBILE, code=wrong)
    # Even the right code no longer works.
    with pytest.raises(CodeRejected, match="Too many wrong tries"):
        verify_otp(mobile=MOBILE, code=code)
    otp.refresh_from_db()
    assert otp.attempts == 3
    assert otp.used_at is None


@pytest.mark.django_db
def test_a_new_code_replaces_the_old_one(django_capture_on_commit_callbacks, settings):
    settings.OTP_RESEND_INTERVAL = timedelta(0)
    _request(run_on_commit=django_capture_on_commit_callbacks)
    first = _sent_code()
    _request(run_on_commit=django_capture_on_commit_callbacks)
    second = _sent_code()
    if first != second:
        with pytest.raises(CodeRejected):
            verify_otp(mobile=MOBILE, code=first)
    assert verify_otp(mobile=MOBILE, code=second).mobile == MOBILE


@pytest.mark.django_db
def test_resend_too_soon_is_refused_and_writes_nothing(django_capture_on_commit_callbacks):
    _request(run_on_commit=django_capture_on_commit_callbacks)
    with pytest.raises(RateLimited, match=r"in (60|59) seconds") as info:
        _request(run_on_commit=django_capture_on_commit_callbacks)
    assert info.value.field == "mobile"
    assert OneTimeCode.objects.filter(mobile=MOBILE).count() == 1
    assert len(sms.outbox) == 1


@pytest.mark.django_db
def test_rate_limit_per_mobile(django_capture_on_commit_callbacks, settings):
    settings.OTP_RESEND_INTERVAL = timedelta(0)
    settings.OTP_MAX_PER_MOBILE = 3
    for _ in range(3):
        _request(run_on_commit=django_capture_on_commit_callbacks)
    with pytest.raises(RateLimited, match="Too many codes were asked for this mobile number"):
        _request(run_on_commit=django_capture_on_commit_callbacks)
    assert OneTimeCode.objects.filter(mobile=MOBILE).count() == 3
    # Another number is not affected.
    _request("9812345679", run_on_commit=django_capture_on_commit_callbacks)


@pytest.mark.django_db
def test_rate_limit_per_ip(django_capture_on_commit_callbacks, settings):
    settings.OTP_MAX_PER_IP = 2
    _request("9800000001", ip="10.9.9.9", run_on_commit=django_capture_on_commit_callbacks)
    _request("9800000002", ip="10.9.9.9", run_on_commit=django_capture_on_commit_callbacks)
    with pytest.raises(RateLimited, match="from this network"):
        _request("9800000003", ip="10.9.9.9", run_on_commit=django_capture_on_commit_callbacks)
    assert not OneTimeCode.objects.filter(mobile="9800000003").exists()
    _request("9800000003", ip="10.9.9.10", run_on_commit=django_capture_on_commit_callbacks)


@pytest.mark.django_db
def test_old_requests_leave_the_window(django_capture_on_commit_callbacks, settings):
    settings.OTP_MAX_PER_MOBILE = 1
    _request(run_on_commit=django_capture_on_commit_callbacks)
    OneTimeCode.objects.update(created_at=timezone.now() - settings.OTP_RATE_WINDOW - timedelta(seconds=1))
    _request(run_on_commit=django_capture_on_commit_callbacks)
    assert OneTimeCode.objects.filter(mobile=MOBILE).count() == 2


@pytest.mark.django_db
def test_staff_number_cannot_sign_in_with_a_code(django_capture_on_commit_callbacks):
    StaffFactory(mobile=MOBILE)
    _request(run_on_commit=django_capture_on_commit_callbacks)
    with pytest.raises(CodeRejected, match="staff account"):
        verify_otp(mobile=MOBILE, code=_sent_code())


@pytest.mark.django_db
def test_sms_is_not_sent_twice_for_one_code(django_capture_on_commit_callbacks):
    from accounts.services import deliver_otp

    otp = _request(run_on_commit=django_capture_on_commit_callbacks)
    assert deliver_otp(otp_id=otp.pk, code="123456", language="en") is False
    assert len(sms.outbox) == 1


@pytest.mark.django_db
def test_sign_in_pages_end_to_end_in_hindi(client, django_capture_on_commit_callbacks):
    client.cookies["django_language"] = "hi"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:login"), {"mobile": "+91 98123 45678"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:otp_verify")
    code = _sent_code()
    assert "ODOP" in sms.outbox[-1].body

    wrong = "000000" if code != "000000" else "111111"
    response = client.post(reverse("accounts:otp_verify"), {"code": wrong})
    assert response.status_code == 200
    assert "कोड सही नहीं है" in response.content.decode()

    response = client.post(reverse("accounts:otp_verify"), {"code": code})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:home")
    home = client.get(reverse("accounts:home"))
    assert home.status_code == 302 and home["Location"] == reverse("applications:mine")
    assert client.get(reverse("applications:mine")).status_code == 200


@pytest.mark.django_db
def test_bad_mobile_gets_a_message_naming_the_field_and_keeps_the_input(client):
    client.cookies["django_language"] = "en"
    response = client.post(reverse("accounts:login"), {"mobile": "12345"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a 10-digit Indian mobile number" in html
    assert 'value="12345"' in html
    assert not OneTimeCode.objects.exists()


@pytest.mark.django_db
def test_rate_limited_page_shows_the_reason(client, django_capture_on_commit_callbacks):
    client.cookies["django_language"] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:login"), {"mobile": MOBILE})
        response = client.post(reverse("accounts:login"), {"mobile": MOBILE})
    assert response.status_code == 200
    assert "You can ask for a new one in" in response.content.decode()
    assert OneTimeCode.objects.count() == 1
