"""The kiosk's reads: its own cabinet, and a session of it followed live (another cabinet's is 404)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
from django.forms.models import model_to_dict
from django.test import override_settings
from django.utils import timezone

from api.models import ChargeSessionState, DeviceCommandLog, Session, SessionTelemetry
from api.services.terminal_keys import terminal_key_revoke
from tests import factories
from tests.conftest import client_for
from tests.kiosk.conftest import book_now, kiosk_client, make_cabinet

pytestmark = pytest.mark.django_db


def _session(cabinet, state=ChargeSessionState.CHARGING, **kwargs):  # type: ignore[no-untyped-def]
    reservation, _ = book_now(cabinet, "code")
    return factories.SessionFactory(reservation=reservation, charge_state=state, **kwargs)


def _snapshot() -> list[dict]:
    return [model_to_dict(row) for row in Session.objects.order_by("pk")] + [
        {"telemetry": SessionTelemetry.objects.count(), "commands": DeviceCommandLog.objects.count()}]


def test_a_charging_session_with_its_latest_telemetry_and_command(cabinet):
    kiosk, _ = kiosk_client(cabinet)
    session = _session(cabinet)
    now = timezone.now().replace(microsecond=0)
    SessionTelemetry.objects.create(session=session, courant=15.0, tension=230.0, energie_kwh=1.0,
                                    timestamp=now - timedelta(seconds=20), seq=1)
    SessionTelemetry.objects.create(session=session, courant=16.0, tension=231.0, energie_kwh=1.25,
                                    timestamp=now - timedelta(seconds=10), seq=2)
    command = DeviceCommandLog.objects.create(device=cabinet.emplacements.get().device, session=session,
                                              command_id=uuid.uuid4(), action="unlock", status="done")
    before = _snapshot()
    response = kiosk.get(f"/api/terminal/sessions/{session.pk}/")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["id_session"] == session.pk and body["charge_state"] == "charging"
    assert body["reference_code"] == session.reservation.reference_code and body["emplacement_numero"] == 1
    assert (body["courant"], body["tension"], body["energie_kwh"]) == (16.0, 231.0, 1.25)
    assert body["puissance_kw"] == pytest.approx(16.0 * 231.0 / 1000)
    assert body["telemetry"]["seq"] == 2 and body["plug_deadline"] is None and body["end_time"] is None
    assert body["last_command"]["command_id"] == str(command.command_id)
    assert body["last_command"]["status"] == "done"
    assert _snapshot() == before


@override_settings(SESSION_PLUG_TIMEOUT_SECONDS=300)
def test_waiting_for_the_plug_gives_the_deadline_and_no_power(cabinet):
    kiosk, _ = kiosk_client(cabinet)
    changed = timezone.now().replace(microsecond=0)
    session = _session(cabinet, ChargeSessionState.WAITING_PLUG, charge_state_updated_at=changed)
    body = kiosk.get(f"/api/terminal/sessions/{session.pk}/").json()
    assert body["charge_state"] == "waiting_plug"
    assert datetime.fromisoformat(body["plug_deadline"]) == changed + timedelta(seconds=300)
    assert body["telemetry"] is None and body["courant"] is None and body["puissance_kw"] is None
    assert body["energie_kwh"] is None and body["last_command"] is None


def test_a_stopped_session_keeps_its_energy_and_end(cabinet):
    kiosk, _ = kiosk_client(cabinet)
    end = timezone.now().replace(microsecond=0)
    session = _session(cabinet, ChargeSessionState.STOPPED, energie_kwh=7.5, end_time=end)
    body = kiosk.get(f"/api/terminal/sessions/{session.pk}/").json()
    assert body["energie_kwh"] == 7.5 and body["end_time"] is not None and body["plug_deadline"] is None


def test_unknown_or_malformed_ids_are_404(cabinet):
    kiosk, _ = kiosk_client(cabinet)
    assert kiosk.get("/api/terminal/sessions/999999/").status_code == 404
    assert kiosk.get("/api/terminal/sessions/abc/").status_code == 404


def test_another_cabinets_session_is_404_to_read_and_to_stop(cabinet):
    kiosk, _ = kiosk_client(cabinet)
    foreign = _session(make_cabinet())
    before = _snapshot()
    assert kiosk.get(f"/api/terminal/sessions/{foreign.pk}/").status_code == 404
    assert kiosk.post(f"/api/terminal/sessions/{foreign.pk}/stop/").status_code == 404
    assert _snapshot() == before


def test_no_key_a_revoked_key_or_a_user_is_401(cabinet, user, api_client):
    kiosk, _ = kiosk_client(cabinet)
    session = _session(cabinet)
    url = f"/api/terminal/sessions/{session.pk}/"
    before = _snapshot()
    assert api_client.get(url).status_code == 401
    assert api_client.get("/api/terminal/cabinet/").status_code == 401
    assert client_for(user).get(url).status_code == 401
    rotated, _ = kiosk_client(cabinet)  # a new key replaces the first one
    assert kiosk.get(url).status_code == 401
    terminal_key_revoke(borne=cabinet, actor=None, ip=None)
    assert rotated.get(url).status_code == 401 and rotated.get("/api/terminal/cabinet/").status_code == 401
    assert _snapshot() == before


def test_the_cabinet_names_its_station_and_bays_with_their_open_session():
    cabinet = make_cabinet()
    second = factories.EmplacementFactory(borne=cabinet, station=cabinet.station, numero=2)
    factories.DeviceFactory(emplacement=second)
    kiosk, _ = kiosk_client(cabinet)
    session = _session(cabinet, ChargeSessionState.WAITING_PLUG)
    body = kiosk.get("/api/terminal/cabinet/").json()
    assert body["borne"]["id_borne"] == cabinet.pk and body["station"]["nom"] == cabinet.station.nom
    assert [(bay["numero"], bay["open_session"]) for bay in body["emplacements"]] == [(1, session.pk), (2, None)]
    assert body["plug_timeout_seconds"] > 0 and body["early_access_minutes"] >= 0 and body["offline_cache_hours"] > 0


def test_an_id_beyond_the_database_integer_range_is_404(cabinet):
    kiosk, _ = kiosk_client(cabinet)
    assert kiosk.get(f"/api/terminal/sessions/{2**70}/").status_code == 404
    assert kiosk.post(f"/api/terminal/sessions/{2**70}/stop/").status_code == 404
