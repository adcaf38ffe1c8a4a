"""Requests the portal refuses before any view runs."""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseNotFound


class RejectNulMiddleware:
    """A NUL character is never part of a valid path or query, and PostgreSQL refuses it in any
    string, which would turn a typo or a probe into a server error: answer 404 for the path and
    400 for the query string instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path_info:
            return HttpResponseNotFound()
        if any(
            "\x00" in key or "\x00" in value
            for key, values in request.GET.lists()
            for value in [key, *values]
        ):
            return HttpResponseBadRequest()
        return self.get_response(request)
