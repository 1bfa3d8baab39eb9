"""The operator's overview: counts and rates checked first, and the latest records.

One aggregate query per model (filtered `Count`s), so the cost does not grow with the network.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from api.models import (
    OPEN_ALERT_STATUSES,
    OPEN_RESERVATION_STATUSES,
    OPEN_SESSION_STATES,
    Alerte,
    AlertSeverity,
    Borne,
    BorneStatus,
    Device,
    DeviceStatus,
    Emplacement,
    EmplacementStatus,
    FirmwareUpdateStatus,
    Reservation,
    Session,
    Station,
    StationStatus,
)

from .supervision import SEVERITY_ALIASES

ONLINE_DEVICE_STATUSES = (DeviceStatus.ONLINE, DeviceStatus.IDLE, DeviceStatus.CHARGING)
NOT_COMPLIANT_FIRMWARE = (
    FirmwareUpdateStatus.UPDATE_REQUIRED,
    FirmwareUpdateStatus.UPDATE_SCHEDULED,
    FirmwareUpdateStatus.UPDATING,
    FirmwareUpdateStatus.FAILED,
)
RECENT = 5


def _by_status(model: Any, field: str, values: list[str]) -> dict[str, int]:
    counts = model.objects.aggregate(
        total=Count("pk"), **{value: Count("pk", filter=Q(**{field: value})) for value in values}
    )
    return {key: int(count) for key, count in counts.items()}


def _rate(part: int, total: int) -> float:
    return round(part / total, 4) if total else 0.0


def _day_and_month_start(now: datetime) -> tuple[datetime, datetime, datetime]:
    local = timezone.localtime(now)
    day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return day, day + timedelta(days=1), day.replace(day=1)


def overview_metrics(*, now: datetime | None = None) -> dict[str, Any]:
    """Stations, cabinets and bays by status, devices, reservations, sessions, energy, open alerts."""
    now = now or timezone.now()
    day, tomorrow, month = _day_and_month_start(now)
    bays = _by_status(Emplacement, "statut", list(EmplacementStatus.values))
    devices = Device.objects.aggregate(
        total=Count("pk"),
        online=Count("pk", filter=Q(status__in=ONLINE_DEVICE_STATUSES)),
        offline=Count("pk", filter=Q(status=DeviceStatus.OFFLINE)),
        error=Count("pk", filter=Q(status=DeviceStatus.ERROR)),
        provisioned=Count("pk", filter=Q(status=DeviceStatus.PROVISIONED)),
        firmware_not_compliant=Count("pk", filter=Q(firmware_update_status__in=NOT_COMPLIANT_FIRMWARE)),
    )
    reservations = Reservation.objects.aggregate(
        today=Count("pk", filter=Q(date_debut__gte=day, date_debut__lt=tomorrow)),
        upcoming=Count("pk", filter=Q(date_debut__gt=now, statut__in=OPEN_RESERVATION_STATUSES)),
    )
    sessions = Session.objects.aggregate(
        active=Count("pk", filter=Q(charge_state__in=OPEN_SESSION_STATES)),
        energy_today_kwh=Coalesce(Sum("energie_kwh", filter=Q(start_time__gte=day)), 0.0),
        energy_month_kwh=Coalesce(Sum("energie_kwh", filter=Q(start_time__gte=month)), 0.0),
    )
    severities = [AlertSeverity.LOW, AlertSeverity.MEDIUM, AlertSeverity.HIGH, AlertSeverity.CRITIQUE]
    alerts = Alerte.objects.filter(status__in=OPEN_ALERT_STATUSES).aggregate(
        total=Count("pk"),
        **{s.value: Count("pk", filter=Q(niveau_severite__in=SEVERITY_ALIASES.get(s, (s,)))) for s in severities},
    )
    return {
        "stations": _by_status(Station, "statut", list(StationStatus.values)),
        "bornes": _by_status(Borne, "statut", list(BorneStatus.values)),
        "emplacements": {**bays, "occupation_rate": _rate(bays[EmplacementStatus.OCCUPIED], bays["total"])},
        "devices": {**devices, "online_rate": _rate(devices["online"], devices["total"])},
        "reservations": reservations,
        "sessions": {
            "active": sessions["active"],
            "energy_today_kwh": round(float(sessions["energy_today_kwh"]), 3),
            "energy_month_kwh": round(float(sessions["energy_month_kwh"]), 3),
        },
        "alerts_open": alerts,
    }


def overview_recent() -> dict[str, Any]:
    """The latest reservations, sessions and alerts."""
    return {
        "reservations": Reservation.objects.select_related("emplacement__station", "utilisateur").order_by(
            "-created_at", "-id_reservation"
        )[:RECENT],
        "sessions": Session.objects.select_related("emplacement__station", "reservation").order_by(
            "-start_time", "-id_session"
        )[:RECENT],
        "alerts": Alerte.objects.select_related(
            "station", "device__emplacement", "assigned_technician", "acknowledged_by", "resolved_by"
        ).order_by("-last_seen", "-id_alerte")[:RECENT],
    }
