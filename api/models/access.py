"""Access credentials: types, stored credentials (badges, QR, codes), badge link codes, kiosk attempts."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .accounts import Utilisateur
from .choices import AccessAttemptResult, ReservationAuthChoice
from .infrastructure import Borne


class TypeAuth(models.Model):
    """Define a supported authentication method and its assurance level.

    `libelle` is one of `ReservationAuthChoice` (`rfid`, `qr`, `code`), created by a data migration.
    """

    id_type = models.BigAutoField(primary_key=True)
    libelle = models.CharField(max_length=32, unique=True)
    factor_level = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name = _("authentication type")
        verbose_name_plural = _("authentication types")
        ordering = ("id_type",)

    def __str__(self) -> str:
        return self.libelle


class Authentification(models.Model):
    """Store a reusable or temporary credential linked to a user.

    `hash_valeur` is always a keyed hash (HMAC-SHA256 with the server pepper), never the secret itself.
    An RFID badge is reusable; QR and code credentials are temporary and bound to one reservation.
    (ext) A badge also keeps `offline_digest`, its UID's HMAC under the fleet's offline badge key of
    generation `offline_key_id`, which kiosks recompute to check a badge while offline (docs/offline.md).
    """

    id_auth = models.BigAutoField(primary_key=True)
    utilisateur = models.ForeignKey(Utilisateur, on_delete=models.CASCADE, related_name="authentifications")
    type_auth = models.ForeignKey(TypeAuth, on_delete=models.PROTECT, related_name="authentifications")
    hash_valeur = models.CharField(max_length=128, blank=True, default="")
    display_value = models.CharField(max_length=64, blank=True, default="")
    metadata = models.JSONField(default=dict, blank=True)
    expiration = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    offline_key_id = models.CharField(max_length=16, blank=True, default="")
    offline_digest = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("authentication method")
        verbose_name_plural = _("authentication methods")
        ordering = ("-created_at", "-id_auth")
        constraints = [
            # An active credential value identifies one holder: a badge UID active for two users, or two
            # live codes with the same digits, can never exist at once.
            models.UniqueConstraint(
                fields=("type_auth", "hash_valeur"),
                condition=Q(is_active=True) & ~Q(hash_valeur=""),
                name="authentification_active_value_unique",
            ),
        ]
        indexes = [models.Index(fields=("utilisateur", "type_auth", "is_active"), name="auth_user_type_active")]

    def __str__(self) -> str:
        return f"{self.type_auth_id}:{self.display_value or self.id_auth}"


class RfidLinkCode(models.Model):
    """(ext) A short one-use code that lets a kiosk link a scanned badge to the user who asked for it."""

    authentification = models.ForeignKey(Authentification, on_delete=models.CASCADE, related_name="link_codes")
    utilisateur = models.ForeignKey(Utilisateur, on_delete=models.CASCADE, related_name="rfid_link_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("badge link code")
        verbose_name_plural = _("badge link codes")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"link code of {self.utilisateur_id}"


class AccessAttempt(models.Model):
    """(ext) One credential presented at a kiosk, accepted or refused, without the secret.

    Feeds `auth_history`, and counts the refusals behind the per-kiosk code-guessing limit.
    """

    borne = models.ForeignKey(Borne, on_delete=models.CASCADE, related_name="access_attempts")
    utilisateur = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="access_attempts"
    )
    reservation = models.ForeignKey(
        "api.Reservation", on_delete=models.SET_NULL, null=True, blank=True, related_name="access_attempts"
    )
    method = models.CharField(max_length=16, choices=ReservationAuthChoice.choices)
    result = models.CharField(max_length=16, choices=AccessAttemptResult.choices)
    reason = models.CharField(max_length=64, blank=True, default="")
    # A refusal that counts towards the kiosk's failure limit (`ApplicationError.counts_as_guess`).
    counted = models.BooleanField(default=False)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("access attempt")
        verbose_name_plural = _("access attempts")
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=("borne", "result", "-created_at"), name="attempt_borne_result_date"),
            models.Index(fields=("utilisateur", "-created_at"), name="attempt_user_date"),
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.result} @ {self.borne_id}"
