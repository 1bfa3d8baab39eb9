"""Phone pairing and badge linking at the kiosk."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import AccessAttempt, Authentification, MobileSession, ReservationStatus, RfidLinkCode, Session
from api.services import badges
from tests import factories
from tests.conftest import client_for
from tests.kiosk.conftest import book_now, kiosk_client, make_cabinet
from tests.races import race

CREATE = "/api/terminal/mobile-sessions/"


def _pair(kiosk: APIClient) -> str:
    response = kiosk.post(CREATE)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"token", "expires_at", "qr_payload"} and body["token"] in body["qr_payload"]
    assert len(body["token"]) >= 22  # >= 128 bits
    return str(body["token"])


@pytest.mark.django_db
def test_pairing_flow_from_create_to_consume(cabinet, kiosk, user):
    reservation, _secret = book_now(cabinet, "qr", user=user)
    book_now(make_cabinet(), "code", user=user)  # usable elsewhere only: not listed
    token = _pair(kiosk)
    assert MobileSession.objects.get().token_hash != token
    phone = client_for(user)
    assert kiosk.get(f"{CREATE}{token}/").json() == {"status": "pending", "id_reservation": None}
    detail = phone.get(f"/api/mobile-sessions/{token}/").json()
    assert [item["id_reservation"] for item in detail["reservations"]] == [reservation.pk]
    early = kiosk.post(f"{CREATE}{token}/consume/")
    assert early.status_code == 409 and early.json()["reason"] == "pairing_not_authorized"
    authorized = phone.post(f"/api/mobile-sessions/{token}/authorize/", {"id_reservation": reservation.pk},
                            format="json")
    assert authorized.json() == {"status": "authorized", "id_reservation": reservation.pk}
    assert kiosk.post(f"{CREATE}status/", {"token": token}, format="json").json()["status"] == "authorized"
    opened = kiosk.post(f"{CREATE}consume/", {"token": token}, format="json")
    assert opened.status_code == 201 and opened.json()["reference_code"] == reservation.reference_code
    reservation.refresh_from_db()
    assert reservation.statut == ReservationStatus.ACTIVE
    assert kiosk.get(f"{CREATE}{token}/").json()["status"] == "consumed"
    again = kiosk.post(f"{CREATE}{token}/consume/")
    assert again.status_code == 409 and Session.objects.count() == 1
    assert AccessAttempt.objects.filter(result="accepted").count() == 1


@pytest.mark.django_db
def test_pairing_wrong_actors_and_bad_input(cabinet, kiosk, user, other_user):
    reservation, _ = book_now(cabinet, "code", user=user)
    foreign, _ = book_now(cabinet, "code", user=other_user, date_debut=timezone.now() + timedelta(hours=3))
    token = _pair(kiosk)
    other_kiosk = kiosk_client(make_cabinet())[0]
    assert other_kiosk.get(f"{CREATE}{token}/").status_code == 404
    assert other_kiosk.post(f"{CREATE}{token}/consume/").status_code == 404
    assert APIClient().get(f"/api/mobile-sessions/{token}/").status_code == 401
    assert kiosk.get(f"/api/mobile-sessions/{token}/").status_code == 401
    assert client_for(user).get("/api/mobile-sessions/nope/").status_code == 404
    phone = client_for(user)
    url = f"/api/mobile-sessions/{token}/authorize/"
    assert phone.post(url, {"id_reservation": "x"}, format="json").status_code == 400
    assert phone.post(url, {"id_reservation": foreign.pk}, format="json").status_code == 404
    assert client_for(user).post(f"{CREATE}consume/", {}, format="json").status_code == 401
    assert kiosk.post(f"{CREATE}consume/", {}, format="json").status_code == 400
    assert MobileSession.objects.get().status == "pending"
    assert phone.post(url, {"id_reservation": reservation.pk}, format="json").status_code == 200
    # once authorized, the pairing belongs to that user
    assert client_for(other_user).get(f"/api/mobile-sessions/{token}/").status_code == 404
    assert client_for(other_user).post(url, {"id_reservation": foreign.pk}, format="json").status_code == 404
    assert phone.post(url, {"id_reservation": reservation.pk}, format="json").status_code == 409


@pytest.mark.django_db
def test_expired_pairing(cabinet, kiosk, user):
    reservation, _ = book_now(cabinet, "code", user=user)
    token = _pair(kiosk)
    MobileSession.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert kiosk.get(f"{CREATE}{token}/").json()["status"] == "expired"
    response = client_for(user).post(f"/api/mobile-sessions/{token}/authorize/", {"id_reservation": reservation.pk},
                                     format="json")
    assert response.status_code == 409
    assert MobileSession.objects.get().reservation_id is None


@pytest.mark.django_db(transaction=True)
def test_20_concurrent_consumes_open_exactly_one_session():
    cabinet = make_cabinet()
    kiosk, key = kiosk_client(cabinet)
    user = factories.UtilisateurFactory()
    reservation, _ = book_now(cabinet, "code", user=user)
    token = _pair(kiosk)
    client_for(user).post(f"/api/mobile-sessions/{token}/authorize/", {"id_reservation": reservation.pk},
                          format="json")
    statuses = _race(key, lambda client: client.post(f"{CREATE}{token}/consume/"))
    assert sorted(statuses) == [201] + [409] * 19
    assert Session.objects.count() == 1


def _race(key: str, call, threads: int = 20) -> list[int]:  # type: ignore[no-untyped-def]
    def redeem(_index: int) -> int:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Terminal {key}")
        return call(client).status_code

    return race(threads, redeem)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("mode", ["code", "qr"])
def test_20_concurrent_redemptions_of_one_credential_open_one_session(mode):
    cabinet = make_cabinet()
    _kiosk, key = kiosk_client(cabinet)
    _reservation, secret = book_now(cabinet, mode)
    statuses = _race(key, lambda client: client.post("/api/terminal/authenticate/",
                                                     {"method": mode, "value": secret}, format="json"))
    assert sorted(statuses) == [201] + [409] * 19, statuses
    assert Session.objects.count() == 1


@pytest.mark.django_db
def test_link_rfid_at_the_kiosk(cabinet, kiosk, user, other_user):
    pending_booking, _ = book_now(cabinet, "code", user=user)
    pending_booking.auth_choice = "rfid"
    type(pending_booking).objects.filter(pk=pending_booking.pk).update(auth_choice="rfid",
                                                                       statut=ReservationStatus.PENDING)
    _auth, code, _exp = badges.rfid_link_code_create(utilisateur=user)
    url = "/api/terminal/rfid-link/"
    assert kiosk.post(url, {"code": code}, format="json").status_code == 400
    assert client_for(user).post(url, {"code": code, "uid": "04A13F9A"}, format="json").status_code == 401
    assert RfidLinkCode.objects.get().used_at is None
    response = kiosk.post(url, {"code": code, "uid": "04:a1:3f:9a"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["display_value"].endswith("3F9A") and "04A13F9A" not in str(body)
    assert Authentification.objects.get(pk=body["id_auth"]).is_active
    pending_booking.refresh_from_db()
    assert pending_booking.statut == ReservationStatus.CONFIRMED
    assert kiosk.post(url, {"code": code, "uid": "04A13F9A"}, format="json").status_code == 409
    _auth, other_code, _exp = badges.rfid_link_code_create(utilisateur=other_user)
    taken = kiosk.post(url, {"code": other_code, "uid": "04A13F9A"}, format="json")
    assert taken.status_code == 409
    assert not Authentification.objects.filter(utilisateur=other_user, is_active=True).exists()
