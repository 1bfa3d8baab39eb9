"""Fixtures of the drivers' messages tests: drivers with a language and consents, a moved clock."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
from django.test import override_settings
from icalendar import Calendar

from api.models import Consentement, ConsentStatus, ConsentType, OutboxMessage, ProfilUtilisateur, Utilisateur
from api.services import delivery
from tests import factories

# The device fixtures over the real broker (bridge, simulators) and the kiosk's cabinet are the kiosk tests'.
from tests.kiosk.conftest import _fresh_publisher, bridge, cabinet, kiosk, make_sim, start_bridge  # noqa: F401


def driver(*, language: str = "fr", notifications: bool | None = None, verified_phone: bool = False) -> Utilisateur:
    user = factories.UtilisateurFactory(preferred_language=language)
    if notifications is not None:
        factories.ConsentementFactory(utilisateur=user, type=ConsentType.NOTIFICATIONS,
                                      statut=ConsentStatus.ACCEPTED if notifications else ConsentStatus.REFUSED)
    if verified_phone:
        ProfilUtilisateur.objects.filter(utilisateur=user).update(telephone_verifie=True)
    user.refresh_from_db()
    return user


def set_consent(user: Utilisateur, accepted: bool) -> None:
    Consentement.objects.create(utilisateur=user, type=ConsentType.NOTIFICATIONS,
                                statut=ConsentStatus.ACCEPTED if accepted else ConsentStatus.REFUSED)


def messages(kind: str, channel: str = "email") -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(kind=kind, channel=channel).order_by("pk"))


def parse_ics(message: OutboxMessage) -> Any:
    """The booking's event, parsed back by icalendar from the message's `.ics` attachment."""
    (ics,) = [a for a in message.attachments if a["mimetype"] == "text/calendar"]
    calendar = Calendar.from_ical(base64.b64decode(ics["content"]))
    (event,) = calendar.walk("VEVENT")
    return event


@pytest.fixture
def move_clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[datetime], None]:
    """Move `timezone.now()` (what the worker's sweeps read) to a given instant."""
    from django.utils import timezone

    def move(to: datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: to)

    return move


@pytest.fixture
def sms_outbox() -> Iterator[list[dict[str, str]]]:
    delivery.sms_outbox.clear()
    with override_settings(SMS_BACKEND="locmem"):
        yield delivery.sms_outbox
    delivery.sms_outbox.clear()
