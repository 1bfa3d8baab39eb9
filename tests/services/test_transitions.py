from __future__ import annotations

import pytest

from api.errors import InvalidTransition, NotFound
from api.models import Reservation, ReservationStatus
from api.services.transitions import RESERVATION_TRANSITIONS, can_transition, sources_of, transition
from tests import factories
from tests.races import race


def test_transition_maps_are_closed_over_their_enum() -> None:
    for source, targets in RESERVATION_TRANSITIONS.items():
        assert source in ReservationStatus.values
        assert targets <= set(ReservationStatus.values)
    assert can_transition(RESERVATION_TRANSITIONS, ReservationStatus.CONFIRMED, ReservationStatus.ACTIVE)
    assert not can_transition(RESERVATION_TRANSITIONS, ReservationStatus.COMPLETED, ReservationStatus.ACTIVE)
    assert ReservationStatus.CONFIRMED in sources_of(RESERVATION_TRANSITIONS, ReservationStatus.CANCELLED)


@pytest.mark.django_db
def test_allowed_transition_moves_the_row() -> None:
    reservation = factories.ReservationFactory()
    moved = transition(Reservation, pk=reservation.pk, field="statut", target=ReservationStatus.CANCELLED,
                       transitions=RESERVATION_TRANSITIONS, stamp_field="cancelled_at", cancel_reason="user")
    assert moved.statut == ReservationStatus.CANCELLED and moved.cancelled_at and moved.cancel_reason == "user"


@pytest.mark.django_db
def test_invalid_transition_is_a_409_and_changes_nothing() -> None:
    reservation = factories.ReservationFactory(statut=ReservationStatus.COMPLETED)
    with pytest.raises(InvalidTransition) as error:
        transition(Reservation, pk=reservation.pk, field="statut", target=ReservationStatus.ACTIVE,
                   transitions=RESERVATION_TRANSITIONS)
    assert error.value.status_code == 409
    reservation.refresh_from_db()
    assert reservation.statut == ReservationStatus.COMPLETED


@pytest.mark.django_db
def test_missing_row_is_not_found() -> None:
    with pytest.raises(NotFound):
        transition(Reservation, pk=0, field="statut", target=ReservationStatus.ACTIVE,
                   transitions=RESERVATION_TRANSITIONS)


@pytest.mark.django_db(transaction=True)
def test_concurrent_transitions_have_exactly_one_winner() -> None:
    reservation = factories.ReservationFactory()
    outcomes = race(8, lambda _index: transition(Reservation, pk=reservation.pk, field="statut",
                                                 target=ReservationStatus.ACTIVE,
                                                 transitions=RESERVATION_TRANSITIONS),
                    refusals=(InvalidTransition,))
    results = sorted("lost" if isinstance(o, Exception) else "won" for o in outcomes)
    assert results == ["lost"] * 7 + ["won"]
