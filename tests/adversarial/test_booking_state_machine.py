"""Stateful booking model: random sequences of bookings, cancellations, admin cancellations, clock moves and
no-show sweeps through the real HTTP API and services, checked after every step against an in-memory model.

Invariants: every reservation's status in the database is the model's, and no two open reservations of a
bay overlap. The clock is virtual: the no-show sweep takes `now=`; bookings are made on a grid of future
slots, so the real clock never disagrees with the model.

The cabinet's kiosk (`Authorization: Terminal <key>`) takes part: `kiosk_authenticate` presents a
reservation's code/QR (from `access_payload`) to `POST /api/terminal/authenticate/`: 201 and `confirmee` ->
`active` when the reservation is confirmed and its bay has no open session, 403 once cancelled (credential
revoked), else 409 (a second redemption, a bay in use); `kiosk_stop` asks `POST /api/terminal/sessions/<id>/stop/`:
200 and the session `stopping` the first time, 409 afterwards. The devices' acks are not simulated (the model
stops at `stopping`). `KIOSK_EARLY_ACCESS_MINUTES` is raised so every slot of the grid is in its window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test
from rest_framework.test import APIClient

from api.models import OPEN_RESERVATION_STATUSES, ChargeSessionState, Reservation, ReservationAuthChoice, Session
from api.models import ReservationStatus as R
from api.services.reservations import access_payload, reservation_release_no_shows
from api.services.terminal_keys import terminal_key_issue
from tests import factories
from tests.adversarial.conftest import bearer, terminal

USERS = 3
BAYS = 2
SLOTS = 12  # 30-minute grid
HOLDING = (R.PENDING, R.CONFIRMED)
MODES = [ReservationAuthChoice.CODE, ReservationAuthChoice.QR, ReservationAuthChoice.RFID]


@dataclass
class Booked:
    owner: int
    bay: int
    start: datetime
    end: datetime
    statut: str
    mode: str
    secret: str | None = None  # the code/QR, read when booked (the RFID mode has none: no badge)
    session: int | None = None  # the charging session opened by the kiosk
    stopping: bool = False


class BookingMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.users = [factories.UtilisateurFactory() for _ in range(USERS)]
        self.clients = [APIClient(headers=bearer(user)) for user in self.users]
        self.admin = APIClient(headers=bearer(factories.UtilisateurFactory(is_staff=True)))
        station = factories.StationFactory()
        borne = factories.BorneFactory(station=station)
        self.bays = [factories.EmplacementFactory(borne=borne, station=station) for _ in range(BAYS)]
        for bay in self.bays:
            factories.DeviceFactory(emplacement=bay)
        self.kiosk = APIClient(headers=terminal(terminal_key_issue(borne=borne, actor=None, ip=None).terminal_key))
        self.base = timezone.now().replace(second=0, microsecond=0) + timedelta(hours=1)
        self.now = timezone.now()  # the virtual clock of the sweeps
        self.model: dict[int, Booked] = {}
        self.steps = 0

    # --- helpers ---------------------------------------------------------------------------------------

    def _open(self, **match: Any) -> list[Booked]:
        return [b for b in self.model.values() if b.statut in OPEN_RESERVATION_STATUSES
                and all(getattr(b, k) == v for k, v in match.items())]

    def _expected_booking(self, user: int, bay: int, start: datetime, end: datetime) -> int:
        holding = [b for b in self._open(owner=user) if b.statut in HOLDING]
        if len(holding) >= django_settings.RESERVATION_MAX_OPEN_PER_USER:
            return 409
        if any(b.start < end and b.end > start for b in self._open(owner=user)):
            return 409
        if any(b.start < end and b.end > start for b in self._open(bay=bay)):
            return 409
        return 201

    # --- rules -----------------------------------------------------------------------------------------

    @rule(user=st.integers(0, USERS - 1), bay=st.integers(0, BAYS - 1), slot=st.integers(0, SLOTS - 1),
          length=st.sampled_from([30, 60, 90]), mode=st.sampled_from(MODES))
    def book(self, user: int, bay: int, slot: int, length: int, mode: str) -> None:
        start = self.base + timedelta(minutes=30 * slot)
        end = start + timedelta(minutes=length)
        expected = self._expected_booking(user, bay, start, end)
        response = self.clients[user].post("/api/reservations/", {
            "emplacement": self.bays[bay].pk, "date_debut": start.isoformat(), "duration_minutes": length,
            "auth_choice": mode}, format="json")
        assert response.status_code == expected, (response.status_code, response.content)
        if expected == 201:
            statut = R.PENDING if mode == ReservationAuthChoice.RFID else R.CONFIRMED  # no badge: pending
            assert response.json()["statut"] == statut
            pk = response.json()["id_reservation"]
            secret = None
            if mode != ReservationAuthChoice.RFID:
                payload = access_payload(Reservation.objects.get(pk=pk))
                secret = payload.get("code") or payload.get("qr_payload")
            self.model[pk] = Booked(user, bay, start, end, statut, mode, secret)

    @precondition(lambda self: self.model)
    @rule(data=st.data(), as_owner=st.booleans())
    def cancel(self, data: st.DataObject, as_owner: bool) -> None:
        pk = data.draw(st.sampled_from(sorted(self.model)))
        booked = self.model[pk]
        user = booked.owner if as_owner else (booked.owner + 1) % USERS
        response = self.clients[user].post(f"/api/reservations/{pk}/cancel/")
        if not as_owner:
            assert response.status_code == 404
        elif booked.statut in HOLDING:
            assert response.status_code == 200, response.content
            booked.statut = R.CANCELLED
        else:
            assert response.status_code == 409, response.content

    @precondition(lambda self: self.model)
    @rule(data=st.data())
    def admin_cancel(self, data: st.DataObject) -> None:
        pk = data.draw(st.sampled_from(sorted(self.model)))
        booked = self.model[pk]
        response = self.admin.post(f"/api/admin/reservations/{pk}/cancel/")
        if booked.statut in HOLDING:
            assert response.status_code == 200, response.content
            booked.statut = R.CANCELLED
        else:
            assert response.status_code == 409, response.content

    @rule(minutes=st.sampled_from([10, 30, 60, 120]))
    def advance_clock(self, minutes: int) -> None:
        self.now += timedelta(minutes=minutes)

    @rule()
    def release_no_shows(self) -> None:
        deadline = self.now - timedelta(minutes=django_settings.RESERVATION_NO_SHOW_GRACE_MINUTES)
        due = [b for b in self.model.values() if b.statut in HOLDING and b.start < deadline]
        released = reservation_release_no_shows(now=self.now)
        # other tests' rows may be due too; ours must all be released
        assert released >= len(due)
        for booked in due:
            booked.statut = R.CANCELLED

    @precondition(lambda self: any(b.secret for b in self.model.values()))
    @rule(data=st.data())
    def kiosk_authenticate(self, data: st.DataObject) -> None:
        """The cabinet's kiosk redeems a reservation's code/QR: `confirmee` -> `active` and a session opens."""
        pk = data.draw(st.sampled_from(sorted(pk for pk, b in self.model.items() if b.secret)))
        booked = self.model[pk]
        bay_in_use = any(b.session is not None for b in self.model.values() if b.bay == booked.bay)
        response = self.kiosk.post("/api/terminal/authenticate/", {"method": booked.mode, "value": booked.secret},
                                   format="json")
        if booked.statut == R.CANCELLED:  # cancelling revokes the credential
            assert response.status_code == 403, (booked, response.content)
        elif booked.statut == R.CONFIRMED and not bay_in_use:
            assert response.status_code == 201, response.content
            booked.statut = R.ACTIVE
            booked.session = response.json()["id_session"]
        else:
            assert response.status_code == 409, (booked, response.content)

    @precondition(lambda self: any(b.session is not None for b in self.model.values()))
    @rule(data=st.data())
    def kiosk_stop(self, data: st.DataObject) -> None:
        """The kiosk asks the charge to stop: the session is `stopping` (the device's ack is not simulated)."""
        booked = data.draw(st.sampled_from([b for b in self.model.values() if b.session is not None]))
        response = self.kiosk.post(f"/api/terminal/sessions/{booked.session}/stop/")
        if booked.stopping:
            assert response.status_code == 409, response.content
        else:
            assert response.status_code == 200, response.content
            assert response.json()["charge_state"] == ChargeSessionState.STOPPING
            booked.stopping = True

    # --- invariants ------------------------------------------------------------------------------------

    @invariant()
    def database_matches_the_model(self) -> None:
        rows = dict(Reservation.objects.filter(pk__in=list(self.model)).values_list("pk", "statut"))
        assert rows == {pk: b.statut for pk, b in self.model.items()}

    @invariant()
    def sessions_match_the_model(self) -> None:
        sessions = {b.session: b for b in self.model.values() if b.session is not None}
        rows = dict(Session.objects.filter(pk__in=list(sessions)).values_list("pk", "charge_state"))
        assert set(rows) == set(sessions)
        for pk, booked in sessions.items():
            assert (rows[pk] == ChargeSessionState.STOPPING) == booked.stopping, (pk, rows[pk], booked)

    @invariant()
    def no_two_open_reservations_of_a_bay_overlap(self) -> None:
        for bay in self.bays:
            spans = sorted(Reservation.objects.filter(emplacement=bay, statut__in=OPEN_RESERVATION_STATUSES)
                           .values_list("date_debut", "date_fin"))
            assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:], strict=False)), spans


@pytest.mark.django_db
def test_booking_model(settings_throttling_off: None) -> None:
    run_state_machine_as_test(
        BookingMachine, settings=settings(settings.get_profile("adversarial"), stateful_step_count=25),
    )


@pytest.fixture
def settings_throttling_off(settings: Any) -> None:
    settings.THROTTLING = False
    settings.KIOSK_EARLY_ACCESS_MINUTES = 24 * 60  # every slot of the grid can be redeemed now
    settings.KIOSK_MAX_FAILURES = 10_000  # the revoked credentials presented are refusals, not a lockout
