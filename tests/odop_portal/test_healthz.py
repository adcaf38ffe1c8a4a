import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_healthy_portal_answers_200(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["cache"]["ok"] is True
    assert body["checks"]["broker"]["ok"] is True


@pytest.mark.django_db
def test_unreachable_broker_answers_503(client, settings):
    # A port where nothing listens: the check must fail quickly, not hang.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


@pytest.mark.django_db
def test_unreachable_cache_answers_503(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["ok"] is False


def test_unreachable_database_answers_503():
    """A real portal process whose database does not answer (nothing listens on port 1)."""
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(r.status_code, json.dumps(r.json()['checks']['database']))"
    )
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "DJANGO_SETTINGS_MODULE": "odop_portal.settings",
        "ALLOWED_HOSTS": "testserver",
    }
    env.pop("REDIS_URL", None)
    env.pop("CELERY_BROKER_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == '503 {"ok": false, "error": "OperationalError"}', result.stderr


@pytest.mark.django_db
def test_real_redis_broker_is_reported(client, settings, redis_url):
    settings.CELERY_BROKER_URL = redis_url
    body = client.get("/healthz").json()
    assert body["checks"]["broker"] == {"ok": True, "mode": "broker"}


@pytest.mark.django_db
def test_cache_is_reported_by_its_backend_name(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert client.get("/healthz").json()["checks"]["cache"] == {"ok": True, "backend": "LocMemCache"}


@pytest.mark.django_db
def test_real_redis_cache_is_reported_as_redis(client, redis_url):
    assert client.get("/healthz").json()["checks"]["cache"] == {"ok": True, "backend": "RedisCache"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "extra",
    [
        {"REMOTE_ADDR": "203.0.113.9"},
        # A proxy on the same host: the caller is whoever the proxy forwards, not this machine.
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"},
        {"REMOTE_ADDR": "::1", "HTTP_FORWARDED": "for=203.0.113.9"},
    ],
)
def test_anyone_else_gets_the_status_and_nothing_about_the_parts(client, extra):
    response = client.get("/healthz", **extra)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_a_failing_part_is_still_a_503_for_anyone(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 503
    assert response.json() == {"status": "fail"}


@pytest.mark.django_db
def test_staff_see_the_parts_from_anywhere_and_an_artisan_does_not(client):
    from accounts.models import Role
    from tests.factories import ArtisanFactory, StaffFactory

    for user in (ArtisanFactory(), StaffFactory()):
        client.force_login(user)
        assert client.get("/healthz", REMOTE_ADDR="203.0.113.9").json() == {"status": "ok"}
    client.force_login(StaffFactory(role=Role.STATE_STAFF, district=None, is_staff=True))
    body = client.get("/healthz", REMOTE_ADDR="203.0.113.9").json()
    assert set(body["checks"]) == {"database", "cache", "broker", "outbox"}


@pytest.mark.django_db
def test_health_check_answers_whatever_host_it_is_called_by(client, settings):
    """The container's own check calls `Host: 127.0.0.1:8000`; ALLOWED_HOSTS names the site."""
    settings.ALLOWED_HOSTS = ["portal.example.org"]
    assert client.get("/", HTTP_HOST="127.0.0.1:8000").status_code == 400
    response = client.get("/healthz", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
