"""`/healthz`: is the database, the cache and the Celery broker reachable?

Used by the load balancer and docker-compose health checks. It answers 200 when every part is
fine and 503 otherwise, with one entry per part so an operator sees which one failed.
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
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


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": check_database(), "cache": check_cache(), "broker": check_broker()}
    checks["outbox"] = check_outbox()
    healthy = all(part["ok"] for part in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": checks}, status=200 if healthy else 503
    )
