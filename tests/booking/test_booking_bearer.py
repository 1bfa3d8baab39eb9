"""The booking's bearer: its account is checked by the booking's first read, never skipped.

`POST /api/reservations/` reads the bearer's account with the bay and the slot (`booking_state`) instead of in
a read of its own (`booking_authentication`, benchmark 2). Whatever the body, a gone, inactive, suspended or
archived account, or a token older than a password change, is refused as every other view refuses it (401)
and nothing is written; a valid account's refusals come in its language.
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from api.models import JournalSecurite, OutboxMessage, Reservation, UserStatus, Utilisateur
from tests.booking.conftest import book_body, slot
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

INVALID_BODIES = [
    {},  # the serializer refuses it
    "past slot",  # the service refuses it before the bay's state
]


def _body(bay, kind: str | dict) -> dict:  # type: ignore[no-untyped-def]
    start, _ = slot()
    if kind == "valid":
        return book_body(bay, start)
    if kind == "past slot":
        past, _ = slot(hours=-48)
        return book_body(bay, past)
    assert isinstance(kind, dict)
    return kind


def client_for_token(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def _nothing_written() -> None:
    assert Reservation.objects.count() == 0
    assert not JournalSecurite.objects.filter(action="reservation.created").exists()
    assert OutboxMessage.objects.count() == 0


@pytest.mark.parametrize("kind", ["valid", *INVALID_BODIES])
@pytest.mark.parametrize("change", [
    {"statut": UserStatus.SUSPENDED}, {"statut": UserStatus.ARCHIVED}, {"is_active": False},
])
def test_a_refused_account_gets_401_whatever_the_body(user, bay, change, kind):  # type: ignore[no-untyped-def]
    client = client_for(user)
    Utilisateur.objects.filter(pk=user.pk).update(**change)
    response = client.post("/api/reservations/", _body(bay, kind), format="json")
    assert (response.status_code, response.json()["code"]) == (401, "user_inactive")
    assert response["WWW-Authenticate"].startswith("Bearer")
    _nothing_written()


@pytest.mark.parametrize("kind", ["valid", *INVALID_BODIES])
def test_a_token_older_than_the_password_is_refused(user, bay, kind):  # type: ignore[no-untyped-def]
    client = client_for(user)
    user.set_password("an entirely new one 42")
    user.save()
    response = client.post("/api/reservations/", _body(bay, kind), format="json")
    assert (response.status_code, response.json()["code"]) == (401, "password_changed")
    _nothing_written()


@pytest.mark.parametrize("kind", ["valid", *INVALID_BODIES])
def test_a_gone_account_is_refused(user, bay, kind):  # type: ignore[no-untyped-def]
    client = client_for(user)
    Utilisateur.objects.filter(pk=user.pk).delete()
    response = client.post("/api/reservations/", _body(bay, kind), format="json")
    assert (response.status_code, response.json()["code"]) == (401, "user_not_found")
    _nothing_written()


def test_a_token_without_an_account_id_is_refused(bay):  # type: ignore[no-untyped-def]
    token = RefreshToken().access_token  # signed by the server, names no account
    response = client_for_token(str(token)).post("/api/reservations/", _body(bay, "valid"), format="json")
    assert response.status_code == 401
    _nothing_written()


def test_no_or_a_forged_token_is_refused(api_client, bay):  # type: ignore[no-untyped-def]
    assert api_client.post("/api/reservations/", _body(bay, "valid"), format="json").status_code == 401
    forged = client_for_token("eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoxfQ.c2lnbmF0dXJl")
    assert forged.post("/api/reservations/", _body(bay, "valid"), format="json").status_code == 401
    _nothing_written()


def test_the_list_still_authenticates_as_every_view(user):  # type: ignore[no-untyped-def]
    client = client_for(user)
    assert client.get("/api/reservations/").status_code == 200
    Utilisateur.objects.filter(pk=user.pk).update(statut=UserStatus.SUSPENDED)
    response = client.get("/api/reservations/")
    assert (response.status_code, response.json()["code"]) == (401, "user_inactive")


def test_the_answers_come_in_the_accounts_language(user, other_client, bay):  # type: ignore[no-untyped-def]
    """No Accept-Language: the refusal read with the account, and an invalid body answered before that read,
    both speak the account's language; so does a booking made."""
    Utilisateur.objects.filter(pk=user.pk).update(preferred_language="en")
    start, _ = slot()
    assert other_client.post("/api/reservations/", book_body(bay, start), format="json").status_code == 201
    client = client_for(user)
    taken = client.post("/api/reservations/", book_body(bay, start), format="json")
    assert taken.status_code == 409
    assert taken.json()["detail"] == "This time slot is already booked on this bay."
    assert taken["Content-Language"] == "en"
    invalid = client.post("/api/reservations/", {**book_body(bay, start), "auth_choice": "telepathy"}, format="json")
    assert invalid.status_code == 400 and invalid["Content-Language"] == "en"
    past, _ = slot(hours=-48)
    late = client.post("/api/reservations/", book_body(bay, past), format="json")
    assert (late.status_code, late.json()["code"]) == (400, "slot_in_past")
    assert late.json()["detail"] == "The booking's start is already past."
    later, _ = slot(hours=5)
    made = client.post("/api/reservations/", book_body(bay, later), format="json")
    assert made.status_code == 201 and made["Content-Language"] == "en"
