"""Domain errors shared by every app.

A `PortalError` carries the form field it is about (or None for the whole form) and a message
already in the user's language (messages are lazy translations). Views turn them into form
errors; the API's exception handler turns them into 400/403/409 responses.
"""

from django.utils.functional import Promise


class PortalError(Exception):
    """Base of every refusal the portal explains to a user."""

    status_code = 400
    code = "invalid"

    def __init__(self, message: str | Promise, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


class NotPermitted(PortalError):
    status_code = 403
    code = "not_permitted"


class RateLimited(PortalError):
    status_code = 429
    code = "rate_limited"

    def __init__(
        self, message: str | Promise, *, field: str | None = None, retry_after: int = 0, per: str = "mobile"
    ) -> None:
        super().__init__(message, field=field)
        self.retry_after = retry_after
        # What was asked too often: "mobile" (the number) or "network" (the address).
        self.per = per


class CodeRejected(PortalError):
    """A one-time code that is wrong, expired, already used or out of attempts."""

    code = "code_rejected"


class AccountLocked(PortalError):
    status_code = 403
    code = "account_locked"
