"""Boot and status fill the inventory; the handshake refuses a wrong password, an unknown identity."""

from __future__ import annotations

import asyncio

import pytest
import websockets
from websockets.exceptions import InvalidStatus

from api.models import Device, DeviceStatus, DeviceType, Emplacement
from api.ocpp.simulator import basic_auth
from tests.ocpp.conftest import VERSIONS, wait_until


@pytest.mark.parametrize("version", VERSIONS)
def test_boot_and_status_fill_the_inventory(charger, cabinet, version):
    borne, _ = cabinet
    sim = charger(version, connectors=3, firmware="2.1.0")
    devices = wait_until(lambda: list(Device.objects.filter(emplacement__borne=borne).order_by("emplacement__numero"))
                         if Device.objects.filter(emplacement__borne=borne).count() == 3 else None)
    assert [d.emplacement.numero for d in devices] == [1, 2, 3]
    assert {d.type_device for d in devices} == {DeviceType.OCPP}
    assert Emplacement.objects.filter(borne=borne).count() == 3  # the third bay came from the charger
    assert sim.got("TriggerMessage")
    wait_until(lambda: set(Device.objects.filter(emplacement__borne=borne).values_list("status", flat=True))
               == {DeviceStatus.ONLINE})
    assert set(Device.objects.filter(emplacement__borne=borne).values_list("firmware_version", flat=True)) <= {
        "2.1.0", ""}


@pytest.mark.parametrize("version", VERSIONS)
def test_close_marks_offline_and_reboot_marks_online(charger, loop, cabinet, version):
    borne, _ = cabinet
    sim = charger(version)
    wait_until(lambda: Device.objects.filter(emplacement__borne=borne, status=DeviceStatus.ONLINE).count() == 2)
    loop.run(sim.boot())  # the firmware reaches the devices that exist now
    wait_until(lambda: set(Device.objects.filter(emplacement__borne=borne).values_list("firmware_version", flat=True))
               == {"1.0.0"})
    loop.run(sim.close())
    wait_until(lambda: Device.objects.filter(emplacement__borne=borne, status=DeviceStatus.OFFLINE).count() == 2)
    charger(version)
    wait_until(lambda: Device.objects.filter(emplacement__borne=borne, status=DeviceStatus.ONLINE).count() == 2)


async def _handshake(url: str, identity: str, password: str | None, subprotocol: str = "ocpp1.6") -> None:
    headers = {"Authorization": basic_auth(identity, password)} if password is not None else {}
    ws = await websockets.connect(f"{url}/{identity}", subprotocols=[subprotocol],  # type: ignore[list-item]
                                  additional_headers=headers, open_timeout=5)
    await ws.close()


async def _other_user(url: str, identity: str, password: str) -> None:
    """The Basic user must be the identity of the URL."""
    ws = await websockets.connect(f"{url}/{identity}", subprotocols=["ocpp1.6"],  # type: ignore[list-item]
                                  additional_headers={"Authorization": basic_auth("CP-else", password)})
    await ws.close()


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("case", ["wrong_password", "unknown_identity", "no_auth", "other_identity"])
def test_handshake_refused(gateway, loop, cabinet, case, version):
    borne, password = cabinet
    identity, url = borne.ocpp_identity or "", gateway.url
    make = {
        "wrong_password": lambda: _handshake(url, identity, password + "x", version),
        "unknown_identity": lambda: _handshake(url, "CP-nobody", password, version),
        "no_auth": lambda: _handshake(url, identity, None, version),
        "other_identity": lambda: _other_user(url, identity, password),
    }[case]
    with pytest.raises(InvalidStatus) as info:
        loop.run(make())
    assert info.value.response.status_code == 401
    assert not Device.objects.filter(emplacement__borne=borne).exists()
    assert gateway.gateway.metrics["refused"] == 1


def test_right_password_connects_and_a_rotated_one_stops_working(gateway, loop, cabinet):
    from api.services.ocpp import borne_ocpp_enable

    borne, password = cabinet
    loop.run(_handshake(gateway.url, borne.ocpp_identity or "", password))
    borne_ocpp_enable(borne=borne, identity=borne.ocpp_identity or "", actor=None, ip=None)
    with pytest.raises(InvalidStatus):
        loop.run(_handshake(gateway.url, borne.ocpp_identity or "", password))


@pytest.mark.parametrize("version", VERSIONS)
def test_garbage_and_invalid_payloads_change_nothing_and_keep_the_connection(gateway, loop, cabinet, charger,
                                                                             version):
    borne, _ = cabinet
    sim = charger(version)
    wait_until(lambda: Device.objects.filter(emplacement__borne=borne).count() == 2)
    before = list(Device.objects.filter(emplacement__borne=borne).values_list("pk", "status", "last_state_seq"))
    ws = sim._connection

    async def abuse() -> list[str]:
        answers = []
        for frame in ['[2, "h0", "Heartbeat", {}]', 'not json', '[2, "1", "Heartbeat"', '[2, "a1", "NoSuchAction", {}]',
                      '[2, "a2", "StatusNotification", {"connectorId": "x", "status": "Charging"}]',
                      '[2, "a3", "StartTransaction", {"connectorId": 1}]',
                      '[2, "a4", "StatusNotification", {"connectorId": 1, "errorCode": "NoError", "status": "Nope"}]']:
            await ws.send(frame)
        await asyncio.sleep(0.5)
        return answers

    sim._connection = _Tap(ws, sim)
    loop.run(abuse())
    errors = {m.split('"')[1] for m in sim._connection.seen if m.startswith("[4,")}
    assert errors == {"a1", "a2", "a3", "a4"}  # a CallError for each call; unparseable frames are dropped
    assert list(Device.objects.filter(emplacement__borne=borne).values_list("pk", "status", "last_state_seq")) == before
    loop.run(sim.heartbeat())  # the connection is kept


class _Tap:
    """Wraps the charger's connection to see what the gateway sends back."""

    def __init__(self, ws, sim):  # type: ignore[no-untyped-def]
        self.ws, self.sim, self.seen = ws, sim, []

    async def send(self, message):  # type: ignore[no-untyped-def]
        await self.ws.send(message)

    async def recv(self):  # type: ignore[no-untyped-def]
        message = await self.ws.recv()
        self.seen.append(message)
        return message

    async def close(self, *args):  # type: ignore[no-untyped-def]
        await self.ws.close(*args)


def test_charger_reconnecting_in_a_loop_ends_online_once(charger, loop, cabinet, gateway):
    borne, _ = cabinet
    for _ in range(5):
        sim = charger("ocpp1.6")
        loop.run(sim.close())
    last = charger("ocpp1.6")
    wait_until(lambda: Device.objects.filter(emplacement__borne=borne, status=DeviceStatus.ONLINE).count() == 2)
    loop.run(last.heartbeat())
    wait_until(lambda: gateway.gateway.metrics["connections"] == 1)
    assert Device.objects.filter(emplacement__borne=borne).count() == 2
