"""The one password backend: Django's ModelBackend with the staff lockout.

Every password sign-in goes through django.contrib.auth.authenticate(), whichever page calls it
(the staff sign-in, the admin login, DRF's login view or basic authentication should they ever be
switched on), so the lockout lives here and nowhere else.
"""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.models import User
from accounts.services import clear_failed_logins, record_failed_login


class LockoutModelBackend(ModelBackend):
    """Refuses a locked account (even with the right password), counts each failure against the
    account and locks it after STAFF_LOGIN_MAX_FAILURES in a row. Only staff have passwords:
    an artisan (one-time codes only) is refused even if a password was set on the account."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        now = timezone.now()
        account = User._default_manager.filter(username=username).first()
        if account is not None and account.locked_until and account.locked_until > now:
            # PermissionDenied stops authenticate() at once: no later backend is asked.
            raise PermissionDenied
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None or not user.is_portal_staff:
            if account is not None:
                record_failed_login(account_id=account.pk, now=now)
            raise PermissionDenied
        if user.failed_login_count or user.locked_until:
            clear_failed_logins(user_id=user.pk)
        return user
