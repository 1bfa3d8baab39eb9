"""Administration of reservations."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from api.errors import Forbidden
from api.models import Reservation, ReservationStatus
from api.services.credentials import credential_resolve
from tests import factories
from tests.booking.conftest import book_body, slot

pytestmark = pytest.mark.django_db


def test_admin_reservations_shape_filters_and_scope(admin_client, user_client, user):
    upcoming = factories.ReservationFactory(utilisateur=user)
    done = factories.ReservationFactory(
        date_debut=timezone.now() - timedelta(hours=3), date_fin=timezone.now() - timedelta(hours=2),
        statut=ReservationStatus.COMPLETED,
    )
    cancelled = factories.ReservationFactory(statut=ReservationStatus.CANCELLED)
    assert user_client.get("/api/admin/reservations/").status_code == 403
    body = admin_client.get("/api/admin/reservations/").json()
    assert [row["id_reservation"] for row in body["upcoming"]] == [upcoming.pk]
    assert {row["id_reservation"] for row in body["archived"]} == {done.pk, cancelled.pk}
    scoped = admin_client.get("/api/admin/reservations/", {"scope": "archived", "page_size": 1}).json()
    assert scoped["count"] == 2 and len(scoped["results"]) == 1
    assert admin_client.get("/api/admin/reservations/", {"scope": "nope"}).status_code == 400
    station = admin_client.get("/api/admin/reservations/", {"station": upcoming.emplacement.station_id}).json()
    assert [row["id_reservation"] for row in station["upcoming"]] == [upcoming.pk] and station["archived"] == []
    by_statut = admin_client.get("/api/admin/reservations/", {"statut": "annulee", "scope": "archived"}).json()
    assert [row["id_reservation"] for row in by_statut] == [cancelled.pk]
    by_q = admin_client.get("/api/admin/reservations/", {"q": user.pseudo}).json()
    assert [row["id_reservation"] for row in by_q["upcoming"]] == [upcoming.pk]
    for bad in ("abc", "0", str(2**63)):  # 2**63 answered 500 on SQLite (found by make verify)
        assert admin_client.get("/api/admin/reservations/", {"station": bad}).status_code == 400


def test_admin_cancel_any_reservation(admin_client, user_client, user):
    started = factories.ReservationFactory(utilisateur=user, date_debut=timezone.now() - timedelta(minutes=5))
    assert user_client.post(f"/api/admin/reservations/{started.pk}/cancel/").status_code == 403
    assert Reservation.objects.get(pk=started.pk).statut == ReservationStatus.CONFIRMED
    response = admin_client.post(f"/api/admin/reservations/{started.pk}/cancel/")
    assert response.status_code == 200 and response.json()["statut"] == "annulee"
    assert admin_client.post(f"/api/admin/reservations/{started.pk}/cancel/").status_code == 409
    assert admin_client.post("/api/admin/reservations/999999/cancel/").status_code == 404


def test_admin_regenerate_and_revoke_access(admin_client, user_client, user):
    bay = factories.EmplacementFactory()
    start, _ = slot()
    created = user_client.post("/api/reservations/", book_body(bay, start), format="json").json()
    rid = created["id_reservation"]
    old = user_client.get(f"/api/reservations/{rid}/access/").json()["code"]
    assert user_client.post(f"/api/admin/reservations/{rid}/access/").status_code == 403
    regenerated = admin_client.post(f"/api/admin/reservations/{rid}/access/")
    assert regenerated.status_code == 200
    new = regenerated.json()["code"]
    assert new != old and user_client.get(f"/api/reservations/{rid}/access/").json()["code"] == new
    with pytest.raises(Forbidden):
        credential_resolve(borne=bay.borne, method="code", value=old, now=start)
    assert user_client.post(f"/api/admin/reservations/{rid}/access/revoke/").status_code == 403
    revoked = admin_client.post(f"/api/admin/reservations/{rid}/access/revoke/")
    assert revoked.status_code == 200 and revoked.json()["auth_is_active"] is False
    assert admin_client.post(f"/api/admin/reservations/{rid}/access/revoke/").status_code == 409
    assert user_client.get(f"/api/reservations/{rid}/access/").status_code == 409
    # a new regeneration brings access back
    assert admin_client.post(f"/api/admin/reservations/{rid}/access/").status_code == 200
    rfid = factories.ReservationFactory(auth_choice="rfid")
    assert admin_client.post(f"/api/admin/reservations/{rfid.pk}/access/").status_code == 409
