"""The signed-in user's account: profile, consents, password, export, dashboard, erasure."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import (
    Consentement,
    ConsentStatus,
    ConsentType,
    JournalSecurite,
    ProfilUtilisateur,
    Reservation,
    ReservationStatus,
    UserStatus,
    Utilisateur,
)
from tests import factories
from tests.conftest import client_for

from .conftest import STRONG_PASSWORD, login, refresh_cookie, refresh_with

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    ("get", "/api/account/profile/"), ("patch", "/api/account/profile/"), ("delete", "/api/account/profile/"),
    ("get", "/api/account/consents/"), ("post", "/api/account/consents/"), ("post", "/api/account/password/"),
    ("get", "/api/account/export/"), ("get", "/api/account/dashboard/"),
]


@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_anonymous_refused_nothing_changed(api_client, user, method, url):  # type: ignore[no-untyped-def]
    before = list(Utilisateur.objects.values())
    response = getattr(api_client, method)(url, {"nom": "x", "notifications_accepted": True}, format="json")
    assert response.status_code == 401
    assert list(Utilisateur.objects.values()) == before
    assert not Consentement.objects.exists()


def test_profile_get_and_patch(user, user_client):  # type: ignore[no-untyped-def]
    ProfilUtilisateur.objects.filter(utilisateur=user).update(telephone_verifie=True)
    data = user_client.get("/api/account/profile/").data
    assert data["pseudo"] == user.pseudo and data["telephone_verifie"] is True
    response = user_client.patch(
        "/api/account/profile/",
        {"nom": "Jeanne Volt", "telephone": "06 12 34 56 78", "is_staff": True, "is_superuser": True,
         "email": " Jeanne@Example.ORG "},
        format="json",
    )
    assert response.status_code == 200, response.data
    assert response.data["telephone"] == "+33612345678"
    assert response.data["telephone_verifie"] is False
    user.refresh_from_db()
    assert user.email == "jeanne@example.org"
    assert user.is_staff is False and user.is_superuser is False
    profil = ProfilUtilisateur.objects.get(utilisateur=user)
    assert (profil.nom, profil.telephone, profil.telephone_verifie) == ("Jeanne Volt", "+33612345678", False)


def test_profile_same_phone_keeps_verification(user, user_client):  # type: ignore[no-untyped-def]
    ProfilUtilisateur.objects.filter(utilisateur=user).update(telephone="+33612345678", telephone_verifie=True)
    assert user_client.patch("/api/account/profile/", {"telephone": "0612345678"}, format="json").status_code == 200
    assert ProfilUtilisateur.objects.get(utilisateur=user).telephone_verifie is True


@pytest.mark.parametrize(
    "body", [{"telephone": "abc"}, {"email": "nope"}, {"statut": "archive"}, {"pseudo": "a"}]
)
def test_profile_patch_invalid(user, user_client, body):  # type: ignore[no-untyped-def]
    before = (Utilisateur.objects.filter(pk=user.pk).values().get(), ProfilUtilisateur.objects.values().get())
    response = user_client.patch("/api/account/profile/", body, format="json")
    assert response.status_code == 400
    assert next(iter(body)) in response.data
    assert (Utilisateur.objects.filter(pk=user.pk).values().get(), ProfilUtilisateur.objects.values().get()) == before


def test_profile_patch_duplicate_pseudo(user, other_user, user_client):  # type: ignore[no-untyped-def]
    response = user_client.patch("/api/account/profile/", {"pseudo": other_user.pseudo.upper()}, format="json")
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.pseudo != other_user.pseudo.upper()


def test_profile_delete_erases_personal_data_keeps_history(user):  # type: ignore[no-untyped-def]
    client = APIClient()
    session = login(client, user.pseudo)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {session.data['access']}")
    token = refresh_cookie(session)
    factories.ConsentementFactory(utilisateur=user)
    badge = factories.AuthentificationFactory(utilisateur=user, display_value="•••• 3F9A")
    start = timezone.now() + timedelta(days=1)
    upcoming = factories.ReservationFactory(utilisateur=user, statut=ReservationStatus.CONFIRMED,
                                            date_debut=start, date_fin=start + timedelta(hours=1))
    done = factories.SessionFactory(reservation__utilisateur=user, reservation__statut=ReservationStatus.COMPLETED)
    response = client.delete("/api/account/profile/")
    assert response.status_code == 204
    assert response.cookies[settings.REFRESH_COOKIE_NAME].value == ""
    user.refresh_from_db()
    assert user.pseudo == f"supprime-{user.pk}" and "example.org" not in user.email
    assert not user.has_usable_password() and not user.is_active and user.statut == UserStatus.ARCHIVED
    profil = ProfilUtilisateur.objects.get(utilisateur=user)
    assert (profil.nom, profil.telephone) == ("", "")
    assert not Consentement.objects.filter(utilisateur=user).exists()
    badge.refresh_from_db()
    assert not badge.is_active and badge.hash_valeur == "" and badge.display_value == ""
    upcoming.refresh_from_db()
    assert upcoming.statut == ReservationStatus.CANCELLED and upcoming.cancel_reason == "account_deleted"
    assert Reservation.objects.filter(pk=done.reservation.pk, statut=ReservationStatus.COMPLETED).exists()
    assert not JournalSecurite.objects.filter(utilisateur=user).exclude(ip=None).exists()
    entry = JournalSecurite.objects.get(action="account.deleted")
    assert entry.utilisateur is None and entry.ip is None
    assert refresh_with(APIClient(), token).status_code == 401
    assert client.get("/api/account/profile/").status_code == 401


def test_staff_cannot_delete_own_account_via_profile(admin_user, admin_client):  # type: ignore[no-untyped-def]
    assert admin_client.delete("/api/account/profile/").status_code == 409
    admin_user.refresh_from_db()
    assert admin_user.is_active and admin_user.is_staff


def test_consents_history_and_changes(user, user_client):  # type: ignore[no-untyped-def]
    factories.ConsentementFactory(utilisateur=user, type=ConsentType.CGU)
    factories.ConsentementFactory(utilisateur=user, type=ConsentType.NOTIFICATIONS, statut=ConsentStatus.REFUSED)
    data = user_client.get("/api/account/consents/").data
    assert data["current"] == {"cgu_accepted": True, "privacy_policy_accepted": None,
                               "notifications_accepted": False}
    assert len(data["history"]) == 2
    response = user_client.post("/api/account/consents/",
                                {"notifications_accepted": True, "cgu_accepted": True}, format="json")
    assert response.status_code == 200
    assert response.data["current"]["notifications_accepted"] is True
    assert Consentement.objects.filter(utilisateur=user).count() == 3  # CGU unchanged: no new row
    user_client.post("/api/account/consents/", {"notifications_accepted": True}, format="json")
    assert Consentement.objects.filter(utilisateur=user).count() == 3


@pytest.mark.parametrize("body", [{}, {"cgu_accepted": False}, {"notifications_accepted": "peut-etre"}])
def test_consents_invalid(user, user_client, body):  # type: ignore[no-untyped-def]
    assert user_client.post("/api/account/consents/", body, format="json").status_code == 400
    assert not Consentement.objects.exists()


def test_consents_are_per_user(user, other_client):  # type: ignore[no-untyped-def]
    factories.ConsentementFactory(utilisateur=user)
    assert other_client.get("/api/account/consents/").data["history"] == []


def test_change_password_revokes_all_sessions(user):  # type: ignore[no-untyped-def]
    old_token = refresh_cookie(login(APIClient(), user.pseudo))
    client = client_for(user)
    response = client.post("/api/account/password/", {
        "current_password": factories.DEFAULT_PASSWORD, "new_password": STRONG_PASSWORD,
        "new_password_confirm": STRONG_PASSWORD}, format="json")
    assert response.status_code == 200, response.data
    assert response.data["access"] and refresh_cookie(response)
    user.refresh_from_db()
    assert user.check_password(STRONG_PASSWORD)
    # The ended token is refused, and (not being a rotation reuse) does not end the new session.
    assert refresh_with(APIClient(), old_token).status_code == 401
    assert refresh_with(APIClient(), refresh_cookie(response)).status_code == 200
    assert JournalSecurite.objects.filter(action="account.password_changed", utilisateur=user).exists()
    # Access tokens issued before the change end at once; the one answered by the change works.
    assert client.get("/api/auth/me/").status_code == 401
    fresh = APIClient()
    fresh.credentials(HTTP_AUTHORIZATION=f"Bearer {response.data['access']}")
    assert fresh.get("/api/auth/me/").status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"current_password": "faux-mot-de-passe", "new_password": STRONG_PASSWORD,
          "new_password_confirm": STRONG_PASSWORD}, "current_password"),
        ({"current_password": factories.DEFAULT_PASSWORD, "new_password": STRONG_PASSWORD,
          "new_password_confirm": STRONG_PASSWORD + "x"}, "new_password_confirm"),
        ({"current_password": factories.DEFAULT_PASSWORD, "new_password": "court",
          "new_password_confirm": "court"}, "new_password"),
        ({"current_password": factories.DEFAULT_PASSWORD}, "new_password"),
    ],
)
def test_change_password_invalid(user, user_client, body, field):  # type: ignore[no-untyped-def]
    token = refresh_cookie(login(APIClient(), user.pseudo))
    response = user_client.post("/api/account/password/", body, format="json")
    assert response.status_code == 400
    assert field in response.data
    user.refresh_from_db()
    assert user.check_password(factories.DEFAULT_PASSWORD)
    assert refresh_with(APIClient(), token).status_code == 200


def test_export_has_everything_but_secrets(user, other_user, user_client):  # type: ignore[no-untyped-def]
    login(APIClient(), user.pseudo)
    factories.ConsentementFactory(utilisateur=user)
    badge = factories.AuthentificationFactory(utilisateur=user, display_value="•••• 3F9A")
    factories.SessionFactory(reservation__utilisateur=user, energie_kwh=7.5)
    factories.ReservationFactory(utilisateur=other_user)
    response = user_client.get("/api/account/export/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    document = json.loads(response.content)
    assert document["account"]["pseudo"] == user.pseudo
    assert document["profile"]["telephone"] == user.profil.telephone
    assert len(document["consents"]["history"]) == 1
    assert document["auth_methods"][0]["display_value"] == "•••• 3F9A"
    assert len(document["reservations"]) == 1 and len(document["sessions"]) == 1
    assert any(row["action"] == "auth.login" for row in document["security_journal"])
    text = response.content.decode()
    assert badge.hash_valeur not in text and user.password not in text and "argon2" not in text


def test_dashboard_bounded_queries(user, other_user, user_client):  # type: ignore[no-untyped-def]
    start = timezone.now() + timedelta(hours=2)
    for offset in range(7):
        factories.ReservationFactory(utilisateur=user, statut=ReservationStatus.CONFIRMED,
                                     date_debut=start + timedelta(days=offset),
                                     date_fin=start + timedelta(days=offset, hours=1))
    for energy in (3.0, 4.5):
        factories.SessionFactory(reservation__utilisateur=user, energie_kwh=energy,
                                 reservation__statut=ReservationStatus.COMPLETED)
    factories.SessionFactory(reservation__utilisateur=other_user, energie_kwh=100)
    with CaptureQueriesContext(connection) as queries:
        response = user_client.get("/api/account/dashboard/")
    assert response.status_code == 200
    assert len(queries) <= 8
    data = response.data
    assert data["reservation_counts"][ReservationStatus.CONFIRMED] == 7
    assert data["reservation_counts"][ReservationStatus.COMPLETED] == 2
    assert data["total_energy_kwh"] == 7.5 and data["total_sessions"] == 2
    assert len(data["upcoming_reservations"]) == 5
    assert data["next_reservation"]["date_debut"] == min(r["date_debut"] for r in data["upcoming_reservations"])
    assert len(data["recent_sessions"]) == 2
