"""What the database itself guarantees, whatever code writes to it."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from api.models import Borne, Device, Reservation, ReservationStatus, Session, Utilisateur
from tests import factories

pytestmark = pytest.mark.django_db


def refused(create) -> bool:  # type: ignore[no-untyped-def]
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_pseudo_is_unique_regardless_of_case() -> None:
    Utilisateur.objects.create_user("Marie", "marie@example.org", "x" * 12)
    assert refused(lambda: Utilisateur.objects.create(pseudo="MARIE", email="autre@example.org"))
    assert Utilisateur.objects.filter(pseudo__iexact="marie").count() == 1


def test_email_is_unique_regardless_of_case() -> None:
    Utilisateur.objects.create(pseudo="a", email="Marie@Example.org")
    assert refused(lambda: Utilisateur.objects.create(pseudo="b", email="marie@example.ORG"))


def test_cabinet_number_is_unique_per_station_only() -> None:
    borne = factories.BorneFactory(numero=1)
    assert refused(lambda: Borne.objects.create(station=borne.station, numero=1))
    other = factories.StationFactory()
    assert Borne.objects.create(station=other, numero=1).pk


def test_bay_number_is_unique_per_cabinet_only() -> None:
    bay = factories.EmplacementFactory(numero=3)
    assert refused(lambda: factories.EmplacementFactory(borne=bay.borne, numero=3))
    assert factories.EmplacementFactory(numero=3).pk


def test_reference_code_is_unique() -> None:
    factories.ReservationFactory(reference_code="RABCDEFGH")
    assert refused(lambda: factories.ReservationFactory(reference_code="RABCDEFGH"))


def test_mqtt_prefix_is_unique_and_never_blank() -> None:
    borne = factories.BorneFactory(mqtt_prefix="evc/shared")
    assert refused(lambda: factories.BorneFactory(mqtt_prefix="evc/shared"))
    assert refused(lambda: Borne.objects.filter(pk=borne.pk).update(mqtt_prefix=""))


def test_blank_mqtt_prefix_gets_the_default() -> None:
    station = factories.StationFactory()
    borne = Borne.objects.create(station=station, numero=7, mqtt_prefix="")
    assert borne.mqtt_prefix == f"evc/{station.pk}/7"


def test_one_device_per_bay() -> None:
    device = factories.DeviceFactory()
    assert refused(lambda: Device.objects.create(emplacement=device.emplacement))


def test_one_session_per_reservation() -> None:
    session = factories.SessionFactory()
    assert refused(lambda: Session.objects.create(reservation=session.reservation, emplacement=session.emplacement))


def test_mac_addresses_are_unique_but_may_be_unknown() -> None:
    factories.DeviceFactory(mac_address="AA:BB:CC:DD:EE:01", hardware_mac="AA:BB:CC:DD:EE:02")
    assert refused(lambda: factories.DeviceFactory(mac_address="AA:BB:CC:DD:EE:01"))
    assert refused(lambda: factories.DeviceFactory(hardware_mac="AA:BB:CC:DD:EE:02"))
    factories.DeviceFactory()
    factories.DeviceFactory()  # several devices without a reported MAC are fine
    assert Device.objects.filter(mac_address="").count() == 2


def test_reservation_must_end_after_it_starts() -> None:
    start = timezone.now() + timedelta(hours=1)
    assert refused(lambda: factories.ReservationFactory(date_debut=start, date_fin=start))


def test_one_active_rfid_value_at_a_time() -> None:
    factories.AuthentificationFactory(hash_valeur="f" * 64)
    assert refused(lambda: factories.AuthentificationFactory(hash_valeur="f" * 64))
    factories.AuthentificationFactory(hash_valeur="f" * 64, is_active=False)  # revoked copies are history


def test_one_open_alert_per_device_and_type() -> None:
    alert = factories.AlerteFactory(type="temperature")
    assert refused(lambda: factories.AlerteFactory(device=alert.device, type="temperature"))
    factories.AlerteFactory(device=alert.device, type="temperature", status="resolue")


def _raw_reservation(bay_id: int, user_id: int, start, end, statut=ReservationStatus.CONFIRMED) -> None:  # type: ignore[no-untyped-def]
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO api_reservation (reference_code, utilisateur_id, emplacement_id, auth_choice, date_debut,"
            " date_fin, statut, created_at, cancel_reason) VALUES (%s, %s, %s, 'code', %s, %s, %s, %s, '')",
            [uuid.uuid4().hex[:16], user_id, bay_id, start, end, statut, timezone.now()],
        )


def test_postgresql_refuses_two_raw_overlapping_reservations(require_postgres) -> None:  # type: ignore[no-untyped-def]
    bay = factories.EmplacementFactory()
    first, second = factories.UtilisateurFactory(), factories.UtilisateurFactory()
    start = timezone.now() + timedelta(days=1)
    _raw_reservation(bay.pk, first.pk, start, start + timedelta(hours=2))
    assert refused(lambda: _raw_reservation(bay.pk, second.pk, start + timedelta(hours=1), start + timedelta(hours=3)))
    early = start - timedelta(minutes=30)
    assert refused(lambda: _raw_reservation(bay.pk, second.pk, early, start + timedelta(minutes=1)))
    # back-to-back slots, a cancelled overlap and another bay are all accepted
    _raw_reservation(bay.pk, second.pk, start + timedelta(hours=2), start + timedelta(hours=3))
    _raw_reservation(bay.pk, second.pk, start, start + timedelta(hours=2), statut=ReservationStatus.CANCELLED)
    _raw_reservation(factories.EmplacementFactory().pk, second.pk, start, start + timedelta(hours=2))
    assert Reservation.objects.count() == 4


def test_postgresql_frees_the_slot_when_a_reservation_is_cancelled(require_postgres) -> None:  # type: ignore[no-untyped-def]
    reservation = factories.ReservationFactory()
    reservation.statut = ReservationStatus.CANCELLED
    reservation.save()
    factories.ReservationFactory(
        emplacement=reservation.emplacement, date_debut=reservation.date_debut, date_fin=reservation.date_fin
    )
    assert Reservation.objects.filter(emplacement=reservation.emplacement).count() == 2
