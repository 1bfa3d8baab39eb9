"""Ingestion of device messages (device-protocol.md). Each handler gets a validated payload of a known device.

Handlers raise `Rejected(reason)` for a message that is well formed but does not belong (another device's
command, another bay's session, a stale OTA job); the bridge logs and counts it. They return a short
outcome (`stored`, `duplicate`, `stale`, ...) for the metrics.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, connection, transaction
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
    Session,
    SessionTelemetry,
)
from api.mqtt.schemas import (
    AckPayload,
    OtaProgressPayload,
    SensorPayload,
    StatePayload,
    StatusPayload,
    TelePayload,
)
from api.selectors.terminal import open_session_of
from api.services import alert_rules, charging, devices

logger = logging.getLogger(__name__)


class Rejected(Exception):
    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def handle_status(device: Device, payload: StatusPayload) -> str:
    """Birth (`online`) or last will (`offline`); a message from an older boot than the current one is stale."""
    if device.boot_id is not None and payload.boot_id < device.boot_id:
        return "stale"
    if payload.state == "offline":
        Device.objects.filter(pk=device.pk).update(boot_id=payload.boot_id)
        devices.device_mark_offline(device=device)
        return "offline"
    changes: dict[str, Any] = {"status": DeviceStatus.ONLINE, "boot_id": payload.boot_id, "last_seen": timezone.now()}
    if device.boot_id != payload.boot_id:
        changes["last_state_seq"] = None  # a new boot restarts the state sequence
    if payload.ip_address:
        changes["ip_address"] = payload.ip_address
    if payload.firmware_version is not None:
        changes["firmware_version"] = payload.firmware_version
        new_status = devices.firmware_status_for(device, payload.firmware_version)
        changes["firmware_update_status"] = new_status
        in_progress = (FirmwareUpdateStatus.UPDATE_SCHEDULED, FirmwareUpdateStatus.UPDATING)
        if new_status == FirmwareUpdateStatus.UP_TO_DATE and device.ota_job_id and (
            device.firmware_update_status in in_progress
        ):
            changes["ota_completed_at"] = timezone.now()
    updated = Device.objects.filter(pk=device.pk).filter(Q(boot_id__isnull=True) | Q(boot_id__lte=payload.boot_id))
    if not updated.update(**changes):
        return "stale"
    if changes.get("ota_completed_at"):
        devices.device_clear_ota_job(device=device)
    if payload.mac_address:
        mac = payload.mac_address.upper()
        try:
            with transaction.atomic():
                Device.objects.filter(pk=device.pk).update(mac_address=mac)
        except IntegrityError:
            logger.warning("status mac already used by another device device=%s mac=%s", device.pk, mac)
    return "online"


def handle_state(device: Device, payload: StatePayload) -> str:
    """Lock, plug, charging and fault; an already applied `seq` is a duplicate."""
    if payload.fault:
        status = DeviceStatus.ERROR
    elif payload.charging:
        status = DeviceStatus.CHARGING
    else:
        status = DeviceStatus.ONLINE
    fresh = Device.objects.filter(pk=device.pk).filter(
        Q(last_state_seq__isnull=True) | Q(last_state_seq__lt=payload.seq)
    )
    if not fresh.update(last_state_seq=payload.seq, status=status, last_seen=timezone.now()):
        return "duplicate"
    Emplacement.objects.filter(pk=device.emplacement_id).update(lock_state=payload.lock)
    device.refresh_from_db()
    alert_rules.evaluate_lock_state(device=device, lock=payload.lock, fault=payload.fault)
    session = open_session_of(device)
    if session is not None:
        if payload.fault:
            charging.session_fail(session=session, reason="device_fault")
        else:
            charging.session_plug_state(session=session, plugged=payload.plugged, charging=payload.charging)
    return "stored"


def handle_ack(device: Device, payload: AckPayload) -> str:
    try:
        devices.device_command_ack(
            device=device, command_id=payload.command_id, status=payload.status, message=payload.message
        )
    except NotFound as exc:
        raise Rejected("command_mismatch") from exc
    return "stored"


def handle_sensor(device: Device, payload: SensorPayload) -> str:
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


def handle_ota_progress(device: Device, payload: OtaProgressPayload) -> str:
    """`updating` while downloading/installing, `failed` with `ota_last_error`; success waits for the reboot."""
    if not device.ota_job_id or str(payload.job_id) != device.ota_job_id:
        raise Rejected("ota_job_mismatch")
    job = Device.objects.filter(pk=device.pk, ota_job_id=str(payload.job_id))
    if payload.status in ("downloading", "installing", "succeeded"):
        job.exclude(firmware_update_status=FirmwareUpdateStatus.UP_TO_DATE).update(
            firmware_update_status=FirmwareUpdateStatus.UPDATING, last_seen=timezone.now()
        )
    elif job.update(
        firmware_update_status=FirmwareUpdateStatus.FAILED,
        ota_last_error=(payload.message or payload.status)[:500], last_seen=timezone.now(),
    ):
        devices.device_clear_ota_job(device=device)
    return "stored"


@dataclass
class TelemetryBuffer:
    """Telemetry kept in memory and written in batches (`bulk_create(ignore_conflicts=True)`).

    Flushed when `max_rows` are waiting or the oldest waited `max_wait_s`. The bridge acknowledges the
    MQTT messages of a batch only after it is written, so a crash loses nothing (the broker re-delivers and
    the `(session, seq)` constraint drops the duplicates).
    """

    max_rows: int = 500
    max_wait_s: float = 0.2
    rows: list[SessionTelemetry] = field(default_factory=list)
    tokens: list[Any] = field(default_factory=list)
    devices: set[int] = field(default_factory=set)
    first_at: float | None = None
    _session_bays: dict[int, int | None] = field(default_factory=dict)

    def add(self, device: Device, payload: TelePayload, token: Any) -> str:
        bay = self._session_bays.get(payload.session_id, -1)
        if bay == -1:
            bay = Session.objects.filter(pk=payload.session_id).values_list("emplacement_id", flat=True).first()
            if len(self._session_bays) > 10000:
                self._session_bays.clear()
            self._session_bays[payload.session_id] = bay
        if bay != device.emplacement_id:
            raise Rejected("session_mismatch")
        alert_rules.evaluate_current(device=device, session=None, courant=payload.courant)
        self.rows.append(SessionTelemetry(
            session_id=payload.session_id, courant=payload.courant, tension=payload.tension,
            energie_kwh=payload.energie_kwh, timestamp=payload.ts, seq=payload.seq,
        ))
        self.tokens.append(token)
        self.devices.add(device.pk)
        if self.first_at is None:
            self.first_at = time.monotonic()
        return "buffered"

    def due(self) -> bool:
        if not self.rows:
            return False
        return len(self.rows) >= self.max_rows or time.monotonic() - (self.first_at or 0) >= self.max_wait_s

    def flush(self) -> list[Any]:
        """Write the batch and update each session's summary; return the tokens of the written messages.

        Rows already stored (same session and `seq`, e.g. a QoS 1 redelivery) are dropped first through the
        unique index, so the summary moves only by what is new: no re-aggregation over a session's history.
        """
        if not self.rows:
            return []
        rows, tokens, device_ids = self.rows, self.tokens, self.devices
        with transaction.atomic():
            fresh = _not_stored(rows)
            SessionTelemetry.objects.bulk_create(fresh, ignore_conflicts=True)
            _add_to_summaries(fresh)
            Device.objects.filter(pk__in=device_ids).update(last_seen=timezone.now())
        self.rows, self.tokens, self.devices, self.first_at = [], [], set(), None
        return tokens

    def discard(self) -> None:
        self.rows, self.tokens, self.devices, self.first_at = [], [], set(), None


def _not_stored(rows: list[SessionTelemetry]) -> list[SessionTelemetry]:
    """The rows of a batch whose `(session, seq)` is neither stored nor repeated earlier in the batch."""
    unique: dict[tuple[int, int], SessionTelemetry] = {}
    for row in rows:
        unique.setdefault((row.session_id, row.seq), row)  # type: ignore[arg-type]
    stored = set(
        SessionTelemetry.objects.filter(
            session_id__in={session for session, _ in unique}, seq__in={seq for _, seq in unique}
        ).values_list("session_id", "seq")
    )
    return [row for key, row in unique.items() if key not in stored]


def _summary_sql() -> str:
    table, pk = Session._meta.db_table, Session._meta.pk.column
    return (
        f"UPDATE {table} SET telemetry_count = telemetry_count + %s, "
        "energie_kwh = CASE WHEN energie_kwh IS NULL OR energie_kwh < %s THEN %s ELSE energie_kwh END, "
        "max_courant = CASE WHEN max_courant IS NULL OR max_courant < %s THEN %s ELSE max_courant END "
        f"WHERE {pk} = %s"
    )


def _add_to_summaries(rows: list[SessionTelemetry]) -> None:
    """Move each session's `telemetry_count`, `energie_kwh` (cumulative: the highest) and `max_courant`.

    One parameterized `UPDATE` per session, sent with `executemany` (psycopg pipelines them). A single
    ORM `UPDATE ... CASE WHEN` over the batch's sessions cost Django about 1 ms per session to build
    (500 devices: half a second per batch of 500 rows, docs/benchmarks.md).
    """
    summary: dict[int, list[float]] = {}
    for row in rows:
        count, energy, current = summary.get(row.session_id, [0, row.energie_kwh, row.courant])
        summary[row.session_id] = [count + 1, max(energy, row.energie_kwh), max(current, row.courant)]
    if not summary:
        return
    with connection.cursor() as cursor:
        cursor.executemany(_summary_sql(), [
            (int(count), energy, energy, current, current, session_id)
            for session_id, (count, energy, current) in summary.items()
        ])


HANDLERS = {
    "status": handle_status,
    "state": handle_state,
    "ack": handle_ack,
    "sensor": handle_sensor,
    "ota/progress": handle_ota_progress,
}
