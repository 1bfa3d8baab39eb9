"""Badges: the user's own, their access history, and the admin variants."""

from __future__ import annotations

import pytest

from api.models import Authentification, JournalSecurite, ReservationStatus, RfidLinkCode
from api.services import badges
from tests import factories

pytestmark = pytest.mark.django_db


def test_create_auth_method_and_list(user_client, user, api_client):
    response = user_client.post("/api/account/auth-methods/")
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id_auth", "code", "expires_at"} and len(body["code"]) == 8 and body["code"].isdigit()
    assert RfidLinkCode.objects.get().code_hash != body["code"]
    again = user_client.post("/api/account/auth-methods/").json()
    assert again["id_auth"] == body["id_auth"] and again["code"] != body["code"]
    badges.rfid_badge_register(utilisateur=user, uid="04A13F9A", revoke_others=False, actor=user)
    listed = user_client.get("/api/account/auth-methods/").json()
    assert {row["type_label"] for row in listed} == {"rfid"}
    assert all("hash_valeur" not in row and "04A13F9A" not in str(row) for row in listed)
    assert "•••• 3F9A" in [row["display_value"] for row in listed]
    assert api_client.get("/api/account/auth-methods/").status_code == 401
    assert api_client.post("/api/account/auth-methods/").status_code == 401


def test_create_auth_method_view_answers_link_code(user):
    from rest_framework.test import APIRequestFactory, force_authenticate

    from api.views import create_auth_method

    request = APIRequestFactory().post("/api/account/auth-methods/")
    force_authenticate(request, user=user)
    response = create_auth_method(request)
    assert response.status_code == 201 and set(response.data) == {"id_auth", "code", "expires_at"}


def test_delete_own_badge_and_not_another_users(user_client, other_client, user):
    badge = badges.rfid_badge_register(utilisateur=user, uid="04A13F9A", revoke_others=False, actor=user)
    reservation = factories.ReservationFactory(utilisateur=user, auth_choice="rfid", authentification=badge)
    assert other_client.delete(f"/api/account/auth-methods/{badge.pk}/").status_code == 404
    assert Authentification.objects.get(pk=badge.pk).is_active
    assert user_client.delete(f"/api/account/auth-methods/{badge.pk}/").status_code == 204
    badge.refresh_from_db()
    assert badge.is_active is False and badge.metadata["status"] == "revoked"  # kept for history
    reservation.refresh_from_db()
    assert reservation.statut == ReservationStatus.PENDING  # no badge left: it waits for a new one
    assert user_client.delete(f"/api/account/auth-methods/{badge.pk}/").status_code == 409
    assert JournalSecurite.objects.filter(action="rfid.revoked").count() == 1


def test_auth_history_lists_own_attempts(user_client, user, other_user):
    mine = factories.AccessAttemptFactory(utilisateur=user)
    factories.AccessAttemptFactory(utilisateur=other_user)
    rows = user_client.get("/api/account/auth-history/").json()
    assert [row["id"] for row in rows] == [mine.pk]
    assert rows[0]["reason"] == "unknown_credential"


def test_admin_user_auth_methods(admin_client, user, other_user, user_client):
    url = f"/api/admin/users/{user.pk}/auth-methods/"
    assert user_client.get(url).status_code == 403
    assert user_client.post(url, {"uid": "01020304"}, format="json").status_code == 403
    first = admin_client.post(url, {"uid": "01:02:03:04"}, format="json")
    assert first.status_code == 201 and first.json()["display_value"] == "•••• 0304"
    second = admin_client.post(url, {"uid": "0A0B0C0D", "revoke_others": True}, format="json")
    assert second.status_code == 201
    assert [row["id_auth"] for row in admin_client.get(url).json()] == [second.json()["id_auth"]]
    taken = admin_client.post(f"/api/admin/users/{other_user.pk}/auth-methods/", {"uid": "0a0b0c0d"}, format="json")
    assert taken.status_code == 409
    assert not Authentification.objects.filter(utilisateur=other_user).exists()
    assert admin_client.post(url, {"uid": "!!"}, format="json").status_code == 400
    assert admin_client.post(url, {}, format="json").status_code == 400
    assert admin_client.get("/api/admin/users/999999/auth-methods/").status_code == 404


def test_admin_revoke_user_auth_method(admin_client, user_client, user, other_user):
    badge = badges.rfid_badge_register(utilisateur=user, uid="04A13F9A", revoke_others=False, actor=user)
    url = f"/api/admin/users/{user.pk}/auth-methods/{badge.pk}/revoke/"
    assert user_client.post(url).status_code == 403
    assert admin_client.post(f"/api/admin/users/{other_user.pk}/auth-methods/{badge.pk}/revoke/").status_code == 404
    assert Authentification.objects.get(pk=badge.pk).is_active
    response = admin_client.post(url)
    assert response.status_code == 200
    assert Authentification.objects.get(pk=badge.pk).is_active is False
    assert admin_client.post(url).status_code == 409
