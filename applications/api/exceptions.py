"""The one place where domain errors become HTTP answers for the applications API.

Wired per view (see `PortalErrorsMixin`), so the global DRF settings stay untouched:

- a `PortalError` answers with its own status code and either `{"detail": message, "code": code}`
  or, when it names a form field, `{field: [message]}` like any other field error;
- `Http404` answers 404 "Not found." whatever its message, so a missing row and a row the user
  may not see look the same;
- everything else goes to DRF's handler, and a plain `detail` answer gets its `code` too, so a
  client can branch on one key.
"""

from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

from accounts.exceptions import PortalError, RateLimited


def portal_exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, PortalError):
        message = str(exc.message)
        body = {exc.field: [message]} if exc.field else {"detail": message, "code": exc.code}
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimited) else None
        return Response(body, status=exc.status_code, headers=headers)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = exception_handler(exc, context)
    if (
        response is not None
        and isinstance(exc, exceptions.APIException)
        and isinstance(response.data, dict)
        and set(response.data) == {"detail"}
    ):
        response.data["code"] = exc.get_codes()
    return response


class PortalErrorsMixin:
    """For API views whose services raise `PortalError`."""

    def get_exception_handler(self):
        return portal_exception_handler
