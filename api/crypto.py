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
from django.contrib.auth.tokens import PasswordResetTokenGenerator


def keyed_hash(value: str, *, purpose: str) -> str:
    """HMAC-SHA256 (hex) of `value` under the server pepper, separated by `purpose` (`rfid`, `code`, ...)."""
    key = f"{settings.CREDENTIAL_PEPPER}:{purpose}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def pairing_token_hash(token: str) -> str:
    """The stored form of a phone pairing token (api.md "Phone pairing")."""
    return keyed_hash(token.strip(), purpose="pairing")


def offline_badge_key(key_id: str) -> bytes:
    """Kb, the fleet's offline badge key of generation `key_id` (docs/offline.md).

    Derived from the pepper (one-way, so Kb never reveals it) and handed to authenticated kiosks wrapped
    under their own terminal key: with it a kiosk digests a badge UID the way the server stored it.
    """
    return hmac.new(settings.CREDENTIAL_PEPPER.encode(), f"offline-badge:{key_id}".encode(), hashlib.sha256).digest()


def offline_badge_digest(uid: str, *, key_id: str) -> str:
    """HMAC-SHA256 (hex) of a normalized badge UID under Kb: the form a kiosk can recompute offline."""
    return hmac.new(offline_badge_key(key_id), normalize_rfid_uid(uid).encode(), hashlib.sha256).hexdigest()


KIOSK_BROKER_USER_PREFIX = "kiosk-"


def kiosk_broker_username(borne_id: int) -> str:
    """The MQTT user name of a cabinet's kiosk (docs/offline.md "The kiosk's broker credentials")."""
    return f"{KIOSK_BROKER_USER_PREFIX}{borne_id}"


def kiosk_broker_password(*, borne_id: int, key_hash: str) -> str:
    """The kiosk's MQTT password: HMAC under the pepper of the cabinet and its current terminal key's hash.

    Recomputed, never stored: it changes when the terminal key is rotated, and the database alone (which
    holds the key hash) does not give it.
    """
    key = hmac.new(settings.CREDENTIAL_PEPPER.encode(), b"kiosk-broker", hashlib.sha256).digest()
    return hmac.new(key, f"{borne_id}:{key_hash}".encode(), hashlib.sha256).hexdigest()


def cabinet_bridge_password(borne_id: int) -> str:
    """The password of a cabinet's bridge user (`cabinet-<id>`) on the central broker (docs/deployment.md)."""
    key = hmac.new(settings.CREDENTIAL_PEPPER.encode(), b"cabinet-bridge", hashlib.sha256).digest()
    return hmac.new(key, str(borne_id).encode(), hashlib.sha256).hexdigest()


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def random_token(nbytes: int = 32) -> str:
    """A URL-safe random token of `nbytes` bytes of entropy (at least 16: 128 bits)."""
    return secrets.token_urlsafe(max(16, nbytes))


def random_digits(length: int = 6) -> str:
    """A numeric code of `length` digits from a cryptographic generator."""
    return "".join(str(secrets.randbelow(10)) for _ in range(length))


def normalize_rfid_uid(uid: str) -> str:
    """Upper-case hexadecimal without separators: `04:a1:3f` and `04A13F` are one badge."""
    return "".join(ch for ch in uid.upper() if ch.isalnum())


def mask(value: str, *, visible: int = 4) -> str:
    """A masked hint such as `•••• 3F9A` (never the whole value)."""
    tail = value[-visible:] if len(value) > visible else ""
    return f"•••• {tail}".strip()


class PasswordResetTokens(PasswordResetTokenGenerator):
    """(ext) Tokens of the forgotten-password links: Django's generator, under a salt of its own.

    A token is an HMAC (SECRET_KEY) of the user's id, password hash, last login and e-mail with a
    timestamp: it dies when the password changes (one use), at the next login, or after
    `PASSWORD_RESET_TIMEOUT` seconds. Nothing is stored.
    """

    key_salt = "api.password_reset"


password_reset_tokens = PasswordResetTokens()
