"""The adversarial suite's world: one object of every kind per owner, and one client per kind of actor.

Budget: CI runs a few examples per case (`ADVERSARIAL_EXAMPLES`, default 6); `make verify` raises it.
Actor kinds: anonymous, driver, technician (active assignment), kiosk (`Authorization: Terminal <key>`),
admin. Each non-anonymous kind has a twin ("other_*") that owns the same kinds of objects elsewhere, so
every object endpoint can be called by "another user of the same kind".
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core import signals
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, settings
from rest_framework_simplejwt.tokens import RefreshToken

from api.models import AlertStatus, ReservationAuthChoice, ReservationStatus
from api.services import credentials as credential_services
from api.services.pairing import pairing_create
from api.services.terminal_keys import terminal_key_issue
from tests import factories

EXAMPLES = int(os.environ.get("ADVERSARIAL_EXAMPLES", "6"))
settings.register_profile(
    "adversarial", max_examples=EXAMPLES, deadline=None, derandomize=os.environ.get("ADVERSARIAL_RANDOM") != "1",
    suppress_health_check=list(HealthCheck), database=None, print_blob=True,
    # shrinking costs many requests per failure: on in `make verify` (ADVERSARIAL_SHRINK=1), off in CI
    phases=list(Phase) if os.environ.get("ADVERSARIAL_SHRINK") == "1" else [Phase.explicit, Phase.generate],
)

ACTOR_KINDS = ("anonymous", "driver", "technician", "kiosk", "admin")
REPORT = Path(__file__).resolve().parents[2] / "var" / "adversarial-report.txt"


def report(line: str) -> None:
    """A figure of the run: printed, and appended to `var/adversarial-report.txt` (docs/security.md)."""
    from django.db import connection

    print(line)
    REPORT.parent.mkdir(exist_ok=True)
    stamp = f"{timezone.now():%Y-%m-%d %H:%M} {connection.vendor} examples={EXAMPLES}"
    with REPORT.open("a") as out:
        out.write(f"{stamp} {line}\n")


@dataclass
class Actor:
    """Who calls: a kind, the headers to send, and the person or cabinet behind them."""

    kind: str
    headers: dict[str, str]
    user: Any = None
    borne: Any = None

    def __str__(self) -> str:
        return self.kind


@dataclass
class Side:
    """What one owner (a driver, a technician's station, a kiosk's cabinet) holds."""

    station: Any
    borne: Any
    bay: Any
    device: Any
    driver: Any
    reservation: Any
    badge: Any
    alert: Any
    technician: Any
    assignment: Any
    maintenance: Any
    terminal_key: str
    session: Any = None
    pairing_token: str = ""


@dataclass
class World:
    mine: Side
    theirs: Side
    admin: Any
    other_admin: Any
    actors: dict[str, Actor] = field(default_factory=dict)


def bearer(user: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {RefreshToken.for_user(user).access_token}"}


def terminal(key: str) -> dict[str, str]:
    return {"Authorization": f"Terminal {key}"}


def _side(admin: Any) -> Side:
    station = factories.StationFactory()
    borne = factories.BorneFactory(station=station)
    bay = factories.EmplacementFactory(borne=borne, station=station)
    device = factories.DeviceFactory(emplacement=bay)
    driver = factories.UtilisateurFactory()
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(days=1)
    reservation = factories.ReservationFactory(
        utilisateur=driver, emplacement=bay, date_debut=start, date_fin=start + timedelta(hours=1),
        auth_choice=ReservationAuthChoice.CODE, statut=ReservationStatus.CONFIRMED,
    )
    credential_services.temporary_credential_issue(reservation=reservation)
    badge = factories.AuthentificationFactory(utilisateur=driver, metadata={"status": "active"})
    tech_user = factories.UtilisateurFactory()
    technician = factories.TechnicienFactory(utilisateur=tech_user)
    assignment = factories.TechnicienStationFactory(technicien=technician, station=station)
    maintenance = factories.MaintenanceFactory(station=station, technicien=technician)
    alert = factories.AlerteFactory(device=device, station=station, status=AlertStatus.NEW)
    key = terminal_key_issue(borne=borne, actor=admin, ip=None).terminal_key
    side = Side(station, borne, bay, device, driver, reservation, badge, alert, technician, assignment, maintenance,
                key)
    side.session = factories.SessionFactory(reservation=reservation, emplacement=bay)
    side.pairing_token = pairing_create(borne=borne)[1]
    return side


def build_world() -> World:
    admin = factories.UtilisateurFactory(is_staff=True, is_superuser=True)
    other_admin = factories.UtilisateurFactory(is_staff=True, is_superuser=True)
    world = World(mine=_side(admin), theirs=_side(admin), admin=admin, other_admin=other_admin)
    mine = world.mine
    world.actors = {
        "anonymous": Actor("anonymous", {}),
        "driver": Actor("driver", bearer(mine.driver), user=mine.driver),
        "technician": Actor("technician", bearer(mine.technician.utilisateur), user=mine.technician.utilisateur),
        "kiosk": Actor("kiosk", terminal(mine.terminal_key), borne=mine.borne),
        "admin": Actor("admin", bearer(admin), user=admin),
    }
    return world


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    return build_world()


@pytest.fixture
def wsgi_keeps_test_connection() -> Iterator[None]:
    """Requests sent through the WSGI application (schemathesis) keep the test's connection and transaction.

    Django's WSGI handler closes "old" connections at each request's start and end; Django's own test client
    disconnects that signal for the same reason (the test's transaction would be closed under it).
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
