"""The signed offline cache of a kiosk (api.md "Offline", docs/offline.md).

Keys the kiosk can derive itself from its own terminal key (the server sees it on every kiosk request
and stores only its SHA-256), so nothing secret travels in clear in the document:
- verification key  Kv = HMAC-SHA256(terminal_key, "offline-verify")
- signature key     Ks = HMAC-SHA256(terminal_key, "offline-signature")
- wrapping key      Kw = HMAC-SHA256(terminal_key, "offline-badge-wrap")
A code/QR entry's `check_hash` is HMAC-SHA256(Kv, presented value). A badge UID is never held in clear, so
a badge is checked through the fleet's offline badge key Kb (api.crypto.offline_badge_key), delivered
AES-256-GCM-wrapped under Kw: an rfid entry's `badge_hashes` are HMAC-SHA256(Kv, HMAC-SHA256(Kb, UID))
of the holder's active badges. `signature` is HMAC-SHA256(Ks, the canonical JSON of the document without
`signature`). `offline_document_assemble` is the pure part (the test vectors use it with fixed inputs).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from datetime import datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.utils import timezone

from api.crypto import offline_badge_key
from api.models import Authentification, Borne, Reservation, ReservationAuthChoice, ReservationStatus
from api.services.credentials import credential_secret

VERIFY_PURPOSE = b"offline-verify"
SIGNATURE_PURPOSE = b"offline-signature"
BADGE_WRAP_PURPOSE = b"offline-badge-wrap"


def hmac_hex(key: bytes, value: str) -> str:
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def kiosk_key_derive(terminal_key: str, purpose: bytes) -> bytes:
    return hmac.new(terminal_key.encode(), purpose, hashlib.sha256).digest()


def canonical_json(document: dict[str, Any]) -> str:
    """The exact bytes that are signed: sorted keys, no spaces, ASCII only."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def offline_document_sign(document: dict[str, Any], *, terminal_key: str) -> str:
    unsigned = {key: value for key, value in document.items() if key != "signature"}
    return hmac_hex(kiosk_key_derive(terminal_key, SIGNATURE_PURPOSE), canonical_json(unsigned))


def badge_key_wrap(*, borne_id: int, terminal_key: str, badge_key: bytes, key_id: str,
                   nonce: bytes | None = None) -> dict[str, str]:
    """Kb, AES-256-GCM under the kiosk's Kw, bound to the cabinet and the key generation."""
    nonce = nonce or os.urandom(12)
    associated = f"offline-badge-key:{borne_id}:{key_id}".encode()
    wrapped = AESGCM(kiosk_key_derive(terminal_key, BADGE_WRAP_PURPOSE)).encrypt(nonce, badge_key, associated)
    return {"key_id": key_id, "algorithm": "AES-256-GCM", "nonce": nonce.hex(), "ciphertext": wrapped.hex()}


def offline_badge_key_wrap(*, borne: Borne, terminal_key: str) -> dict[str, str]:
    """The current Kb (`OFFLINE_BADGE_KEY_ID`), wrapped for this kiosk."""
    key_id = settings.OFFLINE_BADGE_KEY_ID
    return badge_key_wrap(borne_id=borne.pk, terminal_key=terminal_key, badge_key=offline_badge_key(key_id),
                          key_id=key_id)


def offline_document_assemble(*, borne_id: int, now: datetime, valid_until: datetime, entries: list[dict[str, Any]],
                              badge_key: dict[str, str], terminal_key: str) -> dict[str, Any]:
    """The document from its entries (already hashed) and wrapped badge key: versioned and signed."""
    document: dict[str, Any] = {
        "borne": borne_id,
        "generated_at": now.isoformat(),
        "valid_until": valid_until.isoformat(),
        "algorithm": "HMAC-SHA256",
        "badge_key": badge_key,
        "entries": entries,
    }
    document["version"] = hashlib.sha256(canonical_json({"entries": entries}).encode()).hexdigest()[:16]
    document["signature"] = offline_document_sign(document, terminal_key=terminal_key)
    return document


def offline_entry(*, reference_code: str, emplacement_numero: int, method: str, date_debut: datetime,
                  date_fin: datetime, check_hash: str | None, badge_hashes: list[str]) -> dict[str, Any]:
    early = timedelta(minutes=settings.KIOSK_EARLY_ACCESS_MINUTES)
    return {
        "reference_code": reference_code, "emplacement_numero": emplacement_numero, "method": method,
        "access_from": (date_debut - early).isoformat(), "date_debut": date_debut.isoformat(),
        "date_fin": date_fin.isoformat(), "check_hash": check_hash, "badge_hashes": badge_hashes,
    }


def _check_hash(reservation: Reservation, verify_key: bytes) -> str | None:
    """HMAC(Kv, code or QR token) for qr/code; None for a badge (checked through `badge_hashes`)."""
    auth = reservation.authentification
    if reservation.auth_choice == ReservationAuthChoice.RFID or auth is None or not auth.is_active:
        return None
    return hmac_hex(verify_key, credential_secret(auth))


def _badge_hashes_by_user(user_ids: set[int], verify_key: bytes) -> dict[int, list[str]]:
    """HMAC(Kv, offline digest) of each active badge of these users digested under the current Kb."""
    hashes: dict[int, list[str]] = {}
    badges = Authentification.objects.filter(
        utilisateur_id__in=user_ids, type_auth__libelle=ReservationAuthChoice.RFID, is_active=True,
        offline_key_id=settings.OFFLINE_BADGE_KEY_ID,
    ).exclude(offline_digest="").values_list("utilisateur_id", "offline_digest")
    for user_id, digest in badges:
        hashes.setdefault(user_id, []).append(hmac_hex(verify_key, digest))
    return {user_id: sorted(values) for user_id, values in hashes.items()}


def offline_cache_build(*, borne: Borne, terminal_key: str, now: datetime | None = None) -> dict[str, Any]:
    """This cabinet's `confirmee` reservations of the next `OFFLINE_CACHE_HOURS`, versioned and signed."""
    now = (now or timezone.now()).replace(microsecond=0)
    valid_until = now + timedelta(hours=settings.OFFLINE_CACHE_HOURS)
    verify_key = kiosk_key_derive(terminal_key, VERIFY_PURPOSE)
    rows = list(
        Reservation.objects.filter(emplacement__borne=borne, statut=ReservationStatus.CONFIRMED,
                                   date_fin__gt=now, date_debut__lt=valid_until)
        .select_related("emplacement", "authentification")
        .order_by("date_debut", "id_reservation")
    )
    badge_hashes = _badge_hashes_by_user(
        {row.utilisateur_id for row in rows if row.auth_choice == ReservationAuthChoice.RFID}, verify_key
    )
    entries = [
        offline_entry(
            reference_code=reservation.reference_code, emplacement_numero=reservation.emplacement.numero,
            method=reservation.auth_choice, date_debut=reservation.date_debut, date_fin=reservation.date_fin,
            check_hash=_check_hash(reservation, verify_key),
            badge_hashes=badge_hashes.get(reservation.utilisateur_id, [])
            if reservation.auth_choice == ReservationAuthChoice.RFID else [],
        )
        for reservation in rows
    ]
    return offline_document_assemble(borne_id=borne.pk, now=now, valid_until=valid_until, entries=entries,
                                     badge_key=offline_badge_key_wrap(borne=borne, terminal_key=terminal_key),
                                     terminal_key=terminal_key)
