"""Sealing a short secret (a sign-in code) for the time it waits in the outbox.

Fernet (AES-128-CBC with an HMAC-SHA256 tag) with a key derived from SECRET_KEY: a copy of the
database alone (a backup, a replica, a read-only SQL account) does not reveal a live code."""

import base64

from cryptography.fernet import Fernet, InvalidToken
from django.utils.crypto import salted_hmac

_SALT = "outbox.sealed_secret"


def _fernet() -> Fernet:
    key = salted_hmac(_SALT, "fernet-key", algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(secret: str) -> bytes:
    return _fernet().encrypt(secret.encode())


def unseal(token: bytes) -> str | None:
    """The secret, or None when it cannot be read (SECRET_KEY changed, row tampered with)."""
    try:
        return _fernet().decrypt(bytes(token)).decode()
    except InvalidToken:
        return None
