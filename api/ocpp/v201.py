"""OCPP 2.0.1: the same flows as 1.6J (docs/ocpp.md), with TransactionEvent for the transaction's life."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone
from ocpp.routing import after, on
from ocpp.v201 import ChargePoint, call, call_result
from ocpp.v201.enums import Action, AuthorizationStatusEnumType, MessageTriggerEnumType, RegistrationStatusEnumType

from api.models import CommandAction, CommandStatus
from api.ocpp import core, transactions
from api.ocpp.link import GatewayLink, accepted, db
from api.ocpp.v16 import energy_of

A = CommandAction
AUTH = AuthorizationStatusEnumType
# 2.0.1 charging states as the 1.6 connector statuses of core.STATUS_MAP.
CHARGING_STATES = {"Charging": "Charging", "EVConnected": "Preparing", "SuspendedEV": "SuspendedEV",
                   "SuspendedEVSE": "SuspendedEVSE"}


def token_info(status: str, group: str = "", expiry: Any = None) -> dict[str, Any]:
    info: dict[str, Any] = {"status": status}
    if group:
        info["group_id_token"] = {"id_token": group, "type": "Central"}
    if expiry is not None:
        info["cache_expiry_date_time"] = core.as_ocpp_time(expiry)
    return info


def central_token(tag: str) -> dict[str, str]:
    return {"id_token": tag, "type": "Central"}


class ChargePoint201(GatewayLink, ChargePoint):
    version = "ocpp2.0.1"

    @on(Action.boot_notification)
    async def on_boot(self, charging_station: dict[str, Any], reason: str, **kwargs: Any) -> Any:
        await db(core.charger_status, borne=self.borne, online=True, boot_id=self.next_boot(),
                 firmware=charging_station.get("firmware_version"))
        return call_result.BootNotification(current_time=core.as_ocpp_time(timezone.now()),
                                            interval=settings.OCPP_HEARTBEAT_SECONDS,
                                            status=RegistrationStatusEnumType.accepted)

    @after(Action.boot_notification)
    async def after_boot(self, **kwargs: Any) -> None:
        await self.guarded(self.call(call.TriggerMessage(
            requested_message=MessageTriggerEnumType.status_notification)))

    @on(Action.heartbeat)
    async def on_heartbeat(self) -> Any:
        await db(core.charger_heartbeat, borne=self.borne)
        return call_result.Heartbeat(current_time=core.as_ocpp_time(timezone.now()))

    @on(Action.status_notification)
    async def on_status(self, timestamp: str, connector_status: str, evse_id: int, connector_id: int,
                        **kwargs: Any) -> Any:
        await db(core.connector_state, borne=self.borne, connector=evse_id, status=connector_status,
                 seq=self.next_seq())
        return call_result.StatusNotification()

    @on(Action.authorize)
    async def on_authorize(self, id_token: dict[str, Any], **kwargs: Any) -> Any:
        result = await db(transactions.authorize, borne=self.borne, id_tag=id_token.get("id_token", ""))
        if not result.accepted:
            return call_result.Authorize(id_token_info=token_info(AUTH.invalid))
        return call_result.Authorize(id_token_info=token_info(AUTH.accepted, result.parent_id_tag, result.expiry))

    @on(Action.transaction_event)
    async def on_transaction_event(self, event_type: str, timestamp: str, trigger_reason: str, seq_no: int,
                                   transaction_info: dict[str, Any], **kwargs: Any) -> Any:
        charger_tx = str(transaction_info.get("transaction_id", ""))[:36]
        evse = (kwargs.get("evse") or {}).get("id")
        at = core.parse_time(timestamp)
        meter = kwargs.get("meter_value") or []
        energy = energy_of(meter[-1].get("sampled_value") or [])[0] if meter else None
        tx = await db(transactions.transaction_of, borne=self.borne, transaction_id=charger_tx)
        connector = evse or (tx.connector if tx is not None else 0)
        info: dict[str, Any] | None = None
        id_token = (kwargs.get("id_token") or {}).get("id_token")
        if tx is None and id_token and event_type in ("Started", "Updated"):
            started = await db(transactions.transaction_start, borne=self.borne, connector=connector, id_tag=id_token,
                               meter_start=int(energy or 0), started_at=at, charger_tx=charger_tx)
            info = token_info(AUTH.accepted if started.accepted else AUTH.invalid)
        if event_type == "Ended":
            await db(transactions.transaction_stop, borne=self.borne, transaction_id=charger_tx,
                     meter_stop=int(energy) if energy is not None else None, stopped_at=at)
            return call_result.TransactionEvent(id_token_info=info)
        state = CHARGING_STATES.get(str(transaction_info.get("charging_state", "")))
        if state is not None and connector:
            await db(core.connector_state, borne=self.borne, connector=connector, status=state, seq=self.next_seq())
        for sample in meter:
            e, current, voltage = energy_of(sample.get("sampled_value") or [])
            await db(self.meter.sample, borne=self.borne, connector=connector, transaction_id=charger_tx,
                     at=core.parse_time(sample.get("timestamp")), energy_wh=e, current=current, voltage=voltage)
        return call_result.TransactionEvent(id_token_info=info)

    @on(Action.meter_values)
    async def on_meter_values(self, evse_id: int, meter_value: list[dict[str, Any]], **kwargs: Any) -> Any:
        for sample in meter_value:
            e, current, voltage = energy_of(sample.get("sampled_value") or [])
            await db(self.meter.sample, borne=self.borne, connector=evse_id, transaction_id="",
                     at=core.parse_time(sample.get("timestamp")), energy_wh=e, current=current, voltage=voltage)
        return call_result.MeterValues()

    @on(Action.firmware_status_notification)
    async def on_firmware_status(self, status: str, **kwargs: Any) -> Any:
        await db(core.firmware_status, borne=self.borne, status=status)
        return call_result.FirmwareStatusNotification()

    # --- to the charger -----------------------------------------------------------------------------

    async def send_command(self, command: core.Command) -> tuple[str, str]:
        if command.action == A.UNLOCK and command.session_id:
            result = await self.call(call.RequestStartTransaction(
                id_token=central_token(command.id_tag), remote_start_id=command.session_id, evse_id=command.connector))
            return (CommandStatus.RECEIVED, "RequestStartTransaction accepted") if accepted(result) else (
                CommandStatus.REJECTED, "RequestStartTransaction rejected")
        if command.action == A.STOP_CHARGE and command.transaction_id:
            result = await self.call(call.RequestStopTransaction(transaction_id=command.transaction_id))
            return (CommandStatus.RECEIVED, "RequestStopTransaction accepted") if accepted(result) else (
                CommandStatus.REJECTED, "RequestStopTransaction rejected")
        if command.action == A.REBOOT:
            result = await self.call(call.Reset(type="OnIdle"))
            return (CommandStatus.DONE, "Reset accepted") if accepted(result) else (
                CommandStatus.REJECTED, "Reset rejected")
        if command.action == A.LOCK:
            return CommandStatus.DONE, "the charger locks its connector itself"
        return CommandStatus.REJECTED, f"{command.action} has no OCPP 2.0.1 equivalent"

    async def hold(self, hold: core.Hold) -> bool:
        return accepted(await self.call(call.ReserveNow(
            id=hold.reservation_id, expiry_date_time=core.as_ocpp_time(hold.expiry),
            id_token=central_token(hold.id_tag), evse_id=hold.connector,
            group_id_token=central_token(hold.parent_id_tag),
        )))

    async def cancel_hold(self, reservation_id: int) -> bool:
        return accepted(await self.call(call.CancelReservation(reservation_id=reservation_id)))

    async def update_firmware(self, url: str, job_id: str) -> bool:
        request_id = int(job_id.replace("-", "")[:7], 16)
        await self.call(call.UpdateFirmware(request_id=request_id, firmware={
            "location": url, "retrieve_date_time": core.as_ocpp_time(timezone.now())}))
        return True
