"""Offline mode of a kiosk (api.md "Offline", docs/offline.md): the events replay (the cache: offline_cache)."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_noop

from api.errors import ApplicationError
from api.i18n import stored_text
from api.models import (
    STOPPABLE_SESSION_STATES,
    AlertSeverity,
    Authentification,
    Borne,
    ChargeSessionState,
    CommandAction,
    Device,
    OfflineEvent,
    OfflineEventKind,
    OfflineEventResult,
    Reservation,
    ReservationAuthChoice,
    ReservationStatus,
    Session,
)
from api.services import alert_rules, charging, kiosk_commands
from api.services.alerts import alert_raise
from api.services.credentials import credential_mark_used
from api.services.journal import journal_record

logger = logging.getLogger(__name__)

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
    _claim_command(event, session, CommandAction.UNLOCK)


def _claim_command(event: OfflineEvent, session: Session, action: str) -> None:
    """The kiosk-made command of the event (its `command_id`), tied to the session whichever came first."""
    command_id = event.payload.get("command_id")
    device = Device.objects.filter(emplacement_id=session.emplacement_id).first()
    if not command_id or device is None:
        return
    session = Session.objects.select_related("emplacement", "reservation").get(pk=session.pk)
    kiosk_commands.kiosk_command_claim(device=device, command_id=uuid.UUID(str(command_id)), action=action,
                                       session=session)
    if action == CommandAction.UNLOCK:
        kiosk_commands.kiosk_session_catch_up(device=device, session=session)


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
    _claim_command(event, session, CommandAction.STOP_CHARGE)


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
        payload = {key: str(value) if isinstance(value, uuid.UUID) else value for key, value in event.items()
                   if key not in ("event_id", "kind", "occurred_at")}
        results[index] = offline_event_apply(borne=borne, event_id=event["event_id"], kind=event["kind"],
                                             occurred_at=event["occurred_at"], payload=payload)
    return [{"event_id": events[index]["event_id"], "result": results[index]} for index in range(len(events))]
