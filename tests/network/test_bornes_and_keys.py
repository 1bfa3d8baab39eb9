"""admin_bornes / admin_borne_detail / admin_borne_terminal_key and `Authorization: Terminal <key>`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory

from api.authentication import KioskPrincipal, TerminalKeyAuthentication
from api.crypto import sha256_hex
from api.models import Borne, BorneStatus, JournalSecurite, TerminalKey
from api.permissions import IsKiosk
from tests import factories
from tests.network.conftest import assert_refused_everyone

pytestmark = pytest.mark.django_db

LIST = "/api/admin/bornes/"
KEYS = "/api/admin/terminal-keys/"


def detail(pk: int) -> str:
    return f"/api/admin/bornes/{pk}/"


def key_url(pk: int) -> str:
    return f"/api/admin/bornes/{pk}/terminal-key/"


def test_create_borne_defaults_prefix(admin_client) -> None:  # type: ignore[no-untyped-def]
    station = factories.StationFactory()
    response = admin_client.post(LIST, {"station": station.pk, "numero": 2, "nom": "Nord"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["mqtt_prefix"] == f"evc/{station.pk}/2"
    assert body["station_nom"] == station.nom and body["emplacements_count"] == 0
    assert body["statut"] == BorneStatus.ACTIVE
    assert JournalSecurite.objects.filter(action="borne.created").count() == 1


def test_duplicate_numero_and_prefix_are_400(admin_client) -> None:  # type: ignore[no-untyped-def]
    borne = factories.BorneFactory(numero=1, mqtt_prefix="site/a")
    response = admin_client.post(LIST, {"station": borne.station_id, "numero": 1}, format="json")
    assert response.status_code == 400 and "existe déjà" in response.json()["numero"][0]
    other = factories.StationFactory()
    response = admin_client.post(LIST, {"station": other.pk, "numero": 1, "mqtt_prefix": "site/a/"}, format="json")
    assert response.status_code == 400 and "déjà utilisé" in response.json()["mqtt_prefix"][0]
    response = admin_client.post(LIST, {"numero": 0}, format="json")
    assert response.status_code == 400 and {"station", "numero"} <= set(response.json())
    assert Borne.objects.count() == 1


def test_blank_prefix_collision_with_explicit_prefix_is_400(admin_client) -> None:  # type: ignore[no-untyped-def]
    station = factories.StationFactory()
    factories.BorneFactory(numero=9, mqtt_prefix=f"evc/{station.pk}/3")
    response = admin_client.post(LIST, {"station": station.pk, "numero": 3, "mqtt_prefix": ""}, format="json")
    assert response.status_code == 400 and "mqtt_prefix" in response.json()


def test_list_filters_and_queries(admin_client) -> None:  # type: ignore[no-untyped-def]
    station = factories.StationFactory()
    for numero in range(1, 51):
        borne = factories.BorneFactory(station=station, numero=numero)
        factories.EmplacementFactory(borne=borne, numero=1)
    factories.BorneFactory(statut=BorneStatus.INACTIVE)
    with CaptureQueriesContext(connection) as queries:
        body = admin_client.get(LIST, {"station": station.pk}).json()
    assert len(body) == 50 and all(b["emplacements_count"] == 1 for b in body)
    assert len(queries) <= 3
    assert len(admin_client.get(LIST, {"statut": "inactive"}).json()) == 1
    assert admin_client.get(LIST, {"station": "abc"}).status_code == 400


def test_patch_renumber_conflict_and_delete(admin_client) -> None:  # type: ignore[no-untyped-def]
    first = factories.BorneFactory(numero=1)
    second = factories.BorneFactory(station=first.station, numero=2)
    response = admin_client.patch(detail(second.pk), {"numero": 1}, format="json")
    assert response.status_code == 400
    second.refresh_from_db()
    assert second.numero == 2
    response = admin_client.patch(detail(second.pk), {"statut": "maintenance", "nom": "B2"}, format="json")
    assert response.status_code == 200 and response.json()["statut"] == "maintenance"
    factories.DeviceFactory(emplacement=factories.EmplacementFactory(borne=second))
    assert admin_client.delete(detail(second.pk)).status_code == 204
    assert not Borne.objects.filter(pk=second.pk).exists()


def test_delete_with_history_is_409(admin_client) -> None:  # type: ignore[no-untyped-def]
    reservation = factories.ReservationFactory()
    response = admin_client.delete(detail(reservation.emplacement.borne_id))
    assert response.status_code == 409 and "inactif" in response.json()["detail"]
    assert Borne.objects.filter(pk=reservation.emplacement.borne_id).exists()


def test_borne_wrong_actors(wrong_actors) -> None:  # type: ignore[no-untyped-def]
    borne = factories.BorneFactory(nom="Intacte")
    assert_refused_everyone(wrong_actors, "get", LIST)
    assert_refused_everyone(wrong_actors, "post", LIST, {"station": borne.station_id, "numero": 7})
    assert_refused_everyone(wrong_actors, "patch", detail(borne.pk), {"nom": "Pirate"})
    assert_refused_everyone(wrong_actors, "delete", detail(borne.pk))
    assert_refused_everyone(wrong_actors, "post", key_url(borne.pk))
    assert list(Borne.objects.values_list("nom", flat=True)) == ["Intacte"]
    assert not TerminalKey.objects.exists()


# --- kiosk keys -------------------------------------------------------------------------------------


@api_view(["GET"])
@authentication_classes([TerminalKeyAuthentication])
@permission_classes([IsKiosk])
def whoami(request):  # type: ignore[no-untyped-def]
    return Response({"borne": request.user.borne.pk})


def kiosk_get(key: str | None, header: str | None = None):  # type: ignore[no-untyped-def]
    auth = header if header is not None else f"Terminal {key}"
    request = APIRequestFactory().get("/kiosk/whoami/", HTTP_AUTHORIZATION=auth)
    return whoami(request)


def test_issue_key_authenticates_its_cabinet_only(admin_client) -> None:  # type: ignore[no-untyped-def]
    borne, other = factories.BorneFactory(), factories.BorneFactory()
    response = admin_client.post(key_url(borne.pk))
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"terminal_key", "key_prefix", "created_at", "provisioning_payload"}
    key = body["terminal_key"]
    assert len(key) >= 43 and body["key_prefix"] == key[:8]
    row = TerminalKey.objects.get(borne=borne)
    assert row.key_hash == sha256_hex(key) and key not in str(row.__dict__)
    assert kiosk_get(key).data == {"borne": borne.pk}
    other_key = admin_client.post(key_url(other.pk)).json()["terminal_key"]
    assert kiosk_get(other_key).data == {"borne": other.pk}
    entries = JournalSecurite.objects.filter(action="terminal_key.issued")
    assert entries.count() == 2 and all(key not in str(e.details) for e in entries)


def test_rotation_refuses_old_key_at_once(admin_client) -> None:  # type: ignore[no-untyped-def]
    borne = factories.BorneFactory()
    old = admin_client.post(key_url(borne.pk)).json()["terminal_key"]
    new = admin_client.post(key_url(borne.pk)).json()["terminal_key"]
    assert old != new
    assert kiosk_get(old).status_code == 401
    assert kiosk_get(new).status_code == 200
    assert TerminalKey.objects.filter(borne=borne).count() == 1


def test_revocation(admin_client) -> None:  # type: ignore[no-untyped-def]
    borne = factories.BorneFactory()
    key = admin_client.post(key_url(borne.pk)).json()["terminal_key"]
    assert admin_client.delete(key_url(borne.pk)).status_code == 204
    assert kiosk_get(key).status_code == 401
    assert admin_client.delete(key_url(borne.pk)).status_code == 404
    assert JournalSecurite.objects.filter(action="terminal_key.revoked").count() == 1
    assert admin_client.post(key_url(999999)).status_code == 404


def test_bad_headers_and_inactive_cabinet(admin_client) -> None:  # type: ignore[no-untyped-def]
    borne = factories.BorneFactory()
    key = admin_client.post(key_url(borne.pk)).json()["terminal_key"]
    response = kiosk_get(None, header="")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Terminal"
    assert kiosk_get(None, header="Terminal").status_code == 401
    assert kiosk_get(None, header=f"Terminal {key} extra").status_code == 401
    assert kiosk_get(key[:-1] + ("A" if key[-1] != "A" else "B")).status_code == 401
    Borne.objects.filter(pk=borne.pk).update(statut=BorneStatus.INACTIVE)
    assert kiosk_get(key).status_code == 401


def test_user_jwt_is_not_a_kiosk(user_client) -> None:  # type: ignore[no-untyped-def]
    token = user_client._credentials["HTTP_AUTHORIZATION"]
    assert kiosk_get(None, header=token).status_code == 401


def test_last_used_at_written_at_most_once_a_minute(admin_client) -> None:  # type: ignore[no-untyped-def]
    borne = factories.BorneFactory()
    key = admin_client.post(key_url(borne.pk)).json()["terminal_key"]
    kiosk_get(key)
    first = TerminalKey.objects.get(borne=borne).last_used_at
    assert first is not None
    kiosk_get(key)
    assert TerminalKey.objects.get(borne=borne).last_used_at == first
    TerminalKey.objects.filter(borne=borne).update(last_used_at=first - timedelta(minutes=2))
    kiosk_get(key)
    assert TerminalKey.objects.get(borne=borne).last_used_at > first - timedelta(seconds=1)


def test_kiosk_principal() -> None:
    principal = KioskPrincipal(borne=Borne(pk=5))
    assert principal.is_authenticated and not principal.is_staff and principal.pk == "borne:5"


def test_schema_has_terminal_key_scheme() -> None:
    from drf_spectacular.extensions import OpenApiAuthenticationExtension
    from drf_spectacular.generators import SchemaGenerator

    extension = OpenApiAuthenticationExtension.get_match(TerminalKeyAuthentication())
    assert extension is not None and extension.name == "terminalKey"
    assert extension.get_security_definition(None)["name"] == "Authorization"
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert "/api/admin/bornes/{id}/terminal-key/" in schema["paths"]
    assert schema["paths"]["/api/admin/devices/"]["get"]["operationId"] == "admin_devices"


def test_provisioning_payload_and_key_state(admin_client) -> None:  # type: ignore[no-untyped-def]
    """(ext) The QR's payload carries the key once; the cabinet shows its key's state, never the key."""
    import json

    borne, other = factories.BorneFactory(), factories.BorneFactory()
    assert admin_client.get(KEYS).json() == []
    body = admin_client.post(key_url(borne.pk)).json()
    admin_client.post(key_url(other.pk))
    payload = json.loads(body["provisioning_payload"])
    assert payload == {"kind": "borne-kiosk-provisioning", "v": 1, "api": "http://testserver/api/",
                       "borne": borne.pk, "station": borne.station_id, "numero": borne.numero,
                       "key": body["terminal_key"]}
    assert kiosk_get(payload["key"]).data == {"borne": borne.pk}
    [state] = admin_client.get(KEYS, {"borne": borne.pk}).json()
    assert state["key_prefix"] == body["key_prefix"] and state["is_active"] is True
    assert state["revoked_at"] is None and state["last_used_at"] is not None  # the kiosk just used it
    assert state["station"] == borne.station_id and state["borne_numero"] == borne.numero
    assert body["terminal_key"] not in str(admin_client.get(KEYS).json())
    assert len(admin_client.get(KEYS, {"station": other.station_id}).json()) == 1
    assert admin_client.delete(key_url(borne.pk)).status_code == 204
    [state] = admin_client.get(KEYS, {"is_active": "false"}).json()
    assert state["borne"] == borne.pk and state["is_active"] is False and state["revoked_at"] is not None
    assert [row["borne"] for row in admin_client.get(KEYS, {"is_active": "true"}).json()] == [other.pk]
    page = admin_client.get(KEYS, {"page_size": 1}).json()
    assert page["count"] == 2
    assert admin_client.get(KEYS, {"station": "x"}).status_code == 400


def test_key_states_refused(wrong_actors) -> None:  # type: ignore[no-untyped-def]
    factories.TerminalKeyFactory()
    assert_refused_everyone(wrong_actors, "get", KEYS)
