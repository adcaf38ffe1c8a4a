from accounts.exceptions import NotPermitted, PortalError


class ApplicationError(PortalError):
    code = "application_error"


class NotEligible(ApplicationError):
    code = "not_eligible"


class Incomplete(ApplicationError):
    code = "incomplete"


class Conflict(ApplicationError):
    status_code = 409
    code = "conflict"


__all__ = ["ApplicationError", "Conflict", "Incomplete", "NotEligible", "NotPermitted"]
