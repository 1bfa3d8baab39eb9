"""No double booking, ever: concurrent bookings, overlaps, the PostgreSQL constraint itself, no-show sweeps."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from api.models import Reservation, ReservationStatus
from api.services.reservations import reservation_release_no_shows
from tests import factories
from tests.booking.conftest import book_body, slot
from tests.conftest import client_for
from tests.races import race

THREADS = 32


@pytest.mark.django_db(transaction=True)
def test_32_users_race_for_one_slot_exactly_one_wins():
    bay = factories.EmplacementFactory()
    users = [factories.UtilisateurFactory() for _ in range(THREADS)]
    clients = [client_for(user) for user in users]
    start, _ = slot()
    statuses = race(THREADS, lambda index: clients[index].post("/api/reservations/", book_body(bay, start),
                                                               format="json").status_code)
    assert sorted(statuses) == [201] + [409] * (THREADS - 1)
    assert Reservation.objects.filter(emplacement=bay).count() == 1


@pytest.mark.django_db(transaction=True)
def test_partial_overlaps_refused_back_to_back_accepted():
    bay = factories.EmplacementFactory()
    first, second, third = (client_for(factories.UtilisateurFactory()) for _ in range(3))
    start, end = slot(minutes=120)
    assert first.post("/api/reservations/", book_body(bay, start, 120), format="json").status_code == 201
    for offset in (-30, 0, 30, 90):
        response = second.post("/api/reservations/", book_body(bay, start + timedelta(minutes=offset), 60),
                               format="json")
        assert response.status_code == 409 and response.json()["code"] == "slot_taken", offset
    assert second.post("/api/reservations/", book_body(bay, end, 60), format="json").status_code == 201
    assert third.post("/api/reservations/", book_body(bay, start - timedelta(minutes=60), 60),
                      format="json").status_code == 201
    assert Reservation.objects.filter(emplacement=bay).count() == 3


def test_postgresql_refuses_raw_overlapping_inserts(require_postgres):
    bay = factories.EmplacementFactory()
    start, end = slot()
    factories.ReservationFactory(emplacement=bay, date_debut=start, date_fin=end)
    with pytest.raises(IntegrityError, match="reservation_no_overlap"), transaction.atomic():
        factories.ReservationFactory(emplacement=bay, date_debut=start + timedelta(minutes=30),
                                     date_fin=end + timedelta(minutes=30), statut=ReservationStatus.PENDING)
    # a cancelled one and a back-to-back one are fine
    factories.ReservationFactory(emplacement=bay, date_debut=start, date_fin=end, statut=ReservationStatus.CANCELLED)
    factories.ReservationFactory(emplacement=bay, date_debut=end, date_fin=end + timedelta(hours=1))
    assert Reservation.objects.filter(emplacement=bay).count() == 3


def test_service_maps_constraint_violation_to_409(require_postgres, user, monkeypatch):
    """Even if the explicit checks were skipped, PostgreSQL's refusal becomes a 409 `slot_taken`."""
    from api.errors import Conflict
    from api.services import reservations as services

    bay = factories.EmplacementFactory()
    start, end = slot()
    factories.ReservationFactory(emplacement=bay, date_debut=start, date_fin=end)
    free = {"account": None, "bay": True,
            "statut": bay.statut, "borne__statut": bay.borne.statut, "station__statut": bay.station.statut,
            "holding": 0, "overlapping": 0, "taken": False}
    monkeypatch.setattr(services, "booking_state", lambda **_slot: free)
    with pytest.raises(Conflict) as caught, transaction.atomic():
        services.reservation_create(utilisateur=user, emplacement=bay, date_debut=start, date_fin=end,
                                    auth_choice="code")
    assert caught.value.code == "slot_taken"
    assert not Reservation.objects.filter(utilisateur=user).exists()


@pytest.mark.django_db
def test_no_show_release_frees_the_bay():
    late = factories.ReservationFactory(date_debut=timezone.now() - timedelta(minutes=20),
                                        date_fin=timezone.now() + timedelta(minutes=40))
    on_time = factories.ReservationFactory(date_debut=timezone.now() - timedelta(minutes=5),
                                           date_fin=timezone.now() + timedelta(minutes=55))
    active = factories.ReservationFactory(date_debut=timezone.now() - timedelta(minutes=30),
                                          date_fin=timezone.now() + timedelta(minutes=30),
                                          statut=ReservationStatus.ACTIVE)
    assert reservation_release_no_shows() == 1
    assert reservation_release_no_shows() == 0
    late.refresh_from_db()
    assert late.statut == ReservationStatus.CANCELLED and late.cancel_reason == "no_show"
    on_time.refresh_from_db()
    active.refresh_from_db()
    assert on_time.statut == ReservationStatus.CONFIRMED and active.statut == ReservationStatus.ACTIVE


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_release_each_row_once():
    rows = [factories.ReservationFactory(date_debut=timezone.now() - timedelta(minutes=30),
                                         date_fin=timezone.now() + timedelta(minutes=30)) for _ in range(5)]
    counts = race(2, lambda _index: reservation_release_no_shows())
    assert sum(counts) == len(rows)
    assert Reservation.objects.filter(statut=ReservationStatus.CANCELLED, cancel_reason="no_show").count() == 5


@pytest.mark.django_db(transaction=True)
def test_one_user_racing_on_six_bays_gets_the_limit_of_three():
    """The per-user limit holds under concurrency: the user's row lock, then the count read again."""
    bays = [factories.EmplacementFactory() for _ in range(6)]
    user = factories.UtilisateurFactory()
    start, _ = slot()
    clients = [client_for(user) for _ in bays]

    def book(index: int) -> tuple[int, str]:
        response = clients[index].post("/api/reservations/", book_body(bays[index], start + timedelta(hours=2 * index)),
                                       format="json")
        return response.status_code, response.json().get("code", "")

    answers = race(len(bays), book)
    assert sorted(answers) == [(201, "")] * 3 + [(409, "reservation_limit")] * 3
    assert Reservation.objects.filter(utilisateur=user).count() == 3


@pytest.mark.parametrize("code", ["reservation_limit", "user_overlap", "slot_taken"])
@pytest.mark.django_db
def test_the_checks_under_the_locks_refuse_what_the_first_read_let_through(user, monkeypatch, code):
    """The read before the transaction only short-cuts refusals: the booking's own checks decide, again,
    once the rows are locked (here the first read is made to miss what a concurrent booking committed)."""
    from api.errors import Conflict
    from api.services import reservations as services

    bay = factories.EmplacementFactory()
    start, end = slot()
    if code == "reservation_limit":
        for index in range(3):
            factories.ReservationFactory(utilisateur=user, date_debut=start + timedelta(hours=3 + index),
                                         date_fin=start + timedelta(hours=4 + index))
    elif code == "user_overlap":
        factories.ReservationFactory(utilisateur=user, date_debut=start, date_fin=end)
    else:
        factories.ReservationFactory(emplacement=bay, date_debut=start, date_fin=end)
    before = Reservation.objects.count()
    real = services.booking_state
    calls: list[int] = []

    def first_read_misses(**slot_: object) -> object:
        state = real(**slot_)  # type: ignore[arg-type]
        calls.append(1)
        if len(calls) == 1:
            return {**state, "holding": 0, "overlapping": 0, "taken": False}
        return state

    monkeypatch.setattr(services, "booking_state", first_read_misses)
    with pytest.raises(Conflict) as caught:
        services.reservation_create(utilisateur=user, emplacement=bay.pk, date_debut=start, date_fin=end,
                                    auth_choice="code")
    assert caught.value.code == code and len(calls) == 2
    assert Reservation.objects.count() == before
