"""Secrets and their keyed hashes (security.md).

Every credential value (RFID UID, access code, QR token, pairing token, link code) is stored only as
HMAC-SHA256 with the server pepper (`CREDENTIAL_PEPPER`); kiosk keys are 256-bit random values
stored as SHA-256 (no pepper needed for a value with that much entropy).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings


def keyed_hash(value: str, *, purpose: str) -> str:
    """HMAC-SHA256 (hex) of `value` under the server pepper, separated by `purpose` (`rfid`, `code`, ...)."""
    key = f"{settings.CREDENTIAL_PEPPER}:{purpose}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def random_token(nbytes: int = 32) -> str:
    """A URL-safe random token of `nbytes` bytes of entropy (at least 16: 128 bits)."""
    return secrets.token_urlsafe(max(16, nbytes))


def random_digits(length: int = 6) -> str:
    """A numeric code of `length` digits from a cryptographic generator."""
    return "".join(str(secrets.randbelow(10)) for _ in range(length))


def constant_time_equals(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def normalize_rfid_uid(uid: str) -> str:
    """Upper-case hexadecimal without separators: `04:a1:3f` and `04A13F` are one badge."""
    return "".join(ch for ch in uid.upper() if ch.isalnum())


def mask(value: str, *, visible: int = 4) -> str:
    """A masked hint such as `•••• 3F9A` (never the whole value)."""
    tail = value[-visible:] if len(value) > visible else ""
    return f"•••• {tail}".strip()
