"""Reservations held at the charger, firmware updates, resets, a charger that never answers, restarts."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from django.utils import timezone

from api.models import ChargeSessionState, CommandStatus, Device, DeviceCommandLog, FirmwareUpdateStatus, Session
from api.ocpp.core import as_ocpp_time
from api.ocpp.server import GatewayThread
from api.services import devices, reservations, sweeps, terminal
from api.services.ocpp import reservation_tag, user_group_tag
from tests.kiosk.conftest import book_now
from tests.ocpp.conftest import VERSIONS, ready, wait_until

S = ChargeSessionState


@pytest.mark.parametrize("version", VERSIONS)
def test_reservation_becomes_reserve_now_before_its_slot_and_cancel_reservation_when_cancelled(
        charger, cabinet, version):
    borne, sim = ready(charger, cabinet, version)
    soon = timezone.now().replace(microsecond=0) + timedelta(minutes=3)
    later = soon + timedelta(hours=2)  # beyond the lead time: not held yet
    reservation, _ = book_now(borne, mode="rfid", date_debut=soon)
    book_now(borne, mode="rfid", date_debut=later)
    held = wait_until(lambda: sim.got("ReserveNow"))
    assert len(held) == 1
    assert held[0]["reservation_id"] == reservation.pk
    assert held[0]["connector_id"] == 1
    assert held[0]["id_tag"] == reservation_tag(reservation)
    assert held[0]["parent_id_tag"] == user_group_tag(reservation.utilisateur_id)
    assert held[0]["expiry_date"] == as_ocpp_time(soon + timedelta(minutes=15))  # start + no-show grace
    reservations.reservation_cancel(reservation=reservation, actor=reservation.utilisateur, by_admin=True)
    cancelled = wait_until(lambda: sim.got("CancelReservation"))
    assert cancelled == [{"reservation_id": reservation.pk}]
    assert len(sim.got("ReserveNow")) == 1  # held once


@pytest.mark.parametrize("version", VERSIONS)
def test_ota_followed_to_the_new_firmware_on_the_next_boot(charger, loop, cabinet, version):
    borne, sim = ready(charger, cabinet, version)
    device = Device.objects.get(emplacement__borne=borne, emplacement__numero=1)
    devices.device_schedule_ota(device=device, ota_target_version="2.0.0",
                                ota_update_url="https://fw.example.com/cp-2.0.0.bin", sha256="a" * 64)
    wait_until(lambda: sim.got("UpdateFirmware"))
    wait_until(lambda: Device.objects.get(pk=device.pk).firmware_update_status == FirmwareUpdateStatus.UPDATING)
    wait_until(lambda: sim.firmware == "2.0.0")  # installed, waiting for its reboot
    loop.run(sim.boot())  # the charger reboots into the new firmware
    wait_until(lambda: Device.objects.get(pk=device.pk).firmware_update_status == FirmwareUpdateStatus.UP_TO_DATE)
    device.refresh_from_db()
    assert device.firmware_version == "2.0.0"
    assert device.ota_completed_at is not None
    assert len(sim.got("UpdateFirmware")) == 1


@pytest.mark.parametrize("version", VERSIONS)
def test_reboot_command_becomes_reset(charger, cabinet, version):
    borne, sim = ready(charger, cabinet, version)
    device = Device.objects.select_related("emplacement__borne").get(emplacement__borne=borne, emplacement__numero=2)
    log = devices.device_command_send(device=device, action="reboot")
    wait_until(lambda: DeviceCommandLog.objects.get(pk=log.pk).status == CommandStatus.DONE)
    assert sim.got("Reset") == [{"type": "Soft" if version == "ocpp1.6" else "OnIdle"}]


def test_charger_that_never_answers_fails_the_command_after_its_ttl(charger, loop, cabinet):
    borne, sim = ready(charger, cabinet, "ocpp1.6")
    reservation, code = book_now(borne, mode="code")

    def silent(*args, **kwargs):  # type: ignore[no-untyped-def]
        return asyncio.sleep(3600)

    sim.route_map["RemoteStartTransaction"]["_on_action"] = silent
    opened = terminal.terminal_authenticate(borne=borne, method="code", value=code)
    log = DeviceCommandLog.objects.get(session=opened.session, action="unlock")
    wait_until(lambda: DeviceCommandLog.objects.get(pk=log.pk).status == CommandStatus.SENT)
    DeviceCommandLog.objects.filter(pk=log.pk).update(timestamp=timezone.now() - timedelta(seconds=120))
    assert sweeps.sweep_command_expire() == 1
    assert DeviceCommandLog.objects.get(pk=log.pk).status == CommandStatus.FAILED
    assert Session.objects.get(pk=opened.session.pk).charge_state == S.ERROR


def test_gateway_restarted_mid_session_the_session_continues(transactional_db, loop, cabinet):
    borne, password = cabinet
    from api.ocpp.simulator import connect

    first = GatewayThread(host="127.0.0.1", port=0, tick_s=0.2).start()
    sim = loop.run(connect(first.url, borne.ocpp_identity or "", password))
    wait_until(lambda: Device.objects.filter(emplacement__borne=borne).count() == 2)
    reservation, uid = book_now(borne, mode="rfid")
    loop.run(sim.start_tx(1, uid))
    loop.run(sim.charge(1))
    loop.run(sim.meter(1, add_wh=1000))
    session = Session.objects.get(reservation=reservation)
    wait_until(lambda: Session.objects.get(pk=session.pk).charge_state == S.CHARGING)
    first.stop()
    second = GatewayThread(host="127.0.0.1", port=0, tick_s=0.2).start()
    try:
        tx = sim.transactions[1]
        sim2 = loop.run(connect(second.url, borne.ocpp_identity or "", password))
        sim2.transactions[1], sim2.meter_wh[1] = tx, sim.meter_wh[1]
        loop.run(sim2.meter(1, add_wh=1000))
        loop.run(sim2.stop_tx(1))
        session.refresh_from_db()
        assert session.charge_state == S.STOPPED
        assert session.energie_kwh == pytest.approx(2.0)
        loop.run(sim2.close())
    finally:
        second.stop()


def test_second_connection_of_the_same_identity_replaces_the_first(charger, loop, cabinet, gateway):
    borne, sim = ready(charger, cabinet, "ocpp1.6")
    newer = charger("ocpp1.6")
    wait_until(lambda: sim._connection.state.name == "CLOSED")
    loop.run(newer.heartbeat())
    assert gateway.gateway.links[borne.ocpp_identity] is not None
    assert Device.objects.filter(emplacement__borne=borne, status="online").count() == 2
