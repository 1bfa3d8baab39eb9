"""Reservations of a bay for a time slot, and the kiosk/phone pairings that open them."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .access import Authentification
from .accounts import Utilisateur
from .choices import MobileSessionStatus, ReservationAuthChoice, ReservationStatus
from .infrastructure import Borne, Emplacement

# Name of the PostgreSQL exclusion constraint (migration 0002) that forbids two overlapping open
# reservations of one bay. Services map its violation to a 409.
RESERVATION_OVERLAP_CONSTRAINT = "reservation_no_overlap"


class Reservation(models.Model):
    """Reserve a charging bay for one user and one authentication method.

    On PostgreSQL, an exclusion constraint (`reservation_no_overlap`) makes two reservations of one bay
    in `en_attente`/`confirmee`/`active` with overlapping `[date_debut, date_fin)` impossible.
    """

    id_reservation = models.BigAutoField(primary_key=True)
    reference_code = models.CharField(max_length=16, unique=True)
    utilisateur = models.ForeignKey(Utilisateur, on_delete=models.CASCADE, related_name="reservations")
    emplacement = models.ForeignKey(Emplacement, on_delete=models.PROTECT, related_name="reservations")
    authentification = models.ForeignKey(
        Authentification, on_delete=models.SET_NULL, null=True, blank=True, related_name="reservations"
    )
    auth_choice = models.CharField(max_length=8, choices=ReservationAuthChoice.choices)
    date_debut = models.DateTimeField()
    date_fin = models.DateTimeField()
    statut = models.CharField(max_length=16, choices=ReservationStatus.choices, default=ReservationStatus.CONFIRMED)
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=64, blank=True, default="", help_text="(ext) Why it was released.")

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ("-date_debut", "-id_reservation")
        constraints = [
            models.CheckConstraint(condition=Q(date_fin__gt=F("date_debut")), name="reservation_end_after_start"),
        ]
        indexes = [
            models.Index(fields=("emplacement", "date_debut", "date_fin"), name="reservation_bay_slot"),
            models.Index(fields=("utilisateur", "statut", "date_debut"), name="reservation_user_statut"),
            models.Index(fields=("statut", "date_debut"), name="reservation_statut_start"),
            # The operator overview's latest reservations (docs/benchmarks.md, benchmark 5).
            models.Index(fields=("-created_at", "-id_reservation"), name="reservation_recent"),
        ]

    def __str__(self) -> str:
        return self.reference_code


class MobileSession(models.Model):
    """(ext) A short-lived, single-use pairing between a kiosk and a signed-in phone.

    The kiosk shows the token as a QR code; only its keyed hash is stored.
    """

    borne = models.ForeignKey(Borne, on_delete=models.CASCADE, related_name="mobile_sessions")
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=16, choices=MobileSessionStatus.choices, default=MobileSessionStatus.PENDING)
    utilisateur = models.ForeignKey(
        Utilisateur, on_delete=models.CASCADE, null=True, blank=True, related_name="mobile_sessions"
    )
    reservation = models.ForeignKey(
        Reservation, on_delete=models.CASCADE, null=True, blank=True, related_name="mobile_sessions"
    )
    session = models.ForeignKey("api.Session", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    authorized_at = models.DateTimeField(null=True, blank=True)
    consumed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mobile pairing")
        verbose_name_plural = _("mobile pairings")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"pairing {self.pk} ({self.status})"
