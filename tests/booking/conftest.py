"""Fixtures of the booking tests: a bookable bay and slot helpers."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from tests import factories


def slot(hours: float = 2, minutes: int = 60) -> tuple[datetime, datetime]:
    start = (timezone.now() + timedelta(hours=hours)).replace(second=0, microsecond=0)
    return start, start + timedelta(minutes=minutes)


@pytest.fixture
def bay(db):  # type: ignore[no-untyped-def]
    return factories.EmplacementFactory()


def book_body(bay, start: datetime, minutes: int = 60, auth_choice: str = "code") -> dict:  # type: ignore[no-untyped-def]
    return {"emplacement": bay.pk, "date_debut": start.isoformat(), "duration_minutes": minutes,
            "auth_choice": auth_choice}
