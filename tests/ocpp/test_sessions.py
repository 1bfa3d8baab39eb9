"""Badges at the charger's reader, kiosk openings as remote starts, energy at the end: both OCPP versions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management.base import CommandError
from django.utils import timezone

from api.management.commands.simulate_ocpp import offline_charge
from api.models import (
    AccessAttempt,
    AccessAttemptResult,
    ChargeSessionState,
    CommandStatus,
    Device,
    DeviceCommandLog,
    ReservationStatus,
    Session,
    SessionTelemetry,
)
from api.ocpp.simulator import OfflineCharge, OfflineQueue
from api.services import terminal
from tests.kiosk.conftest import book_now
from tests.ocpp.conftest import VERSIONS, ready, wait_until

S = ChargeSessionState


@pytest.mark.parametrize("version", VERSIONS)
def test_booked_driver_taps_a_linked_badge_and_the_session_runs_to_stopped(charger, loop, cabinet, version):
    borne, sim = ready(charger, cabinet, version)
    reservation, uid = book_now(borne, mode="rfid")
    assert loop.run(sim.authorize(uid)) == "Accepted"
    loop.run(sim.plug(1))
    status, _ = loop.run(sim.start_tx(1, uid))
    assert status == "Accepted"
    session = Session.objects.get(reservation=reservation)
    assert session.charge_state == S.WAITING_PLUG
    unlock = DeviceCommandLog.objects.get(session=session, action="unlock")
    assert unlock.status == CommandStatus.DONE  # the charger already let the car in
    loop.run(sim.charge(1))
    wait_until(lambda: Session.objects.get(pk=session.pk).charge_state == S.CHARGING)
    for _ in range(3):
        loop.run(sim.meter(1, add_wh=1500, current=20.0))
    wait_until(lambda: SessionTelemetry.objects.filter(session=session, energie_kwh__gt=0).count() == 3)
    loop.run(sim.stop_tx(1))
    session.refresh_from_db()
    assert session.charge_state == S.STOPPED
    assert session.energie_kwh == pytest.approx(4.5)
    assert session.end_time is not None
    reservation.refresh_from_db()
    assert reservation.statut == ReservationStatus.COMPLETED
    assert AccessAttempt.objects.filter(borne=borne, result=AccessAttemptResult.ACCEPTED).count() == 1
    loop.run(sim.close())  # the unlock command published on commit was not sent to the charger as a remote start
    assert not sim.got("RemoteStartTransaction") and not sim.got("RequestStartTransaction")


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("case", ["other_badge", "outside_window", "wrong_connector"])
def test_badges_refused(charger, loop, cabinet, version, case):
    borne, sim = ready(charger, cabinet, version)
    start = timezone.now() + (timedelta(hours=3) if case == "outside_window" else -timedelta(minutes=5))
    reservation, uid = book_now(borne, mode="rfid", date_debut=start.replace(microsecond=0))
    connector = 1
    if case == "other_badge":
        _, uid = book_now(borne, mode="rfid", date_debut=start.replace(microsecond=0) + timedelta(hours=5))
        uid = uid[:-1] + ("0" if uid[-1] != "0" else "1")  # a badge nobody linked
    if case == "wrong_connector":
        connector = 2
    else:
        assert loop.run(sim.authorize(uid)) == "Invalid"
    status, _ = loop.run(sim.start_tx(connector, uid))
    assert status == "Invalid"
    assert not Session.objects.filter(emplacement__borne=borne).exists()
    reservation.refresh_from_db()
    assert reservation.statut == ReservationStatus.CONFIRMED
    assert AccessAttempt.objects.filter(borne=borne, result=AccessAttemptResult.ACCEPTED).count() == 0


@pytest.mark.parametrize("version", VERSIONS)
def test_kiosk_code_opening_becomes_a_remote_start_and_follows_the_charger(charger, loop, cabinet, version):
    borne, sim = ready(charger, cabinet, version)
    reservation, code = book_now(borne, mode="code")
    opened = terminal.terminal_authenticate(borne=borne, method="code", value=code)
    remote = "RemoteStartTransaction" if version == "ocpp1.6" else "RequestStartTransaction"
    wait_until(lambda: sim.got(remote))
    assert sim.got(remote)[0]["connector_id"] == 1
    session = opened.session
    wait_until(lambda: Session.objects.get(pk=session.pk).charge_state == S.CHARGING)
    assert DeviceCommandLog.objects.get(session=session, action="unlock").status == CommandStatus.DONE
    loop.run(sim.meter(1, add_wh=2000))
    terminal.session_stop_request(session=Session.objects.get(pk=session.pk))
    wait_until(lambda: Session.objects.get(pk=session.pk).charge_state == S.STOPPED)
    assert DeviceCommandLog.objects.get(session=session, action="stop_charge").status == CommandStatus.DONE
    session.refresh_from_db()
    assert session.energie_kwh == pytest.approx(2.0)
    assert len(sim.got(remote)) == 1  # acted on once, whatever the re-sends


@pytest.mark.parametrize("version", VERSIONS)
def test_offline_transaction_replayed_twice_is_stored_once(charger, loop, cabinet, version):
    borne, sim = ready(charger, cabinet, version)
    start = timezone.now().replace(microsecond=0) - timedelta(minutes=40)
    reservation, uid = book_now(borne, mode="rfid", date_debut=start)
    started_at = (start + timedelta(minutes=2)).isoformat().replace("+00:00", "Z")
    stopped_at = (start + timedelta(minutes=30)).isoformat().replace("+00:00", "Z")
    first = loop.run(sim.start_tx(1, uid, timestamp=started_at))
    tx = sim.transactions[1]
    sim.meter_wh[1] = 7000
    loop.run(sim.stop_tx(1, timestamp=stopped_at))
    sim.transactions[1] = tx  # the charger replays the same story after another reconnect
    second = loop.run(sim.start_tx(1, uid, timestamp=started_at))
    assert first[0] == second[0] == "Accepted"
    if version == "ocpp1.6":
        assert first[1] == second[1]
    sim.transactions[1] = tx
    loop.run(sim.stop_tx(1, timestamp=stopped_at))
    assert Session.objects.filter(emplacement__borne=borne).count() == 1
    session = Session.objects.get(reservation=reservation)
    assert session.charge_state == S.STOPPED
    assert session.energie_kwh == pytest.approx(7.0)
    assert session.start_time.isoformat().startswith(started_at[:19])


@pytest.mark.parametrize("version", VERSIONS)
def test_faulted_connector_ends_the_session_in_error(charger, loop, cabinet, version):
    borne, sim = ready(charger, cabinet, version)
    reservation, uid = book_now(borne, mode="rfid")
    loop.run(sim.start_tx(1, uid))
    loop.run(sim.status(1, "Faulted", error_code="GroundFailure"))
    session = Session.objects.get(reservation=reservation)
    wait_until(lambda: Session.objects.get(pk=session.pk).charge_state == S.ERROR)
    assert Device.objects.get(emplacement__borne=borne, emplacement__numero=1).status == "error"


@pytest.mark.parametrize("version", VERSIONS)
def test_offline_queue_sent_again_after_a_reconnect_is_stored_once(charger, loop, cabinet, version):
    """simulate_ocpp's offline charges: the queue is sent on connecting; a charger that lost the connection
    before it saw the answers sends the same charge again, whole, on the next connection."""
    borne, first = ready(charger, cabinet, version)
    start = timezone.now().replace(microsecond=0) - timedelta(minutes=40)
    reservation, uid = book_now(borne, mode="rfid", date_debut=start)
    charge = OfflineCharge(connector=1, tag=uid, started=start + timedelta(minutes=1),
                           stopped=start + timedelta(minutes=31), wh=3700)
    assert loop.run(OfflineQueue([charge]).send(first)) == ["Accepted"]
    loop.run(first.close())
    again = charger(version)  # the answers never reached the charger: it still holds the charge
    assert loop.run(OfflineQueue([charge]).send(again)) == ["Accepted"]
    session = Session.objects.get(reservation=reservation)
    assert Session.objects.filter(emplacement__borne=borne).count() == 1
    assert session.charge_state == S.STOPPED
    assert session.energie_kwh == pytest.approx(3.7)
    assert session.start_time == charge.started


def test_offline_charge_option_is_parsed_or_refused_in_words():
    charge = offline_charge("04A1B2C3:2:45")
    assert (charge.tag, charge.connector, charge.wh) == ("04A1B2C3", 2, 4933)
    assert charge.stopped - charge.started == timedelta(minutes=40)
    for bad in ("", "04A1:x", "04A1:0", "04A1:1:3"):
        with pytest.raises(CommandError, match="--offline-charge"):
            offline_charge(bad)
