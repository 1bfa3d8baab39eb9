"""A simulated OCPP 2.0.1 charging station (same behaviour as `SimCharger16`, 2.0.1 messages)."""

from __future__ import annotations

import uuid
from typing import Any

from ocpp.routing import after, on
from ocpp.v201 import ChargePoint
from ocpp.v201 import call as call201
from ocpp.v201 import call_result as result201
from ocpp.v201.enums import Action

from api.ocpp.simulator import SimBase, now_iso


class SimCharger201(SimBase, ChargePoint):
    """An OCPP 2.0.1 charging station: one connector per EVSE; transaction ids are its own (UUIDs)."""

    subprotocol = "ocpp2.0.1"
    seq_no = 0

    async def boot(self) -> Any:
        return await self.call(call201.BootNotification(
            charging_station={"model": "SIM-201", "vendor_name": "Borne-sim", "firmware_version": self.firmware},
            reason="PowerUp"))

    async def heartbeat(self) -> Any:
        return await self.call(call201.Heartbeat())

    async def status(self, connector: int, status: str, error_code: str = "") -> Any:
        status = {"Preparing": "Occupied", "Charging": "Occupied", "Finishing": "Occupied"}.get(status, status)
        return await self.call(call201.StatusNotification(timestamp=now_iso(), connector_status=status,
                                                          evse_id=connector, connector_id=1))

    async def authorize(self, tag: str) -> str:
        result = await self.call(call201.Authorize(id_token={"id_token": tag, "type": "ISO14443"}))
        return str(result.id_token_info["status"])

    def _sampled(self, connector: int, current: float = 16.0, voltage: float = 230.0) -> list[dict[str, Any]]:
        return [{"timestamp": now_iso(), "sampled_value": [
            {"value": self.meter_wh[connector], "measurand": "Energy.Active.Import.Register",
             "unit_of_measure": {"unit": "Wh"}},
            {"value": current, "measurand": "Current.Import", "unit_of_measure": {"unit": "A"}},
            {"value": voltage, "measurand": "Voltage", "unit_of_measure": {"unit": "V"}},
        ]}]

    async def _event(self, event_type: str, connector: int, trigger: str, *, tag: str | None = None,
                     state: str | None = None, timestamp: str | None = None, **extra: Any) -> Any:
        self.seq_no += 1
        info: dict[str, Any] = {"transaction_id": self.transactions[connector]}
        if state:
            info["charging_state"] = state
        message = call201.TransactionEvent(
            event_type=event_type, timestamp=timestamp or now_iso(), trigger_reason=trigger, seq_no=self.seq_no,
            transaction_info=info, evse={"id": connector, "connector_id": 1},
            id_token={"id_token": tag, "type": "ISO14443"} if tag else None,
            meter_value=self._sampled(connector), **extra)
        return await self.call(message)

    async def start_tx(self, connector: int, tag: str, timestamp: str | None = None,
                       transaction_id: str | None = None) -> tuple[str, str]:
        self.transactions[connector] = transaction_id or str(uuid.uuid4())
        result = await self._event("Started", connector, "Authorized", tag=tag, state="EVConnected",
                                   timestamp=timestamp, offline=True if timestamp else None)
        status = str((result.id_token_info or {}).get("status", "Accepted"))
        tx = self.transactions[connector]
        if status != "Accepted":
            self.transactions.pop(connector)
        return status, tx

    async def plug(self, connector: int) -> None:
        await self.status(connector, "Occupied")

    async def charge(self, connector: int) -> None:
        await self._event("Updated", connector, "ChargingStateChanged", state="Charging")

    async def meter(self, connector: int, *, add_wh: int = 500, current: float = 16.0, voltage: float = 230.0) -> Any:
        self.meter_wh[connector] += add_wh
        return await self.call(call201.MeterValues(evse_id=connector,
                                                   meter_value=self._sampled(connector, current, voltage)))

    async def stop_tx(self, connector: int, reason: str = "Local", timestamp: str | None = None) -> Any:
        result = await self._event("Ended", connector, "StopAuthorized", timestamp=timestamp)
        self.transactions.pop(connector)
        await self.status(connector, "Available")
        return result

    async def firmware_status(self, status: str) -> Any:
        return await self.call(call201.FirmwareStatusNotification(status=status))

    @on(Action.request_start_transaction)
    def on_request_start(self, id_token: dict[str, Any], remote_start_id: int, **kwargs: Any) -> Any:
        self.received.append(("RequestStartTransaction", {"id_tag": id_token["id_token"],
                                                          "connector_id": kwargs.get("evse_id")}))
        return result201.RequestStartTransaction(status="Accepted")

    @after(Action.request_start_transaction)
    async def after_request_start(self, id_token: dict[str, Any], remote_start_id: int, **kwargs: Any) -> None:
        connector = kwargs.get("evse_id") or 1
        await self.plug(connector)
        await self.start_tx(connector, id_token["id_token"])
        await self.charge(connector)

    @on(Action.request_stop_transaction)
    def on_request_stop(self, transaction_id: str, **kwargs: Any) -> Any:
        self.received.append(("RequestStopTransaction", {"transaction_id": transaction_id}))
        known = transaction_id in self.transactions.values()
        return result201.RequestStopTransaction(status="Accepted" if known else "Rejected")

    @after(Action.request_stop_transaction)
    async def after_request_stop(self, transaction_id: str, **kwargs: Any) -> None:
        for connector, tx in list(self.transactions.items()):
            if tx == transaction_id:
                await self.stop_tx(connector, reason="Remote")

    @on(Action.reset)
    def on_reset(self, type: str, **kwargs: Any) -> Any:
        self.received.append(("Reset", {"type": type}))
        return result201.Reset(status="Accepted")

    @on(Action.reserve_now)
    def on_reserve_now(self, id: int, expiry_date_time: str, id_token: dict[str, Any], **kwargs: Any) -> Any:
        self.received.append(("ReserveNow", {"reservation_id": id, "id_tag": id_token["id_token"],
                                             "connector_id": kwargs.get("evse_id"), "expiry_date": expiry_date_time,
                                             "parent_id_tag": (kwargs.get("group_id_token") or {}).get("id_token")}))
        return result201.ReserveNow(status="Accepted")

    @on(Action.cancel_reservation)
    def on_cancel_reservation(self, reservation_id: int, **kwargs: Any) -> Any:
        self.received.append(("CancelReservation", {"reservation_id": reservation_id}))
        return result201.CancelReservation(status="Accepted")

    @on(Action.update_firmware)
    def on_update_firmware(self, request_id: int, firmware: dict[str, Any], **kwargs: Any) -> Any:
        self.received.append(("UpdateFirmware", {"location": firmware["location"]}))
        return result201.UpdateFirmware(status="Accepted")

    @after(Action.update_firmware)
    async def after_update_firmware(self, request_id: int, firmware: dict[str, Any], **kwargs: Any) -> None:
        for status in ("Downloading", "Downloaded", "Installing", "Installed"):
            await self.call(call201.FirmwareStatusNotification(status=status, request_id=request_id))
        self.firmware_from(firmware["location"])

    @on(Action.trigger_message)
    def on_trigger(self, requested_message: str, **kwargs: Any) -> Any:
        self.received.append(("TriggerMessage", {"requested_message": requested_message}))
        return result201.TriggerMessage(status="Accepted")

    @after(Action.trigger_message)
    async def after_trigger(self, requested_message: str, **kwargs: Any) -> None:
        if requested_message == "StatusNotification":
            for connector in range(1, self.connectors + 1):
                await self.status(connector, "Available" if connector not in self.transactions else "Occupied")
