"""Rate limits count the real client: a rotating X-Forwarded-For header does not reset them, and
the counters live in the shared cache (Redis) so every web process sees the same count."""

import pytest
from django.core.cache import cache, caches
from django.test import Client
from rest_framework.settings import api_settings

from accounts.models import OneTimeCode
from odop_portal.network import client_ip

pytestmark = pytest.mark.django_db

CLIENT_ADDRESS = "198.51.100.7"


def _forget(ident: str) -> None:
    cache.delete(f"throttle_anon_{ident}")


def test_the_api_throttle_ignores_a_rotating_forwarded_header(settings, redis_url):
    assert settings.TRUSTED_PROXY_COUNT == 0
    _forget(CLIENT_ADDRESS)
    client = Client(REMOTE_ADDR=CLIENT_ADDRESS)
    statuses = [
        client.get(
            "/api/v1/stats/schemes/", HTTP_X_FORWARDED_FOR=f"203.0.113.{i % 250}, 10.0.0.{i % 200}"
        ).status_code
        for i in range(130)
    ]
    _forget(CLIENT_ADDRESS)
    assert statuses[:120] == [200] * 120
    assert set(statuses[120:]) == {429}


def test_throttle_counters_are_in_the_shared_cache(redis_url):
    from rest_framework.throttling import SimpleRateThrottle

    # DRF counts in Django's default cache, which is Redis when REDIS_URL is set.
    assert caches["default"].__class__.__name__ == "RedisCache"
    assert SimpleRateThrottle.cache._alias == "default"
    _forget(CLIENT_ADDRESS)
    Client(REMOTE_ADDR=CLIENT_ADDRESS).get("/api/v1/stats/schemes/")
    # A second process reading the same Redis sees the count.
    import redis

    keys = redis.Redis.from_url(redis_url).keys(f"*throttle_anon_{CLIENT_ADDRESS}")
    _forget(CLIENT_ADDRESS)
    assert len(keys) == 1


def test_drf_and_the_code_limits_read_one_setting(settings):
    assert api_settings.NUM_PROXIES == settings.TRUSTED_PROXY_COUNT


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.9", CLIENT_ADDRESS),
        (0, "", CLIENT_ADDRESS),
        (1, "203.0.113.9", "203.0.113.9"),
        # The client wrote the first address itself; our one proxy appended the last.
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (3, "203.0.113.9", "203.0.113.9"),
    ],
)
def test_client_address_behind_trusted_proxies(rf, settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    assert client_ip(rf.get("/", REMOTE_ADDR=CLIENT_ADDRESS, **extra)) == expected


def test_code_requests_per_address_ignore_a_rotating_header(settings):
    settings.OTP_MAX_PER_IP = 3
    client = Client(REMOTE_ADDR=CLIENT_ADDRESS, HTTP_ACCEPT_LANGUAGE="en")
    for i in range(5):
        client.post("/accounts/login/", {"mobile": f"98765432{i:02d}"}, HTTP_X_FORWARDED_FOR=f"203.0.113.{i}")
    assert OneTimeCode.objects.count() == 3
    assert set(OneTimeCode.objects.values_list("requested_ip", flat=True)) == {CLIENT_ADDRESS}
