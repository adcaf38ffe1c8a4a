"""The client's address, for rate limits. One setting, TRUSTED_PROXY_COUNT, says how many proxies
in front of the portal append to X-Forwarded-For; DRF's throttles read the same number
(REST_FRAMEWORK["NUM_PROXIES"]), so the one-time code limits and the API agree."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR with no trusted proxy; behind n proxies, the n-th address from the right of
    X-Forwarded-For (the one our own outermost proxy saw), never one the client wrote itself."""
    remote_addr = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if count <= 0 or not forwarded:
        return remote_addr
    addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
    if not addresses:
        return remote_addr
    return addresses[-min(count, len(addresses))]
