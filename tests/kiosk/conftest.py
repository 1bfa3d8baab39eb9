"""Kiosk fixtures: a cabinet with a bay and its device, its kiosk client, reservations open now."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import Borne, Reservation
from api.services import badges, credentials
from api.services.terminal_keys import terminal_key_issue
from tests import factories

# The device fixtures over the real broker (bridge, simulators) are shared with the device tests.
from tests.devices.conftest import _fresh_publisher, bridge, make_sim, start_bridge  # noqa: F401


def kiosk_client(borne: Borne) -> tuple[APIClient, str]:
    key = terminal_key_issue(borne=borne, actor=None, ip=None).terminal_key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Terminal {key}")
    return client, key


def make_cabinet(numero: int = 1) -> Borne:
    borne = factories.BorneFactory(mqtt_prefix=f"test/{uuid.uuid4().hex[:12]}")
    bay = factories.EmplacementFactory(borne=borne, station=borne.station, numero=numero)
    factories.DeviceFactory(emplacement=bay)
    return borne


def book_now(borne: Borne, mode: str = "code", user: Any = None, **kwargs: Any) -> tuple[Reservation, str]:
    """A `confirmee` reservation of the cabinet's first bay starting now; its QR/code secret or badge UID."""
    user = user or factories.UtilisateurFactory()
    bay = borne.emplacements.order_by("numero").first()
    start = kwargs.pop("date_debut", timezone.now().replace(microsecond=0) - timedelta(minutes=5))
    reservation = factories.ReservationFactory(utilisateur=user, emplacement=bay, auth_choice=mode, date_debut=start,
                                               date_fin=start + timedelta(hours=1), **kwargs)
    if mode == "rfid":
        uid = uuid.uuid4().hex[:8].upper()
        admin = factories.UtilisateurFactory(is_staff=True)
        badge = badges.rfid_badge_register(utilisateur=user, uid=uid, revoke_others=False, actor=admin)
        Reservation.objects.filter(pk=reservation.pk).update(authentification=badge)
        reservation.refresh_from_db()
        return reservation, uid
    auth = credentials.temporary_credential_issue(reservation=reservation)
    return reservation, credentials.credential_secret(auth)


@pytest.fixture
def cabinet(db):  # type: ignore[no-untyped-def]
    return make_cabinet()


@pytest.fixture
def kiosk(cabinet) -> APIClient:  # type: ignore[no-untyped-def]
    return kiosk_client(cabinet)[0]
