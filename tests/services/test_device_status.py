"""`device_status_report`: a birth or a last will read before a newer boot was recorded never wins over it; a
birth is applied whole, in one transaction, or not at all.

The OCPP gateway reports a replaced connection's `offline` while its successor reports `online`, each from
its own database thread (and two MQTT workers can do the same with a will and a birth): the check of the
boot id and the move must be one conditional update, whatever the caller read before.
"""

from __future__ import annotations

import pytest
from django.db import DatabaseError
from django.utils import timezone

from api.models import Device, DeviceStatus, FirmwareUpdateStatus
from api.mqtt.schemas import StatusPayload
from api.services import device_messages
from api.services.device_messages import device_status_report
from api.services.devices import device_schedule_ota
from tests import factories

pytestmark = pytest.mark.django_db


def status(state: str, boot_id: int) -> StatusPayload:
    return StatusPayload(state=state, boot_id=boot_id, ts=timezone.now())  # type: ignore[arg-type]


def test_an_offline_read_before_a_newer_boot_was_recorded_is_stale() -> None:
    device = factories.DeviceFactory(status=DeviceStatus.ONLINE, boot_id=100)
    read_by_the_closing_connection = Device.objects.get(pk=device.pk)
    assert device_status_report(device=Device.objects.get(pk=device.pk), payload=status("online", 200)) == "online"

    assert device_status_report(device=read_by_the_closing_connection, payload=status("offline", 100)) == "stale"

    device.refresh_from_db()
    assert (device.status, device.boot_id) == (DeviceStatus.ONLINE, 200)


def test_the_offline_of_the_current_boot_marks_the_device_offline_and_a_repeat_changes_nothing() -> None:
    device = factories.DeviceFactory(status=DeviceStatus.ONLINE, boot_id=100)

    assert device_status_report(device=Device.objects.get(pk=device.pk), payload=status("offline", 100)) == "offline"
    assert device_status_report(device=Device.objects.get(pk=device.pk), payload=status("offline", 100)) == "offline"

    device.refresh_from_db()
    assert (device.status, device.boot_id) == (DeviceStatus.OFFLINE, 100)


def test_an_offline_of_a_later_boot_than_recorded_moves_the_boot_id() -> None:
    device = factories.DeviceFactory(status=DeviceStatus.OFFLINE, boot_id=100)

    assert device_status_report(device=Device.objects.get(pk=device.pk), payload=status("offline", 300)) == "offline"

    device.refresh_from_db()
    assert (device.status, device.boot_id) == (DeviceStatus.OFFLINE, 300)


def test_a_birth_read_before_an_ota_was_scheduled_is_recorded_with_its_firmware(settings) -> None:  # type: ignore[no-untyped-def]
    """The bridge keeps devices in memory: a birth handled with a copy read before an operator scheduled an
    OTA was refused as a stale transition, and its firmware version, address and `online` were lost."""
    settings.FIRMWARE_TARGET_VERSION = ""
    device = factories.DeviceFactory(status=DeviceStatus.OFFLINE, boot_id=None, firmware_version="")
    read_by_the_bridge = Device.objects.get(pk=device.pk)
    device_schedule_ota(device=Device.objects.get(pk=device.pk), ota_target_version="1.1.0",
                        ota_update_url="https://fw.example/1.1.0.bin", sha256="b" * 64)
    birth = StatusPayload(state="online", boot_id=1, ts=timezone.now(), firmware_version="1.0.0",  # type: ignore[arg-type]
                          ip_address="10.0.0.2")

    assert device_status_report(device=read_by_the_bridge, payload=birth) == "online"

    device.refresh_from_db()
    assert (device.status, device.firmware_version, device.ip_address) == (DeviceStatus.ONLINE, "1.0.0", "10.0.0.2")
    assert device.firmware_update_status == FirmwareUpdateStatus.UPDATE_SCHEDULED  # still on its way

    # the new firmware's birth, handled with the same old copy, completes the OTA
    rebooted = StatusPayload(state="online", boot_id=2, ts=timezone.now(), firmware_version="1.1.0")  # type: ignore[arg-type]
    assert device_status_report(device=read_by_the_bridge, payload=rebooted) == "online"
    device.refresh_from_db()
    assert (device.firmware_version, device.firmware_update_status) == ("1.1.0", FirmwareUpdateStatus.UP_TO_DATE)
    assert device.ota_completed_at is not None


def birth_with_mac(boot_id: int) -> StatusPayload:
    return StatusPayload(state="online", boot_id=boot_id, firmware_version="1.0.0", ip_address="10.0.0.7",  # type: ignore[arg-type]
                         mac_address="02:aa:bb:cc:dd:ee", ts=timezone.now())


@pytest.mark.django_db(transaction=True)
def test_a_birth_records_the_boot_the_firmware_and_the_mac() -> None:
    device = factories.DeviceFactory()
    assert device_status_report(device=device, payload=birth_with_mac(3)) == "online"
    device.refresh_from_db()
    assert (device.status, device.boot_id, device.firmware_version) == (DeviceStatus.ONLINE, 3, "1.0.0")
    assert (device.mac_address, device.ip_address) == ("02:AA:BB:CC:DD:EE", "10.0.0.7")


@pytest.mark.django_db(transaction=True)
def test_a_mac_another_device_holds_is_left_and_the_rest_of_the_birth_applies() -> None:
    holder = factories.DeviceFactory(mac_address="02:AA:BB:CC:DD:EE")
    device = factories.DeviceFactory()
    assert device_status_report(device=device, payload=birth_with_mac(4)) == "online"
    device.refresh_from_db()
    assert (device.status, device.boot_id, device.mac_address) == (DeviceStatus.ONLINE, 4, "")
    assert Device.objects.get(pk=holder.pk).mac_address == "02:AA:BB:CC:DD:EE"


@pytest.mark.django_db(transaction=True)
def test_a_birth_that_fails_half_way_leaves_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The MAC's write failing (the database gone after the status's) rolls the boot and firmware back too:
    no reader sees a boot recorded without the MAC it came with (the bridge's test read it in between)."""
    device = factories.DeviceFactory(status=DeviceStatus.OFFLINE)

    def lost(**_kwargs: object) -> None:
        raise DatabaseError("connection lost")

    monkeypatch.setattr(device_messages, "_record_mac", lost)
    with pytest.raises(DatabaseError):
        device_status_report(device=device, payload=birth_with_mac(5))
    device.refresh_from_db()
    assert (device.status, device.boot_id, device.firmware_version) == (DeviceStatus.OFFLINE, None, "")
