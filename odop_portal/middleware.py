"""Requests the portal refuses before any view runs."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from odop_portal import errors


class RejectNulMiddleware:
    """A NUL character is never part of a valid path or query, and PostgreSQL refuses it in any
    string, which would turn a typo or a probe into a server error: answer 404 for the path and
    400 for the query string instead (JSON under /api/, like every API error)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path_info:
            return errors.not_found(request, None)
        if any(
            "\x00" in key or "\x00" in value
            for key, values in request.GET.lists()
            for value in [key, *values]
        ):
            return errors.bad_query(request)
        return self.get_response(request)


class PrivateResponseMiddleware:
    """Headers that Django does not set by itself: a Permissions-Policy on every answer, and
    `Cache-Control: no-store` on everything a signed-in person or a script with a token is
    shown (their files, queues and downloads hold personal data; no browser or proxy may keep
    them). Public pages for anonymous visitors stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or "HTTP_AUTHORIZATION" in request.META:
            add_never_cache_headers(response)
        return response


class SessionIdleTimeoutMiddleware:
    """Signs out a session left idle longer than its role allows (STAFF_SESSION_IDLE_MINUTES,
    ARTISAN_SESSION_IDLE_MINUTES), on top of the absolute SESSION_COOKIE_AGE. The last activity
    is written at most once a minute, so a busy page does not write the session every time."""

    KEY = "_last_activity"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            idle = settings.ARTISAN_SESSION_IDLE if user.is_artisan else settings.STAFF_SESSION_IDLE
            last = request.session.get(self.KEY)
            if isinstance(last, int) and now - last > idle.total_seconds():
                logout(request)
            elif not isinstance(last, int) or now - last >= 60:
                request.session[self.KEY] = now
        return self.get_response(request)


def note_activity_at_sign_in(sender, request, user, **kwargs) -> None:
    """Start the idle clock at sign-in (connected to user_logged_in), so the first page after
    signing in does not write the session again."""
    if request is not None and hasattr(request, "session"):
        request.session[SessionIdleTimeoutMiddleware.KEY] = int(time.time())
