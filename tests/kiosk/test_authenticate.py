"""terminal_authenticate and terminal_stop_session over HTTP (commands recorded; broker tests elsewhere)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from api.models import (
    AccessAttempt,
    ChargeSessionState,
    CommandAction,
    DeviceCommandLog,
    EmplacementStatus,
    JournalSecurite,
    ReservationStatus,
    Session,
)
from tests import factories
from tests.conftest import client_for
from tests.kiosk.conftest import book_now, kiosk_client, make_cabinet

pytestmark = pytest.mark.django_db
URL = "/api/terminal/authenticate/"


@pytest.mark.parametrize("mode", ["code", "qr", "rfid"])
def test_each_credential_opens_a_session(cabinet, kiosk, mode):
    reservation, secret = book_now(cabinet, mode)
    response = kiosk.post(URL, {"method": mode, "value": secret, "emplacement_numero": 1}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == {"id_session", "charge_state", "reference_code", "emplacement_numero", "command_id"}
    assert body["charge_state"] == "access_validated" and body["reference_code"] == reservation.reference_code
    session = Session.objects.get(pk=body["id_session"])
    reservation.refresh_from_db()
    assert reservation.statut == ReservationStatus.ACTIVE
    assert session.emplacement.statut == EmplacementStatus.OCCUPIED
    log = DeviceCommandLog.objects.get(command_id=body["command_id"])
    assert log.action == CommandAction.UNLOCK and log.session_id == session.pk
    attempt = AccessAttempt.objects.get()
    assert (attempt.result, attempt.method, attempt.reservation_id, attempt.utilisateur_id) == (
        "accepted", mode, reservation.pk, reservation.utilisateur_id)
    entry = JournalSecurite.objects.get(action="terminal.authenticate")
    assert secret not in str(entry.details)


def test_a_used_code_is_409_and_nothing_more_is_opened(cabinet, kiosk):
    _reservation, secret = book_now(cabinet, "code")
    assert kiosk.post(URL, {"method": "code", "value": secret}, format="json").status_code == 201
    for _ in range(6):  # a genuine credential re-presented is not a guess: no 429
        again = kiosk.post(URL, {"method": "code", "value": secret}, format="json")
        assert again.status_code == 409 and again.json()["reason"] == "credential_used"
    assert Session.objects.count() == 1 and DeviceCommandLog.objects.count() == 1


@pytest.mark.parametrize("case, status, reason", [
    ("unknown", 403, "invalid_credential"),
    ("other_cabinet", 403, "wrong_cabinet"),
    ("revoked", 403, "revoked_credential"),
    ("cancelled", 409, "reservation_not_confirmed"),
    ("early", 409, "outside_window"),
    ("wrong_bay", 403, "wrong_bay"),
])
def test_refusals_change_nothing_and_are_recorded(cabinet, kiosk, case, status, reason):
    from api.services.credentials import temporary_credential_revoke

    start = timezone.now() + timedelta(hours=2) if case == "early" else None
    extra = {"date_debut": start} if start else {}
    reservation, secret = book_now(make_cabinet() if case == "other_cabinet" else cabinet, "code", **extra)
    if case == "revoked":
        temporary_credential_revoke(reservation=reservation)
    if case == "cancelled":
        type(reservation).objects.filter(pk=reservation.pk).update(statut=ReservationStatus.CANCELLED)
    body = {"method": "code", "value": "00000000" if case == "unknown" else secret}
    if case == "wrong_bay":
        body["emplacement_numero"] = 7
    response = kiosk.post(URL, body, format="json")
    assert response.status_code == status and response.json()["reason"] == reason
    assert Session.objects.count() == 0 and DeviceCommandLog.objects.count() == 0
    reservation.refresh_from_db()
    assert reservation.statut in (ReservationStatus.CONFIRMED, ReservationStatus.CANCELLED)
    attempt = AccessAttempt.objects.get()
    assert attempt.result == "refused" and attempt.reason == reason
    assert JournalSecurite.objects.filter(action="terminal.authenticate", statut="failure").count() == 1


@override_settings(KIOSK_MAX_FAILURES=5, KIOSK_FAILURE_WINDOW_MINUTES=15)
def test_brute_force_limit_is_429_with_retry_after_and_per_kiosk(cabinet, kiosk):
    for _ in range(5):
        assert kiosk.post(URL, {"method": "code", "value": "12345678"}, format="json").status_code == 403
    reservation, secret = book_now(cabinet, "code")
    blocked = kiosk.post(URL, {"method": "code", "value": secret}, format="json")
    assert blocked.status_code == 429
    assert 0 < int(blocked["Retry-After"]) <= 15 * 60
    assert Session.objects.count() == 0
    other_kiosk = kiosk_client(make_cabinet())[0]
    assert other_kiosk.post(URL, {"method": "code", "value": "1"}, format="json").status_code == 403
    # the oldest failure leaves the window: allowed again (counted from the database rows)
    oldest = AccessAttempt.objects.filter(borne=cabinet, reason="invalid_credential").order_by("created_at")[0]
    AccessAttempt.objects.filter(pk=oldest.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    assert kiosk.post(URL, {"method": "code", "value": secret}, format="json").status_code == 201


@override_settings(KIOSK_MAX_FAILURES=5, KIOSK_FAILURE_WINDOW_MINUTES=15)
def test_failing_equipment_never_locks_genuine_drivers_out(kiosk, cabinet):
    """A bay without a device refuses ten genuine codes with 503, never 429; ten unknown codes still lock."""
    from api.models import Device

    Device.objects.filter(emplacement__borne=cabinet).delete()
    for _ in range(10):
        _reservation, secret = book_now(cabinet, "code")
        response = kiosk.post(URL, {"method": "code", "value": secret}, format="json")
        assert response.status_code == 503 and response.json()["code"] == "device_unavailable"
        type(_reservation).objects.filter(pk=_reservation.pk).delete()
    assert not AccessAttempt.objects.filter(counted=True).exists()
    statuses = [kiosk.post(URL, {"method": "code", "value": f"{n:08d}"}, format="json").status_code
                for n in range(10)]
    assert statuses == [403] * 5 + [429] * 5


@pytest.mark.parametrize("body", [{}, {"method": "nfc", "value": "x"}, {"method": "code"},
                                  {"method": "code", "value": "1", "emplacement_numero": "a"}])
def test_invalid_input_is_400(kiosk, body):
    response = kiosk.post(URL, body, format="json")
    assert response.status_code == 400
    assert AccessAttempt.objects.count() == 0


def test_wrong_actors(cabinet, user):
    _reservation, secret = book_now(cabinet, "code")
    body = {"method": "code", "value": secret}
    from rest_framework.test import APIClient

    assert APIClient().post(URL, body, format="json").status_code == 401
    assert client_for(user).post(URL, body, format="json").status_code == 401
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Terminal nope")
    assert bad.post(URL, body, format="json").status_code == 401
    assert Session.objects.count() == 0


def test_stop_session_and_its_wrong_actors(cabinet, kiosk, user):
    reservation, secret = book_now(cabinet, "code")
    opened = kiosk.post(URL, {"method": "code", "value": secret}, format="json").json()
    url = f"/api/terminal/sessions/{opened['id_session']}/stop/"
    other = kiosk_client(make_cabinet())[0]
    assert other.post(url).status_code == 404
    assert client_for(user).post(url).status_code == 401
    assert Session.objects.get().charge_state == ChargeSessionState.ACCESS_VALIDATED
    response = kiosk.post(url)
    assert response.status_code == 200 and response.json()["charge_state"] == "stopping"
    assert DeviceCommandLog.objects.filter(action=CommandAction.STOP_CHARGE).count() == 1
    again = kiosk.post(url)
    assert again.status_code == 409
    assert kiosk.post("/api/terminal/sessions/999999/stop/").status_code == 404
    assert DeviceCommandLog.objects.filter(action=CommandAction.STOP_CHARGE).count() == 1


def test_admin_sessions(admin_client, user_client, cabinet, kiosk):
    _reservation, secret = book_now(cabinet, "code")
    kiosk.post(URL, {"method": "code", "value": secret}, format="json")
    done = factories.SessionFactory(charge_state=ChargeSessionState.STOPPED, energie_kwh=3.5)
    body = admin_client.get("/api/admin/sessions/").json()
    assert [item["charge_state"] for item in body["active"]] == ["access_validated"]
    assert body["archived"][0]["id_session"] == done.pk and body["archived"][0]["energie_kwh"] == 3.5
    assert set(body["archived"][0]) == {"id_session", "reference_code", "emplacement", "station_nom", "charge_state",
                                        "start_time", "end_time", "energie_kwh"}
    page = admin_client.get("/api/admin/sessions/?scope=archived&page=1").json()
    assert page["count"] == 1
    assert admin_client.get("/api/admin/sessions/?scope=nope").status_code == 400
    assert admin_client.get("/api/admin/sessions/?station=x").status_code == 400
    assert admin_client.get(f"/api/admin/sessions/?station={2**63}").status_code == 400  # was 500 on SQLite
    assert admin_client.get("/api/admin/sessions/?charge_state=flying").status_code == 400
    assert admin_client.get(f"/api/admin/sessions/?station={done.emplacement.station_id}").json()["active"] == []
    assert user_client.get("/api/admin/sessions/").status_code == 403
    assert kiosk.get("/api/admin/sessions/").status_code in (401, 403)


def test_authentication_statement_budget(cabinet, kiosk, django_assert_max_num_queries):
    """The kiosk path's SQL is bounded (benchmark 1, docs/benchmarks.md: 31 statements before, of which 6
    savepoint statements and 4 re-reads; then 18, then 13): the key with the failure limit (and its
    `last_used_at`, at most once a minute), the credential with its reservation, bay and device, the
    consumption, then on PostgreSQL the bay, the session, the command and its device mirror in one statement
    (`api.services.opening`; SQLite: the ORM's six), the attempt with its journal line (one query string on
    PostgreSQL; SQLite: two) (the publication, marked `sent` after the commit, is not run inside this test's
    transaction; the test's own transaction adds a savepoint and its release)."""
    _reservation, secret = book_now(cabinet, "code")
    with django_assert_max_num_queries(8 if connection.vendor == "postgresql" else 14):
        response = kiosk.post(URL, {"method": "code", "value": secret, "emplacement_numero": 1}, format="json")
    assert response.status_code == 201


def test_the_bay_move_serializes_openings_and_a_refusal_undoes_it(cabinet, kiosk):
    """The bay's move to `occupe` is the lock of an opening; a bay that cannot move is locked by a read."""
    from api.models import Emplacement

    bay = cabinet.emplacements.get()
    earlier = timezone.now().replace(microsecond=0) - timedelta(hours=3)
    first, _first_secret = book_now(cabinet, "code", date_debut=earlier)  # its driver is still charging
    running = factories.SessionFactory(reservation=first, emplacement=bay, charge_state=ChargeSessionState.CHARGING)
    reservation, secret = book_now(cabinet, "code")
    # A refusal after the move (the bay in use) rolls the move back: the bay keeps its status.
    Emplacement.objects.filter(pk=bay.pk).update(statut=EmplacementStatus.AVAILABLE)
    refused = kiosk.post(URL, {"method": "code", "value": secret}, format="json")
    assert refused.status_code == 409 and refused.json()["reason"] == "bay_in_use"
    assert Emplacement.objects.get(pk=bay.pk).statut == EmplacementStatus.AVAILABLE
    # A bay that cannot move (`occupe`) is locked by a read: still refused while the charge runs.
    Emplacement.objects.filter(pk=bay.pk).update(statut=EmplacementStatus.OCCUPIED)
    assert kiosk.post(URL, {"method": "code", "value": secret}, format="json").json()["reason"] == "bay_in_use"
    reservation.refresh_from_db()
    assert reservation.statut == ReservationStatus.CONFIRMED and reservation.authentification.is_active
    # The charge ended in error with the bay still `occupe`: the opening goes through the locking read.
    Session.objects.filter(pk=running.pk).update(charge_state=ChargeSessionState.ERROR)
    assert kiosk.post(URL, {"method": "code", "value": secret}, format="json").status_code == 201
    assert Emplacement.objects.get(pk=bay.pk).statut == EmplacementStatus.OCCUPIED
