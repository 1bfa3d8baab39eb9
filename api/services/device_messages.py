"""The writes of device messages (device-protocol.md): status, state, sensor readings, OTA progress.

The MQTT handlers validate and route; these services write, moving `Device.status`, the firmware status
and the bay's session through their transition maps. A message that is well formed but does not belong
(a stale OTA job) raises `NotFound` with the reason as its code; repeated or stale reports change nothing.
Telemetry batches are written by `api.services.telemetry`.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from api.errors import NotFound
from api.models import (
    Capteur,
    CapteurData,
    Device,
    DeviceStatus,
    Emplacement,
    FirmwareUpdateStatus,
)
from api.mqtt.schemas import OtaProgressPayload, SensorPayload, StatePayload, StatusPayload
from api.selectors.terminal import open_session_of
from api.services import alert_rules, charging, devices
from api.services.transitions import DEVICE_STATUS_TRANSITIONS, FIRMWARE_TRANSITIONS, transition_where

logger = logging.getLogger(__name__)

IN_PROGRESS = (FirmwareUpdateStatus.UPDATE_SCHEDULED, FirmwareUpdateStatus.UPDATING)
UP_TO_DATE = FirmwareUpdateStatus.UP_TO_DATE


def device_status_report(*, device: Device, payload: StatusPayload) -> str:
    """Birth (`online`) or last will (`offline`); a message from an older boot than the current one is stale."""
    if device.boot_id is not None and payload.boot_id < device.boot_id:
        return "stale"
    current_or_newer = Q(pk=device.pk) & (Q(boot_id__isnull=True) | Q(boot_id__lte=payload.boot_id))
    if payload.state == "offline":
        if devices.device_mark_offline(device=device, boot_id=payload.boot_id):
            return "offline"
        # already offline: the boot id still moves forward; a newer boot recorded meanwhile makes it stale
        return "offline" if Device.objects.filter(current_or_newer).update(boot_id=payload.boot_id) else "stale"
    changes: dict[str, Any] = {"boot_id": payload.boot_id, "last_seen": timezone.now()}
    if device.boot_id != payload.boot_id:
        changes["last_state_seq"] = None  # a new boot restarts the state sequence
    if payload.ip_address:
        changes["ip_address"] = payload.ip_address
    completed = False
    current: Device | None = None
    # One transaction: a reader sees the birth whole (status, boot, firmware and MAC together), never the boot
    # without the MAC it came with.
    with transaction.atomic():
        if payload.firmware_version is not None:
            changes["firmware_version"] = payload.firmware_version
            # Compliance is decided on the row as it is now, locked: the caller's copy can predate an OTA
            # scheduled since (the bridge keeps devices in memory), and a target computed from it was refused.
            current = Device.objects.select_for_update().filter(current_or_newer).first()
            if current is None:
                return "stale"
            firmware = devices.firmware_status_for(current, payload.firmware_version)
            completed = bool(firmware == FirmwareUpdateStatus.UP_TO_DATE and current.ota_job_id
                             and current.firmware_update_status in IN_PROGRESS)
            if completed:
                changes["ota_completed_at"] = timezone.now()
            transition_where(Device, field="firmware_update_status", target=firmware,
                             transitions=FIRMWARE_TRANSITIONS, stay=True, where=Q(pk=device.pk))
            transition_where(Device, field="status", target=DeviceStatus.ONLINE,
                             transitions=DEVICE_STATUS_TRANSITIONS, stay=True, where=Q(pk=device.pk), **changes)
        elif not transition_where(Device, field="status", target=DeviceStatus.ONLINE,
                                  transitions=DEVICE_STATUS_TRANSITIONS, stay=True, where=current_or_newer, **changes):
            return "stale"
        if payload.mac_address:
            _record_mac(device=device, mac=payload.mac_address.upper())
    if completed and current is not None:
        devices.device_clear_ota_job(device=current)
    return "online"


def _record_mac(*, device: Device, mac: str) -> None:
    """The MAC a birth reports; one another device already holds is logged and left (its own savepoint)."""
    try:
        with transaction.atomic():
            Device.objects.filter(pk=device.pk).update(mac_address=mac)
    except IntegrityError:
        logger.warning("status mac already used by another device device=%s mac=%s", device.pk, mac)


def device_state_report(*, device: Device, payload: StatePayload) -> str:
    """Lock, plug, charging and fault; an already applied `seq` is a duplicate.

    One transaction: the `seq` recorded is what makes a redelivery a duplicate, so it commits with everything
    the report moves (the bay's lock, the alerts, the session) or not at all; a report that failed half way
    is applied whole when the broker delivers it again."""
    with transaction.atomic():
        return _state_applied(device=device, payload=payload)


def _state_applied(*, device: Device, payload: StatePayload) -> str:
    if payload.fault:
        status = DeviceStatus.ERROR
    elif payload.charging:
        status = DeviceStatus.CHARGING
    else:
        status = DeviceStatus.ONLINE
    fresh = Q(pk=device.pk) & (Q(last_state_seq__isnull=True) | Q(last_state_seq__lt=payload.seq))
    if not transition_where(Device, field="status", target=status, transitions=DEVICE_STATUS_TRANSITIONS,
                            stay=True, where=fresh, last_state_seq=payload.seq, last_seen=timezone.now()):
        return "duplicate"
    Emplacement.objects.filter(pk=device.emplacement_id).update(lock_state=payload.lock)
    device.status, device.last_state_seq = status, payload.seq
    alert_rules.evaluate_lock_state(device=device, lock=payload.lock, fault=payload.fault)
    if not (payload.fault or (payload.plugged and payload.charging)):
        return "stored"  # nothing for the bay's session (a lock opened, a plug in before the charge starts)
    session = open_session_of(device)
    if session is not None:
        if payload.fault:
            charging.session_fail(session=session, reason="device_fault")
        else:
            charging.session_plug_state(session=session, plugged=payload.plugged, charging=payload.charging)
    return "stored"


def device_sensor_report(*, device: Device, payload: SensorPayload) -> str:
    """A `Capteur` per device and type, created at its first reading; the same reading twice is stored once."""
    stored = 0
    for reading in payload.readings:
        capteur, _created = Capteur.objects.get_or_create(
            device=device, type=reading.type, defaults={"unite": reading.unite}
        )
        if CapteurData.objects.filter(capteur=capteur, timestamp=payload.ts).exists():
            continue
        data = CapteurData.objects.create(capteur=capteur, valeur=reading.valeur, timestamp=payload.ts)
        alert_rules.evaluate_sensor_reading(device=device, sensor_type=reading.type, data=data)
        stored += 1
    Device.objects.filter(pk=device.pk).update(last_seen=timezone.now())
    return "stored" if stored else "duplicate"


def device_ota_progress(*, device: Device, payload: OtaProgressPayload) -> str:
    """`updating` while downloading/installing, `failed` with `ota_last_error`; success waits for the reboot."""
    if not device.ota_job_id or str(payload.job_id) != device.ota_job_id:
        raise NotFound(code="ota_job_mismatch")
    job = Q(pk=device.pk, ota_job_id=str(payload.job_id))
    if payload.status in ("downloading", "installing", "succeeded"):
        transition_where(Device, field="firmware_update_status", target=FirmwareUpdateStatus.UPDATING,
                         transitions=FIRMWARE_TRANSITIONS, stay=True, where=job & ~Q(firmware_update_status=UP_TO_DATE),
                         last_seen=timezone.now())
    elif transition_where(
        Device, field="firmware_update_status", target=FirmwareUpdateStatus.FAILED,
        transitions=FIRMWARE_TRANSITIONS, stay=True, where=job,
        ota_last_error=(payload.message or payload.status)[:500], last_seen=timezone.now(),
    ):
        devices.device_clear_ota_job(device=device)
    return "stored"
