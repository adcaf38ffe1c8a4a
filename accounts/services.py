"""Writes for accounts: one-time codes for artisans, password sign-in with lockout for staff."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.exceptions import AccountLocked, CodeRejected, RateLimited
from accounts.models import DISTRICT_ROLES, OneTimeCode, Role, User
from accounts.sms import send_sms
from outbox.services import enqueue

_HASH_SALT = "accounts.OneTimeCode"


def _hash_code(*, mobile: str, code: str) -> str:
    return salted_hmac(_HASH_SALT, f"{mobile}:{code}", algorithm="sha256").hexdigest()


def _generate_code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(settings.OTP_LENGTH))


def _minutes(delta: timedelta) -> int:
    return max(1, int(delta.total_seconds() // 60))


def request_otp(*, mobile: str, ip: str | None) -> OneTimeCode:
    """Create a one-time code for `mobile` and queue its SMS (an outbox row) in the same
    transaction; it goes out after commit, or when the broker is back within the code's validity.

    Refuses (RateLimited, nothing written) when the number asked too recently or too often, or
    the address asked too often, within OTP_RATE_WINDOW. Earlier unused codes stop working.
    """
    now = timezone.now()
    window_start = now - settings.OTP_RATE_WINDOW
    with transaction.atomic():
        recent = OneTimeCode.objects.filter(mobile=mobile, created_at__gte=window_start)
        last = recent.order_by("-created_at").first()
        if last and now - last.created_at < settings.OTP_RESEND_INTERVAL:
            wait = int((settings.OTP_RESEND_INTERVAL - (now - last.created_at)).total_seconds()) + 1
            raise RateLimited(
                ngettext(
                    "A code was sent a moment ago. You can ask for a new one in %(n)d second.",
                    "A code was sent a moment ago. You can ask for a new one in %(n)d seconds.",
                    wait,
                )
                % {"n": wait},
                field="mobile",
                retry_after=wait,
            )
        if recent.count() >= settings.OTP_MAX_PER_MOBILE:
            raise RateLimited(
                _(
                    "Too many codes were asked for this mobile number. Please try again after "
                    "%(minutes)d minutes."
                )
                % {"minutes": _minutes(settings.OTP_RATE_WINDOW)},
                field="mobile",
                retry_after=int(settings.OTP_RATE_WINDOW.total_seconds()),
            )
        if (
            ip
            and OneTimeCode.objects.filter(requested_ip=ip, created_at__gte=window_start).count()
            >= settings.OTP_MAX_PER_IP
        ):
            raise RateLimited(
                _("Too many codes were asked from this network. Please try again after %(minutes)d minutes.")
                % {"minutes": _minutes(settings.OTP_RATE_WINDOW)},
                field="mobile",
                retry_after=int(settings.OTP_RATE_WINDOW.total_seconds()),
            )
        OneTimeCode.objects.filter(mobile=mobile, used_at__isnull=True, superseded_at__isnull=True).update(
            superseded_at=now
        )
        code = _generate_code()
        otp = OneTimeCode.objects.create(
            mobile=mobile,
            code_hash=_hash_code(mobile=mobile, code=code),
            requested_ip=ip,
            expires_at=now + settings.OTP_VALIDITY,
        )
        from accounts.tasks import send_otp_sms_task

        language = translation.get_language() or settings.LANGUAGE_CODE
        # The code waits in the outbox sealed (Fernet, key derived from SECRET_KEY), only until
        # it is sent or expires with the code; the broker carries the row's id, never the code.
        enqueue(
            send_otp_sms_task,
            otp.pk,
            language,
            key=f"otp:{otp.pk}",
            secret=code,
            expires_at=otp.expires_at,
        )
    return otp


def deliver_otp(*, otp_id: int, code: str, language: str) -> bool:
    """Send the SMS for a code. Idempotent: a code already sent, used, superseded or expired is
    not sent again. Returns whether a message went out. Holds the code's row lock while sending.
    """
    with transaction.atomic():
        otp = OneTimeCode.objects.select_for_update().filter(pk=otp_id).first()
        if otp is None or otp.sent_at or otp.used_at or otp.superseded_at:
            return False
        if otp.expires_at <= timezone.now():
            return False
        with translation.override(language):
            body = _(
                "%(code)s is your ODOP Uttar Pradesh sign-in code. It is valid for %(minutes)d "
                "minutes. Do not share it with anyone."
            ) % {"code": code, "minutes": _minutes(settings.OTP_VALIDITY)}
        otp.provider_reference = send_sms(to=otp.mobile, body=body, idempotency_key=f"otp:{otp.pk}")
        otp.sent_at = timezone.now()
        otp.save(update_fields=["provider_reference", "sent_at"])
    return True


def verify_otp(*, mobile: str, code: str) -> User:
    """Check a code and return the artisan's account, creating it at the first sign-in."""
    consume_otp(mobile=mobile, code=code)
    return _get_or_create_artisan(mobile=mobile)


def consume_otp(*, mobile: str, code: str) -> None:
    """Check a code for `mobile` and use it up; raises CodeRejected otherwise.

    Each wrong try counts against the code, and the count is saved even though the call
    raises. A code works once, until it expires, and only while it is the latest for the number.
    """
    now = timezone.now()
    error: str | None = None
    with transaction.atomic():
        otp = (
            OneTimeCode.objects.select_for_update()
            .filter(mobile=mobile, superseded_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        if otp is None:
            error = _("No code was sent to this number. Ask for a code first.")
        elif otp.used_at is not None:
            error = _("This code has already been used. Ask for a new code.")
        elif otp.expires_at <= now:
            error = _("This code has expired. Ask for a new code.")
        elif otp.attempts >= settings.OTP_MAX_ATTEMPTS:
            error = _("Too many wrong tries for this code. Ask for a new code.")
        else:
            otp.attempts += 1
            matched = constant_time_compare(otp.code_hash, _hash_code(mobile=mobile, code=code))
            if matched:
                otp.used_at = now
                otp.save(update_fields=["attempts", "used_at"])
            else:
                otp.save(update_fields=["attempts"])
                left = settings.OTP_MAX_ATTEMPTS - otp.attempts
                if left > 0:
                    error = ngettext(
                        "The code is not correct. You have %(left)d try left.",
                        "The code is not correct. You have %(left)d tries left.",
                        left,
                    ) % {"left": left}
                else:
                    error = _("Too many wrong tries for this code. Ask for a new code.")
    if error:
        raise CodeRejected(error, field="code")


def _get_or_create_artisan(*, mobile: str) -> User:
    user = User.objects.filter(mobile=mobile).first()
    if user is not None:
        if not user.is_artisan:
            raise CodeRejected(
                _("This number belongs to a staff account. Please use the staff sign-in."),
                field="mobile",
            )
        return user
    try:
        with transaction.atomic():
            user = User(username=mobile, mobile=mobile, role=Role.ARTISAN)
            user.set_unusable_password()
            user.save()
    except IntegrityError:
        # Two sign-ins of the same new number at once: the other one created the account.
        user = User.objects.get(mobile=mobile)
    return user


def authenticate_staff(*, request: HttpRequest | None, username: str, password: str) -> User:
    """Password sign-in for staff with lockout after STAFF_LOGIN_MAX_FAILURES failures in a row.

    Raises AccountLocked while the lock lasts (even for the right password) and CodeRejected for
    wrong credentials; failures are counted with an atomic update so parallel tries all count.
    """
    now = timezone.now()
    account = User.objects.filter(username=username).first()
    if account and account.locked_until and account.locked_until > now:
        raise AccountLocked(
            _(
                "Too many failed sign-ins. This account is locked until %(time)s. Try again "
                "later or ask the ODOP cell to unlock it."
            )
            % {"time": timezone.localtime(account.locked_until).strftime("%H:%M")}
        )
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_portal_staff:
        if account is not None:
            _record_failed_login(account_id=account.pk, now=now)
        raise CodeRejected(_("The username or password is not correct."))
    if user.failed_login_count or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
    return user


def _record_failed_login(*, account_id: int, now) -> None:
    with transaction.atomic():
        User.objects.filter(pk=account_id).update(failed_login_count=F("failed_login_count") + 1)
        account = User.objects.select_for_update().get(pk=account_id)
        if account.failed_login_count >= settings.STAFF_LOGIN_MAX_FAILURES:
            account.locked_until = now + settings.STAFF_LOGIN_LOCKOUT
            account.failed_login_count = 0
            account.save(update_fields=["locked_until", "failed_login_count"])


def create_staff_user(
    *,
    username: str,
    password: str,
    role: str,
    district=None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> User:
    """Create a staff account. State staff and administrators get the admin site; district
    roles must name their district (the database refuses otherwise)."""
    if role == Role.ARTISAN:
        raise ValueError("Artisans sign in with a one-time code; use verify_otp.")
    if role in DISTRICT_ROLES and district is None:
        raise ValueError(f"role {role} needs a district")
    user = User(
        username=username,
        role=role,
        district=district if role in DISTRICT_ROLES else None,
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_staff=role in (Role.STATE_STAFF, Role.ADMIN),
        is_superuser=role == Role.ADMIN,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    if role == Role.STATE_STAFF:
        from accounts.roles import STATE_STAFF_GROUP

        user.groups.add(Group.objects.get_or_create(name=STATE_STAFF_GROUP)[0])
    return user
