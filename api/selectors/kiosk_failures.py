"""The kiosk failure limit's reads: a cabinet's counted refusals within the window (no other imports of
the app than its models: the kiosk's authentication class reads them with its key)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from api.models import AccessAttempt, AccessAttemptResult, Borne


@dataclass(frozen=True)
class FailureCount:
    """What the kiosk failure limit needs, read `at` that moment: the `KIOSK_MAX_FAILURES`-th most recent
    counted refusal of the cabinet within the window, None while the cabinet is below the limit."""

    at: datetime
    limit_reached_at: datetime | None


def counted_failures(*, borne: Any, now: datetime) -> QuerySet[AccessAttempt]:
    """The cabinet's refusals that count towards the failure limit, within its window, newest first.

    `borne`: a cabinet or its id. `api.selectors.kiosk_keys` reads the same count with the kiosk's key."""
    window = timedelta(minutes=settings.KIOSK_FAILURE_WINDOW_MINUTES)
    return AccessAttempt.objects.filter(
        borne=borne, result=AccessAttemptResult.REFUSED, counted=True, created_at__gt=now - window
    ).order_by("-created_at")


def failure_count(*, borne: Borne, now: datetime) -> FailureCount:
    """`FailureCount` of the cabinet now, in one statement."""
    limit = settings.KIOSK_MAX_FAILURES
    nth = counted_failures(borne=borne, now=now).values_list("created_at", flat=True)[limit - 1:limit]
    return FailureCount(at=now, limit_reached_at=next(iter(nth), None))
