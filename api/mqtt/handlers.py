"""Ingestion of device messages (device-protocol.md). Each handler gets a validated payload of a known device.

Handlers route to the services that write (`api.services.device_messages`, `api.services.devices`); the
telemetry buffer keeps rows in memory and hands each batch to `telemetry.telemetry_store`. Handlers raise
`Rejected(reason)` for a message that is well formed but does not belong (another device's command,
another bay's session, a stale OTA job); the bridge logs and counts it. They return a short
outcome (`stored`, `duplicate`, `stale`, ...) for the metrics.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass, field
from typing import Any

from api.errors import NotFound
from api.models import Device
from api.mqtt.schemas import (
    AckPayload,
    OtaProgressPayload,
    SensorPayload,
    StatePayload,
    StatusPayload,
    TelePayload,
)
from api.selectors.terminal import session_bay
from api.services import alert_rules, device_messages, devices
from api.services.telemetry import TelemetryRow, telemetry_store

logger = logging.getLogger(__name__)


class Rejected(Exception):
    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def handle_status(device: Device, payload: StatusPayload) -> str:
    return device_messages.device_status_report(device=device, payload=payload)


def handle_state(device: Device, payload: StatePayload) -> str:
    return device_messages.device_state_report(device=device, payload=payload)


def handle_ack(device: Device, payload: AckPayload) -> str:
    try:
        devices.device_command_ack(
            device=device, command_id=payload.command_id, status=payload.status, message=payload.message
        )
    except NotFound as exc:
        raise Rejected("command_mismatch") from exc
    return "stored"


def handle_sensor(device: Device, payload: SensorPayload) -> str:
    return device_messages.device_sensor_report(device=device, payload=payload)


def handle_ota_progress(device: Device, payload: OtaProgressPayload) -> str:
    try:
        return device_messages.device_ota_progress(device=device, payload=payload)
    except NotFound as exc:
        raise Rejected(exc.code) from exc


@dataclass
class TelemetryBuffer:
    """Telemetry kept in memory and written in batches (`telemetry_store`).

    Flushed when `max_rows` are waiting or the oldest waited `max_wait_s`, or, once nothing else is waiting
    to be handled (`idle`), `idle_wait_s`: below saturation a row does not wait for a batch that will not
    fill, at saturation the batches stay full. The bridge acknowledges the
    MQTT messages of a batch only after it is written, so a crash loses nothing (the broker re-delivers and
    the `(session, seq)` constraint drops the duplicates).
    """

    max_rows: int = 500
    max_wait_s: float = 0.2
    idle_wait_s: float = 0.05
    rows: list[TelemetryRow] = field(default_factory=list)
    tokens: list[Any] = field(default_factory=list)
    devices: set[int] = field(default_factory=set)
    first_at: float | None = None
    _session_bays: dict[int, int | None] = field(default_factory=dict)

    def add(self, device: Device, payload: TelePayload, token: Any) -> str:
        bay = self._session_bays.get(payload.session_id, -1)
        if bay == -1:
            bay = session_bay(session_id=payload.session_id)
            if len(self._session_bays) > 10000:
                self._session_bays.clear()
            self._session_bays[payload.session_id] = bay
        if bay != device.emplacement_id:
            raise Rejected("session_mismatch")
        alert_rules.evaluate_current(device=device, session=None, courant=payload.courant)
        self.rows.append(TelemetryRow(payload.session_id, payload.courant, payload.tension, payload.energie_kwh,
                                      payload.ts, payload.seq))
        self.tokens.append(token)
        self.devices.add(device.pk)
        if self.first_at is None:
            self.first_at = time.monotonic()
        return "buffered"

    def due(self, *, idle: bool = False) -> bool:
        if not self.rows:
            return False
        return len(self.rows) >= self.max_rows or time.monotonic() >= self.due_at(idle=idle)

    def due_at(self, *, idle: bool = False) -> float:
        """When the batch is due by the age of its oldest row (`time.monotonic()`; infinite when empty)."""
        if self.first_at is None:
            return math.inf
        return self.first_at + (min(self.idle_wait_s, self.max_wait_s) if idle else self.max_wait_s)

    def flush(self) -> list[Any]:
        """Write the batch (`telemetry_store`: rows and session summaries); return the written messages' tokens."""
        if not self.rows:
            return []
        tokens = self.tokens
        telemetry_store(rows=self.rows, device_ids=self.devices)
        self.rows, self.tokens, self.devices, self.first_at = [], [], set(), None
        return tokens

    def discard(self) -> None:
        self.rows, self.tokens, self.devices, self.first_at = [], [], set(), None


HANDLERS = {
    "status": handle_status,
    "state": handle_state,
    "ack": handle_ack,
    "sensor": handle_sensor,
    "ota/progress": handle_ota_progress,
}
