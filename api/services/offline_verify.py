"""What a kiosk does with its offline cache (docs/offline.md), as the reference the kiosk screen follows.

Pure functions, no database: the test vectors (`tests/vectors/offline-cache.json`) are checked against
them in Python, and the kiosk screen's WebCrypto code is checked against the same file in Vitest.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from api.crypto import normalize_rfid_uid
from api.services.offline_cache import (
    BADGE_WRAP_PURPOSE,
    VERIFY_PURPOSE,
    hmac_hex,
    kiosk_key_derive,
    offline_document_sign,
)

# Why a kiosk refuses locally, in the order it checks (docs/offline.md "The test vectors").
BAD_SIGNATURE = "bad_signature"
EXPIRED = "expired"
BAD_BADGE_KEY = "bad_badge_key"
UNKNOWN_CREDENTIAL = "unknown_credential"
WRONG_BAY = "wrong_bay"
OUTSIDE_WINDOW = "outside_window"


@dataclass(frozen=True)
class OfflineDecision:
    accepted: bool
    reason: str | None = None
    reference_code: str | None = None


def document_refusal(document: dict[str, Any], *, terminal_key: str, now: datetime) -> str | None:
    """`bad_signature` or `expired` if the kiosk must not use this document now, else None."""
    signature = str(document.get("signature", ""))
    if not hmac.compare_digest(offline_document_sign(document, terminal_key=terminal_key), signature):
        return BAD_SIGNATURE
    if now >= datetime.fromisoformat(document["valid_until"]):
        return EXPIRED
    return None


def badge_key_unwrap(document: dict[str, Any], *, terminal_key: str) -> bytes:
    """Kb from `badge_key`; raises InvalidTag under another kiosk's key or for another cabinet."""
    wrapped = document["badge_key"]
    associated = f"offline-badge-key:{document['borne']}:{wrapped['key_id']}".encode()
    return AESGCM(kiosk_key_derive(terminal_key, BADGE_WRAP_PURPOSE)).decrypt(
        bytes.fromhex(wrapped["nonce"]), bytes.fromhex(wrapped["ciphertext"]), associated)


def badge_hash(uid: str, *, terminal_key: str, badge_key: bytes) -> str:
    """HMAC(Kv, hex(HMAC(Kb, normalized UID))): what an rfid entry's `badge_hashes` hold."""
    digest = hmac_hex(badge_key, normalize_rfid_uid(uid))
    return hmac_hex(kiosk_key_derive(terminal_key, VERIFY_PURPOSE), digest)


def _matches(document: dict[str, Any], *, terminal_key: str, method: str, value: str) -> list[dict[str, Any]]:
    if method == "rfid":
        wanted = badge_hash(value, terminal_key=terminal_key, badge_key=badge_key_unwrap(document,
                                                                                           terminal_key=terminal_key))
        return [e for e in document["entries"] if e["method"] == "rfid" and wanted in e["badge_hashes"]]
    wanted = hmac_hex(kiosk_key_derive(terminal_key, VERIFY_PURPOSE), value.strip())
    return [e for e in document["entries"] if e["method"] == method and e["check_hash"] == wanted]


def offline_credential_check(document: dict[str, Any], *, terminal_key: str, method: str, value: str,
                             emplacement_numero: int, now: datetime) -> OfflineDecision:
    """Accept (with the entry's reference) or refuse (with a reason) a credential presented offline."""
    refusal = document_refusal(document, terminal_key=terminal_key, now=now)
    if refusal is not None:
        return OfflineDecision(False, refusal)
    try:
        matches = _matches(document, terminal_key=terminal_key, method=method, value=value)
    except (InvalidTag, ValueError, KeyError):
        return OfflineDecision(False, BAD_BADGE_KEY)
    if not matches:
        return OfflineDecision(False, UNKNOWN_CREDENTIAL)
    here = [e for e in matches if e["emplacement_numero"] == emplacement_numero]
    if not here:
        return OfflineDecision(False, WRONG_BAY, matches[0]["reference_code"])
    for entry in here:
        if datetime.fromisoformat(entry["access_from"]) <= now < datetime.fromisoformat(entry["date_fin"]):
            return OfflineDecision(True, None, entry["reference_code"])
    return OfflineDecision(False, OUTSIDE_WINDOW, here[0]["reference_code"])
