"""One-use secrets redeemed by many real threads at once: exactly one success each.

Each race is a `OneUse`: `prepare()` makes the secret (in the test's committed transaction) and returns the
redeem function a thread calls; a redemption that loses raises one of `refusals`. Services are raced directly
(credential marking, RFID link code) and over HTTP as the cabinet's kiosk (`Authorization: Terminal <key>`):
the code and the QR presented to `POST /api/terminal/authenticate/`, and an authorized pairing token consumed
by `POST /api/terminal/mobile-sessions/<token>/consume/`: one 201, every other answer a 409.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from api.errors import Conflict, Forbidden
from api.models import Authentification, ReservationAuthChoice
from api.services import badges, credentials
from api.services.reservations import reservation_create
from tests import factories
from tests.adversarial.conftest import bearer, terminal
from tests.factories import DEFAULT_PASSWORD
from tests.kiosk.conftest import book_now, kiosk_client, make_cabinet
from tests.races import race

REDEEMERS = 20
REFRESHERS = 10


def _booked(mode: str) -> Any:
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(hours=2)
    return reservation_create(
        utilisateur=factories.UtilisateurFactory(), emplacement=factories.EmplacementFactory(),
        date_debut=start, date_fin=start + timedelta(hours=1), auth_choice=mode,
    )


def _credential(mode: str) -> Callable[[int], Any]:
    reservation = _booked(mode)
    return lambda _index: credentials.credential_mark_used(reservation=reservation)


def _link_code() -> Callable[[int], Any]:
    user = factories.UtilisateurFactory()
    borne = factories.BorneFactory()
    _, code, _ = badges.rfid_link_code_create(utilisateur=user)
    return lambda index: badges.rfid_link_consume(borne=borne, code=code, uid=f"AABB{index:04X}")


class Refused(Exception):
    """An HTTP redemption that lost: 409."""


def _post_once(client: APIClient, path: str, body: dict[str, Any] | None = None) -> int:
    response = client.post(path, body or {}, format="json")
    if response.status_code == 409:
        raise Refused(response.json().get("reason"))
    assert response.status_code == 201, (response.status_code, response.content)
    return response.status_code


def _kiosk_code(mode: str) -> Callable[[int], Any]:
    cabinet = make_cabinet()
    _reservation, secret = book_now(cabinet, mode)
    _client, key = kiosk_client(cabinet)
    body = {"method": mode, "value": secret}
    return lambda _index: _post_once(APIClient(headers=terminal(key)), "/api/terminal/authenticate/", body)


def _pairing_token() -> Callable[[int], Any]:
    cabinet = make_cabinet()
    reservation, _secret = book_now(cabinet, ReservationAuthChoice.QR)
    kiosk, key = kiosk_client(cabinet)
    token = kiosk.post("/api/terminal/mobile-sessions/").json()["token"]
    authorized = APIClient(headers=bearer(reservation.utilisateur)).post(
        f"/api/mobile-sessions/{token}/authorize/", {"id_reservation": reservation.pk}, format="json")
    assert authorized.status_code == 200, authorized.content
    path = f"/api/terminal/mobile-sessions/{token}/consume/"
    return lambda _index: _post_once(APIClient(headers=terminal(key)), path)


@dataclass(frozen=True)
class OneUse:
    name: str
    prepare: Callable[[], Callable[[int], Any]]
    refusals: tuple[type[Exception], ...] = (Conflict, Forbidden)


ONE_USE = [
    OneUse("numeric code", lambda: _credential(ReservationAuthChoice.CODE)),
    OneUse("QR token", lambda: _credential(ReservationAuthChoice.QR)),
    OneUse("RFID link code", _link_code),
    OneUse("kiosk code over HTTP", lambda: _kiosk_code(ReservationAuthChoice.CODE), (Refused,)),
    OneUse("kiosk QR over HTTP", lambda: _kiosk_code(ReservationAuthChoice.QR), (Refused,)),
    OneUse("pairing token over HTTP", _pairing_token, (Refused,)),
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("secret", ONE_USE, ids=lambda secret: secret.name)
def test_twenty_redemptions_of_one_secret_one_success(secret: OneUse, settings: Any) -> None:
    settings.THROTTLING = False
    redeem = secret.prepare()
    outcomes = race(REDEEMERS, redeem, refusals=secret.refusals)
    assert sum(not isinstance(o, Exception) for o in outcomes) == 1, outcomes


@pytest.mark.django_db(transaction=True)
def test_rfid_link_race_leaves_one_active_badge() -> None:
    user = factories.UtilisateurFactory()
    borne = factories.BorneFactory()
    _, code, _ = badges.rfid_link_code_create(utilisateur=user)
    race(REDEEMERS, lambda index: badges.rfid_link_consume(borne=borne, code=code, uid=f"CCDD{index:04X}"),
         refusals=(Conflict, Forbidden))
    assert Authentification.objects.filter(utilisateur=user, is_active=True).count() == 1


@pytest.mark.django_db(transaction=True)
def test_ten_refreshes_with_one_refresh_token_at_most_one_new_token(settings: Any) -> None:
    settings.THROTTLING = False
    user = factories.UtilisateurFactory()
    login = APIClient().post("/api/auth/login/", {"pseudo": user.pseudo, "password": DEFAULT_PASSWORD}, format="json")
    assert login.status_code == 200
    cookie = login.cookies[settings.REFRESH_COOKIE_NAME].value
    issued_before = OutstandingToken.objects.filter(user=user).count()

    def refresh(_index: int) -> Any:
        client = APIClient()
        client.cookies[settings.REFRESH_COOKIE_NAME] = cookie
        response = client.post("/api/auth/refresh/")
        return response.status_code, response.cookies.get(settings.REFRESH_COOKIE_NAME)

    outcomes = race(REFRESHERS, refresh)
    statuses = sorted(status for status, _ in outcomes)
    assert set(statuses) <= {200, 401}, statuses
    assert statuses.count(200) <= 1, statuses
    new_tokens = OutstandingToken.objects.filter(user=user).count() - issued_before
    assert new_tokens <= 1, new_tokens
