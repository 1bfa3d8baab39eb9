"""Operational alerts: raise or refresh (one open alert per device, or session, and type), and their lifecycle.

Lifecycle (api/services/transitions.py `ALERT_TRANSITIONS`): `nouvelle` -> `prise_en_charge` (acknowledge)
-> `resolue` (resolve) -> `fermee` (close). Canonical values are written; `active` and `closed` (old rows)
are read as `nouvelle` and `fermee`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from api.models import (
    OPEN_ALERT_STATUSES,
    Alerte,
    AlertSeverity,
    AlertStatus,
    CapteurData,
    Device,
    Session,
    Station,
    Technicien,
)
from api.services.notifications import CRITICAL_SEVERITIES, alert_notify_new, alert_renotify
from api.services.transitions import ALERT_TRANSITIONS, transition

UNACKNOWLEDGED_ALERT_STATUSES = (AlertStatus.NEW, AlertStatus.ACTIVE)


def alert_raise(
    *,
    type: str,
    severity: AlertSeverity,
    message: str,
    device: Device | None = None,
    session: Session | None = None,
    station: Station | None = None,
    data: CapteurData | None = None,
) -> tuple[Alerte, bool]:
    """Open an alert, or refresh the open one of the same device (or session) and type.

    A repeated condition moves `last_seen`, counts `occurrence_count`, keeps the highest severity and
    the latest message; it never adds a row. Returns `(alert, created)`.
    """
    if device is None and session is None:
        raise ValueError("An alert needs a device or a session.")
    if station is None:
        if device is not None:
            station = Station.objects.filter(emplacements__device=device).first()
        elif session is not None:
            station = Station.objects.filter(emplacements__sessions=session).first()
    scope = {"device": device} if device is not None else {"device__isnull": True, "session": session}
    now = timezone.now()
    for _attempt in range(3):
        open_alert = Alerte.objects.filter(type=type, status__in=OPEN_ALERT_STATUSES, **scope).first()
        if open_alert is not None:
            changes: dict[str, object] = {
                "last_seen": now, "occurrence_count": F("occurrence_count") + 1, "message": message,
            }
            if severity_rank(severity) > severity_rank(open_alert.niveau_severite):
                changes["niveau_severite"] = severity
            if data is not None:
                changes["data"] = data
            if session is not None and open_alert.session_id is None:
                changes["session"] = session
            Alerte.objects.filter(pk=open_alert.pk).update(**changes)
            open_alert.refresh_from_db()
            if "niveau_severite" in changes and severity in CRITICAL_SEVERITIES:
                # Became critical: the staff and the technicians' phones hear of it now, not at the next sweep.
                alert_renotify(alert=open_alert, now=now, unacknowledged=UNACKNOWLEDGED_ALERT_STATUSES)
                open_alert.refresh_from_db()
            return open_alert, False
        try:
            with transaction.atomic():
                alert = Alerte.objects.create(
                    type=type, niveau_severite=severity, message=message, device=device, session=session,
                    station=station, data=data, timestamp=now, first_seen=now, last_seen=now,
                )
                alert_notify_new(alert=alert, now=now)
            return alert, True
        except IntegrityError:
            continue  # another process opened it at the same moment: refresh that one
    raise RuntimeError("Could not raise or refresh the alert.")


_RANK = {
    AlertSeverity.LOW: 0,
    AlertSeverity.MEDIUM: 1,
    AlertSeverity.HIGH: 2,
    AlertSeverity.CRITICAL: 3,
    AlertSeverity.CRITIQUE: 3,
}


def severity_rank(severity: str) -> int:
    """Order of severities; `critical` (old rows) ranks as `critique`."""
    return _RANK.get(AlertSeverity(severity), 0) if severity in AlertSeverity.values else 0


def alert_acknowledge(*, alert: Alerte, technicien: Technicien) -> Alerte:
    """Take the alert in charge: `prise_en_charge`, `acknowledged_by`, `acknowledged_at` (409 if not open)."""
    return transition(
        Alerte, pk=alert.pk, field="status", target=AlertStatus.IN_PROGRESS, transitions=ALERT_TRANSITIONS,
        stamp_field="acknowledged_at", acknowledged_by=technicien,
    )


def alert_resolve(*, alert: Alerte, technicien: Technicien, note: str) -> Alerte:
    """Resolve the alert: `resolue`, `resolved_by`, `resolved_at`, `resolution_note` (409 if already done)."""
    return transition(
        Alerte, pk=alert.pk, field="status", target=AlertStatus.RESOLVED, transitions=ALERT_TRANSITIONS,
        stamp_field="resolved_at", resolved_by=technicien, resolution_note=note,
    )


def alert_close(*, alert: Alerte) -> Alerte:
    """Close the alert (`fermee`, the canonical value); a closed one (`fermee` or `closed`) is a 409."""
    return transition(Alerte, pk=alert.pk, field="status", target=AlertStatus.FERMEE, transitions=ALERT_TRANSITIONS)


def alerts_renotify_due(*, now: datetime | None = None) -> int:
    """Notify again every unacknowledged critical alert last notified `ALERT_RENOTIFY_MINUTES` ago.

    For the worker's sweep: each round is claimed by a conditional update, so two workers (or a retry)
    never notify one round twice. Returns the number of alerts notified again.
    """
    now = now or timezone.now()
    due_before = now - timedelta(minutes=settings.ALERT_RENOTIFY_MINUTES)
    due = Alerte.objects.filter(
        Q(notified_at__lte=due_before) | Q(notified_at__isnull=True),
        status__in=UNACKNOWLEDGED_ALERT_STATUSES, niveau_severite__in=CRITICAL_SEVERITIES,
    ).select_related("station").order_by("notified_at", "pk")
    notified = 0
    for alert in due[:500]:
        if alert_renotify(alert=alert, now=now, unacknowledged=UNACKNOWLEDGED_ALERT_STATUSES):
            notified += 1
    return notified
