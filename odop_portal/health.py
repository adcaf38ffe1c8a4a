"""`/healthz`: is the database, the cache and the Celery broker reachable?

Used by the load balancer and docker-compose health checks. It answers 200 when every part is
fine and 503 otherwise; the status code is all a load balancer needs. Which part failed, and what
each part is (database vendor, cache backend, broker mode), is told only to staff and to callers
on this machine (loopback, not through a proxy), not to anyone on the internet.

`HealthCheckMiddleware` answers it before the host check, so a container's own health check
(`Host: 127.0.0.1:8000`) and a load balancer calling the address directly get an answer whatever
`ALLOWED_HOSTS` names. A new check is one function returning `{"ok": bool, ...}` added to `CHECKS`.
"""

import ipaddress
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from kombu import Connection
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import RedisError


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def check_cache() -> dict:
    key = f"healthz:{uuid.uuid4().hex}"
    # `django.core.cache.cache` is a proxy; the backend itself is the one configured.
    cache = caches[DEFAULT_CACHE_ALIAS]
    try:
        cache.set(key, "1", timeout=5)
        value = cache.get(key)
        cache.delete(key)
    except (RedisError, OSError) as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    if value != "1":
        return {"ok": False, "error": "value not read back"}
    return {"ok": True, "backend": cache.__class__.__name__}


def check_broker() -> dict:
    if not settings.CELERY_BROKER_URL:
        # Eager mode: tasks run in the web process, there is no broker to reach.
        return {"ok": True, "mode": "eager"}
    try:
        with Connection(
            settings.CELERY_BROKER_URL,
            connect_timeout=2,
            transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        ) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            # Redis accepts the socket before it answers: make it answer.
            conn.default_channel.client.ping()
    except (KombuOperationalError, RedisError, OSError) as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "mode": "broker"}


def check_outbox() -> dict:
    """Informational: deferred work waiting (sent or not) and the age of the oldest, in seconds."""
    from outbox.services import outbox_health

    try:
        return {"ok": True, **outbox_health()}
    except DatabaseError as exc:
        return {"ok": False, "error": exc.__class__.__name__}


CHECKS: dict[str, Callable[[], dict]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "outbox": check_outbox,
}


def _is_loopback_caller(request: HttpRequest) -> bool:
    """A caller on this machine itself: a loopback address and no proxy in between (a proxy on
    the same host would make every visitor look local, so a forwarded request never counts)."""
    if request.META.get("HTTP_X_FORWARDED_FOR") or request.META.get("HTTP_FORWARDED"):
        return False
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def _may_see_details(request: HttpRequest) -> bool:
    if _is_loopback_caller(request):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {name: check() for name, check in CHECKS.items()}
    healthy = all(part["ok"] for part in checks.values())
    body: dict = {"status": "ok" if healthy else "fail"}
    if _may_see_details(request):
        body["checks"] = checks
    return JsonResponse(body, status=200 if healthy else 503)


class HealthCheckMiddleware:
    """Answers `/healthz` before `CommonMiddleware` validates the Host header (it sits after
    `SessionMiddleware`, so a signed-in staff member is still recognised)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.rstrip("/") == "/healthz" and request.method in ("GET", "HEAD"):
            request.user = SimpleLazyObject(lambda: get_user(request))
            return healthz(request)
        return self.get_response(request)
