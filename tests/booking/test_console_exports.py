"""(ext) CSV exports of reservations and sessions: format, filters, scope, streaming, bad input, refusals."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from django.http import StreamingHttpResponse
from django.utils import timezone

from api import models as m
from api.selectors.exports import RESERVATION_COLUMNS, SESSION_COLUMNS
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

ADMIN_RES = "/api/admin/reservations/export/"
ADMIN_SES = "/api/admin/sessions/export/"
TECH_RES = "/api/technician/reservations/export/"
TECH_SES = "/api/technician/sessions/export/"


def read_csv(response):  # type: ignore[no-untyped-def]
    assert response.status_code == 200, getattr(response, "content", b"")
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    text = raw.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    """Two stations; at the first, an upcoming, an archived and a cancelled reservation, two sessions."""
    mine = factories.StationFactory(nom="Gare de Lyon – Été")
    theirs = factories.StationFactory()
    bay = factories.EmplacementFactory(borne=factories.BorneFactory(station=mine))
    foreign_bay = factories.EmplacementFactory(borne=factories.BorneFactory(station=theirs))
    now = timezone.now().replace(microsecond=0)
    driver = factories.UtilisateurFactory(pseudo="=HYPERLINK(1)")
    upcoming = factories.ReservationFactory(emplacement=bay, utilisateur=driver)
    archived = factories.ReservationFactory(emplacement=bay, statut=m.ReservationStatus.COMPLETED,
                                            date_debut=now - timedelta(days=2),
                                            date_fin=now - timedelta(days=2, hours=-1))
    cancelled = factories.ReservationFactory(emplacement=bay, statut=m.ReservationStatus.CANCELLED,
                                             date_debut=now - timedelta(days=1), date_fin=now - timedelta(hours=23),
                                             cancelled_at=now - timedelta(days=3), cancel_reason="no_show")
    foreign = factories.ReservationFactory(emplacement=foreign_bay)
    stopped = factories.SessionFactory(reservation=archived, charge_state=m.ChargeSessionState.STOPPED,
                                       start_time=now - timedelta(days=2), end_time=now - timedelta(days=2, hours=-1),
                                       energie_kwh=12.5, max_courant=31.0, telemetry_count=42)
    charging = factories.SessionFactory(reservation=factories.ReservationFactory(
        emplacement=bay, statut=m.ReservationStatus.ACTIVE, date_debut=now - timedelta(minutes=10)),
        charge_state=m.ChargeSessionState.CHARGING, start_time=now - timedelta(minutes=5))
    foreign_session = factories.SessionFactory(reservation=factories.ReservationFactory(
        emplacement=foreign_bay, statut=m.ReservationStatus.ACTIVE, date_debut=now - timedelta(minutes=10)),
        charge_state=m.ChargeSessionState.CHARGING)
    technicien = factories.TechnicienFactory()
    factories.TechnicienStationFactory(technicien=technicien, station=mine, role=m.TechnicianStationRole.OBSERVATEUR)
    return {"mine": mine, "theirs": theirs, "upcoming": upcoming, "archived": archived, "cancelled": cancelled,
            "foreign": foreign, "stopped": stopped, "charging": charging, "foreign_session": foreign_session,
            "technicien": technicien, "driver": driver}


def test_reservations_csv_rows_and_format(admin_client, world):  # type: ignore[no-untyped-def]
    response = admin_client.get(ADMIN_RES)
    assert response["Content-Disposition"].startswith('attachment; filename="reservations_all_')
    assert response["Cache-Control"] == "no-store"
    rows = read_csv(response)
    assert list(rows[0]) == [header for header, _ in RESERVATION_COLUMNS]
    assert len(rows) == m.Reservation.objects.count() == 6
    upcoming = next(row for row in rows if row["id_reservation"] == str(world["upcoming"].pk))
    reservation = world["upcoming"]
    assert upcoming["reference_code"] == reservation.reference_code
    assert upcoming["date_debut"] == timezone.localtime(reservation.date_debut).isoformat()
    assert upcoming["date_debut"][-6:] in ("+01:00", "+02:00")  # Europe/Paris, offset kept
    assert upcoming["station_nom"] == "Gare de Lyon – Été"
    assert upcoming["utilisateur_pseudo"] == "'=HYPERLINK(1)"  # never a formula in a spreadsheet
    assert upcoming["cancelled_at"] == ""
    cancelled = next(row for row in rows if row["id_reservation"] == str(world["cancelled"].pk))
    assert cancelled["cancel_reason"] == "no_show" and cancelled["statut"] == "annulee"
    # latest first
    starts = [row["date_debut"] for row in rows]
    assert starts == sorted(starts, reverse=True)


def test_reservations_csv_filters_match_the_list(admin_client, world):  # type: ignore[no-untyped-def]
    for query in ({"scope": "upcoming"}, {"scope": "archived"}, {"station": world["mine"].pk},
                  {"statut": "annulee"}, {"q": world["upcoming"].reference_code}, {"scope": "archived", "q": "zzz"}):
        listed = admin_client.get("/api/admin/reservations/", {"scope": "upcoming", **query}).json() \
            if query.get("scope") == "upcoming" else None
        rows = read_csv(admin_client.get(ADMIN_RES, query))
        scope = query.get("scope")
        api = admin_client.get("/api/admin/reservations/", {k: v for k, v in query.items() if k != "scope"}).json()
        expected = api[scope] if scope else api["upcoming"] + api["archived"]
        assert sorted(int(row["id_reservation"]) for row in rows) == sorted(r["id_reservation"] for r in expected)
        if listed is not None:  # same order as the list
            assert [int(row["id_reservation"]) for row in rows] == [r["id_reservation"] for r in listed]
    response = admin_client.get(ADMIN_RES, {"scope": "upcoming"})
    assert 'filename="reservations_upcoming_' in response["Content-Disposition"]


def test_sessions_csv(admin_client, world):  # type: ignore[no-untyped-def]
    rows = read_csv(admin_client.get(ADMIN_SES))
    assert list(rows[0]) == [header for header, _ in SESSION_COLUMNS]
    assert len(rows) == 3
    stopped = next(row for row in rows if row["id_session"] == str(world["stopped"].pk))
    assert stopped["charge_state"] == "stopped" and stopped["energie_kwh"] == "12.5"
    assert stopped["max_courant"] == "31.0" and stopped["telemetry_count"] == "42"
    assert stopped["end_time"] == timezone.localtime(world["stopped"].end_time).isoformat()
    assert stopped["reference_code"] == world["archived"].reference_code
    charging = next(row for row in rows if row["id_session"] == str(world["charging"].pk))
    assert charging["end_time"] == "" and charging["energie_kwh"] == ""
    active = read_csv(admin_client.get(ADMIN_SES, {"scope": "active", "station": world["mine"].pk}))
    assert [int(row["id_session"]) for row in active] == [world["charging"].pk]
    archived = read_csv(admin_client.get(ADMIN_SES, {"charge_state": "stopped"}))
    assert [int(row["id_session"]) for row in archived] == [world["stopped"].pk]


def test_technician_exports_are_limited_to_their_stations(world):  # type: ignore[no-untyped-def]
    client = client_for(world["technicien"].utilisateur)  # an observer: reading is allowed
    rows = read_csv(client.get(TECH_RES))
    assert {int(row["id_reservation"]) for row in rows} == set(
        m.Reservation.objects.filter(emplacement__station=world["mine"]).values_list("pk", flat=True))
    assert read_csv(client.get(TECH_RES, {"station": world["theirs"].pk})) == []
    sessions = read_csv(client.get(TECH_SES))
    assert {int(row["id_session"]) for row in sessions} == {world["stopped"].pk, world["charging"].pk}
    assert read_csv(client.get(TECH_SES, {"station": world["theirs"].pk})) == []
    # a technician of the other station sees only theirs
    other = factories.TechnicienFactory()
    factories.TechnicienStationFactory(technicien=other, station=world["theirs"])
    rows = read_csv(client_for(other.utilisateur).get(TECH_SES))
    assert [int(row["id_session"]) for row in rows] == [world["foreign_session"].pk]
    # an inactive assignment gives nothing
    m.TechnicienStation.objects.filter(technicien=world["technicien"]).update(is_active=False)
    assert read_csv(client.get(TECH_RES)) == []


@pytest.mark.parametrize("query", [{"scope": "all"}, {"station": "x"}, {"station": "0"}, {"statut": "finie"},
                                   {"station": str(2**64)}])
def test_reservation_export_bad_filters_are_400(admin_client, world, query):  # type: ignore[no-untyped-def]
    for client, url in ((admin_client, ADMIN_RES), (client_for(world["technicien"].utilisateur), TECH_RES)):
        response = client.get(url, query, HTTP_ACCEPT="text/csv")
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert set(query) <= set(response.json())


@pytest.mark.parametrize("query", [{"scope": "upcoming"}, {"charge_state": "done"}])
def test_session_export_bad_filters_are_400(admin_client, query):  # type: ignore[no-untyped-def]
    response = admin_client.get(ADMIN_SES, query)
    assert response.status_code == 400 and set(query) <= set(response.json())


def test_accept_text_csv(admin_client, world):  # type: ignore[no-untyped-def]
    assert len(read_csv(admin_client.get(ADMIN_SES, HTTP_ACCEPT="text/csv"))) == 3
    # `?format=` is not one of the export's parameters: ignored, never a 404
    assert len(read_csv(admin_client.get(ADMIN_SES, {"format": "xml"}))) == 3


def test_wrong_actors_are_refused(world, api_client, admin_client):  # type: ignore[no-untyped-def]
    driver = client_for(world["driver"])
    technician = client_for(world["technicien"].utilisateur)
    before = (m.Reservation.objects.count(), m.Session.objects.count())
    for url in (ADMIN_RES, ADMIN_SES):
        assert driver.get(url).status_code == 403
        assert technician.get(url).status_code == 403
        assert api_client.get(url).status_code == 401
    for url in (TECH_RES, TECH_SES):
        response = driver.get(url)
        assert response.status_code == 403 and response.json()["code"] == "not_a_technician"
        assert admin_client.get(url).status_code == 403
        assert api_client.get(url).status_code == 401
    assert (m.Reservation.objects.count(), m.Session.objects.count()) == before


def test_export_is_streamed_in_chunks(admin_client, world):  # type: ignore[no-untyped-def]
    bay = world["upcoming"].emplacement
    start = timezone.now() - timedelta(days=30)
    m.Reservation.objects.bulk_create([
        m.Reservation(reference_code=f"BULK{i:06d}", utilisateur=world["driver"], emplacement=bay,
                      auth_choice=m.ReservationAuthChoice.CODE, date_debut=start + timedelta(hours=i),
                      date_fin=start + timedelta(hours=i, minutes=30), statut=m.ReservationStatus.COMPLETED)
        for i in range(2500)
    ])
    response = admin_client.get(ADMIN_RES, {"scope": "archived"})
    chunks = list(response.streaming_content)
    assert len(chunks) == 4  # the header, then 1000 rows at a time
    rows = list(csv.DictReader(io.StringIO(b"".join(chunks).decode("utf-8-sig"), newline="")))
    assert len(rows) == 2502


@pytest.mark.parametrize("value", [
    datetime.now(UTC), datetime.now(UTC).replace(microsecond=0), datetime(2026, 7, 1, 12, tzinfo=UTC),
    datetime(1900, 1, 1, tzinfo=UTC),  # Paris then kept local mean time (+00:09:21): written in UTC
])
def test_csv_dates_are_the_json_answers_text(value):  # type: ignore[no-untyped-def]
    from zoneinfo import ZoneInfo

    from api.serializers.exports import iso_datetime
    from api.serializers.fields import ApiDateTimeField

    assert iso_datetime(value, ZoneInfo("Europe/Paris")) == ApiDateTimeField().to_representation(value)
