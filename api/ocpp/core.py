"""What an OCPP charger says, in this project's words: the same handlers and services as an ESP32's messages.

A charger is one cabinet (`Borne.link_kind == ocpp`); each connector / EVSE is a bay whose `numero` is the
connector id, with a `Device` of type `OCPP`. Online state and firmware belong to the charger and are applied
to every connector's device. Every function here is synchronous (run in a worker thread by the server).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from pydantic import ValidationError

from api.errors import NotFound
from api.models import (
    Borne,
    BorneLink,
    CommandAction,
    CommandStatus,
    Device,
    DeviceCommandLog,
    DeviceStatus,
    DeviceType,
    Emplacement,
    LockState,
    Reservation,
    ReservationStatus,
    Session,
)
from api.mqtt import handlers
from api.mqtt.schemas import CommandPayload, OtaJobPayload, OtaProgressPayload, StatePayload, StatusPayload
from api.services import devices as device_services
from api.services.devices import OPEN_COMMAND_STATUSES
from api.services.ocpp import reservation_tag, user_group_tag

logger = logging.getLogger(__name__)

MAX_CONNECTORS = 64


def borne_devices(borne: Borne) -> list[Device]:
    return list(Device.objects.select_related("emplacement__borne").filter(emplacement__borne=borne))


def connector_device(borne: Borne, connector: int) -> Device | None:
    """The device of connector `connector`, creating the bay and its OCPP device the first time it is reported
    (a charger's StatusNotification fills the inventory). Connector 0 (the charger itself) has none."""
    if not 1 <= connector <= MAX_CONNECTORS:
        return None
    device = Device.objects.select_related("emplacement__borne").filter(
        emplacement__borne=borne, emplacement__numero=connector).first()
    if device is not None:
        return device
    bay, _ = Emplacement.objects.get_or_create(borne=borne, numero=connector, defaults={"station_id": borne.station_id})
    Device.objects.get_or_create(emplacement=bay, defaults={  # reported by a connected charger: online
        "type_device": DeviceType.OCPP, "status": DeviceStatus.ONLINE, "last_seen": timezone.now()})
    logger.info("ocpp connector added borne=%s connector=%s", borne.pk, connector)
    return Device.objects.select_related("emplacement__borne").get(emplacement=bay)


def borne_reload(borne_id: int) -> Borne | None:
    return Borne.objects.filter(pk=borne_id, link_kind=BorneLink.OCPP).first()


# --- online state, firmware --------------------------------------------------------------------------


def charger_status(*, borne: Borne, online: bool, boot_id: int, firmware: str | None = None) -> None:
    """`status` of every connector's device: online at the connection and BootNotification (with the
    firmware), offline when the WebSocket closes. The boot id (ms at the connection) makes a late offline of
    a replaced connection stale, as for an ESP32's last will."""
    payload = StatusPayload(state="online" if online else "offline", boot_id=boot_id,
                            firmware_version=(firmware or None) and firmware[:32], ts=timezone.now())
    for device in borne_devices(borne):
        handlers.handle_status(device, payload)


def charger_heartbeat(*, borne: Borne) -> None:
    Device.objects.filter(emplacement__borne=borne).exclude(status=DeviceStatus.OFFLINE).update(
        last_seen=timezone.now())


# OCPP connector status -> (lock, plugged, charging). `Faulted` adds the error code as the fault.
STATUS_MAP: dict[str, tuple[str, bool, bool]] = {
    "Available": (LockState.LOCKED, False, False),
    "Preparing": (LockState.UNLOCKED, True, False),
    "Occupied": (LockState.UNLOCKED, True, False),
    "Charging": (LockState.UNLOCKED, True, True),
    "SuspendedEV": (LockState.UNLOCKED, True, False),
    "SuspendedEVSE": (LockState.UNLOCKED, True, False),
    "Finishing": (LockState.UNLOCKED, True, False),
    "Reserved": (LockState.LOCKED, False, False),
    "Unavailable": (LockState.LOCKED, False, False),
    "Faulted": (LockState.LOCKED, False, False),
}


def connector_state(*, borne: Borne, connector: int, status: str, seq: int, error_code: str | None = None) -> str:
    """A connector's StatusNotification (or 2.0.1 charging state) as the bay's `state` message."""
    device = connector_device(borne, connector)
    if device is None or status not in STATUS_MAP:
        return "ignored"
    lock, plugged, charging = STATUS_MAP[status]
    fault = None
    if status == "Faulted":
        fault = (error_code if error_code and error_code != "NoError" else "Faulted")[:64]
    payload = StatePayload(lock=lock, plugged=plugged, charging=charging, fault=fault,  # type: ignore[arg-type]
                           seq=seq, ts=timezone.now())
    return handlers.handle_state(device, payload)


FIRMWARE_PROGRESS = {
    "Downloading": "downloading", "Downloaded": "downloading", "Installing": "installing",
    "Installed": "succeeded", "DownloadFailed": "failed", "InstallationFailed": "failed",
    "InstallVerificationFailed": "failed", "InvalidSignature": "failed", "DownloadScheduled": "downloading",
    "SignatureVerified": "installing", "InstallRebooting": "installing", "InstallScheduled": "installing",
}


def firmware_status(*, borne: Borne, status: str) -> int:
    """FirmwareStatusNotification as `ota/progress` of each connector's device that has a job."""
    progress = FIRMWARE_PROGRESS.get(status)
    if progress is None:
        return 0
    moved = 0
    for device in borne_devices(borne):
        if not device.ota_job_id:
            continue
        payload = OtaProgressPayload(job_id=uuid.UUID(device.ota_job_id), status=progress,  # type: ignore[arg-type]
                                     message=status, ts=timezone.now())
        handlers.handle_ota_progress(device, payload)
        moved += 1
    return moved


# --- commands (the `cmd` topic of an OCPP cabinet's bays) --------------------------------------------


@dataclass(frozen=True)
class Command:
    """A recorded command still open, with what the OCPP call needs."""

    command_id: str
    action: str
    connector: int
    device_id: int
    session_id: int | None
    id_tag: str
    transaction_id: str


def command_open(*, borne: Borne, connector: int, raw: bytes) -> Command | None:
    """The command of a `cmd` message when it is valid, of this bay, and still open in the command log
    (a re-sent id already acted on, or a command another path already did, is None)."""
    try:
        payload = CommandPayload.model_validate_json(raw)
    except ValidationError:
        logger.warning("ocpp cmd rejected borne=%s connector=%s reason=invalid_payload", borne.pk, connector)
        return None
    log = DeviceCommandLog.objects.select_related("device__emplacement", "session__reservation").filter(
        command_id=payload.command_id, device__emplacement__borne=borne, device__emplacement__numero=connector,
    ).first()
    if log is None or log.status not in OPEN_COMMAND_STATUSES:
        return None
    id_tag = tx_id = ""
    if log.session is not None:
        id_tag = reservation_tag(log.session.reservation)
        tx = getattr(log.session, "ocpp_transaction", None)
        tx_id = (tx.charger_transaction_id if tx is not None else "") or str(log.session.pk)
    return Command(command_id=str(payload.command_id), action=payload.action, connector=connector,
                   device_id=log.device_id, session_id=log.session_id, id_tag=id_tag, transaction_id=tx_id)


def command_ack(*, command: Command, status: str, message: str = "") -> None:
    """The charger's answer as the command's ack (the same service as an ESP32's `ack`)."""
    device = Device.objects.get(pk=command.device_id)
    try:
        device_services.device_command_ack(device=device, command_id=command.command_id, status=status,  # type: ignore[arg-type]
                                           message=message[:500])
    except NotFound:
        logger.warning("ocpp ack of an unknown command id=%s", command.command_id)


def session_command_done(*, session: Session, action: str, message: str) -> bool:
    """The charger did what an open command of the session asked (its StartTransaction after a
    RemoteStartTransaction, its StopTransaction after a RemoteStopTransaction): the command is `done`."""
    log = DeviceCommandLog.objects.select_related("device").filter(
        session=session, action=action, status__in=OPEN_COMMAND_STATUSES).order_by("-timestamp").first()
    if log is None:
        return False
    device_services.device_command_ack(device=log.device, command_id=log.command_id, status=CommandStatus.DONE,
                                       message=message)
    return True


UNLOCK = CommandAction.UNLOCK
STOP_CHARGE = CommandAction.STOP_CHARGE


def ota_job_open(*, borne: Borne, connector: int, raw: bytes) -> OtaJobPayload | None:
    """A retained `ota` job of one of the charger's connectors that is still scheduled (not done or failed)."""
    if not raw:
        return None
    try:
        job = OtaJobPayload.model_validate_json(raw)
    except ValidationError:
        return None
    if not Device.objects.filter(emplacement__borne=borne, emplacement__numero=connector,
                                 ota_job_id=str(job.job_id)).exists():
        return None
    return job


# --- reservations held at the charger (ReserveNow / CancelReservation) --------------------------------


@dataclass(frozen=True)
class Hold:
    reservation_id: int
    connector: int
    expiry: datetime
    id_tag: str
    parent_id_tag: str


def holds_due(*, held: dict[int, set[int]], now: datetime | None = None) -> dict[int, tuple[list[Hold], list[int]]]:
    """For each connected cabinet (id -> reservations it holds): the reservations to hold now (confirmed, slot
    starting within `OCPP_RESERVE_LEAD_SECONDS`, not held yet) and the held ones to cancel (cancelled or
    released since). Two queries for every charger of the process."""
    now = now or timezone.now()
    lead = timedelta(seconds=settings.OCPP_RESERVE_LEAD_SECONDS)
    grace = timedelta(minutes=settings.RESERVATION_NO_SHOW_GRACE_MINUTES)
    result: dict[int, tuple[list[Hold], list[int]]] = {borne_id: ([], []) for borne_id in held}
    due = Reservation.objects.select_related("emplacement").filter(
        emplacement__borne_id__in=list(held), statut=ReservationStatus.CONFIRMED, date_debut__lte=now + lead,
        date_debut__gt=now - grace,
    ).order_by("date_debut")
    for r in due:
        if r.pk not in held[r.emplacement.borne_id]:
            result[r.emplacement.borne_id][0].append(Hold(
                reservation_id=r.pk, connector=r.emplacement.numero, expiry=r.date_debut + grace,
                id_tag=reservation_tag(r), parent_id_tag=user_group_tag(r.utilisateur_id)))
    all_held = {pk for pks in held.values() for pk in pks}
    if all_held:
        for pk, borne_id in Reservation.objects.filter(pk__in=all_held).filter(
                Q(statut=ReservationStatus.CANCELLED) | Q(statut=ReservationStatus.PENDING)).values_list(
                "pk", "emplacement__borne_id"):
            if borne_id in result:
                result[borne_id][1].append(pk)
    return result


def as_ocpp_time(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def parse_time(value: Any) -> datetime:
    """An OCPP timestamp (RFC 3339); a missing or unreadable one is now."""
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return timezone.now()
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed
    return timezone.now()
