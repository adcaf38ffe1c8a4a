"""The portal's error pages, and the API's: a URL under /api/ that no pattern matches (an id that
is not a number, a path that does not exist) answers JSON like every other API error."""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def not_found(request: HttpRequest, exception: Exception | None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"code": "not_found", "detail": _("Not found.")}, status=404)
    return page_not_found(request, exception)


def bad_query(request: HttpRequest) -> HttpResponse:
    """A query string the portal cannot read (a NUL character in it)."""
    message = _("The address holds a character that is not allowed. Check the link and try again.")
    if _is_api(request):
        return JsonResponse({"code": "invalid", "detail": message}, status=400)
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
