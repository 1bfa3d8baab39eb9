"""(ext) admin_user_journal: a user's own events and staff actions on their account, filters, refusals."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from api.models import JournalSecurite, TechnicianStationRole
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def url(user) -> str:  # type: ignore[no-untyped-def]
    return f"/api/admin/users/{user.pk}/journal/"


def test_journal_of_a_user(admin_client, admin_user, user, other_user):  # type: ignore[no-untyped-def]
    assert APIClient().post("/api/auth/login/", {"pseudo": user.pseudo, "password": "wrong"},
                            format="json").status_code == 401
    reset = admin_client.post(f"/api/admin/users/{user.pk}/reset-password/")
    assert reset.status_code == 200
    assert admin_client.patch(f"/api/admin/users/{user.pk}/", {"statut": "suspendu"}, format="json").status_code == 200
    factories.JournalSecuriteFactory(utilisateur=other_user, action="auth.login")
    body = admin_client.get(url(user)).json()
    actions = [entry["action"] for entry in body]
    assert actions[:2] == ["admin.user_updated", "admin.user_password_reset"]
    assert set(actions) == {"admin.user_updated", "admin.user_password_reset", "auth.login"}
    assert body[0]["actor"] == admin_user.pk and body[0]["actor_pseudo"] == admin_user.pseudo
    assert body[0]["details"]["target"] == user.pk
    failure = next(entry for entry in body if entry["action"] == "auth.login")
    assert failure["statut"] == "failure" and failure["actor"] == user.pk
    assert reset.json()["temporary_password"] not in str(body)  # never a secret
    # filters and pages
    assert [e["action"] for e in admin_client.get(url(user), {"action": "auth."}).json()] == ["auth.login"]
    assert {e["statut"] for e in admin_client.get(url(user), {"statut": "failure"}).json()} == {"failure"}
    page = admin_client.get(url(user), {"page_size": 1}).json()
    assert page["count"] == 3 and len(page["results"]) == 1
    # another user's journal holds none of these
    assert all(e["actor"] == other_user.pk for e in admin_client.get(url(other_user)).json())


def test_bad_filters_and_unknown_user(admin_client, user):  # type: ignore[no-untyped-def]
    response = admin_client.get(url(user), {"statut": "maybe"})
    assert response.status_code == 400 and "statut" in response.json()
    assert admin_client.get(url(user), {"action": "x" * 101}).status_code == 400
    assert admin_client.get("/api/admin/users/99999999/journal/").status_code == 404


def test_only_staff_reads_it(user, other_user, user_client):  # type: ignore[no-untyped-def]
    technicien = factories.TechnicienFactory()
    factories.TechnicienStationFactory(technicien=technicien, role=TechnicianStationRole.REFERENT)
    before = JournalSecurite.objects.count()
    for client in (user_client, client_for(technicien.utilisateur)):
        assert client.get(url(other_user)).status_code == 403
        assert client.get(url(user)).status_code == 403  # not even one's own, through the admin path
    assert APIClient().get(url(user)).status_code == 401
    assert JournalSecurite.objects.count() == before
