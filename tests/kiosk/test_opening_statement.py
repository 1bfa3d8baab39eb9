"""The opening's writes as one statement (PostgreSQL): the same rows as the ORM path, nothing when it cannot
open, one winner when two bookings of one bay are opened at once (real threads, both paths)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from rest_framework.test import APIClient

from api.errors import Conflict
from api.models import (
    ChargeSessionState,
    CommandAction,
    Device,
    DeviceCommandLog,
    Emplacement,
    EmplacementStatus,
    Reservation,
    ReservationStatus,
    Session,
)
from api.services import charging
from api.services.devices import device_command_send
from api.services.opening import session_open_statement
from api.services.terminal import session_open_for
from tests import factories
from tests.kiosk.conftest import book_now, kiosk_client, make_cabinet
from tests.races import race

URL = "/api/terminal/authenticate/"


def _device(reservation: Reservation) -> Device:
    return Device.objects.select_related("emplacement__borne").get(emplacement_id=reservation.emplacement_id)


def _written(reservation: Reservation, session: Session, log: DeviceCommandLog) -> dict[str, Any]:
    """What an opening wrote, without the ids and instants that differ from one opening to the next."""
    session = Session.objects.get(pk=session.pk)
    log = DeviceCommandLog.objects.get(pk=log.pk)
    device = Device.objects.get(pk=log.device_id)
    payload = dict(log.payload)
    assert payload.pop("session_id") == session.pk and payload.pop("command_id") == str(log.command_id)
    assert payload.pop("issued_at")
    return {
        "reservation": Reservation.objects.get(pk=reservation.pk).statut,
        "bay": Emplacement.objects.get(pk=reservation.emplacement_id).statut,
        "session": (session.reservation_id == reservation.pk, session.emplacement_id == reservation.emplacement_id,
                    session.charge_state, session.end_time, session.energie_kwh, session.max_courant,
                    session.telemetry_count, session.error_reason,
                    session.start_time is not None, session.charge_state_updated_at is not None),
        "log": (log.session_id == session.pk, log.action, log.status, log.message, log.source, log.ttl_s,
                log.attempts, log.last_sent_at, log.timestamp is not None, payload),
        "mirror": (device.last_command_id == str(log.command_id), device.last_command_action,
                   device.last_command_status, device.last_command_message, device.last_command_at == log.timestamp),
    }


@pytest.mark.django_db
def test_the_statement_writes_what_the_orm_path_writes(require_postgres):
    by_statement, _ = book_now(make_cabinet())
    by_orm, _ = book_now(make_cabinet())
    with transaction.atomic():
        opened = session_open_statement(reservation=by_statement, device=_device(by_statement))
    assert opened is not None
    session, log = opened
    assert session.pk and log.pk and log.session_id == session.pk and log.payload["session_id"] == session.pk
    with transaction.atomic():
        orm_session = charging.session_open(reservation=by_orm)
        orm_log = device_command_send(device=_device(by_orm), action=CommandAction.UNLOCK, session=orm_session)
    written = _written(by_statement, session, log)
    assert written == _written(by_orm, orm_session, orm_log)
    assert written["reservation"] == ReservationStatus.ACTIVE and written["bay"] == EmplacementStatus.OCCUPIED
    assert written["session"][2] == ChargeSessionState.ACCESS_VALIDATED


@pytest.mark.django_db
def test_the_statement_opens_nothing_when_the_bay_is_in_use_or_cannot_be_occupied(require_postgres):
    cabinet = make_cabinet()
    bay = cabinet.emplacements.get()
    earlier = timezone.now().replace(microsecond=0) - timedelta(hours=3)
    first, _ = book_now(cabinet, date_debut=earlier)
    factories.SessionFactory(reservation=first, emplacement=bay, charge_state=ChargeSessionState.CHARGING)
    reservation, _ = book_now(cabinet)
    device = _device(reservation)
    mirror = Device.objects.filter(pk=device.pk).values().get()
    for status in (EmplacementStatus.AVAILABLE, EmplacementStatus.OCCUPIED):  # in use; cannot move
        Emplacement.objects.filter(pk=bay.pk).update(statut=status)
        with transaction.atomic():
            assert session_open_statement(reservation=reservation, device=device) is None
        assert Reservation.objects.get(pk=reservation.pk).statut == ReservationStatus.CONFIRMED
        assert Session.objects.count() == 1 and not DeviceCommandLog.objects.exists()
        assert Device.objects.filter(pk=device.pk).values().get() == mirror


@pytest.mark.django_db
def test_a_booking_opened_meanwhile_is_a_conflict_and_leaves_the_bay_as_it_was():
    """The statement (or the ORM path) finds the booking no longer `confirmee`: 409, the bay not kept."""
    reservation, _ = book_now(make_cabinet())
    Reservation.objects.filter(pk=reservation.pk).update(statut=ReservationStatus.ACTIVE)
    with pytest.raises(Conflict) as refused, transaction.atomic():
        session_open_for(reservation=reservation)
    assert refused.value.code == "session_already_open"
    assert Emplacement.objects.get(pk=reservation.emplacement_id).statut == EmplacementStatus.AVAILABLE
    assert not Session.objects.exists() and not DeviceCommandLog.objects.exists()


def _two_bookings_of_one_bay() -> tuple[str, list[str]]:
    """A cabinet's key and the codes of two bookings of its one bay, both presentable now: the first ends
    in 5 minutes, the next starts then (its early access has begun)."""
    cabinet = make_cabinet()
    _client, key = kiosk_client(cabinet)
    now = timezone.now().replace(microsecond=0)
    _first, first_code = book_now(cabinet, date_debut=now - timedelta(minutes=55))
    _next, next_code = book_now(cabinet, date_debut=now + timedelta(minutes=5))
    return key, [first_code, next_code]


@pytest.mark.django_db(transaction=True)
def test_two_bookings_of_one_bay_opened_at_once_open_one_session():
    for _round in range(5):
        key, codes = _two_bookings_of_one_bay()

        def present(index: int, key: str = key, codes: list[str] = codes) -> tuple[int, str | None]:
            client = APIClient()  # one per thread
            client.credentials(HTTP_AUTHORIZATION=f"Terminal {key}")
            response = client.post(URL, {"method": "code", "value": codes[index]}, format="json")
            return response.status_code, response.json().get("reason")

        answers = race(len(codes), present)
        assert sorted(answers, key=lambda answer: answer[0]) == [(201, None), (409, "bay_in_use")], answers
    assert Session.objects.count() == 5 and DeviceCommandLog.objects.count() == 5
    assert Reservation.objects.filter(statut=ReservationStatus.ACTIVE).count() == 5
    assert Reservation.objects.filter(statut=ReservationStatus.CONFIRMED).count() == 5
    assert Emplacement.objects.filter(statut=EmplacementStatus.OCCUPIED).count() == 5
