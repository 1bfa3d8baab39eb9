"""Badges and transactions at an OCPP charger, through the kiosk's own services (docs/ocpp.md).

- Authorize: Accepted with the user's group tag when the badge holds a reservation usable now at this cabinet.
- A transaction started with a badge opens the session exactly as the kiosk would (`terminal_authenticate`:
  the window, the bay, the attempt journal); its `unlock` command is done at once (the charger already let the
  car in). Started with a reservation's tag (after RemoteStartTransaction), it completes the kiosk's `unlock`.
- A transaction that started more than `OCPP_OFFLINE_START_SECONDS` ago was made offline: it is reconciled like
  a kiosk's offline event (stored once per charger, connector and start time; conflicts flagged and alerted).
- Its end closes the session with the energy `meterStop - meterStart`.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from api.errors import ApplicationError
from api.models import (
    Borne,
    ChargeSessionState,
    OcppTransaction,
    OfflineEventKind,
    OfflineEventResult,
    ReservationAuthChoice,
    Session,
)
from api.mqtt.handlers import Rejected, TelemetryBuffer
from api.mqtt.schemas import TelePayload
from api.ocpp.core import STOP_CHARGE, UNLOCK, connector_device, session_command_done
from api.services import charging
from api.services.credentials import credential_resolve
from api.services.ocpp import reservation_of_tag, user_group_tag
from api.services.offline import offline_event_apply
from api.services.terminal import terminal_authenticate

logger = logging.getLogger(__name__)

S = ChargeSessionState
OPEN_STATES = (S.ACCESS_VALIDATED, S.WAITING_PLUG, S.CHARGING)
RFID = ReservationAuthChoice.RFID


@dataclass(frozen=True)
class Authorization:
    accepted: bool
    parent_id_tag: str = ""
    expiry: datetime | None = None
    reason: str = ""


@dataclass(frozen=True)
class Started:
    accepted: bool
    session_id: int = 0
    reason: str = ""


def authorize(*, borne: Borne, id_tag: str) -> Authorization:
    """Is `id_tag` (a badge, or a reservation's tag) usable now at this cabinet? Nothing is consumed."""
    reservation_id = reservation_of_tag(id_tag)
    if reservation_id is not None:
        session = Session.objects.filter(reservation_id=reservation_id, emplacement__borne=borne).first()
        if session is not None and session.charge_state in OPEN_STATES:
            return Authorization(True, user_group_tag(session.reservation.utilisateur_id))
        return Authorization(False, reason="unknown_tag")
    try:
        reservation = credential_resolve(borne=borne, method=RFID, value=id_tag)
    except ApplicationError as exc:
        return Authorization(False, reason=exc.code)
    return Authorization(True, user_group_tag(reservation.utilisateur_id), reservation.date_fin)


def _known(borne: Borne, connector: int, started_at: datetime) -> OcppTransaction | None:
    return OcppTransaction.objects.filter(borne=borne, connector=connector, started_at=started_at).first()


def _record(session: Session, borne: Borne, connector: int, started_at: datetime, meter_start: int,
            charger_tx: str) -> None:
    try:
        with transaction.atomic():
            OcppTransaction.objects.create(session=session, borne=borne, connector=connector, started_at=started_at,
                                           meter_start_wh=meter_start, charger_transaction_id=charger_tx[:36])
    except IntegrityError:
        pass  # the same start told twice at once


def transaction_start(*, borne: Borne, connector: int, id_tag: str, meter_start: int, started_at: datetime,
                      charger_tx: str = "") -> Started:
    """StartTransaction / TransactionEvent(Started): the session of that bay, or a refusal."""
    known = _known(borne, connector, started_at)
    if known is not None:
        return Started(True, known.session_id)
    if connector_device(borne, connector) is None:
        return Started(False, reason="unknown_connector")
    reservation_id = reservation_of_tag(id_tag)
    if reservation_id is not None:
        return _start_remote(borne, connector, reservation_id, meter_start, started_at, charger_tx)
    age = (timezone.now() - started_at).total_seconds()
    if age > settings.OCPP_OFFLINE_START_SECONDS:
        return _start_offline(borne, connector, id_tag, meter_start, started_at, charger_tx)
    try:
        with transaction.atomic():
            opened = terminal_authenticate(borne=borne, method=RFID, value=id_tag, emplacement_numero=connector)
            session_command_done(session=opened.session, action=UNLOCK, message="started at the charger")
            _record(opened.session, borne, connector, started_at, meter_start, charger_tx)
    except ApplicationError as exc:
        logger.info("ocpp start refused borne=%s connector=%s reason=%s", borne.pk, connector, exc.code)
        return Started(False, reason=exc.code)
    return Started(True, opened.session.pk)


def _start_remote(borne: Borne, connector: int, reservation_id: int, meter_start: int, started_at: datetime,
                  charger_tx: str) -> Started:
    """After RemoteStartTransaction: the kiosk's session of that reservation, on that connector only."""
    session = Session.objects.select_related("emplacement").filter(
        reservation_id=reservation_id, emplacement__borne=borne).first()
    if session is None or session.emplacement.numero != connector or session.charge_state not in OPEN_STATES:
        return Started(False, reason="no_open_session")
    with transaction.atomic():
        session_command_done(session=session, action=UNLOCK, message="transaction started")
        _record(session, borne, connector, started_at, meter_start, charger_tx)
    return Started(True, session.pk)


def _start_offline(borne: Borne, connector: int, id_tag: str, meter_start: int, started_at: datetime,
                   charger_tx: str) -> Started:
    """A start the charger made offline (its Authorization Cache), replayed at the reconnect."""
    try:
        reference = credential_resolve(borne=borne, method=RFID, value=id_tag, now=started_at).reference_code
    except ApplicationError:
        reference = ""  # reconciled as a conflict: flagged and alerted
    result = offline_event_apply(
        borne=borne, event_id=f"ocpp:{connector}:{started_at.isoformat()}"[:64], kind=OfflineEventKind.SESSION_STARTED,
        occurred_at=started_at, payload={"reference_code": reference, "emplacement_numero": connector,
                                         "method": RFID, "channel": "ocpp"},
    )
    session = Session.objects.filter(reservation__reference_code=reference, emplacement__borne=borne).first()
    if result == OfflineEventResult.CONFLICT or session is None or not reference:
        return Started(False, reason="offline_conflict")
    charging.session_unlocked(session_id=session.pk)
    _record(session, borne, connector, started_at, meter_start, charger_tx)
    return Started(True, session.pk)


def transaction_of(*, borne: Borne, transaction_id: str) -> OcppTransaction | None:
    """1.6: the transaction id is the session's; 2.0.1: the charger's own id."""
    rows = OcppTransaction.objects.select_related("session").filter(borne=borne)
    found = rows.filter(charger_transaction_id=transaction_id).first() if transaction_id else None
    if found is None and transaction_id.isdigit() and len(transaction_id) < 19:
        found = rows.filter(session_id=int(transaction_id), charger_transaction_id="").first()
    return found


def transaction_stop(*, borne: Borne, transaction_id: str, meter_stop: int | None, stopped_at: datetime) -> bool:
    """StopTransaction / TransactionEvent(Ended): the session `stopped` with its energy (once)."""
    tx = transaction_of(borne=borne, transaction_id=transaction_id)
    if tx is None:
        return False
    session = tx.session
    with transaction.atomic():
        if session_command_done(session=session, action=STOP_CHARGE, message="transaction stopped"):
            session.refresh_from_db()
        elif session.charge_state in OPEN_STATES or session.charge_state == S.ERROR:
            session = charging.session_request_stop(session=session)
            charging.session_stopped(session=session)
        elif session.charge_state == S.STOPPING:
            charging.session_stopped(session=session)
        changes: dict[str, object] = {"end_time": min(stopped_at, timezone.now())}
        if meter_stop is not None:
            changes["energie_kwh"] = max(0.0, (meter_stop - tx.meter_start_wh) / 1000)
        Session.objects.filter(pk=session.pk, charge_state=S.STOPPED).update(**changes)
    return True


# --- meter values -------------------------------------------------------------------------------------


class Meter:
    """Meter values as `tele`, in the bridge's own batch buffer (`TelemetryBuffer`), flushed by the server."""

    def __init__(self) -> None:
        self.buffer = TelemetryBuffer()
        self.lock = threading.Lock()

    def sample(self, *, borne: Borne, connector: int, transaction_id: str, at: datetime, energy_wh: float | None,
               current: float | None, voltage: float | None) -> str:
        tx = transaction_of(borne=borne, transaction_id=transaction_id) if transaction_id else None
        if tx is None and not transaction_id:
            tx = OcppTransaction.objects.filter(borne=borne, connector=connector,
                                                session__charge_state__in=OPEN_STATES).order_by("-started_at").first()
        device = connector_device(borne, connector)
        if tx is None or device is None or energy_wh is None:
            return "ignored"
        try:
            payload = TelePayload(
                seq=int(at.timestamp() * 1000), ts=at, courant=max(0.0, current or 0.0),
                tension=max(0.0, voltage or 0.0), energie_kwh=max(0.0, (energy_wh - tx.meter_start_wh) / 1000),
                session_id=tx.session_id,
            )
            with self.lock:
                return self.buffer.add(device, payload, None)
        except (ValueError, Rejected) as exc:
            logger.warning("ocpp meter value rejected borne=%s connector=%s: %s", borne.pk, connector, exc)
            return "rejected"

    def flush(self) -> int:
        with self.lock:
            return len(self.buffer.flush())

    def due(self) -> bool:
        return self.buffer.due()

