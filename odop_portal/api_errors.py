"""The one place where domain errors become HTTP answers for the API.

DRF's `EXCEPTION_HANDLER` for every API view of the portal. Every error body carries `code`, so a
client can branch on one key (the OpenAPI schema says so for every operation, see
`odop_portal.openapi`):

- a `PortalError` answers with its own status code and either `{"detail": message, "code": code}`
  or, when it names a form field, `{"code": code, field: [message]}` like any other field error;
- `Http404` answers 404 "Not found." whatever its message, so a missing row and a row the user
  may not see look the same;
- everything else goes to DRF's handler; a plain `detail` answer gets its own `code`, and field
  errors (a serializer's or a filter's, e.g. `page_size=0`) get `"code": "invalid"`; a bare list
  of messages becomes `{"code": "invalid", "non_field_errors": [...]}`.
"""

from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

from accounts.exceptions import PortalError, RateLimited


def portal_exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, PortalError):
        message = str(exc.message)
        body = (
            {"code": exc.code, exc.field: [message]} if exc.field else {"detail": message, "code": exc.code}
        )
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimited) else None
        return Response(body, status=exc.status_code, headers=headers)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(response.data, list):
        response.data = {"non_field_errors": response.data}
    if isinstance(response.data, dict) and "code" not in response.data:
        codes = exc.get_codes()
        response.data = {"code": codes if isinstance(codes, str) else "invalid", **response.data}
    return response
