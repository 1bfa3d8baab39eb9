"""User booking endpoints: availability, create, list, cancel, access payload, SMS."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from api.models import (
    Authentification,
    BorneStatus,
    EmplacementStatus,
    JournalSecurite,
    OutboxMessage,
    ProfilUtilisateur,
    Reservation,
    ReservationStatus,
    StationStatus,
)
from api.services.credentials import credential_resolve
from tests import factories
from tests.booking.conftest import book_body, slot

pytestmark = pytest.mark.django_db


def test_availability_lists_every_bay_with_available(user_client, bay, django_assert_max_num_queries):
    # Numbers past the factory's sequence (a fixed 98 met the bay's own number when the worker had made 97 bays).
    other = factories.EmplacementFactory(borne=bay.borne, numero=bay.numero + 10_000)
    broken = factories.EmplacementFactory(borne=bay.borne, numero=bay.numero + 10_001,
                                          statut=EmplacementStatus.MAINTENANCE)
    start, end = slot()
    factories.ReservationFactory(emplacement=bay, date_debut=start + timedelta(minutes=30),
                                 date_fin=end + timedelta(hours=1))
    factories.ReservationFactory(emplacement=other, date_debut=start, date_fin=end, statut=ReservationStatus.CANCELLED)
    url = f"/api/stations/{bay.station_id}/availability/"
    with django_assert_max_num_queries(6):
        response = user_client.get(url, {"date_debut": start.isoformat(), "duration_minutes": 60})
    assert response.status_code == 200
    rows = {row["id_emplacement"]: row for row in response.json()}
    assert rows[bay.pk]["available"] is False
    assert rows[other.pk]["available"] is True
    assert rows[broken.pk]["available"] is False
    assert set(rows[bay.pk]) >= {"station", "station_nom", "borne", "borne_nom", "borne_numero", "numero", "statut",
                                  "lock_state", "available"}
    # back-to-back slot after the existing one is free
    later = user_client.get(url, {"date_debut": (end + timedelta(hours=1)).isoformat(),
                                  "date_fin": (end + timedelta(hours=2)).isoformat()})
    assert {row["id_emplacement"]: row["available"] for row in later.json()}[bay.pk] is True


def test_availability_honours_station_and_cabinet_status(user_client, bay):
    start, _ = slot()
    bay.borne.statut = BorneStatus.MAINTENANCE
    bay.borne.save()
    response = user_client.get(f"/api/stations/{bay.station_id}/availability/",
                               {"date_debut": start.isoformat(), "duration_minutes": 60})
    assert [row["available"] for row in response.json()] == [False]


def test_availability_invalid_and_unknown(user_client, api_client, bay):
    url = f"/api/stations/{bay.station_id}/availability/"
    assert user_client.get(url).status_code == 400
    assert user_client.get(url, {"date_debut": "nope", "duration_minutes": 60}).status_code == 400
    start, _ = slot()
    assert user_client.get(url, {"date_debut": start.isoformat()}).status_code == 400
    assert user_client.get("/api/stations/999999/availability/",
                           {"date_debut": start.isoformat(), "duration_minutes": 60}).status_code == 404
    assert api_client.get(url, {"date_debut": start.isoformat(), "duration_minutes": 60}).status_code == 401


def test_create_code_reservation(user_client, user, bay):
    start, end = slot()
    response = user_client.post("/api/reservations/", book_body(bay, start, 90), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["statut"] == "confirmee"
    assert body["duration_minutes"] == 90
    assert body["reference_code"].startswith("R") and len(body["reference_code"]) == 9
    assert body["can_cancel"] is True
    assert body["auth_mode"] == "code" and body["auth_is_active"] is True
    reservation = Reservation.objects.get(pk=body["id_reservation"])
    assert reservation.utilisateur == user and reservation.date_fin == start + timedelta(minutes=90)
    auth = reservation.authentification
    assert auth.type_auth.libelle == "code" and auth.expiration == reservation.date_fin
    access = user_client.get(f"/api/reservations/{reservation.pk}/access/").json()
    assert access["auth_mode"] == "code" and access["code"].isdigit() and len(access["code"]) == 8
    assert access["code"] not in body["auth_display_value"] and access["code"] not in auth.hash_valeur
    assert access["code"] not in str(list(JournalSecurite.objects.values("details")))
    # the same code again until it changes
    assert user_client.get(f"/api/reservations/{reservation.pk}/access/").json()["code"] == access["code"]
    assert JournalSecurite.objects.filter(action="reservation.created", utilisateur=user).exists()


def test_create_with_date_fin_and_qr(user_client, bay):
    start, end = slot(minutes=120)
    response = user_client.post("/api/reservations/", {"emplacement": bay.pk, "date_debut": start.isoformat(),
                                "date_fin": end.isoformat(), "auth_choice": "qr"}, format="json")
    assert response.status_code == 201
    access = user_client.get(f"/api/reservations/{response.json()['id_reservation']}/access/").json()
    assert access["auth_mode"] == "qr" and len(access["qr_payload"]) >= 32
    assert access["qr_svg"].startswith("<svg") and access["expiration"]
    reservation = Reservation.objects.get(pk=response.json()["id_reservation"])
    now = reservation.date_debut
    assert credential_resolve(borne=bay.borne, method="qr", value=access["qr_payload"], now=now) == reservation


@pytest.mark.parametrize(
    "change",
    [
        {"duration_minutes": 45},
        {"duration_minutes": None, "date_fin": "+50"},
        {"duration_minutes": 60, "date_fin": "+90"},
        {"duration_minutes": None},
        {"auth_choice": "nfc"},
        {"emplacement": 999999},
        {"date_debut": "demain"},
    ],
)
def test_create_invalid_input(user_client, bay, change):
    start, _ = slot()
    body = book_body(bay, start)
    for key, value in change.items():
        if value is None:
            body.pop(key)
        elif isinstance(value, str) and value.startswith("+"):
            body[key] = (start + timedelta(minutes=int(value[1:]))).isoformat()
        else:
            body[key] = value
    response = user_client.post("/api/reservations/", body, format="json")
    assert response.status_code == 400
    assert Reservation.objects.count() == 0


@pytest.mark.parametrize(
    "offset, code", [(-timedelta(minutes=10), "slot_in_past"), (timedelta(days=31), "slot_beyond_horizon")]
)
def test_create_outside_lead_time_and_horizon(user_client, bay, offset, code):
    start = (timezone.now() + offset).replace(microsecond=0)
    response = user_client.post("/api/reservations/", book_body(bay, start), format="json")
    assert response.status_code == 400 and response.json()["code"] == code
    assert Reservation.objects.count() == 0


def test_create_now_is_allowed(user_client, bay):
    response = user_client.post("/api/reservations/", book_body(bay, timezone.now() - timedelta(minutes=2)),
                                format="json")
    assert response.status_code == 201


def test_create_refused_for_inactive_places(user_client, bay):
    start, _ = slot()
    bay.station.statut = StationStatus.INACTIVE
    bay.station.save()
    response = user_client.post("/api/reservations/", book_body(bay, start), format="json")
    assert response.status_code == 409 and response.json()["code"] == "bay_unavailable"
    assert Reservation.objects.count() == 0


def test_per_user_limit_and_user_overlap(user_client, user):
    bays = [factories.EmplacementFactory() for _ in range(5)]
    for index in range(3):
        start, _ = slot(hours=2 + 3 * index)
        assert user_client.post("/api/reservations/", book_body(bays[index], start), format="json").status_code == 201
    start, _ = slot(hours=20)
    response = user_client.post("/api/reservations/", book_body(bays[3], start), format="json")
    assert response.status_code == 409 and response.json()["code"] == "reservation_limit"
    Reservation.objects.filter(utilisateur=user).order_by("date_debut").first().delete()
    overlapping_start, _ = slot(hours=5.5)
    response = user_client.post("/api/reservations/", book_body(bays[4], overlapping_start), format="json")
    assert response.status_code == 409 and response.json()["code"] == "user_overlap"
    assert Reservation.objects.filter(utilisateur=user).count() == 2


def test_rfid_booking_pending_without_badge_then_confirmed_with_one(user_client, user, bay):
    start, _ = slot()
    response = user_client.post("/api/reservations/", book_body(bay, start, auth_choice="rfid"), format="json")
    assert response.status_code == 201 and response.json()["statut"] == "en_attente"
    badge = factories.AuthentificationFactory(utilisateur=user, display_value="•••• 3F9A")
    later, _ = slot(hours=6)
    response = user_client.post("/api/reservations/", book_body(bay, later, auth_choice="rfid"), format="json")
    assert response.json()["statut"] == "confirmee"
    assert response.json()["auth_display_value"] == "•••• 3F9A"
    assert Reservation.objects.get(pk=response.json()["id_reservation"]).authentification == badge


def test_list_only_mine_and_paginated(user_client, user, other_user):
    mine = factories.ReservationFactory(utilisateur=user)
    factories.ReservationFactory(utilisateur=other_user)
    assert [row["id_reservation"] for row in user_client.get("/api/reservations/").json()] == [mine.pk]
    page = user_client.get("/api/reservations/", {"page_size": 1}).json()
    assert page["count"] == 1 and len(page["results"]) == 1


def test_cancel_own_then_twice_then_bookable_again(user_client, other_client, user, bay):
    start, _ = slot()
    created = user_client.post("/api/reservations/", book_body(bay, start), format="json").json()
    url = f"/api/reservations/{created['id_reservation']}/cancel/"
    assert other_client.post(url).status_code == 404
    assert Reservation.objects.get(pk=created["id_reservation"]).statut == ReservationStatus.CONFIRMED
    response = user_client.post(url)
    assert response.status_code == 200 and response.json()["statut"] == "annulee"
    reservation = Reservation.objects.get(pk=created["id_reservation"])
    assert reservation.cancelled_at is not None and reservation.authentification.is_active is False
    assert user_client.post(url).status_code == 409
    assert user_client.get(f"/api/reservations/{reservation.pk}/access/").status_code == 409
    assert other_client.post("/api/reservations/", book_body(bay, start), format="json").status_code == 201


def test_cancel_after_start_refused(user_client, user):
    reservation = factories.ReservationFactory(
        utilisateur=user, date_debut=timezone.now() - timedelta(minutes=1), date_fin=timezone.now() + timedelta(hours=1)
    )
    response = user_client.post(f"/api/reservations/{reservation.pk}/cancel/")
    assert response.status_code == 409
    reservation.refresh_from_db()
    assert reservation.statut == ReservationStatus.CONFIRMED


def test_access_payload_wrong_actor_and_rfid(user_client, other_client, user, bay):
    start, _ = slot()
    created = user_client.post("/api/reservations/", book_body(bay, start), format="json").json()
    assert other_client.get(f"/api/reservations/{created['id_reservation']}/access/").status_code == 404
    rfid = factories.ReservationFactory(utilisateur=user, auth_choice="rfid")
    assert user_client.get(f"/api/reservations/{rfid.pk}/access/").status_code == 409


def verify_phone(user) -> None:  # type: ignore[no-untyped-def]
    ProfilUtilisateur.objects.filter(utilisateur=user).update(telephone_verifie=True)


def test_send_access_code_sms(user_client, other_client, user, bay):
    verify_phone(user)
    start, _ = slot()
    created = user_client.post("/api/reservations/", book_body(bay, start), format="json").json()
    url = f"/api/reservations/{created['id_reservation']}/access/sms/"
    assert other_client.post(url).status_code == 404
    assert OutboxMessage.objects.filter(dedupe_key__startswith="reservation-sms:").count() == 0
    response = user_client.post(url)
    assert response.status_code == 202
    message = OutboxMessage.objects.get(dedupe_key__startswith="reservation-sms:")
    code = user_client.get(f"/api/reservations/{created['id_reservation']}/access/").json()["code"]
    assert message.recipient == user.profil.telephone and code in message.body
    again = user_client.post(url)
    assert again.status_code == 429 and int(again["Retry-After"]) >= 1
    assert OutboxMessage.objects.filter(dedupe_key__startswith="reservation-sms:").count() == 1
    assert code not in str(list(JournalSecurite.objects.values("details")))


def test_send_access_code_hourly_limit(user_client, user, bay):
    verify_phone(user)
    start, _ = slot()
    created = user_client.post("/api/reservations/", book_body(bay, start), format="json").json()
    key = f"reservation-sms:{created['id_reservation']}:"
    for index in range(3):
        factories.OutboxMessageFactory(dedupe_key=f"{key}{index}", created_at=timezone.now() - timedelta(minutes=10))
    response = user_client.post(f"/api/reservations/{created['id_reservation']}/access/sms/")
    assert response.status_code == 429
    assert OutboxMessage.objects.filter(dedupe_key__startswith="reservation-sms:").count() == 3


def test_send_access_code_refused_without_phone_or_for_cancelled(user_client, user, bay):
    start, _ = slot()
    created = user_client.post("/api/reservations/", book_body(bay, start), format="json").json()
    user.profil.telephone = ""
    user.profil.save()
    assert user_client.post(f"/api/reservations/{created['id_reservation']}/access/sms/").status_code == 400
    user_client.post(f"/api/reservations/{created['id_reservation']}/cancel/")
    user.profil.telephone = "+33611111111"
    user.profil.save()
    assert user_client.post(f"/api/reservations/{created['id_reservation']}/access/sms/").status_code == 409
    assert OutboxMessage.objects.filter(dedupe_key__startswith="reservation-sms:").count() == 0
    assert Authentification.objects.filter(is_active=True).count() == 0


def test_send_access_code_needs_a_verified_phone(user_client, user, bay):
    """(ext) The code goes only to a number its owner proved with phone_verification_confirm."""
    start, _ = slot()
    created = user_client.post("/api/reservations/", book_body(bay, start), format="json").json()
    url = f"/api/reservations/{created['id_reservation']}/access/sms/"
    response = user_client.post(url)
    assert (response.status_code, response.json()["code"]) == (400, "phone_not_verified")
    assert not OutboxMessage.objects.filter(dedupe_key__startswith="reservation-sms:").exists()
    assert not JournalSecurite.objects.filter(action="reservation.access_code_sent").exists()
    user_client.post("/api/account/phone/verify/")
    code = OutboxMessage.objects.get(channel="sms").body.split("\u00a0: ")[1][:6]
    assert user_client.post("/api/account/phone/verify/confirm/", {"code": code}, format="json").status_code == 200
    assert user_client.post(url).status_code == 202
    assert OutboxMessage.objects.filter(recipient=user.profil.telephone, kind="").count() == 2


def test_booking_statement_budget(user_client, bay, django_assert_max_num_queries):
    """One booking's SQL is bounded (benchmark 2, docs/benchmarks.md: 22 statements in this test before): the
    refusals read before the transaction, with the bearer's account; then the user and bay locks, the refusals
    again, the code credential's type and row, the reservation naming it, the credential's value, the journal
    line and the confirmation in the outbox, with no savepoint of their own (the two here are the test's)."""
    start, _ = slot()
    with django_assert_max_num_queries(12):
        response = user_client.post("/api/reservations/", book_body(bay, start), format="json")
    assert response.status_code == 201
    assert JournalSecurite.objects.filter(action="reservation.created").count() == 1
    assert OutboxMessage.objects.filter(reservation_id=response.json()["id_reservation"]).count() == 1


def test_refusal_statement_budget(user_client, other_client, bay, django_assert_max_num_queries):
    """A slot already taken is refused from the committed state: one read, the bearer's account with it."""
    start, _ = slot()
    assert other_client.post("/api/reservations/", book_body(bay, start), format="json").status_code == 201
    with django_assert_max_num_queries(1):
        response = user_client.post("/api/reservations/", book_body(bay, start), format="json")
    assert response.status_code == 409 and response.json()["code"] == "slot_taken"


def test_unknown_bay_answers_the_fields_error(user_client, bay):
    start, _ = slot()
    for value in (999999, 0, -3, 2**70, "999999"):
        response = user_client.post("/api/reservations/", {**book_body(bay, start), "emplacement": value},
                                    format="json")
        assert response.status_code == 400, value
        assert list(response.json()) == ["emplacement"] and str(value) in response.json()["emplacement"][0]
    for value in ("abc", [1], {"id": 1}, None, True):
        response = user_client.post("/api/reservations/", {**book_body(bay, start), "emplacement": value},
                                    format="json")
        assert response.status_code == 400 and list(response.json()) == ["emplacement"], value
    assert Reservation.objects.count() == 0


def test_reference_collision_retries_the_whole_booking(user_client, bay, monkeypatch):
    """A fresh reference code equal to a stored one rolls the booking back and tries it again."""
    from api.services import reservations as services

    start, _ = slot()
    taken = factories.ReservationFactory(emplacement=bay, date_debut=start + timedelta(hours=5),
                                         date_fin=start + timedelta(hours=6))
    codes = iter([taken.reference_code, "RFRESH234"])
    monkeypatch.setattr(services, "new_reference_code", lambda: next(codes))
    response = user_client.post("/api/reservations/", book_body(bay, start), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["reference_code"] == "RFRESH234"
    assert Reservation.objects.filter(emplacement=bay).count() == 2
    assert Authentification.objects.filter(is_active=True, metadata__mode="code").count() == 1
    assert JournalSecurite.objects.filter(action="reservation.created").count() == 1
    assert OutboxMessage.objects.filter(reservation__isnull=False).count() == 1


def test_credential_collision_retries_the_whole_booking(user_client, other_client, bay, monkeypatch):
    """A new access code equal to a live one rolls the booking back and tries it again (no savepoint)."""
    from api.services import credentials

    start, _ = slot()
    first = other_client.post("/api/reservations/", book_body(bay, start), format="json").json()
    live = Authentification.objects.get(pk=first["authentification"])
    real = credentials.credential_value_hash
    hashes = iter([live.hash_valeur])
    monkeypatch.setattr(credentials, "credential_value_hash",
                        lambda mode, value: next(hashes, None) or real(mode, value))
    response = user_client.post("/api/reservations/", book_body(bay, start + timedelta(hours=2)), format="json")
    assert response.status_code == 201, response.content
    assert Reservation.objects.filter(emplacement=bay).count() == 2
    mine = Authentification.objects.get(pk=response.json()["authentification"])
    assert mine.is_active and mine.hash_valeur != live.hash_valeur
    assert Authentification.objects.filter(metadata__mode="code").count() == 2  # the rolled-back one is gone
    assert JournalSecurite.objects.filter(action="reservation.created").count() == 2
