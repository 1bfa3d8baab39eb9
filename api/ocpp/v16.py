"""OCPP 1.6J: the charger's messages to the core, the core's commands to the charger (docs/ocpp.md's table)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone
from ocpp.routing import after, on
from ocpp.v16 import ChargePoint, call, call_result
from ocpp.v16.enums import (
    Action,
    AuthorizationStatus,
    MessageTrigger,
    RegistrationStatus,
    ResetType,
)

from api.models import CommandAction, CommandStatus
from api.ocpp import core, transactions
from api.ocpp.link import GatewayLink, accepted, db

A = CommandAction


def id_tag_info(status: AuthorizationStatus, parent: str = "", expiry: Any = None) -> dict[str, Any]:
    info: dict[str, Any] = {"status": status}
    if parent:
        info["parent_id_tag"] = parent
    if expiry is not None:
        info["expiry_date"] = core.as_ocpp_time(expiry)
    return info


def energy_of(sampled: list[dict[str, Any]]) -> tuple[float | None, float | None, float | None]:
    """(Wh, A, V) of one meterValue's sampled values (the register in Wh or kWh)."""
    energy = current = voltage = None
    for value in sampled:
        measurand = value.get("measurand", "Energy.Active.Import.Register")
        try:
            number = float(value["value"])
        except (KeyError, ValueError):
            continue
        if measurand == "Energy.Active.Import.Register":
            unit = value.get("unit") or (value.get("unit_of_measure") or {}).get("unit")
            energy = number * 1000 if unit == "kWh" else number
        elif measurand == "Current.Import":
            current = number if current is None else max(current, number)
        elif measurand == "Voltage":
            voltage = number
    return energy, current, voltage


class ChargePoint16(GatewayLink, ChargePoint):
    version = "ocpp1.6"

    # --- from the charger ---------------------------------------------------------------------------

    @on(Action.boot_notification)
    async def on_boot(self, charge_point_vendor: str, charge_point_model: str, **kwargs: Any) -> Any:
        await db(core.charger_status, borne=self.borne, online=True, boot_id=self.next_boot(),
                 firmware=kwargs.get("firmware_version"))
        return call_result.BootNotification(current_time=core.as_ocpp_time(timezone.now()),
                                            interval=settings.OCPP_HEARTBEAT_SECONDS,
                                            status=RegistrationStatus.accepted)

    @after(Action.boot_notification)
    async def after_boot(self, **kwargs: Any) -> None:
        """Ask every connector's status now (TriggerMessage), so the inventory is filled at the boot."""
        await self.guarded(self.call(call.TriggerMessage(requested_message=MessageTrigger.status_notification)))

    @on(Action.heartbeat)
    async def on_heartbeat(self) -> Any:
        await db(core.charger_heartbeat, borne=self.borne)
        return call_result.Heartbeat(current_time=core.as_ocpp_time(timezone.now()))

    @on(Action.status_notification)
    async def on_status(self, connector_id: int, error_code: str, status: str, **kwargs: Any) -> Any:
        await db(core.connector_state, borne=self.borne, connector=connector_id, status=status,
                 error_code=error_code, seq=self.next_seq())
        return call_result.StatusNotification()

    @on(Action.authorize)
    async def on_authorize(self, id_tag: str) -> Any:
        result = await db(transactions.authorize, borne=self.borne, id_tag=id_tag)
        if not result.accepted:
            return call_result.Authorize(id_tag_info=id_tag_info(AuthorizationStatus.invalid))
        return call_result.Authorize(id_tag_info=id_tag_info(AuthorizationStatus.accepted, result.parent_id_tag,
                                                             result.expiry))

    @on(Action.start_transaction)
    async def on_start(self, connector_id: int, id_tag: str, meter_start: int, timestamp: str, **kwargs: Any) -> Any:
        started = await db(transactions.transaction_start, borne=self.borne, connector=connector_id, id_tag=id_tag,
                           meter_start=meter_start, started_at=core.parse_time(timestamp))
        status = AuthorizationStatus.accepted if started.accepted else AuthorizationStatus.invalid
        return call_result.StartTransaction(transaction_id=started.session_id, id_tag_info=id_tag_info(status))

    @on(Action.stop_transaction)
    async def on_stop(self, meter_stop: int, timestamp: str, transaction_id: int, **kwargs: Any) -> Any:
        await db(transactions.transaction_stop, borne=self.borne, transaction_id=str(transaction_id),
                 meter_stop=meter_stop, stopped_at=core.parse_time(timestamp))
        for meter_value in kwargs.get("transaction_data") or []:
            await self._sample(0, str(transaction_id), meter_value)
        return call_result.StopTransaction(id_tag_info=id_tag_info(AuthorizationStatus.accepted))

    @on(Action.meter_values)
    async def on_meter_values(self, connector_id: int, meter_value: list[dict[str, Any]], **kwargs: Any) -> Any:
        transaction_id = kwargs.get("transaction_id")
        for sample in meter_value:
            await self._sample(connector_id, str(transaction_id) if transaction_id else "", sample)
        return call_result.MeterValues()

    async def _sample(self, connector: int, transaction_id: str, sample: dict[str, Any]) -> None:
        energy, current, voltage = energy_of(sample.get("sampled_value") or [])
        if connector == 0:
            tx = await db(transactions.transaction_of, borne=self.borne, transaction_id=transaction_id)
            connector = tx.connector if tx is not None else 0
        await db(self.meter.sample, borne=self.borne, connector=connector, transaction_id=transaction_id,
                 at=core.parse_time(sample.get("timestamp")), energy_wh=energy, current=current, voltage=voltage)

    @on(Action.firmware_status_notification)
    async def on_firmware_status(self, status: str) -> Any:
        await db(core.firmware_status, borne=self.borne, status=status)
        return call_result.FirmwareStatusNotification()

    # --- to the charger -----------------------------------------------------------------------------

    async def send_command(self, command: core.Command) -> tuple[str, str]:
        if command.action == A.UNLOCK and command.session_id:
            result = await self.call(call.RemoteStartTransaction(id_tag=command.id_tag,
                                                                 connector_id=command.connector))
            return (CommandStatus.RECEIVED, "RemoteStartTransaction accepted") if accepted(result) else (
                CommandStatus.REJECTED, "RemoteStartTransaction rejected")
        if command.action == A.STOP_CHARGE and command.transaction_id.isdigit():
            result = await self.call(call.RemoteStopTransaction(transaction_id=int(command.transaction_id)))
            return (CommandStatus.RECEIVED, "RemoteStopTransaction accepted") if accepted(result) else (
                CommandStatus.REJECTED, "RemoteStopTransaction rejected")
        if command.action == A.REBOOT:
            result = await self.call(call.Reset(type=ResetType.soft))
            return (CommandStatus.DONE, "Reset accepted") if accepted(result) else (
                CommandStatus.REJECTED, "Reset rejected")
        if command.action == A.LOCK:
            return CommandStatus.DONE, "the charger locks its connector itself"
        return CommandStatus.REJECTED, f"{command.action} has no OCPP 1.6 equivalent"

    async def hold(self, hold: core.Hold) -> bool:
        return accepted(await self.call(call.ReserveNow(
            connector_id=hold.connector, expiry_date=core.as_ocpp_time(hold.expiry), id_tag=hold.id_tag,
            reservation_id=hold.reservation_id, parent_id_tag=hold.parent_id_tag,
        )))

    async def cancel_hold(self, reservation_id: int) -> bool:
        return accepted(await self.call(call.CancelReservation(reservation_id=reservation_id)))

    async def update_firmware(self, url: str, job_id: str) -> bool:
        await self.call(call.UpdateFirmware(location=url, retrieve_date=core.as_ocpp_time(timezone.now())))
        return True
