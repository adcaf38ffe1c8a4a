"""Writes for accounts: one-time codes for artisans, password sign-in with lockout for staff."""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from redis.exceptions import RedisError

from accounts.exceptions import AccountLocked, CodeRejected, RateLimited
from accounts.models import DISTRICT_ROLES, CodePurpose, OneTimeCode, Role, User
from accounts.sms import send_sms
from outbox.services import enqueue

_HASH_SALT = "accounts.OneTimeCode"

# Queued by name through the outbox: the service never imports the task that calls it.
SEND_OTP_SMS_TASK = "accounts.tasks.send_otp_sms_task"


def _hash_code(*, mobile: str, code: str) -> str:
    return salted_hmac(_HASH_SALT, f"{mobile}:{code}", algorithm="sha256").hexdigest()


def _generate_code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(settings.OTP_LENGTH))


def _minutes(delta: timedelta) -> int:
    return max(1, int(delta.total_seconds() // 60))


def _sms_body(*, purpose: str, code: str) -> str:
    """The SMS of a code, saying what it is for (in the active language)."""
    minutes = _minutes(settings.OTP_VALIDITY)
    if purpose == CodePurpose.STATUS_LOOKUP:
        return _(
            "%(code)s is your ODOP Uttar Pradesh code to see the status of your application. It "
            "is valid for %(minutes)d minutes. It does not sign you in. Do not share it with anyone."
        ) % {"code": code, "minutes": minutes}
    if purpose == CodePurpose.TOOLKIT_HANDOVER:
        return _(
            "%(code)s is your ODOP Uttar Pradesh toolkit hand-over code. Tell it to the officer only "
            "when you have the toolkit in your hands. It is valid for %(minutes)d minutes and "
            "cannot be used to sign in."
        ) % {"code": code, "minutes": minutes}
    return _(
        "%(code)s is your ODOP Uttar Pradesh sign-in code. It is valid for %(minutes)d "
        "minutes. Do not share it with anyone."
    ) % {"code": code, "minutes": minutes}


def request_otp(
    *, mobile: str, ip: str | None, purpose: str = CodePurpose.SIGN_IN, language: str | None = None
) -> OneTimeCode:
    """Create a one-time code for `mobile` and `purpose` and queue its SMS (an outbox row) in the
    same transaction, in `language` (default: the active one); it goes out after commit, or when
    the broker is back within the code's validity.

    Refuses (RateLimited, nothing written) when the number asked for a code of this purpose too
    recently, or for codes too often, or the address asked too often, within OTP_RATE_WINDOW.
    Earlier unused codes of the same purpose stop working; codes of other purposes stay valid.
    """
    now = timezone.now()
    window_start = now - settings.OTP_RATE_WINDOW
    with transaction.atomic():
        recent = OneTimeCode.objects.filter(mobile=mobile, created_at__gte=window_start)
        last = recent.filter(purpose=purpose).order_by("-created_at").first()
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
        check_network_allowance(ip=ip)
        OneTimeCode.objects.filter(
            mobile=mobile, purpose=purpose, used_at__isnull=True, superseded_at__isnull=True
        ).update(superseded_at=now)
        code = _generate_code()
        otp = OneTimeCode.objects.create(
            mobile=mobile,
            purpose=purpose,
            code_hash=_hash_code(mobile=mobile, code=code),
            requested_ip=ip,
            expires_at=now + settings.OTP_VALIDITY,
        )
        language = language or translation.get_language() or settings.LANGUAGE_CODE
        # The code waits in the outbox sealed (Fernet, key derived from SECRET_KEY), only until
        # it is sent or expires with the code; the broker carries the row's id, never the code.
        enqueue(
            SEND_OTP_SMS_TASK,
            otp.pk,
            language,
            key=f"otp:{otp.pk}",
            secret=code,
            expires_at=otp.expires_at,
        )
    return otp


def check_network_allowance(*, ip: str | None) -> None:
    """Refuse (RateLimited per network) when `ip` asked for OTP_MAX_PER_IP codes within
    OTP_RATE_WINDOW."""
    window_start = timezone.now() - settings.OTP_RATE_WINDOW
    if ip and OneTimeCode.objects.filter(requested_ip=ip, created_at__gte=window_start).count() >= (
        settings.OTP_MAX_PER_IP
    ):
        raise RateLimited(
            _("Too many codes were asked from this network. Please try again after %(minutes)d minutes.")
            % {"minutes": _minutes(settings.OTP_RATE_WINDOW)},
            field="mobile",
            retry_after=int(settings.OTP_RATE_WINDOW.total_seconds()),
            per="network",
        )


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
            body = _sms_body(purpose=otp.purpose, code=code)
        otp.provider_reference = send_sms(to=otp.mobile, body=body, idempotency_key=f"otp:{otp.pk}")
        otp.sent_at = timezone.now()
        otp.save(update_fields=["provider_reference", "sent_at"])
    return True


def verify_otp(*, mobile: str, code: str) -> User:
    """Check a code and return the artisan's account, creating it at the first sign-in."""
    consume_otp(mobile=mobile, code=code, purpose=CodePurpose.SIGN_IN)
    return get_or_create_artisan(mobile=mobile)


def wrong_code_message(*, attempts: int) -> str:
    """What a wrong code is told after `attempts` wrong tries of one code."""
    left = settings.OTP_MAX_ATTEMPTS - attempts
    if left > 0:
        return ngettext(
            "The code is not correct. You have %(left)d try left.",
            "The code is not correct. You have %(left)d tries left.",
            left,
        ) % {"left": left}
    return _("Too many wrong tries for this code. Ask for a new code.")


def consume_otp(*, mobile: str, code: str, purpose: str) -> None:
    """Check a code of `purpose` for `mobile` and use it up; raises CodeRejected otherwise.

    Each wrong try counts against the code, and the count is saved even though the call
    raises. A code works once, for its own purpose only, until it expires, and only while it is
    the latest of its purpose for the number.
    """
    now = timezone.now()
    error: str | None = None
    with transaction.atomic():
        otp = (
            OneTimeCode.objects.select_for_update()
            .filter(mobile=mobile, purpose=purpose, superseded_at__isnull=True)
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
                error = wrong_code_message(attempts=otp.attempts)
    if error:
        raise CodeRejected(error, field="code")


def get_or_create_artisan(*, mobile: str) -> User:
    """The artisan account of `mobile`, created if there is none; a staff number is refused."""
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
    """Password sign-in for staff. The lockout itself is in accounts.backends (so the admin login
    and any other caller of authenticate() share it); this adds the messages.

    Raises AccountLocked while the lock lasts (even for the right password) and CodeRejected for
    wrong credentials.
    """
    account = User.objects.filter(username=username).first()
    now = timezone.now()
    # A username that does not exist is locked out like a real one (its failures are counted in
    # the cache), so the lockout message does not tell who has an account.
    locked_until = account.locked_until if account else _unknown_username_locked_until(username)
    was_locked = bool(locked_until and locked_until > now)
    user = authenticate(request, username=username, password=password)
    if user is None:
        if account is None and not was_locked:
            _record_unknown_username_failure(username=username, now=now)
        if was_locked:
            raise AccountLocked(
                _(
                    "Too many failed sign-ins. This account is locked until %(time)s. Try again "
                    "later or ask the ODOP cell to unlock it."
                )
                % {"time": timezone.localtime(locked_until).strftime("%H:%M")}
            )
        raise CodeRejected(_("The username or password is not correct."))
    return user


def _unknown_username_key(username: str) -> str:
    return "staff-login-unknown:" + hashlib.sha256(username.encode()).hexdigest()


def _unknown_username_locked_until(username: str) -> datetime | None:
    try:
        state = cache.get(_unknown_username_key(username))
    except RedisError:
        return None
    return state.get("locked_until") if state else None


def _record_unknown_username_failure(*, username: str, now: datetime) -> None:
    """Count failures for a username no account has, in the cache, as `_record_failed_login`
    counts them for an account (the same limit and lock)."""
    key = _unknown_username_key(username)
    try:
        state = cache.get(key) or {"failures": 0, "locked_until": None}
        state["failures"] += 1
        if state["failures"] >= settings.STAFF_LOGIN_MAX_FAILURES:
            state = {"failures": 0, "locked_until": now + settings.STAFF_LOGIN_LOCKOUT}
        cache.set(key, state, timeout=int(timedelta(days=1).total_seconds()))
    except RedisError:
        return


def clear_failed_logins(*, user_id: int) -> None:
    User.objects.filter(pk=user_id).update(failed_login_count=0, locked_until=None)


def record_failed_login(*, account_id: int, now) -> None:
    """Count one failed sign-in (an atomic update, so parallel tries all count) and lock the
    account once STAFF_LOGIN_MAX_FAILURES are reached."""
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
