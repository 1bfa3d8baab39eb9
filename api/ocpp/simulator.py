"""Simulated OCPP charge points built on the `ocpp` package's own client classes (demos, tests, benchmark).

A `SimCharger16` / `SimCharger201` is a charger with numbered connectors and a meter per connector: it boots,
reports statuses, taps badges (Authorize then a transaction), plugs, sends meter values, stops, faults, and
answers the gateway's calls (remote start/stop, reset, reservations, firmware updates, trigger messages) like a
real one. A charge made while the gateway was unreachable is an `OfflineCharge` in the charger's
`OfflineQueue`: sent on the next connection with its own past times, again after every reconnect until the
gateway has answered both its start and its stop (the gateway stores it once).
"""

from __future__ import annotations

import asyncio
import base64
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import websockets
from ocpp.routing import after, on
from ocpp.v16 import ChargePoint as ChargePoint16
from ocpp.v16 import call as call16
from ocpp.v16 import call_result as result16
from ocpp.v16.enums import Action as Action16

VERSION_RE = re.compile(r"(\d+\.\d+\.\d+)")


def now_iso() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def as_iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def basic_auth(identity: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{identity}:{password}".encode()).decode()


class SimBase:
    """What both versions' simulated chargers share."""

    subprotocol = ""

    def setup(self, *, connectors: int = 2, firmware: str = "1.0.0") -> None:
        self.connectors = connectors
        self.firmware = firmware
        self.received: list[tuple[str, dict[str, Any]]] = []
        self.meter_wh = dict.fromkeys(range(1, connectors + 1), 0)
        self.transactions: dict[int, Any] = {}
        self.tags: dict[int, str] = {}
        self.task: asyncio.Task[Any] | None = None

    def got(self, action: str) -> list[dict[str, Any]]:
        return [payload for name, payload in self.received if name == action]

    def firmware_from(self, location: str) -> None:
        match = VERSION_RE.search(location)
        self.firmware = match[1] if match else self.firmware + "+1"

    async def close(self) -> None:
        await self._connection.close()  # type: ignore[attr-defined]
        if self.task is not None:
            self.task.cancel()

    async def replay(self, charge: OfflineCharge) -> str:
        """Send a charge made offline: its start, its meter, its stop, each with its own time. The answer
        to the start (a badge the gateway now refuses ends the story there: the charger has nothing to stop)."""
        status, _ = await self.start_tx(charge.connector, charge.tag, timestamp=as_iso(charge.started),  # type: ignore[attr-defined]
                                        transaction_id=charge.transaction_id)
        if status != "Accepted":
            return status
        self.meter_wh[charge.connector] += charge.wh
        await self.stop_tx(charge.connector, timestamp=as_iso(charge.stopped))  # type: ignore[attr-defined]
        return status


@dataclass
class OfflineCharge:
    """A charge the charger allowed from its own authorisation list while the gateway was unreachable."""

    connector: int
    tag: str
    started: datetime
    stopped: datetime
    wh: int
    # The charger's own transaction id (OCPP 2.0.1), the same at every replay; 1.6 gets one from the gateway.
    transaction_id: str = field(default_factory=lambda: str(uuid.uuid4()))


@dataclass
class OfflineQueue:
    """What a charger still has to tell the gateway: each charge leaves the queue only once answered, so a
    connection lost in the middle sends it again (whole) on the next one."""

    charges: list[OfflineCharge] = field(default_factory=list)

    async def send(self, sim: SimBase) -> list[str]:
        answers = []
        for charge in list(self.charges):
            answers.append(await sim.replay(charge))
            self.charges.remove(charge)
        return answers


class SimCharger16(SimBase, ChargePoint16):
    """An OCPP 1.6J charge point."""

    subprotocol = "ocpp1.6"

    async def boot(self) -> Any:
        return await self.call(call16.BootNotification(
            charge_point_vendor="Borne-sim", charge_point_model="SIM-16", firmware_version=self.firmware))

    async def heartbeat(self) -> Any:
        return await self.call(call16.Heartbeat())

    async def status(self, connector: int, status: str, error_code: str = "NoError") -> Any:
        return await self.call(call16.StatusNotification(connector_id=connector, error_code=error_code, status=status,
                                                         timestamp=now_iso()))

    async def authorize(self, tag: str) -> str:
        result = await self.call(call16.Authorize(id_tag=tag))
        return str(result.id_tag_info["status"])

    async def start_tx(self, connector: int, tag: str, timestamp: str | None = None,
                       transaction_id: str | None = None) -> tuple[str, int]:
        """`transaction_id` is for the 2.0.1 charger's signature: in 1.6 the gateway assigns it."""
        message = call16.StartTransaction(connector_id=connector, id_tag=tag, meter_start=self.meter_wh[connector],
                                          timestamp=timestamp or now_iso())
        result = await self.call(message)
        status = str(result.id_tag_info["status"])
        if status == "Accepted":
            self.transactions[connector], self.tags[connector] = result.transaction_id, tag
        return status, result.transaction_id

    async def plug(self, connector: int) -> None:
        await self.status(connector, "Preparing")

    async def charge(self, connector: int) -> None:
        await self.status(connector, "Charging")

    async def meter(self, connector: int, *, add_wh: int = 500, current: float = 16.0, voltage: float = 230.0) -> Any:
        self.meter_wh[connector] += add_wh
        sampled = [
            {"value": str(self.meter_wh[connector]), "measurand": "Energy.Active.Import.Register", "unit": "Wh"},
            {"value": str(current), "measurand": "Current.Import", "unit": "A"},
            {"value": str(voltage), "measurand": "Voltage", "unit": "V"},
        ]
        return await self.call(call16.MeterValues(
            connector_id=connector, transaction_id=self.transactions.get(connector),
            meter_value=[{"timestamp": now_iso(), "sampled_value": sampled}]))

    async def stop_tx(self, connector: int, reason: str = "Local", timestamp: str | None = None) -> Any:
        tx = self.transactions.pop(connector)
        result = await self.call(call16.StopTransaction(meter_stop=self.meter_wh[connector],
                                                        timestamp=timestamp or now_iso(), transaction_id=tx,
                                                        reason=reason))
        await self.status(connector, "Finishing")
        await self.status(connector, "Available")
        return result

    async def firmware_status(self, status: str) -> Any:
        return await self.call(call16.FirmwareStatusNotification(status=status))

    # --- calls from the gateway ----------------------------------------------------------------------

    @on(Action16.remote_start_transaction)
    def on_remote_start(self, id_tag: str, connector_id: int | None = None, **kwargs: Any) -> Any:
        self.received.append(("RemoteStartTransaction", {"id_tag": id_tag, "connector_id": connector_id}))
        return result16.RemoteStartTransaction(status="Accepted")

    @after(Action16.remote_start_transaction)
    async def after_remote_start(self, id_tag: str, connector_id: int | None = None, **kwargs: Any) -> None:
        connector = connector_id or 1
        await self.plug(connector)
        await self.start_tx(connector, id_tag)
        await self.charge(connector)

    @on(Action16.remote_stop_transaction)
    def on_remote_stop(self, transaction_id: int) -> Any:
        self.received.append(("RemoteStopTransaction", {"transaction_id": transaction_id}))
        known = transaction_id in self.transactions.values()
        return result16.RemoteStopTransaction(status="Accepted" if known else "Rejected")

    @after(Action16.remote_stop_transaction)
    async def after_remote_stop(self, transaction_id: int) -> None:
        for connector, tx in list(self.transactions.items()):
            if tx == transaction_id:
                await self.stop_tx(connector, reason="Remote")

    @on(Action16.reset)
    def on_reset(self, type: str) -> Any:
        self.received.append(("Reset", {"type": type}))
        return result16.Reset(status="Accepted")

    @on(Action16.reserve_now)
    def on_reserve_now(self, connector_id: int, expiry_date: str, id_tag: str, reservation_id: int,
                       parent_id_tag: str | None = None) -> Any:
        self.received.append(("ReserveNow", {"connector_id": connector_id, "expiry_date": expiry_date,
                                             "id_tag": id_tag, "reservation_id": reservation_id,
                                             "parent_id_tag": parent_id_tag}))
        return result16.ReserveNow(status="Accepted")

    @on(Action16.cancel_reservation)
    def on_cancel_reservation(self, reservation_id: int) -> Any:
        self.received.append(("CancelReservation", {"reservation_id": reservation_id}))
        return result16.CancelReservation(status="Accepted")

    @on(Action16.update_firmware)
    def on_update_firmware(self, location: str, retrieve_date: str, **kwargs: Any) -> Any:
        self.received.append(("UpdateFirmware", {"location": location}))
        return result16.UpdateFirmware()

    @after(Action16.update_firmware)
    async def after_update_firmware(self, location: str, **kwargs: Any) -> None:
        for status in ("Downloading", "Downloaded", "Installing", "Installed"):
            await self.firmware_status(status)
        self.firmware_from(location)

    @on(Action16.trigger_message)
    def on_trigger(self, requested_message: str, connector_id: int | None = None) -> Any:
        self.received.append(("TriggerMessage", {"requested_message": requested_message}))
        return result16.TriggerMessage(status="Accepted")

    @after(Action16.trigger_message)
    async def after_trigger(self, requested_message: str, connector_id: int | None = None) -> None:
        if requested_message == "StatusNotification":
            for connector in range(1, self.connectors + 1):
                await self.status(connector, "Available" if connector not in self.transactions else "Charging")


async def connect(url: str, identity: str, password: str, *, version: str = "ocpp1.6", connectors: int = 2,
                  firmware: str = "1.0.0", boot: bool = True, response_timeout: float = 10) -> Any:
    """Connect a simulated charger to the gateway at `url` (`ws://host:port/ocpp`), boot it, serve its calls."""
    from api.ocpp.simulator201 import SimCharger201

    ws = await websockets.connect(f"{url}/{identity}", subprotocols=[version],  # type: ignore[list-item]
                                  additional_headers={"Authorization": basic_auth(identity, password)},
                                  open_timeout=10, ping_interval=None)
    cls = SimCharger16 if version == "ocpp1.6" else SimCharger201
    charger = cls(identity, ws, response_timeout=response_timeout)
    charger.setup(connectors=connectors, firmware=firmware)
    charger.task = asyncio.ensure_future(charger.start())
    charger.task.add_done_callback(lambda task: task.cancelled() or task.exception())  # a closed connection
    if boot:
        await charger.boot()
    return charger
