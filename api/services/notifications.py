"""Alert notifications, queued in the outbox (the worker delivers them).

A new alert notifies the technicians of the active assignments of its station: the referent first, then
the intervenants, and the observers are informed. E-mail to each (SMS too for a critical alert when the
technician has a phone, observers excepted); a critical alert also notifies the staff. An unacknowledged
critical alert is notified again every `ALERT_RENOTIFY_MINUTES` (without the observers).

Each notification round is claimed by a conditional update of `notification_count`, and every message
carries a dedupe key `alerte:<id>:<round>:...`, so a retry or a second worker never notifies twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from api.i18n import recipient_language
from api.models import (
    Alerte,
    AlertSeverity,
    OutboxChannel,
    TechnicianStationRole,
    Technicien,
    TechnicienStation,
    Utilisateur,
)
from api.services.outbox import outbox_enqueue

CRITICAL_SEVERITIES = (AlertSeverity.CRITIQUE, AlertSeverity.CRITICAL)

_ROLE_ORDER = Case(
    When(role=TechnicianStationRole.REFERENT, then=Value(0)),
    When(role=TechnicianStationRole.INTERVENANT, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


@dataclass(frozen=True)
class _Recipient:
    technicien: Technicien
    role: str


def alert_station_recipients(*, alert: Alerte) -> list[_Recipient]:
    """Technicians of the active assignments of the alert's station: referent, intervenants, observers."""
    if alert.station_id is None:
        return []
    assignments = (
        TechnicienStation.objects.filter(station_id=alert.station_id, is_active=True)
        .select_related("technicien", "technicien__utilisateur")
        .annotate(role_order=_ROLE_ORDER)
        .order_by("role_order", "assigned_at", "id_assignment")
    )
    return [_Recipient(technicien=a.technicien, role=a.role) for a in assignments]


def is_critical(alert: Alerte) -> bool:
    return alert.niveau_severite in CRITICAL_SEVERITIES


def _body(alert: Alerte, *, informed: bool, reminder: bool, language: str) -> tuple[str, str]:
    """Subject and body of one notification, in `language` (the alert's own message is stored text)."""
    with translation.override(language):
        station = alert.station.nom if alert.station is not None else "-"
        values = {"id": alert.pk, "type": alert.type, "severity": alert.get_niveau_severite_display(),
                  "station": station}
        subject = (_("Reminder - Alert %(severity)s (%(type)s) - %(station)s") if reminder
                   else _("Alert %(severity)s (%(type)s) - %(station)s")) % values
        lines = [
            _("Alert #%(id)s (%(type)s), severity %(severity)s, station %(station)s.") % values,
            alert.message,
            _("First seen: %(first_seen)s UTC, occurrences: %(count)s.")
            % {"first_seen": f"{alert.first_seen:%Y-%m-%d %H:%M}", "count": alert.occurrence_count},
        ]
        if informed:
            lines.append(_("For your information (observer): no action is expected from you."))
        else:
            lines.append(_("Please take charge of the alert from the technician console."))
    return subject[:200], "\n".join(lines)


def _enqueue_round(alert: Alerte, *, round_no: int) -> int:
    """Queue the messages of one notification round; returns how many were queued."""
    reminder = round_no > 1
    critical = is_critical(alert)
    queued = 0
    for recipient in alert_station_recipients(alert=alert):
        informed = recipient.role == TechnicianStationRole.OBSERVATEUR
        if informed and reminder:
            continue
        tech = recipient.technicien
        subject, body = _body(alert, informed=informed, reminder=reminder,
                              language=recipient_language(tech.utilisateur))
        key = f"alerte:{alert.pk}:{round_no}:tech:{tech.pk}"
        if tech.email and outbox_enqueue(
            channel=OutboxChannel.EMAIL, recipient=tech.email, subject=subject, body=body, dedupe_key=f"{key}:email"
        ):
            queued += 1
        if critical and not informed and tech.telephone and outbox_enqueue(
            channel=OutboxChannel.SMS, recipient=tech.telephone, body=f"{subject}. {alert.message}"[:480],
            dedupe_key=f"{key}:sms",
        ):
            queued += 1
    if critical:
        staff = Utilisateur.objects.filter(is_staff=True, is_active=True).exclude(email="").order_by("pk")
        for user in staff:
            subject, body = _body(alert, informed=False, reminder=reminder, language=recipient_language(user))
            if outbox_enqueue(
                channel=OutboxChannel.EMAIL, recipient=user.email, subject=subject, body=body,
                dedupe_key=f"alerte:{alert.pk}:{round_no}:staff:{user.pk}:email",
            ):
                queued += 1
    return queued


def _claim_round(alert: Alerte, *, now: datetime, **conditions: object) -> int | None:
    """Take the next notification round of `alert` (conditional update); None when someone else took it."""
    round_no = alert.notification_count + 1
    claimed = Alerte.objects.filter(pk=alert.pk, notification_count=alert.notification_count, **conditions).update(
        notification_count=round_no, notified_at=now
    )
    return round_no if claimed == 1 else None


@transaction.atomic
def alert_notify_new(*, alert: Alerte, now: datetime | None = None) -> int:
    """First notification of a new alert; sets `assigned_technician` to the station's referent."""
    now = now or timezone.now()
    round_no = _claim_round(alert, now=now, notification_count__lt=1)
    if round_no is None:
        return 0
    alert.notification_count, alert.notified_at = round_no, now
    if alert.assigned_technician_id is None:
        referent = next(
            (r.technicien for r in alert_station_recipients(alert=alert) if r.role == TechnicianStationRole.REFERENT),
            None,
        )
        if referent is not None:
            Alerte.objects.filter(pk=alert.pk, assigned_technician__isnull=True).update(assigned_technician=referent)
            alert.assigned_technician = referent
    return _enqueue_round(alert, round_no=round_no)


@transaction.atomic
def alert_renotify(*, alert: Alerte, now: datetime, unacknowledged: tuple[str, ...]) -> bool:
    """One more round for a still unacknowledged critical alert (claimed, so never twice); False if not taken."""
    round_no = _claim_round(alert, now=now, status__in=unacknowledged, niveau_severite__in=CRITICAL_SEVERITIES)
    if round_no is None:
        return False
    alert.notification_count, alert.notified_at = round_no, now
    _enqueue_round(alert, round_no=round_no)
    return True
