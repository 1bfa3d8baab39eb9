"""Operational alerts: raise or refresh (one open alert per device, or session, and type)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from api.models import OPEN_ALERT_STATUSES, Alerte, AlertSeverity, CapteurData, Device, Session, Station


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
            return open_alert, False
        try:
            with transaction.atomic():
                alert = Alerte.objects.create(
                    type=type, niveau_severite=severity, message=message, device=device, session=session,
                    station=station, data=data, timestamp=now, first_seen=now, last_seen=now,
                )
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
