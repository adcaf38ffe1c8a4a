"""System checks for the keys that protect personal data."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.utils.crypto import constant_time_compare

AADHAAR_KEY_MIN_LENGTH = 32


@register(Tags.security)
def check_aadhaar_hash_key(app_configs=None, **kwargs) -> list[Error]:
    """In production the Aadhaar hash key must be long and must not be SECRET_KEY: a short key
    can be guessed from a few known number-hash pairs, and SECRET_KEY also signs sessions and is
    rotated, which would break duplicate detection for every stored row."""
    if settings.DEBUG:
        return []
    key = settings.AADHAAR_HASH_KEY or ""
    errors = []
    if len(key) < AADHAAR_KEY_MIN_LENGTH:
        errors.append(
            Error(
                f"AADHAAR_HASH_KEY is shorter than {AADHAAR_KEY_MIN_LENGTH} characters.",
                hint="Set it to a long random string, e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))'.",
                id="odop.E001",
            )
        )
    if constant_time_compare(key, settings.SECRET_KEY):
        errors.append(
            Error(
                "AADHAAR_HASH_KEY is the same as SECRET_KEY.",
                hint="Give the Aadhaar hash its own key, set once and never changed.",
                id="odop.E002",
            )
        )
    return errors
