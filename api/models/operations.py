"""Operations: technicians and their station scope, maintenance, alerts, offline events, the outbox."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .accounts import Utilisateur
from .charging import Session
from .choices import (
    OPEN_ALERT_STATUSES,
    AlertSeverity,
    AlertStatus,
    MaintenanceStatus,
    OfflineEventKind,
    OfflineEventResult,
    OutboxChannel,
    OutboxStatus,
    TechnicianStationRole,
)
from .devices import CapteurData, Device
from .infrastructure import Borne, Station


class Technicien(models.Model):
    """Represent a maintenance technician optionally linked to a user account."""

    id_technicien = models.BigAutoField(primary_key=True)
    utilisateur = models.OneToOneField(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="technicien_profile"
    )
    nom = models.CharField(max_length=150)
    email = models.EmailField(blank=True, default="")
    telephone = models.CharField(max_length=20, blank=True, default="")

    class Meta:
        verbose_name = _("technician")
        verbose_name_plural = _("technicians")
        ordering = ("nom", "id_technicien")

    def __str__(self) -> str:
        return self.nom


class TechnicienStation(models.Model):
    """Limit a technician's operational scope to assigned stations."""

    id_assignment = models.BigAutoField(primary_key=True)
    technicien = models.ForeignKey(Technicien, on_delete=models.CASCADE, related_name="station_assignments")
    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="technician_assignments")
    role = models.CharField(
        max_length=16, choices=TechnicianStationRole.choices, default=TechnicianStationRole.INTERVENANT
    )
    is_active = models.BooleanField(default=True)
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("technician assignment")
        verbose_name_plural = _("technician assignments")
        ordering = ("station_id", "technicien_id")
        constraints = [
            models.UniqueConstraint(fields=("technicien", "station"), name="technicien_station_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.technicien_id}@{self.station_id} ({self.role})"


class Maintenance(models.Model):
    """Plan and track a maintenance intervention on a station."""

    id_maintenance = models.BigAutoField(primary_key=True)
    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="maintenances")
    technicien = models.ForeignKey(
        Technicien, on_delete=models.SET_NULL, null=True, blank=True, related_name="maintenances"
    )
    type = models.CharField(max_length=64)
    description = models.TextField(blank=True, default="")
    status = models.CharField(max_length=16, choices=MaintenanceStatus.choices, default=MaintenanceStatus.PLANNED)
    date_planifiee = models.DateTimeField()
    date_realisee = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("maintenance")
        verbose_name_plural = _("maintenances")
        ordering = ("-date_planifiee", "-id_maintenance")
        indexes = [models.Index(fields=("station", "status"), name="maintenance_station_status")]

    def __str__(self) -> str:
        return f"{self.type} @ {self.station_id}"


class Alerte(models.Model):
    """Capture an operational alert raised from telemetry or a session.

    One open alert per device (or session) and type: a repeated condition moves `last_seen` and
    `occurrence_count` instead of adding rows.
    """

    id_alerte = models.BigAutoField(primary_key=True)
    data = models.ForeignKey(CapteurData, on_delete=models.SET_NULL, null=True, blank=True, related_name="alertes")
    session = models.ForeignKey(Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="alertes")
    device = models.ForeignKey(
        Device, on_delete=models.SET_NULL, null=True, blank=True, related_name="alertes", help_text="(ext)"
    )
    station = models.ForeignKey(
        Station, on_delete=models.SET_NULL, null=True, blank=True, related_name="alertes",
        help_text="(ext) Scope of the alert, for technicians.",
    )
    type = models.CharField(max_length=64)
    message = models.TextField(blank=True, default="")
    niveau_severite = models.CharField(max_length=16, choices=AlertSeverity.choices, default=AlertSeverity.MEDIUM)
    status = models.CharField(max_length=20, choices=AlertStatus.choices, default=AlertStatus.NEW)
    timestamp = models.DateTimeField(default=timezone.now)
    first_seen = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now)
    occurrence_count = models.PositiveIntegerField(default=1, help_text="(ext) Times the condition was seen.")
    notified_at = models.DateTimeField(null=True, blank=True)
    notification_count = models.PositiveIntegerField(default=0)
    assigned_technician = models.ForeignKey(
        Technicien, on_delete=models.SET_NULL, null=True, blank=True, related_name="assigned_alerts"
    )
    acknowledged_by = models.ForeignKey(
        Technicien, on_delete=models.SET_NULL, null=True, blank=True, related_name="acknowledged_alerts"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        Technicien, on_delete=models.SET_NULL, null=True, blank=True, related_name="resolved_alerts"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ("-last_seen", "-id_alerte")
        constraints = [
            models.UniqueConstraint(
                fields=("device", "type"),
                condition=Q(status__in=OPEN_ALERT_STATUSES) & Q(device__isnull=False),
                name="alerte_one_open_per_device_type",
            ),
            models.UniqueConstraint(
                fields=("session", "type"),
                condition=Q(status__in=OPEN_ALERT_STATUSES) & Q(device__isnull=True) & Q(session__isnull=False),
                name="alerte_one_open_per_session_type",
            ),
        ]
        indexes = [
            models.Index(fields=("status", "niveau_severite"), name="alerte_status_severity"),
            models.Index(fields=("station", "status"), name="alerte_station_status"),
        ]

    def __str__(self) -> str:
        return f"{self.type} ({self.status})"


class OfflineEvent(models.Model):
    """(ext) An event a kiosk recorded while the backend was unreachable, stored once per kiosk-made id."""

    borne = models.ForeignKey(Borne, on_delete=models.CASCADE, related_name="offline_events")
    event_id = models.CharField(max_length=64)
    kind = models.CharField(max_length=32, choices=OfflineEventKind.choices)
    occurred_at = models.DateTimeField()
    payload = models.JSONField(default=dict, blank=True)
    result = models.CharField(max_length=16, choices=OfflineEventResult.choices)
    conflict_reason = models.CharField(max_length=64, blank=True, default="")
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("offline event")
        verbose_name_plural = _("offline events")
        ordering = ("-occurred_at",)
        constraints = [models.UniqueConstraint(fields=("borne", "event_id"), name="offline_event_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.event_id}"


class OutboxMessage(models.Model):
    """(ext) An outgoing SMS or e-mail, written in the transaction that decided it, delivered by the worker."""

    channel = models.CharField(max_length=8, choices=OutboxChannel.choices)
    recipient = models.CharField(max_length=254)
    subject = models.CharField(max_length=200, blank=True, default="")
    body = models.TextField()
    # The new columns have database defaults too: the previous release's worker and services keep writing
    # rows during a deploy.
    html_body = models.TextField(blank=True, default="", db_default="",
                                 help_text="(ext) HTML alternative of an e-mail.")
    attachments = models.JSONField(
        default=list, db_default=[], blank=True,
        help_text="(ext) [{filename, mimetype, content (base64), cid?}] of an e-mail."
    )
    kind = models.CharField(max_length=32, blank=True, default="", db_default="",
                            help_text="(ext) Driver message kind.")
    language = models.CharField(max_length=8, blank=True, default="", db_default="")
    reservation = models.ForeignKey(
        "api.Reservation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="(ext) The booking a driver message is about (checked again at delivery for a reminder).",
    )
    status = models.CharField(max_length=16, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True, default="")
    dedupe_key = models.CharField(max_length=128, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ("-created_at",)
        indexes = [models.Index(fields=("status", "next_attempt_at"), name="outbox_status_due")]

    def __str__(self) -> str:
        return f"{self.channel} -> {self.recipient} ({self.status})"
