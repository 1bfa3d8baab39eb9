"""User administration: staff only, every action journaled."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from api.models import JournalSecurite, ProfilUtilisateur, UserStatus, Utilisateur
from tests import factories
from tests.conftest import client_for

from .conftest import login, refresh_cookie, refresh_with

pytestmark = pytest.mark.django_db

STAFF_MESSAGE = "Accès réservé aux administrateurs."


def detail(user: Utilisateur) -> str:
    return f"/api/admin/users/{user.pk}/"


def test_non_staff_gets_403_and_nothing_changes(user, other_user, user_client):  # type: ignore[no-untyped-def]
    before = list(Utilisateur.objects.values())
    calls = [
        user_client.get("/api/admin/users/"),
        user_client.post("/api/admin/users/", {"pseudo": "nouveau", "email": "n@example.org"}, format="json"),
        user_client.get(detail(other_user)),
        user_client.patch(detail(other_user), {"is_staff": True}, format="json"),
        user_client.patch(detail(user), {"is_staff": True}, format="json"),
        user_client.delete(detail(other_user)),
        user_client.post(f"{detail(other_user)}reset-password/"),
    ]
    for response in calls:
        assert response.status_code == 403
        assert response.data["detail"] == STAFF_MESSAGE
    assert list(Utilisateur.objects.values()) == before
    assert APIClient().get("/api/admin/users/").status_code == 401


def test_list_filters_and_pagination(admin_client, admin_user):  # type: ignore[no-untyped-def]
    alice = factories.UtilisateurFactory(pseudo="alice", profil__nom="Alice Zygomarque")
    factories.UtilisateurFactory(pseudo="bob", statut=UserStatus.SUSPENDED)
    factories.TechnicienFactory(utilisateur=alice)
    data = admin_client.get("/api/admin/users/").data
    assert isinstance(data, list) and len(data) == 3
    assert [u["pseudo"] for u in admin_client.get("/api/admin/users/", {"q": "zygomarque"}).data] == ["alice"]
    found = {u["pseudo"]: u for u in admin_client.get("/api/admin/users/", {"q": "ALI"}).data}
    assert found["alice"]["is_technician"] is True  # (the admin's random name may contain "ali" too)
    assert [u["pseudo"] for u in admin_client.get("/api/admin/users/", {"statut": "suspendu"}).data] == ["bob"]
    assert [u["id_user"] for u in admin_client.get("/api/admin/users/", {"is_staff": "true"}).data] == [admin_user.pk]
    page = admin_client.get("/api/admin/users/", {"page_size": 2}).data
    assert page["count"] == 3 and len(page["results"]) == 2
    assert admin_client.get("/api/admin/users/", {"statut": "n-importe"}).status_code == 400


def test_create_user_with_temporary_password(admin_client, admin_user):  # type: ignore[no-untyped-def]
    response = admin_client.post("/api/admin/users/", {
        "pseudo": " Nouvelle ", "email": "Nouvelle@Example.org", "telephone": "0612345678", "nom": "N. Velle",
        "is_staff": True}, format="json")
    assert response.status_code == 201, response.data
    created = Utilisateur.objects.get(pseudo="Nouvelle")
    assert created.email == "nouvelle@example.org" and created.is_staff
    assert ProfilUtilisateur.objects.get(utilisateur=created).telephone == "+33612345678"
    assert created.check_password(response.data["temporary_password"])
    assert response.data["user"]["nom"] == "N. Velle"
    assert JournalSecurite.objects.filter(action="admin.user_created", utilisateur=admin_user).exists()
    assert response.data["temporary_password"] not in str(list(JournalSecurite.objects.values()))


@pytest.mark.parametrize("body", [{"email": "x@example.org"}, {"pseudo": "x"}, {"pseudo": "valide", "email": "no"}])
def test_create_user_invalid(admin_client, body):  # type: ignore[no-untyped-def]
    count = Utilisateur.objects.count()
    assert admin_client.post("/api/admin/users/", body, format="json").status_code == 400
    assert Utilisateur.objects.count() == count


def test_staff_cannot_grant_superuser_unless_superuser(user):  # type: ignore[no-untyped-def]
    staff = factories.UtilisateurFactory(is_staff=True)
    response = client_for(staff).patch(detail(user), {"is_superuser": True}, format="json")
    assert response.status_code == 403
    user.refresh_from_db()
    assert not user.is_superuser


def test_detail_get_patch(admin_client, admin_user, user):  # type: ignore[no-untyped-def]
    assert admin_client.get(detail(user)).data["pseudo"] == user.pseudo
    assert admin_client.get("/api/admin/users/999999/").status_code == 404
    ProfilUtilisateur.objects.filter(utilisateur=user).update(telephone_verifie=True)
    response = admin_client.patch(detail(user), {"nom": "Renommé", "telephone": "+33 6 98 76 54 32",
                                                 "is_staff": True}, format="json")
    assert response.status_code == 200, response.data
    user.refresh_from_db()
    profil = ProfilUtilisateur.objects.get(utilisateur=user)
    assert user.is_staff and profil.nom == "Renommé" and profil.telephone == "+33698765432"
    assert profil.telephone_verifie is False
    assert JournalSecurite.objects.filter(action="admin.user_updated", utilisateur=admin_user).exists()
    assert admin_client.patch(detail(user), {"statut": "inconnu"}, format="json").status_code == 400


@pytest.mark.parametrize("body", [{"statut": UserStatus.SUSPENDED}, {"statut": UserStatus.ARCHIVED},
                                  {"is_active": False}])
def test_suspension_ends_sessions(admin_client, user, body):  # type: ignore[no-untyped-def]
    token = refresh_cookie(login(APIClient(), user.pseudo))
    user_client = client_for(user)
    assert admin_client.patch(detail(user), body, format="json").status_code == 200
    assert not OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True).exists()
    assert refresh_with(APIClient(), token).status_code == 401
    assert user_client.get("/api/auth/me/").status_code == 401
    assert login(APIClient(), user.pseudo).status_code == 403


def test_staff_cannot_demote_or_delete_self(admin_client, admin_user):  # type: ignore[no-untyped-def]
    assert admin_client.patch(detail(admin_user), {"is_staff": False}, format="json").status_code == 409
    assert admin_client.patch(detail(admin_user), {"statut": UserStatus.SUSPENDED}, format="json").status_code == 409
    assert admin_client.patch(detail(admin_user), {"is_active": False}, format="json").status_code == 409
    assert admin_client.delete(detail(admin_user)).status_code == 409
    admin_user.refresh_from_db()
    assert admin_user.is_staff and admin_user.is_active and admin_user.statut == UserStatus.ACTIVE


def test_delete_user_anonymizes(admin_client, admin_user, user):  # type: ignore[no-untyped-def]
    token = refresh_cookie(login(APIClient(), user.pseudo))
    assert admin_client.delete(detail(user)).status_code == 204
    user.refresh_from_db()
    assert user.pseudo == f"supprime-{user.pk}" and not user.is_active and user.statut == UserStatus.ARCHIVED
    assert refresh_with(APIClient(), token).status_code == 401
    assert JournalSecurite.objects.filter(action="admin.user_deleted", utilisateur=admin_user).exists()
    assert admin_client.delete(detail(user)).status_code == 409


def test_reset_password(admin_client, admin_user, user):  # type: ignore[no-untyped-def]
    token = refresh_cookie(login(APIClient(), user.pseudo))
    user_client = client_for(user)
    assert user_client.get("/api/auth/me/").status_code == 200
    Utilisateur.objects.filter(pk=user.pk).update(failed_attempts=5)
    response = admin_client.post(f"{detail(user)}reset-password/")
    assert response.status_code == 200
    assert set(response.data) == {"temporary_password"}
    temporary = response.data["temporary_password"]
    assert len(temporary) >= 16
    user.refresh_from_db()
    assert user.check_password(temporary) and user.failed_attempts == 0
    assert refresh_with(APIClient(), token).status_code == 401
    assert user_client.get("/api/auth/me/").status_code == 401  # the access token ended with the reset
    assert login(APIClient(), user.pseudo, temporary).status_code == 200
    assert JournalSecurite.objects.filter(action="admin.user_password_reset", utilisateur=admin_user).exists()
    assert admin_client.post("/api/admin/users/999999/reset-password/").status_code == 404
