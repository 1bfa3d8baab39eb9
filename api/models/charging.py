"""Charging sessions opened from a reservation, and their telemetry."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import ChargeSessionState
from .infrastructure import Emplacement
from .reservations import Reservation


class Session(models.Model):
    """Track the effective charging session opened from a reservation.

    `charge_state` changes only through the transition map of `api.services.charging`.
    """

    id_session = models.BigAutoField(primary_key=True)
    reservation = models.OneToOneField(Reservation, on_delete=models.PROTECT, related_name="session")
    emplacement = models.ForeignKey(Emplacement, on_delete=models.PROTECT, related_name="sessions")
    start_time = models.DateTimeField(default=timezone.now)
    end_time = models.DateTimeField(null=True, blank=True)
    charge_state = models.CharField(
        max_length=20, choices=ChargeSessionState.choices, default=ChargeSessionState.ACCESS_VALIDATED
    )
    charge_state_updated_at = models.DateTimeField(default=timezone.now)
    energie_kwh = models.FloatField(null=True, blank=True, help_text="(ext) Energy delivered, from telemetry.")
    max_courant = models.FloatField(null=True, blank=True, help_text="(ext) Highest current seen (A).")
    telemetry_count = models.PositiveIntegerField(default=0, help_text="(ext) Samples stored.")
    error_reason = models.CharField(max_length=64, blank=True, default="", help_text="(ext) Why it ended in error.")

    class Meta:
        verbose_name = _("charging session")
        verbose_name_plural = _("charging sessions")
        ordering = ("-start_time", "-id_session")
        indexes = [
            models.Index(fields=("emplacement", "charge_state"), name="session_bay_state"),
            models.Index(fields=("charge_state", "charge_state_updated_at"), name="session_state_updated"),
        ]

    def __str__(self) -> str:
        return f"Session {self.id_session}"


class SessionTelemetry(models.Model):
    """Store electrical telemetry samples collected during a charging session."""

    id_telemetry = models.BigAutoField(primary_key=True)
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="telemetries")
    courant = models.FloatField()
    tension = models.FloatField()
    energie_kwh = models.FloatField()
    timestamp = models.DateTimeField()
    seq = models.BigIntegerField(null=True, blank=True, help_text="(ext) Device sequence number, for de-duplication.")

    class Meta:
        verbose_name = _("session telemetry sample")
        verbose_name_plural = _("session telemetry")
        ordering = ("timestamp", "id_telemetry")
        constraints = [models.UniqueConstraint(fields=("session", "seq"), name="telemetry_session_seq_unique")]
        indexes = [models.Index(fields=("session", "timestamp"), name="telemetry_session_time")]

    def __str__(self) -> str:
        return f"{self.session_id}@{self.timestamp}"
