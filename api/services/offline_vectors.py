"""The offline verification's test vectors (`tests/vectors/offline-cache.json`, docs/offline.md).

Made by the real cache code (`offline_cache`) from fixed inputs (a fixed terminal key, pepper, nonce and
clock), so the file is the same on every run; `manage.py offline_vectors` writes it, a pytest checks the
Python verifier against it and the kiosk screen's Vitest checks its WebCrypto code against the same file.
"""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from typing import Any

from django.test import override_settings

from api.crypto import normalize_rfid_uid, offline_badge_digest, offline_badge_key
from api.services.offline_cache import (
    BADGE_WRAP_PURPOSE,
    SIGNATURE_PURPOSE,
    VERIFY_PURPOSE,
    badge_key_wrap,
    hmac_hex,
    kiosk_key_derive,
    offline_document_assemble,
    offline_entry,
)

FORMAT = 1
TERMINAL_KEY = "vectors-Kiosk-Key-0123456789abcdefghijklmnopq"  # the shape of a real key: 43+ URL-safe chars
PEPPER = "vectors-pepper"
KEY_ID = "1"
NONCE = bytes(range(12))
BORNE = 7
NOW = datetime.fromisoformat("2026-03-02T08:00:00+00:00")
CODE, QR_TOKEN = "48213307", "qr-3Jk9vXn2Qa7LmP0sRt5wYz"
BADGES = ("04:a1:3f:9a:11", "DEADBEEF01")  # as a reader types them


def _at(minutes: int) -> datetime:
    return NOW + timedelta(minutes=minutes)


def _entries(verify_key: bytes) -> list[dict[str, Any]]:
    badge_hashes = sorted(hmac_hex(verify_key, offline_badge_digest(uid, key_id=KEY_ID)) for uid in BADGES)
    return [
        offline_entry(reference_code="RVECCODE1", emplacement_numero=1, method="code", date_debut=_at(0),
                      date_fin=_at(60), check_hash=hmac_hex(verify_key, CODE), badge_hashes=[]),
        offline_entry(reference_code="RVECQR001", emplacement_numero=2, method="qr", date_debut=_at(0),
                      date_fin=_at(90), check_hash=hmac_hex(verify_key, QR_TOKEN), badge_hashes=[]),
        offline_entry(reference_code="RVECRFID1", emplacement_numero=1, method="rfid", date_debut=_at(60),
                      date_fin=_at(120), check_hash=None, badge_hashes=badge_hashes),
        offline_entry(reference_code="RVECLATE1", emplacement_numero=2, method="code", date_debut=_at(240),
                      date_fin=_at(300), check_hash=hmac_hex(verify_key, "90817263"), badge_hashes=[]),
    ]


def _case(name: str, method: str, value: str, bay: int, minutes: int, accepted: bool, reason: str | None,
          reference: str | None, **extra: Any) -> dict[str, Any]:
    return {"name": name, "method": method, "value": value, "emplacement_numero": bay,
            "now": _at(minutes).isoformat(), **extra,
            "expected": {"accepted": accepted, "reason": reason, "reference_code": reference}}


def _cases(document: dict[str, Any]) -> list[dict[str, Any]]:
    tampered = copy.deepcopy(document)
    tampered["entries"][0]["date_fin"] = _at(600).isoformat()  # the signature no longer matches
    return [
        _case("valid_code", "code", CODE, 1, 10, True, None, "RVECCODE1"),
        _case("valid_code_typed_with_spaces", "code", f" {CODE} ", 1, 10, True, None, "RVECCODE1"),
        _case("valid_qr_token", "qr", QR_TOKEN, 2, 5, True, None, "RVECQR001"),
        _case("valid_badge_through_wrapped_key", "rfid", BADGES[0], 1, 50, True, None, "RVECRFID1"),
        _case("valid_second_badge_other_case", "rfid", BADGES[1].lower(), 1, 70, True, None, "RVECRFID1"),
        _case("wrong_code", "code", "00000000", 1, 10, False, "unknown_credential", None),
        _case("code_given_as_qr", "qr", CODE, 1, 10, False, "unknown_credential", None),
        _case("unknown_badge", "rfid", "0A0B0C0D", 1, 70, False, "unknown_credential", None),
        _case("code_at_the_wrong_bay", "code", CODE, 2, 10, False, "wrong_bay", "RVECCODE1"),
        _case("code_too_early", "code", "90817263", 2, 10, False, "outside_window", "RVECLATE1"),
        _case("code_after_its_window", "code", CODE, 1, 61, False, "outside_window", "RVECCODE1"),
        _case("tampered_document", "code", CODE, 1, 10, False, "bad_signature", None, document=tampered),
        _case("other_kiosk_key", "code", CODE, 1, 10, False, "bad_signature", None,
              terminal_key=TERMINAL_KEY[::-1]),
        _case("expired_document", "code", CODE, 1, 360, False, "expired", None),
    ]


def offline_vectors() -> dict[str, Any]:
    """The whole file's content (deterministic)."""
    with override_settings(CREDENTIAL_PEPPER=PEPPER, KIOSK_EARLY_ACCESS_MINUTES=15):
        verify_key = kiosk_key_derive(TERMINAL_KEY, VERIFY_PURPOSE)
        badge_key = offline_badge_key(KEY_ID)
        document = offline_document_assemble(
            borne_id=BORNE, now=NOW, valid_until=_at(360), entries=_entries(verify_key),
            badge_key=badge_key_wrap(borne_id=BORNE, terminal_key=TERMINAL_KEY, badge_key=badge_key, key_id=KEY_ID,
                                     nonce=NONCE),
            terminal_key=TERMINAL_KEY)
        digests = {uid: offline_badge_digest(uid, key_id=KEY_ID) for uid in BADGES}
    return {
        "format": FORMAT,
        "about": "docs/offline.md, 'The test vectors'. Regenerate: manage.py offline_vectors",
        "kiosk": {"borne": BORNE, "terminal_key": TERMINAL_KEY},
        "intermediate": {
            "verify_key": verify_key.hex(),
            "signature_key": kiosk_key_derive(TERMINAL_KEY, SIGNATURE_PURPOSE).hex(),
            "wrap_key": kiosk_key_derive(TERMINAL_KEY, BADGE_WRAP_PURPOSE).hex(),
            "badge_key": badge_key.hex(),
            "badges": [{"uid": uid, "normalized": normalize_rfid_uid(uid),
                        "offline_digest": digests[uid], "badge_hash": hmac_hex(verify_key, digests[uid])}
                       for uid in BADGES],
        },
        "document": document,
        "cases": _cases(document),
    }
