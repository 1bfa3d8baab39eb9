"""Offline mode of a kiosk (api.md "Offline", docs/offline.md): the signed cache and the events replay.

Keys the kiosk can derive itself from its own terminal key (the server sees it on every kiosk request
and stores only its SHA-256), so nothing secret travels in clear in the document:
- verification key  Kv = HMAC-SHA256(terminal_key, "offline-verify")
- signature key     Ks = HMAC-SHA256(terminal_key, "offline-signature")
- wrapping key      Kw = HMAC-SHA256(terminal_key, "offline-badge-wrap")
A code/QR entry's `check_hash` is HMAC-SHA256(Kv, presented value). A badge UID is never held in clear, so
a badge is checked through the fleet's offline badge key Kb (api.crypto.offline_badge_key), delivered
AES-256-GCM-wrapped under Kw: an rfid entry's `badge_hashes` are HMAC-SHA256(Kv, HMAC-SHA256(Kb, UID))
of the holder's active badges. `signature` is HMAC-SHA256(Ks, the canonical JSON of the document without
`signature`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
from datetime import datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from api.crypto import offline_badge_key
from api.errors import ApplicationError
from api.i18n import stored_text
from api.models import (
    STOPPABLE_SESSION_STATES,
    AlertSeverity,
    Authentification,
    Borne,
    ChargeSessionState,
    Device,
    OfflineEvent,
    OfflineEventKind,
    OfflineEventResult,
    Reservation,
    ReservationAuthChoice,
    ReservationStatus,
    Session,
)
from api.services import alert_rules, charging
from api.services.alerts import alert_raise
from api.services.credentials import credential_mark_used, credential_secret
from api.services.journal import journal_record

logger = logging.getLogger(__name__)

VERIFY_PURPOSE = b"offline-verify"
SIGNATURE_PURPOSE = b"offline-signature"
BADGE_WRAP_PURPOSE = b"offline-badge-wrap"


# --- the signed cache ---------------------------------------------------------------------------------


def _hmac_hex(key: bytes, value: str) -> str:
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def kiosk_key_derive(terminal_key: str, purpose: bytes) -> bytes:
    return hmac.new(terminal_key.encode(), purpose, hashlib.sha256).digest()


def canonical_json(document: dict[str, Any]) -> str:
    """The exact bytes that are signed: sorted keys, no spaces, ASCII only."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def offline_document_sign(document: dict[str, Any], *, terminal_key: str) -> str:
    unsigned = {key: value for key, value in document.items() if key != "signature"}
    return _hmac_hex(kiosk_key_derive(terminal_key, SIGNATURE_PURPOSE), canonical_json(unsigned))


def _check_hash(reservation: Reservation, verify_key: bytes) -> str | None:
    """HMAC(Kv, code or QR token) for qr/code; None for a badge (checked through `badge_hashes`)."""
    auth = reservation.authentification
    if reservation.auth_choice == ReservationAuthChoice.RFID or auth is None or not auth.is_active:
        return None
    return _hmac_hex(verify_key, credential_secret(auth))


def _badge_hashes_by_user(user_ids: set[int], verify_key: bytes) -> dict[int, list[str]]:
    """HMAC(Kv, offline digest) of each active badge of these users digested under the current Kb."""
    hashes: dict[int, list[str]] = {}
    badges = Authentification.objects.filter(
        utilisateur_id__in=user_ids, type_auth__libelle=ReservationAuthChoice.RFID, is_active=True,
        offline_key_id=settings.OFFLINE_BADGE_KEY_ID,
    ).exclude(offline_digest="").values_list("utilisateur_id", "offline_digest")
    for user_id, digest in badges:
        hashes.setdefault(user_id, []).append(_hmac_hex(verify_key, digest))
    return {user_id: sorted(values) for user_id, values in hashes.items()}


def offline_badge_key_wrap(*, borne: Borne, terminal_key: str) -> dict[str, str]:
    """The current Kb, AES-256-GCM under the kiosk's Kw, bound to the cabinet and the key generation."""
    key_id = settings.OFFLINE_BADGE_KEY_ID
    nonce = os.urandom(12)
    associated = f"offline-badge-key:{borne.pk}:{key_id}".encode()
    wrapped = AESGCM(kiosk_key_derive(terminal_key, BADGE_WRAP_PURPOSE)).encrypt(
        nonce, offline_badge_key(key_id), associated
    )
    return {"key_id": key_id, "algorithm": "AES-256-GCM", "nonce": nonce.hex(), "ciphertext": wrapped.hex()}


def offline_cache_build(*, borne: Borne, terminal_key: str, now: datetime | None = None) -> dict[str, Any]:
    """This cabinet's `confirmee` reservations of the next `OFFLINE_CACHE_HOURS`, versioned and signed."""
    now = (now or timezone.now()).replace(microsecond=0)
    valid_until = now + timedelta(hours=settings.OFFLINE_CACHE_HOURS)
    early = timedelta(minutes=settings.KIOSK_EARLY_ACCESS_MINUTES)
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
        {
            "reference_code": reservation.reference_code,
            "emplacement_numero": reservation.emplacement.numero,
            "method": reservation.auth_choice,
            "access_from": (reservation.date_debut - early).isoformat(),
            "date_debut": reservation.date_debut.isoformat(),
            "date_fin": reservation.date_fin.isoformat(),
            "check_hash": _check_hash(reservation, verify_key),
            "badge_hashes": badge_hashes.get(reservation.utilisateur_id, [])
            if reservation.auth_choice == ReservationAuthChoice.RFID else [],
        }
        for reservation in rows
    ]
    document: dict[str, Any] = {
        "borne": borne.pk,
        "generated_at": now.isoformat(),
        "valid_until": valid_until.isoformat(),
        "algorithm": "HMAC-SHA256",
        "badge_key": offline_badge_key_wrap(borne=borne, terminal_key=terminal_key),
        "entries": entries,
    }
    document["version"] = hashlib.sha256(canonical_json({"entries": entries}).encode()).hexdigest()[:16]
    document["signature"] = offline_document_sign(document, terminal_key=terminal_key)
    return document


# --- the events replay --------------------------------------------------------------------------------


class OfflineConflict(Exception):
    def __init__(self, reason: str, session: Session | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.session = session


def _reservation_of(borne: Borne, payload: dict[str, Any]) -> Reservation:
    reservation = (
        Reservation.objects.select_related("emplacement", "authentification", "utilisateur")
        .filter(reference_code=payload.get("reference_code", ""))
        .first()
    )
    if reservation is None:
        raise OfflineConflict("unknown_reference")
    if reservation.emplacement.borne_id != borne.pk:
        raise OfflineConflict("other_cabinet")
    if reservation.statut == ReservationStatus.CANCELLED:
        raise OfflineConflict("reservation_cancelled", getattr(reservation, "session", None))
    return reservation


def _credential_revoked(reservation: Reservation) -> bool:
    auth: Authentification | None = reservation.authentification
    if auth is None:
        return reservation.auth_choice != ReservationAuthChoice.RFID
    if reservation.auth_choice == ReservationAuthChoice.RFID:
        return not auth.is_active
    return not auth.is_active and not auth.metadata.get("used_at")


def _apply_started(borne: Borne, event: OfflineEvent) -> None:
    reservation = _reservation_of(borne, event.payload)
    existing = Session.objects.filter(reservation=reservation).first()
    if existing is not None:
        return  # already opened (online, or by an earlier copy of this story)
    if reservation.emplacement.numero != event.payload.get("emplacement_numero"):
        raise OfflineConflict("wrong_bay")
    if _credential_revoked(reservation):
        raise OfflineConflict("revoked_credential")
    if reservation.statut != ReservationStatus.CONFIRMED:
        raise OfflineConflict("reservation_not_open")
    try:
        credential_mark_used(reservation=reservation)
    except ApplicationError:
        pass  # an offline opening may follow a use the server already knows
    session = charging.session_open(reservation=reservation)
    Session.objects.filter(pk=session.pk).update(start_time=event.occurred_at)


def _apply_stopped(borne: Borne, event: OfflineEvent) -> None:
    reservation = _reservation_of(borne, event.payload)
    session = Session.objects.filter(reservation=reservation).first()
    if session is None:
        raise OfflineConflict("no_session")
    energy = event.payload.get("energie_kwh")
    if session.charge_state in STOPPABLE_SESSION_STATES:
        session = charging.session_request_stop(session=session)
    if session.charge_state == ChargeSessionState.STOPPING:
        charging.session_stopped(session=session)
        Session.objects.filter(pk=session.pk).update(end_time=event.occurred_at)
    if energy is not None:
        Session.objects.filter(pk=session.pk).update(energie_kwh=energy)


def _apply(borne: Borne, event: OfflineEvent) -> None:
    if event.kind == OfflineEventKind.SESSION_STARTED:
        _apply_started(borne, event)
    elif event.kind == OfflineEventKind.SESSION_STOPPED:
        _apply_stopped(borne, event)
    else:
        journal_record(action="terminal.offline_auth_refused", success=False,
                       details={"borne": borne.pk, "method": event.payload.get("method", ""),
                                "reason": str(event.payload.get("reason", ""))[:64], "event_id": event.event_id})


def _alert_conflict(borne: Borne, event: OfflineEvent, conflict: OfflineConflict) -> None:
    message = stored_text(gettext_noop("Offline event %(id)s (%(kind)s) in conflict: %(reason)s."),
                          id=event.event_id, kind=event.kind, reason=conflict.reason)
    if conflict.session is not None:
        alert_raise(type=alert_rules.OFFLINE_EVENT_CONFLICT, severity=AlertSeverity.HIGH, message=message,
                    session=conflict.session)
        return
    numero = event.payload.get("emplacement_numero")
    devices = Device.objects.filter(emplacement__borne=borne).order_by("emplacement__numero")
    device = devices.filter(emplacement__numero=numero).first() if numero else None
    device = device or devices.first()
    if device is None:
        logger.warning("offline conflict without a device to alert on borne=%s event=%s", borne.pk, event.event_id)
        return
    alert_raise(type=alert_rules.OFFLINE_EVENT_CONFLICT, severity=AlertSeverity.HIGH, message=message, device=device)


def offline_event_apply(*, borne: Borne, event_id: str, kind: str, occurred_at: datetime,
                        payload: dict[str, Any]) -> str:
    """Store one event once per (cabinet, event_id) and apply it; `accepted`, `duplicate` or `conflict`."""
    try:
        with transaction.atomic():
            event = OfflineEvent.objects.create(borne=borne, event_id=event_id, kind=kind, occurred_at=occurred_at,
                                                payload=payload, result=OfflineEventResult.ACCEPTED)
    except IntegrityError:
        return OfflineEventResult.DUPLICATE
    try:
        with transaction.atomic():
            _apply(borne, event)
        return OfflineEventResult.ACCEPTED
    except (OfflineConflict, ApplicationError) as exc:
        conflict = exc if isinstance(exc, OfflineConflict) else OfflineConflict(exc.code)
    OfflineEvent.objects.filter(pk=event.pk).update(result=OfflineEventResult.CONFLICT,
                                                    conflict_reason=conflict.reason[:64])
    _alert_conflict(borne, event, conflict)
    journal_record(action="terminal.offline_conflict", success=False,
                   details={"borne": borne.pk, "event_id": event_id, "kind": kind, "reason": conflict.reason})
    return OfflineEventResult.CONFLICT


def offline_events_reconcile(*, borne: Borne, events: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Apply a batch in the order the events happened; answer per event in the order they were sent."""
    results: dict[int, str] = {}
    order = sorted(range(len(events)), key=lambda index: (events[index]["occurred_at"], index))
    for index in order:
        event = events[index]
        payload = {key: value for key, value in event.items() if key not in ("event_id", "kind", "occurred_at")}
        results[index] = offline_event_apply(borne=borne, event_id=event["event_id"], kind=event["kind"],
                                             occurred_at=event["occurred_at"], payload=payload)
    return [{"event_id": events[index]["event_id"], "result": results[index]} for index in range(len(events))]
