"""The one place a `next` address from a visitor is checked before the portal redirects to it."""

from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request: HttpRequest, candidate: str | None, *, fallback: str) -> str:
    """`candidate` when it points into this site (same host, and HTTPS when the request is
    HTTPS), else `fallback` (a URL name or path; empty
    stays empty). Protocol-relative addresses, other hosts and
    schemes such as `javascript:` all fall back."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(fallback) if fallback else ""
