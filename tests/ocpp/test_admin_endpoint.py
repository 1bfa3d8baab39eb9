"""The admin endpoint that switches a cabinet to OCPP and shows its password once."""

from __future__ import annotations

from api.models import Borne, BorneLink, JournalSecurite
from api.services.ocpp import ocpp_borne_authenticate
from tests import factories


def test_admin_switches_a_cabinet_to_ocpp_and_gets_the_password_once(admin_client):
    borne = factories.BorneFactory()
    response = admin_client.post(f"/api/admin/bornes/{borne.pk}/ocpp/", {"ocpp_identity": "CP-LYON-1"},
                                 format="json")
    assert response.status_code == 201
    password = response.json()["password"]
    assert 16 <= len(password) <= 40
    borne.refresh_from_db()
    assert borne.link_kind == BorneLink.OCPP and borne.ocpp_identity == "CP-LYON-1"
    assert password not in borne.ocpp_password_hash
    assert ocpp_borne_authenticate(identity="CP-LYON-1", password=password) == borne
    assert not JournalSecurite.objects.filter(details__icontains=password).exists()
    rotated = admin_client.post(f"/api/admin/bornes/{borne.pk}/ocpp/", {"ocpp_identity": "CP-LYON-1"}, format="json")
    assert ocpp_borne_authenticate(identity="CP-LYON-1", password=password) is None
    assert ocpp_borne_authenticate(identity="CP-LYON-1", password=rotated.json()["password"]) == borne
    assert admin_client.delete(f"/api/admin/bornes/{borne.pk}/ocpp/").status_code == 204
    borne.refresh_from_db()
    assert borne.link_kind == BorneLink.MQTT and borne.ocpp_identity is None


def test_identity_taken_or_invalid_and_wrong_actor(admin_client, user_client):
    first, second = factories.BorneFactory(), factories.BorneFactory()
    assert admin_client.post(f"/api/admin/bornes/{first.pk}/ocpp/", {"ocpp_identity": "CP-1"},
                             format="json").status_code == 201
    assert admin_client.post(f"/api/admin/bornes/{second.pk}/ocpp/", {"ocpp_identity": "CP-1"},
                             format="json").status_code == 409
    assert admin_client.post(f"/api/admin/bornes/{second.pk}/ocpp/", {"ocpp_identity": "a b/c"},
                             format="json").status_code == 400
    assert user_client.post(f"/api/admin/bornes/{second.pk}/ocpp/", {"ocpp_identity": "CP-2"},
                            format="json").status_code == 403
    assert admin_client.post("/api/admin/bornes/999999/ocpp/", {"ocpp_identity": "CP-3"},
                             format="json").status_code == 404
    assert Borne.objects.get(pk=second.pk).link_kind == BorneLink.MQTT


def test_the_cabinet_list_says_how_it_is_linked_and_the_link_is_not_writable_there(admin_client):
    """The console reads `link_kind` and `ocpp_identity` beside the documented fields; only the OCPP
    endpoint changes them (a PATCH of the cabinet leaves them as they are)."""
    borne = factories.BorneFactory()
    admin_client.post(f"/api/admin/bornes/{borne.pk}/ocpp/", {"ocpp_identity": "CP-READ-1"}, format="json")
    shown = admin_client.get(f"/api/admin/bornes/{borne.pk}/").json()
    assert (shown["link_kind"], shown["ocpp_identity"]) == ("ocpp", "CP-READ-1")
    patched = admin_client.patch(f"/api/admin/bornes/{borne.pk}/", {"link_kind": "mqtt", "ocpp_identity": "X",
                                                                    "nom": "Renamed"}, format="json")
    assert patched.status_code == 200
    borne.refresh_from_db()
    assert (borne.link_kind, borne.ocpp_identity, borne.nom) == (BorneLink.OCPP, "CP-READ-1", "Renamed")
